import { SELF } from "cloudflare:test";
import { expect } from "vitest";

let counter = 0;

/** A fresh client IP per test user, so per-IP auth limits of one test never leak into another. */
export function uniqueIp(): string {
  counter += 1;
  const r = crypto.getRandomValues(new Uint8Array(2));
  return `10.${r[0]}.${r[1]}.${counter % 250}`;
}

export function uniqueName(prefix = "u"): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["Content-Type"] ??= "application/json";
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  headers["CF-Connecting-IP"] = opts.ip ?? headers["CF-Connecting-IP"] ?? uniqueIp();
  return SELF.fetch(`http://orrery.test${path}`, {
    method: opts.method ?? (opts.body !== undefined || opts.rawBody !== undefined ? "POST" : "GET"),
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  ip: string;
}

export async function registerUser(prefix = "p", extra: Record<string, unknown> = {}): Promise<TestUser> {
  const username = uniqueName(prefix);
  const password = "correct horse battery";
  const ip = uniqueIp();
  const res = await call("/v1/auth/register", { body: { username, password, ...extra }, ip });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { id: body.user.id, username, password, accessToken: body.accessToken, refreshToken: body.refreshToken, sessionId: body.sessionId, ip };
}

export async function loginAdmin(): Promise<string> {
  const res = await call("/v1/auth/login", { body: { login: "root_admin", password: "root-admin-password" } });
  expect(res.status).toBe(200);
  return (await json(res)).accessToken;
}

export async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await json(res);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(typeof body.error.requestId).toBe("string");
  return body.error as { code: string; message: string; details?: any; requestId: string };
}
