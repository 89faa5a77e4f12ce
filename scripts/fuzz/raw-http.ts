/**
 * Sends a fuzz request byte for byte with `node:http`: the target is not normalized (so `..` and
 * `%00` reach the server), repeated header lines stay separate lines, and an oversized body can
 * go without a Content-Length (chunked). Each request has its own connection, so bytes a hostile
 * request leaves behind never land in the next one.
 */
import http from "node:http";
import zlib from "node:zlib";
import type { FuzzRequest } from "./requests";
import type { HttpOutcome } from "./verdict";

export class Unsendable extends Error {}

export function sendRaw(base: URL, req: FuzzRequest, timeoutMs: number, chunked = false): Promise<HttpOutcome> {
  return new Promise((resolve, reject) => {
    const headers: string[] = req.headers.flat();
    headers.push("Host", base.host);
    if (req.body !== undefined && !chunked) headers.push("Content-Length", String(Buffer.byteLength(req.body)));
    let settled = false;
    const done = (o: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    let r: http.ClientRequest;
    try {
      r = http.request({
        agent: false,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.target,
        headers,
        setHost: false,
      });
    } catch (e) {
      // The client itself refuses (e.g. a character Node does not allow in a path).
      reject(new Unsendable(e instanceof Error ? e.message : String(e)));
      return;
    }
    const timer = setTimeout(() => {
      done({ kind: "timeout", afterMs: timeoutMs });
      r.destroy();
    }, timeoutMs);
    r.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          done({ kind: "answer", status: res.statusCode ?? 0, body: decode(Buffer.concat(chunks), res.headers["content-encoding"]) });
        } catch (e) {
          done({ kind: "error", message: `undecodable ${res.headers["content-encoding"]} body: ${(e as Error).message}` });
        }
      });
      res.on("error", (e) => done({ kind: "error", message: e.message }));
    });
    r.on("error", (e) => done({ kind: "error", message: e.message }));
    if (req.body !== undefined) r.end(req.body);
    else r.end();
  });
}

/** The body as a client that sent the request's Accept-Encoding would read it. */
function decode(raw: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return zlib.gunzipSync(raw).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(raw).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(raw).toString("utf8");
  return raw.toString("utf8");
}
