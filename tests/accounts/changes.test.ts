import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { closeAll, open, secondSession } from "../security/helpers";
import { lastMail, login, mailbox, mailedToken, registerWithEmail, uniqueEmail } from "./helpers";

const SESSION_REVOKED = 4401;

describe("change password", () => {
  it("needs the current password, keeps this session and ends the others", async () => {
    const u = await registerWithEmail("cpw");
    const other = await secondSession(u);
    const echo = await open("/v1/ws/echo", other.accessToken);

    await expectError(
      await call("/v1/me/password", {
        body: { currentPassword: "not my password", newPassword: "a brand new passphrase" },
        token: u.accessToken,
      }),
      403,
      "wrong_password",
    );
    const changed = await call("/v1/me/password", {
      body: { currentPassword: u.password, newPassword: "a brand new passphrase" },
      token: u.accessToken,
    });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toEqual({ sessionsEnded: 1 });
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });

    expect((await call("/v1/auth/me", { token: u.accessToken })).status).toBe(200);
    await expectError(await call("/v1/auth/me", { token: other.accessToken }), 401, "unauthorized");
    await expectError(await login(u.username, u.password), 401, "unauthorized");
    expect((await login(u.username, "a brand new passphrase")).status).toBe(200);
    await closeAll([u.id], [echo]);
  });

  it("counts wrong current passwords towards the login lock", async () => {
    const u = await registerWithEmail("clock");
    // LOGIN_MAX_FAILURES_PER_ACCOUNT is 5.
    for (let i = 0; i < 5; i++) {
      const res = await call("/v1/me/password", {
        body: { currentPassword: `guess ${i}`, newPassword: "a brand new passphrase" },
        token: u.accessToken,
      });
      expect(res.status).toBe(403);
    }
    await expectError(
      await call("/v1/me/password", { body: { currentPassword: u.password, newPassword: "a brand new passphrase" }, token: u.accessToken }),
      429,
      "rate_limited",
    );
  });
});

describe("change email", () => {
  it("needs the password, starts unverified, mails the new address and tells the old one", async () => {
    const u = await registerWithEmail("cem");
    const oldLink = await mailedToken(u.email);
    const next = uniqueEmail("cemnew");

    await expectError(
      await call("/v1/me/email", { body: { password: "wrong password", email: next }, token: u.accessToken }),
      403,
      "wrong_password",
    );
    const changed = await call("/v1/me/email", { body: { password: u.password, email: next.toUpperCase() }, token: u.accessToken });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ id: u.id, email: next, emailVerified: false });

    expect((await lastMail(u.email)).subject).toBe("Your orrery email was changed");
    expect((await lastMail(u.email)).text).toContain(next);
    // The link sent to the old address no longer verifies anything.
    await expectError(await call(`/v1/auth/verify-email?token=${encodeURIComponent(oldLink)}`), 410, "token_used");

    const verified = await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(next))}`);
    expect(verified.status).toBe(200);
    expect((await json(verified)).user).toMatchObject({ email: next, emailVerified: true });
    expect((await login(next, u.password)).status).toBe(200);
    await expectError(await login(u.email, u.password), 401, "unauthorized");
  });

  it("refuses an address another account uses", async () => {
    const a = await registerWithEmail("cea");
    const b = await registerWithEmail("ceb");
    const taken = await expectError(
      await call("/v1/me/email", { body: { password: b.password, email: a.email }, token: b.accessToken }),
      409,
      "conflict",
    );
    expect(taken.details).toMatchObject({ field: "email" });
    expect(await mailbox(a.email)).toHaveLength(1);
  });
});
