/**
 * Sends a fuzz request byte for byte with `node:http`: the target is not normalized (so `..` and
 * `%00` reach the server), repeated header lines stay separate lines, and an oversized body can
 * go without a Content-Length (chunked).
 */
import http from "node:http";
import type { FuzzRequest } from "./requests";
import type { HttpOutcome } from "./verdict";

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

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
      r = http.request({ agent, host: base.hostname, port: base.port, method: req.method, path: req.target, headers, setHost: false });
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
      res.on("end", () => done({ kind: "answer", status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => done({ kind: "error", message: e.message }));
    });
    r.on("error", (e) => done({ kind: "error", message: e.message }));
    if (req.body !== undefined) r.end(req.body);
    else r.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}
