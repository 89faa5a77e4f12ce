import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { closeAll, open, secondSession } from "../security/helpers";
import { callWithVars, expireTokensOf, lastMail, login, mailbox, mailedToken, registerWithEmail, uniqueEmail } from "./helpers";

const SESSION_REVOKED = 4401;
const NEW_PASSWORD = "a brand new passphrase";

function requestReset(email: string) {
  return call("/v1/auth/password-reset/request", { body: { email } });
}

function reset(token: string, password = NEW_PASSWORD) {
  return call("/v1/auth/password-reset", { body: { token, password } });
}

async function tokenRows(email: string) {
  const { results } = await env.DB.prepare("SELECT kind, user_id AS userId FROM account_tokens WHERE email = ? AND kind = 'reset_password'")
    .bind(email)
    .all<{ kind: string; userId: string | null }>();
  return results;
}

describe("password reset", () => {
  it("answers an unknown address exactly as a known one, after the same work", async () => {
    const u = await registerWithEmail("rsen");
    const unknown = uniqueEmail("nobody");
    const known = await requestReset(u.email);
    const missing = await requestReset(unknown);
    expect(missing.status).toBe(known.status);
    expect(known.status).toBe(202);
    const [a, b] = [await known.text(), await missing.text()];
    expect(b).toBe(a);
    expect(JSON.parse(a)).toEqual({ accepted: true });
    expect(missing.headers.get("Content-Type")).toBe(known.headers.get("Content-Type"));

    // Both stored one token row and sent one mail; only the known address's row names an account.
    expect(await tokenRows(u.email.toLowerCase())).toEqual([{ kind: "reset_password", userId: u.id }]);
    expect(await tokenRows(unknown)).toEqual([{ kind: "reset_password", userId: null }]);
    expect((await lastMail(u.email)).text).toContain("/reset-password?token=");
    const notice = await lastMail(unknown);
    expect(notice.subject).toBe((await lastMail(u.email)).subject);
    expect(notice.text).toContain("no account uses it");
    expect(notice.text).not.toContain("token=");

    // The per-address limit (3 an hour) treats both alike.
    for (const email of [u.email, unknown]) {
      for (let i = 0; i < 2; i++) expect((await requestReset(email)).status).toBe(202);
      await expectError(await requestReset(email), 429, "rate_limited");
    }
  });

  it("sets the new password, ends every session and closes its sockets", async () => {
    const u = await registerWithEmail("rset");
    const other = await secondSession(u);
    const echo = await open("/v1/ws/echo", other.accessToken);
    expect((await requestReset(u.email)).status).toBe(202);
    const token = await mailedToken(u.email);

    const done = await reset(token);
    expect(done.status).toBe(200);
    expect(await json(done)).toEqual({ sessionsEnded: 2 });
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    await expectError(await call("/v1/auth/me", { token: u.accessToken }), 401, "unauthorized");
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: other.refreshToken } }), 401, "unauthorized");

    await expectError(await login(u.username, u.password), 401, "unauthorized");
    const fresh = await login(u.email, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    // The link proved the inbox.
    expect((await json(fresh)).user.emailVerified).toBe(true);

    await expectError(await reset(token, "yet another passphrase"), 410, "token_used");
    await closeAll([u.id], [echo]);
  });

  it("refuses an expired token, a superseded one and a forged one", async () => {
    const u = await registerWithEmail("rexp");
    expect((await requestReset(u.email)).status).toBe(202);
    const first = await mailedToken(u.email);
    expect((await requestReset(u.email)).status).toBe(202);
    const second = await mailedToken(u.email);
    await expectError(await reset(first), 410, "token_used");

    await expireTokensOf(u.id);
    await expectError(await reset(second), 410, "token_expired");
    expect((await login(u.username, u.password)).status).toBe(200);

    await expectError(await reset(`${second.split(".")[0]}.${"0".repeat(64)}`), 400, "invalid_token");
    // A verification token is not a reset token.
    const verify = (await mailbox(u.email)).find((m) => m.subject.startsWith("Confirm"));
    const verifyToken = decodeURIComponent(verify?.text.match(/token=(\S+)/)?.[1] ?? "");
    await expectError(await reset(verifyToken), 400, "invalid_token");
  });

  it("never redeems the row stored for an unknown address", async () => {
    const unknown = uniqueEmail("ghost");
    expect((await requestReset(unknown)).status).toBe(202);
    const { results } = await env.DB.prepare("SELECT id FROM account_tokens WHERE email = ?").bind(unknown).all<{ id: string }>();
    await expectError(await reset(`${results[0]?.id}.${"0".repeat(64)}`), 400, "invalid_token");
  });

  it("answers 500 misconfigured, the same for every address, when production has no mail sender", async () => {
    const u = await registerWithEmail("rcfg");
    const vars = { MAIL_SENDER: undefined };
    const known = await callWithVars(vars, "/v1/auth/password-reset/request", { body: { email: u.email } });
    const unknown = await callWithVars(vars, "/v1/auth/password-reset/request", { body: { email: uniqueEmail("cfg") } });
    await expectError(known, 500, "misconfigured");
    await expectError(unknown, 500, "misconfigured");
  });
});
