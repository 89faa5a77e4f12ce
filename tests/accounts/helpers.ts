import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { expect } from "vitest";
import { createApp } from "../../src/app";
import { call, json, loginAdmin, registerUser, type TestUser, uniqueIp, uniqueName } from "../helpers/http";

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: number;
}

let admin: string | undefined;

/** The dev sender's mailbox for an address, newest first (the suite runs production, so as the admin). */
export async function mailbox(to: string): Promise<Mail[]> {
  admin ??= await loginAdmin();
  const res = await call(`/v1/dev/mail?to=${encodeURIComponent(to)}&limit=50`, { token: admin });
  expect(res.status).toBe(200);
  return (await json(res)).messages;
}

export async function lastMail(to: string): Promise<Mail> {
  const [newest] = await mailbox(to);
  expect(newest).toBeDefined();
  return newest as Mail;
}

/** The token of the newest mailed link (`?token=…`), checked to appear in both bodies. */
export async function mailedToken(to: string): Promise<string> {
  const mail = await lastMail(to);
  const match = mail.text.match(/[?&]token=([^\s&]+)/);
  expect(match).not.toBeNull();
  const token = decodeURIComponent(match?.[1] as string);
  expect(mail.html).toContain(encodeURIComponent(token));
  return token;
}

export function uniqueEmail(prefix = "a"): string {
  return `${uniqueName(prefix)}@example.com`;
}

export interface MailUser extends TestUser {
  email: string;
}

export async function registerWithEmail(prefix = "acc"): Promise<MailUser> {
  const email = uniqueEmail(prefix);
  const user = await registerUser(prefix, { email });
  return { ...user, email };
}

export async function login(loginName: string, password: string) {
  return call("/v1/auth/login", { body: { login: loginName, password }, ip: uniqueIp() });
}

/** Sets a stored token's expiry into the past, as if its lifetime had run out. */
export async function expireTokensOf(userId: string): Promise<void> {
  await env.DB.prepare("UPDATE account_tokens SET expires_at = ? WHERE user_id = ?")
    .bind(Date.now() - 1, userId)
    .run();
}

/**
 * One request through the app with some vars changed: a fresh env object gets its own parsed
 * config, while D1 and the objects stay the suite's.
 */
export async function callWithVars(
  vars: Record<string, string | undefined>,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { "CF-Connecting-IP": uniqueIp() };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await createApp().fetch(
    new Request(`http://orrery.test${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
