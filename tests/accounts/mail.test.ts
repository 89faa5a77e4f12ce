import { describe, expect, it } from "vitest";
import { mime } from "../../src/mail/cloudflare";
import { call, expectError, json, registerUser } from "../helpers/http";
import { callWithVars, registerWithEmail, uniqueEmail } from "./helpers";

describe("dev mailbox", () => {
  it("shows the dev sender's messages to admins only when production runs it", async () => {
    const u = await registerWithEmail("mbox");
    await expectError(await call(`/v1/dev/mail?to=${encodeURIComponent(u.email)}`), 401, "unauthorized");
    await expectError(await call(`/v1/dev/mail?to=${encodeURIComponent(u.email)}`, { token: u.accessToken }), 403, "forbidden");
  });

  it("is open in development and absent whenever the dev sender is not active", async () => {
    const u = await registerWithEmail("mdev");
    const path = `/v1/dev/mail?to=${encodeURIComponent(u.email)}`;
    const dev = await callWithVars({ ENVIRONMENT: "development", MAIL_SENDER: undefined }, path);
    expect(dev.status).toBe(200);
    expect((await json(dev)).messages).toMatchObject([{ to: u.email, subject: "Confirm your email for orrery" }]);

    const player = await registerUser("mnone");
    for (const vars of [{ MAIL_SENDER: undefined }, { MAIL_SENDER: "http", MAIL_HTTP_URL: "https://mail.example.com/send" }]) {
      await expectError(await callWithVars(vars, path, { token: player.accessToken }), 404, "not_found");
    }
  });
});

describe("production senders", () => {
  it("refuse to run half-configured: 500 misconfigured rather than a silent drop", async () => {
    for (const vars of [{ MAIL_SENDER: "cloudflare" }, { MAIL_SENDER: "http" }, { MAIL_SENDER: "smtp" }]) {
      await expectError(
        await callWithVars(vars, "/v1/auth/password-reset/request", { body: { email: uniqueEmail("cfg") } }),
        500,
        "misconfigured",
      );
    }
  });

  it("registration still succeeds when the verification mail cannot leave", async () => {
    const res = await callWithVars({ MAIL_SENDER: undefined }, "/v1/auth/register", {
      body: { username: `nomail_${crypto.randomUUID().slice(0, 8)}`, password: "correct horse battery", email: uniqueEmail("nomail") },
    });
    expect(res.status).toBe(201);
    expect((await json(res)).user.emailVerified).toBe(false);
  });

  it("hands the Cloudflare binding a multipart message with the text and HTML bodies", () => {
    const raw = mime(
      "orrery <no-reply@orrery.example>",
      { to: "ada@example.com", subject: "Résumé", text: "plain ✓", html: "<p>html ✓</p>" },
      "B",
    );
    expect(raw).toContain("From: orrery <no-reply@orrery.example>\r\n");
    expect(raw).toContain("To: ada@example.com\r\n");
    expect(raw).toMatch(/Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/);
    expect(raw).toContain('Content-Type: multipart/alternative; boundary="B"');
    expect(raw).toContain("Message-ID: <");
    const parts = raw.split("--B").slice(1, 3);
    const decode = (part: string) =>
      new TextDecoder().decode(Uint8Array.from(atob(part.split("\r\n\r\n")[1]!.replace(/\r\n/g, "")), (c) => c.charCodeAt(0)));
    expect(parts[0]).toContain("text/plain; charset=utf-8");
    expect(decode(parts[0]!)).toBe("plain ✓");
    expect(parts[1]).toContain("text/html; charset=utf-8");
    expect(decode(parts[1]!)).toBe("<p>html ✓</p>");
    expect(raw.endsWith("--B--\r\n")).toBe(true);
  });
});
