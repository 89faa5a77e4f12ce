/**
 * Hostile HTTP requests generated from the OpenAPI document. Pure and seeded: request `n` of seed
 * `s` is always the same (it draws from its own stream, `deriveSeed(s, "http", n)`), so one
 * failing request can be replayed alone.
 *
 * Requests hold placeholders the sender fills in, so a printed request stays reproducible across
 * runs whose tokens and ids differ:
 * - `⟦token⟧`: the access token of the request's role; `⟦token:admin⟧`: another role's;
 * - `⟦param:<name>⟧`: a valid value for that path parameter of that operation (a real room id,
 *   the player's planet, …), chosen by the sender.
 */
import { createRng, deriveSeed, type Rng } from "../../src/lib/rng";
import { fieldsOf, jsonType, type OpenApiDoc, type Operation, operations, resolve, sample } from "./openapi";
import {
  deepJson,
  garbageText,
  hostileQueryValue,
  hostileSegment,
  hostileString,
  NUMBER_TOKENS,
  RawJson,
  stringify,
  wrongType,
} from "./values";

export const ROLES = ["anonymous", "player", "other", "banned", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface FuzzRequest {
  n: number;
  /** The mutation class (the report counts per class). */
  cls: string;
  role: Role;
  /** The operation the request was derived from (`METHOD /path/{param}`). */
  op: string;
  method: string;
  /** Raw request target: path and query, sent byte for byte (may hold `..`, `%00`, 10 kB ids). */
  target: string;
  /** Header lines in order; a name may repeat. */
  headers: [string, string][];
  body?: string;
}

export interface RequestLimits {
  /** The Worker's MAX_BODY_BYTES: oversized bodies go just past it. */
  maxBodyBytes: number;
}

type Mutator = (ctx: Ctx) => void;

interface Ctx {
  rng: Rng;
  doc: OpenApiDoc;
  op: Operation;
  limits: RequestLimits;
  /** Path segments with placeholders. */
  segments: string[];
  query: [string, string][];
  headers: [string, string][];
  /** The body as a value (serialized at the end) unless `rawBody` replaced it. */
  body: unknown;
  rawBody?: string;
  method: string;
}

const TOKEN = "⟦token⟧";

function pathSegments(op: Operation): string[] {
  return op.path
    .split("/")
    .slice(1)
    .map((s) => s.replace(/^\{(.+)\}$/, (_m, name: string) => `⟦param:${name}⟧`));
}

/** Field paths of an object value (`["a"]`, `["a","b"]`), for picking what to mutate. */
function leafPaths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      if (prefix.length < 3) leafPaths(v, [...prefix, k], out);
    }
  }
  return out;
}

function setPath(root: unknown, path: string[], value: unknown, remove = false): void {
  let cur = root as Record<string, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== "object") return;
    cur = next as Record<string, unknown>;
  }
  const last = path.at(-1) as string;
  if (remove) delete cur[last];
  else cur[last] = value;
}

function maybePick<T>(rng: Rng, items: readonly T[]): T | undefined {
  return items.length ? rng.pick(items) : undefined;
}

function objectBody(c: Ctx): Record<string, unknown> {
  if (!c.body || typeof c.body !== "object" || Array.isArray(c.body)) c.body = {};
  return c.body as Record<string, unknown>;
}

function pickField(c: Ctx): string[] | null {
  const paths = leafPaths(c.body);
  return paths.length ? c.rng.pick(paths) : null;
}

