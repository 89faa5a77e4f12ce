/**
 * What counts as a correct answer to hostile input, and the tally the fuzz prints. Pure: the CLI
 * and the in-suite test judge the same way.
 */
import { messagesOf } from "../../src/rooms/frames";
import { ServerFrameSchema } from "../../src/rooms/protocol";
import type { SocketKind } from "./frames";
import type { FuzzRequest } from "./requests";

export type HttpOutcome =
  | { kind: "answer"; status: number; body: string }
  | { kind: "timeout"; afterMs: number }
  | { kind: "error"; message: string };

/** The documented error body: `{"error": {"code", "message", "details"?, "requestId"}}`. */
export function errorShapeProblem(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${JSON.stringify(text.slice(0, 120))}`;
  }
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== "object") return "no `error` object";
  for (const field of ["code", "message", "requestId"]) {
    if (typeof e[field] !== "string" || e[field] === "") return `error.${field} is not a non-empty string`;
  }
  return null;
}

/** Null when the answer is acceptable; otherwise why not. */
export function judgeHttp(req: Pick<FuzzRequest, "method">, outcome: HttpOutcome): string | null {
  if (outcome.kind === "timeout") return `no answer within ${outcome.afterMs} ms`;
  if (outcome.kind === "error") return `connection failed: ${outcome.message}`;
  if (outcome.status >= 500) return `${outcome.status}: ${outcome.body.slice(0, 300)}`;
  if (outcome.status >= 400 && req.method !== "HEAD") {
    const problem = errorShapeProblem(outcome.body);
    if (problem) return `${outcome.status} without the error shape (${problem})`;
  }
  return null;
}

export function statusClass(outcome: HttpOutcome): string {
  return outcome.kind === "answer" ? `${Math.floor(outcome.status / 100)}xx` : outcome.kind;
}

/**
 * Judges one server frame: null when it is on-protocol, otherwise why not. `answer` tells whether
 * it answers a client frame (rather than announcing something).
 */
export function judgeFrame(kind: SocketKind, text: string): { answer: boolean; problem: string | null } {
  if (text === "pong") return { answer: true, problem: null };
  let msg: { type?: unknown; code?: unknown; message?: unknown; serverTime?: unknown };
  try {
    msg = JSON.parse(text);
  } catch {
    return { answer: false, problem: `not JSON: ${JSON.stringify(text.slice(0, 120))}` };
  }
  const type = msg?.type;
  if (type === "error" && msg.code === "internal") return { answer: true, problem: `internal error frame: ${text.slice(0, 300)}` };
  if (kind === "room") {
    const parsed = ServerFrameSchema.safeParse(msg);
    if (!parsed.success) return { answer: false, problem: `off-protocol room message: ${text.slice(0, 300)}` };
    const inner = messagesOf(parsed.data);
    if (inner.some((m) => m.type === "error" && m.code === "internal")) return { answer: true, problem: `internal error frame: ${text.slice(0, 300)}` };
    return { answer: inner.some((m) => m.type === "action_result" || m.type === "error" || m.type === "pong"), problem: null };
  }
  if (type === "error") {
    const ok = typeof msg.code === "string" && typeof msg.message === "string" && typeof msg.serverTime === "number";
    return { answer: true, problem: ok ? null : `error frame without code, message and serverTime: ${text.slice(0, 300)}` };
  }
  if (kind === "universe") return { answer: type === "welcome", problem: null };
  return { answer: type === "echo" || type === "identity", problem: null };
}

export interface Failure {
  what: string;
  problem: string;
  /** Enough to send it again: the seed, the index and the request or frame itself. */
  repro: Record<string, unknown>;
}

/** Counters per key, plus the first failures. */
export class Tally {
  readonly counts: Record<string, Record<string, number>> = {};
  readonly failures: Failure[] = [];
  failureCount = 0;

  constructor(private readonly keep = 20) {}

  add(group: string, key: string, by = 1): void {
    const g = this.counts[group] ?? {};
    g[key] = (g[key] ?? 0) + by;
    this.counts[group] = g;
  }

  fail(f: Failure): void {
    this.failureCount++;
    if (this.failures.length < this.keep) this.failures.push(f);
  }
}

/** A request as printed in a failure: long strings shortened, placeholders kept. */
export function describeRequest(req: FuzzRequest): Record<string, unknown> {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  return {
    n: req.n,
    cls: req.cls,
    role: req.role,
    op: req.op,
    method: req.method,
    target: cut(req.target),
    headers: req.headers.map(([k, v]) => [k, cut(v)]),
    ...(req.body === undefined ? {} : { body: cut(req.body) }),
  };
}
