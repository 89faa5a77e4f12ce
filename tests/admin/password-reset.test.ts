import { describe, expect, it } from "vitest";
import { mailedToken, registerWithEmail } from "../accounts/helpers";
import { call, expectError, json, loginAdmin, registerUser } from "../helpers/http";

describe("admin: reset a password by mail", () => {
  it("mails the account its own single-use link, audits it, and the link sets a new password", async () => {
    const admin = await loginAdmin();
    const user = await registerWithEmail("reset");
    const res = await call(`/v1/admin/users/${user.id}/password-reset`, { token: admin, body: { reason: "locked out, asked by mail" } });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ sent: true });
    const token = await mailedToken(user.email);

    const reset = await call("/v1/auth/password-reset", { body: { token, password: "a brand new passphrase" } });
    expect(reset.status).toBe(200);
    expect((await call("/v1/auth/login", { body: { login: user.username, password: "a brand new passphrase" } })).status).toBe(200);
    await expectError(await call("/v1/auth/password-reset", { body: { token, password: "yet another passphrase" } }), 410, "token_used");

    const audit = await json(await call("/v1/admin/audit?action=user.password_reset", { token: admin }));
    expect(audit.entries.some((e: { targetId: string; reason: string }) => e.targetId === user.id && e.reason === "locked out, asked by mail")).toBe(true);
  });

  it("refuses an account without an address, an unknown account and a non-admin", async () => {
    const admin = await loginAdmin();
    const noEmail = await registerUser("nomail");
    await expectError(await call(`/v1/admin/users/${noEmail.id}/password-reset`, { token: admin, body: {} }), 400, "no_email");
    await expectError(await call("/v1/admin/users/nobody/password-reset", { token: admin, body: {} }), 404, "not_found");
    await expectError(await call(`/v1/admin/users/${noEmail.id}/password-reset`, { token: noEmail.accessToken, body: {} }), 403, "forbidden");
  });
});