const MUTATORS: Record<string, { applies: (op: Operation) => boolean; mutate: Mutator }> = {
  valid: { applies: () => true, mutate: () => {} },
  "body.wrong_type": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const field = maybePick(c.rng, fieldsOf(c.doc, c.op.body));
      if (field && c.rng.chance(0.7)) objectBody(c)[field.name] = wrongType(c.rng, jsonType(c.doc, field.schema));
      else {
        const p = pickField(c);
        if (p) setPath(c.body, p, wrongType(c.rng, "unknown"));
        else c.body = wrongType(c.rng, "object");
      }
    },
  },
  "body.missing_field": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const required = fieldsOf(c.doc, c.op.body).filter((f) => f.required);
      if (required.length && c.rng.chance(0.7)) delete objectBody(c)[c.rng.pick(required).name];
      else if (c.rng.chance(0.5)) c.body = {};
      else {
        const p = pickField(c);
        if (p) setPath(c.body, p, undefined, true);
      }
    },
  },
  "body.unknown_field": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const body = objectBody(c);
      const key = c.rng.pick([
        "__proto__",
        "constructor",
        "prototype",
        "role",
        "admin",
        "isAdmin",
        "userId",
        "id",
        "x".repeat(1000),
        "",
        "a.b",
        "$where",
      ]);
      const value = c.rng.pick<unknown>([true, "admin", { polluted: true }, 1, null, hostileString(c.rng)]);
      if (key === "__proto__")
        c.rawBody = stringify(body).replace(/^\{/, `{"__proto__":${stringify(value)}${Object.keys(body).length ? "," : ""}`);
      else body[key] = value;
    },
  },
  "body.number": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const numeric = fieldsOf(c.doc, c.op.body).filter((f) => ["integer", "number"].includes(jsonType(c.doc, f.schema)));
      const token = new RawJson(c.rng.pick(NUMBER_TOKENS));
      if (numeric.length && c.rng.chance(0.6)) objectBody(c)[c.rng.pick(numeric).name] = token;
      else {
        const p = pickField(c);
        if (p) setPath(c.body, p, token);
        else objectBody(c)[maybePick(c.rng, fieldsOf(c.doc, c.op.body))?.name ?? "n"] = token;
      }
    },
  },
  "body.string": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const strings = fieldsOf(c.doc, c.op.body).filter((f) => jsonType(c.doc, f.schema) === "string");
      const value = hostileString(c.rng);
      if (strings.length && c.rng.chance(0.7)) objectBody(c)[c.rng.pick(strings).name] = value;
      else {
        const p = pickField(c);
        if (p) setPath(c.body, p, value);
        else objectBody(c).s = value;
      }
    },
  },
  "body.root": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      c.rawBody = c.rng.pick([
        "[]",
        "[{}]",
        "null",
        "true",
        "0",
        '"x"',
        "1e400",
        `[${stringify(c.body)}]`,
        `${stringify(c.body)}${stringify(c.body)}`,
      ]);
    },
  },
  "body.truncated": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const text = stringify(c.body);
      c.rawBody = text.slice(0, c.rng.int(0, Math.max(0, text.length - 1)));
    },
  },
  "body.garbage": {
    applies: () => true,
    mutate: (c) => {
      c.rawBody = c.rng.pick([
        () => garbageText(c.rng, c.rng.int(1, 2000)),
        () => "\u0000".repeat(c.rng.int(1, 64)),
        () => "\ufeff{}",
        () => '{"a":1,"a":"dup"}',
        () => "{'single':'quotes'}",
        () => '{"a":1,}',
        () => '{"a":"\\ud800\\u0000"}',
        () => `{"a":"${"\\".repeat(1001)}"}`,
      ])();
    },
  },
  "body.deep": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      const nested = deepJson(c.rng, c.rng.pick([64, 1_000, 10_000, Math.floor(c.limits.maxBodyBytes / 7)]));
      if (c.rng.chance(0.5)) c.rawBody = nested;
      else {
        const f = maybePick(c.rng, fieldsOf(c.doc, c.op.body))?.name ?? "a";
        c.rawBody = stringify({ ...objectBody(c), [f]: "@@DEEP@@" }).replace('"@@DEEP@@"', nested);
      }
    },
  },
  "body.oversized": {
    applies: (op) => op.body !== null || op.method !== "GET",
    mutate: (c) => {
      const size = c.limits.maxBodyBytes + c.rng.pick([1, 100, 4096, 1_048_576]);
      c.rawBody = stringify({ ...objectBody(c), pad: "p".repeat(size) });
    },
  },
  "body.empty": {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      c.rawBody = c.rng.pick(["", " ", "\n"]);
    },
  },
  content_type: {
    applies: (op) => op.body !== null,
    mutate: (c) => {
      c.headers = c.headers.filter(([k]) => k.toLowerCase() !== "content-type");
      const ct = c.rng.pick([
        null,
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        "application/json; charset=utf-16",
        "application/json; charset=latin1",
        "APPLICATION/JSON",
        "application/json, text/plain",
        "application/vnd.api+json",
        "application/jsonx",
        "*/*",
        "",
      ]);
      if (ct !== null) c.headers.push(["Content-Type", ct]);
      if (ct?.startsWith("application/x-www-form") && c.rng.chance(0.5)) c.rawBody = "a=1&b=%00&__proto__[x]=1";
    },
  },
  "path.param": {
    applies: (op) => op.pathParams.length > 0,
    mutate: (c) => {
      const idx = c.segments.map((s, i) => (s.startsWith("⟦param:") ? i : -1)).filter((i) => i >= 0);
      const i = c.rng.pick(idx);
      c.segments[i] = hostileSegment(c.rng);
    },
  },
  "path.traversal": {
    applies: () => true,
    mutate: (c) => {
      const at = c.rng.int(0, c.segments.length);
      const insert = c.rng.pick([
        ["..", "admin", "universes"],
        ["..", ".."],
        ["%2e%2e", "%2e%2e", "admin", "users", "x", "ban"],
        [".", "."],
        [".."],
        [""],
        ["..%2f..%2fadmin"],
        ["%00"],
        ["..;"],
        ["%5c..%5c"],
      ]);
      c.segments.splice(at, 0, ...insert);
      if (c.rng.chance(0.2)) c.segments.push("");
    },
  },
  query: {
    applies: () => true,
    mutate: (c) => {
      const names = c.op.query.map((q) => q.name);
      const n = c.rng.int(1, 4);
      for (let i = 0; i < n; i++) {
        const name =
          names.length && c.rng.chance(0.7)
            ? c.rng.pick(names)
            : c.rng.pick(["__proto__[x]", "limit[]", "access_token", "x".repeat(2048), "", "%00", "a%5B0%5D"]);
        c.query.push([name, hostileQueryValue(c.rng)]);
      }
    },
  },
  "headers.auth": {
    applies: () => true,
    mutate: (c) => {
      c.headers = c.headers.filter(([k]) => k.toLowerCase() !== "authorization");
      const value = c.rng.pick([
        "Bearer",
        "Bearer ",
        `bearer ${TOKEN}`,
        `Bearer  ${TOKEN}`,
        `Bearer ${TOKEN} trailing`,
        `${TOKEN}`,
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "Bearer a.b.c",
        "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl",
        `Bearer ${TOKEN}x`,
        `Bearer ${"a".repeat(8000)}`,
        "Bearer %00",
      ]);
      c.headers.push(["Authorization", value]);
      if (c.rng.chance(0.2)) c.query.push(["access_token", TOKEN]);
    },
  },
  "headers.duplicate": {
    applies: () => true,
    mutate: (c) => {
      const kind = c.rng.int(0, 3);
      if (kind === 0) {
        if (!c.headers.some(([k]) => k === "Authorization")) c.headers.push(["Authorization", "Bearer ⟦token:player⟧"]);
        c.headers.push(["Authorization", `Bearer ⟦token:${c.rng.pick(["admin", "player", "other", "banned"])}⟧`]);
      } else if (kind === 1) {
        c.headers.push(["Content-Type", c.rng.pick(["text/plain", "application/json", "application/xml"])]);
        c.headers.push(["Content-Type", "application/json"]);
      } else if (kind === 2) {
        c.headers.push(["X-Request-Id", "a"], ["X-Request-Id", "b".repeat(c.rng.int(1, 300))]);
      } else {
        c.headers.push(["CF-Connecting-IP", "1.2.3.4"], ["CF-Connecting-IP", "5.6.7.8"]);
      }
    },
  },
  "headers.misc": {
    applies: () => true,
    mutate: (c) => {
      c.headers.push(
        c.rng.pick<[string, string]>([
          ["X-Request-Id", "r".repeat(10_240)],
          ["X-Request-Id", "../../etc/passwd"],
          ["X-Request-Id", "\u00ff\u00fe"],
          ["X-Orrery-Identity", '{"userId":"root","username":"root","role":"admin"}'],
          ["X-Orrery-Identity", "not json"],
          ["X-Orrery-Subprotocol", "orrery.v1"],
          ["Upgrade", "websocket"],
          ["Connection", "Upgrade"],
          ["Origin", "https://evil.example"],
          ["Accept", "application/xml"],
          ["Accept-Encoding", "gzip;q=2, br, x-garbage"],
          ["Content-Encoding", "gzip"],
          ["CF-Connecting-IP", "not an ip"],
          ["CF-Connecting-IP", "x".repeat(1000)],
          ["X-Forwarded-For", "127.0.0.1"],
          ["Cookie", `session=${"c".repeat(4000)}`],
          ["X-Huge", "h".repeat(16_000)],
        ]),
      );
    },
  },
  method: {
    applies: () => true,
    mutate: (c) => {
      // Only methods workerd knows: it answers others itself (501, plain text) before any Worker runs.
      c.method = c.rng.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND"].filter((m) => m !== c.op.method));
      if (c.method === "GET" || c.method === "HEAD") c.rawBody = undefined;
    },
  },
};

const HTTP_CLASSES = Object.keys(MUTATORS);

/** Request `n` of the run with `seed`. */
function fuzzRequest(doc: OpenApiDoc, ops: readonly Operation[], seed: number, n: number, limits: RequestLimits): FuzzRequest {
  const rng = createRng(deriveSeed(seed, "http", n));
  const cls = rng.pick(HTTP_CLASSES);
  const mutator = MUTATORS[cls] as (typeof MUTATORS)[string];
  const op = rng.pick(ops.filter(mutator.applies));
  const role = rng.pick(ROLES);
  const c: Ctx = {
    rng,
    doc,
    op,
    limits,
    segments: pathSegments(op),
    query: op.query.filter((q) => q.required || rng.chance(0.3)).map((q) => [q.name, String(sample(doc, q.schema, rng))]),
    headers: role === "anonymous" ? [] : [["Authorization", `Bearer ${TOKEN}`]],
    body: op.body ? sample(doc, resolve(doc, op.body), rng) : undefined,
    method: op.method,
  };
  if (c.body !== undefined) c.headers.push(["Content-Type", "application/json"]);
  mutator.mutate(c);
  const query = c.query.map(([k, v]) => `${k}=${v}`).join("&");
  const body = c.rawBody ?? (c.body === undefined || c.method === "GET" || c.method === "HEAD" ? undefined : stringify(c.body));
  return {
    n,
    cls,
    role,
    op: op.key,
    method: c.method,
    target: `/${c.segments.join("/")}${query ? `?${query}` : ""}`,
    headers: c.headers,
    ...(body === undefined ? {} : { body }),
  };
}

/** The requests of a run, lazily (a run of 10,000 holds a few oversized bodies); `only` replays some of them. */
export function* fuzzRequests(
  doc: OpenApiDoc,
  seed: number,
  count: number,
  limits: RequestLimits,
  only?: number[],
): Generator<FuzzRequest> {
  const ops = operations(doc);
  for (const n of only ?? Array.from({ length: count }, (_, i) => i)) yield fuzzRequest(doc, ops, seed, n, limits);
}
