import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createUniverse } from "../universe/helpers";
import { callWithVars, expireTokensOf, lastMail, mailbox, mailedToken, registerWithEmail } from "./helpers";

async function me(token: string) {
  const res = await call("/v1/auth/me", { token });
  expect(res.status).toBe(200);
  return json(res);
}

describe("email verification", () => {
  it("mails a link at registration that verifies once, in text and HTML", async () => {
    const u = await registerWithEmail("ver");
    expect((await me(u.accessToken)).emailVerified).toBe(false);
    const mail = await lastMail(u.email);
    expect(mail.subject).toBe("Confirm your email for orrery");
    expect(mail.text).toContain("http://orrery.test/v1/auth/verify-email?token=");
    expect(mail.html).toMatch(/^<!doctype html>.*<a href="http:\/\/orrery\.test\/v1\/auth\/verify-email\?token=/);
    const token = await mailedToken(u.email);

    const ok = await call(`/v1/auth/verify-email?token=${encodeURIComponent(token)}`);
    expect(ok.status).toBe(200);
    const body = await json(ok);
    expect(body).toMatchObject({ verified: true, user: { id: u.id, email: u.email, emailVerified: true } });
    expect((await me(u.accessToken)).emailVerified).toBe(true);

    await expectError(await call(`/v1/auth/verify-email?token=${encodeURIComponent(token)}`), 410, "token_used");
  });

  it("refuses an expired link with token_expired and a forged one with invalid_token", async () => {
    const u = await registerWithEmail("vexp");
    const token = await mailedToken(u.email);
    const [id, mac] = token.split(".") as [string, string];
    const forged = `${id}.${mac.slice(0, -1)}${mac.endsWith("0") ? "1" : "0"}`;
    await expectError(await call(`/v1/auth/verify-email?token=${encodeURIComponent(forged)}`), 400, "invalid_token");
    await expectError(await call(`/v1/auth/verify-email?token=${crypto.randomUUID()}.00`), 400, "invalid_token");
    await expectError(await call("/v1/auth/verify-email?token=garbage"), 400, "invalid_token");

    await expireTokensOf(u.id);
    await expectError(await call(`/v1/auth/verify-email?token=${encodeURIComponent(token)}`), 410, "token_expired");
    expect((await me(u.accessToken)).emailVerified).toBe(false);
  });

  it("resends a fresh link, spends the old one, and limits resends per hour", async () => {
    const u = await registerWithEmail("vres");
    const first = await mailedToken(u.email);
    const resent = await call("/v1/auth/verify-email/resend", { method: "POST", token: u.accessToken });
    expect(resent.status).toBe(202);
    expect(await json(resent)).toEqual({ sent: true, email: u.email });
    const second = await mailedToken(u.email);
    expect(second).not.toBe(first);
    expect(await mailbox(u.email)).toHaveLength(2);
    await expectError(await call(`/v1/auth/verify-email?token=${encodeURIComponent(first)}`), 410, "token_used");

    // Default VERIFY_EMAIL_RESENDS_PER_HOUR is 3.
    for (let i = 0; i < 2; i++)
      expect((await call("/v1/auth/verify-email/resend", { method: "POST", token: u.accessToken })).status).toBe(202);
    const limited = await call("/v1/auth/verify-email/resend", { method: "POST", token: u.accessToken });
    await expectError(limited, 429, "rate_limited");
    expect(limited.headers.get("Retry-After")).not.toBeNull();

    expect((await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(u.email))}`)).status).toBe(200);
  });

  it("refuses a resend for a verified account or one without email", async () => {
    const u = await registerWithEmail("vdone");
    expect((await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(u.email))}`)).status).toBe(200);
    await expectError(await call("/v1/auth/verify-email/resend", { method: "POST", token: u.accessToken }), 409, "already_verified");
    const bare = await registerUser("vnone");
    await expectError(await call("/v1/auth/verify-email/resend", { method: "POST", token: bare.accessToken }), 400, "no_email");
  });
});

describe("REQUIRE_VERIFIED_EMAIL", () => {
  const strict = { REQUIRE_VERIFIED_EMAIL: "ranked_rooms,universes" };

  it("lets unverified accounts play by default", async () => {
    const u = await registerWithEmail("vplay");
    const room = await call("/v1/rooms", { body: { game: "counter", visibility: "public" }, token: u.accessToken });
    expect(room.status).toBe(201);
    expect((await call(`/v1/rooms/${(await json(room)).id}/leave`, { method: "POST", token: u.accessToken })).status).toBe(200);
  });

  it("refuses seats in ranked games and universe joins until the email is verified", async () => {
    const u = await registerWithEmail("vgate");
    const ranked = { body: { game: "golf", visibility: "public", options: {} }, token: u.accessToken };
    const refused = await expectError(await callWithVars(strict, "/v1/rooms", ranked), 403, "email_unverified");
    expect(refused.details).toMatchObject({ scope: "ranked_rooms" });
    await expectError(
      await callWithVars(strict, `/v1/universes/${await createUniverse()}/join`, { body: {}, token: u.accessToken }),
      403,
      "email_unverified",
    );

    await expectError(
      await callWithVars(strict, "/v1/matchmaking/golf", { method: "POST", token: u.accessToken }),
      403,
      "email_unverified",
    );

    // Unranked rules (house rules on) stay open.
    const unranked = await callWithVars(strict, "/v1/rooms", {
      body: { game: "golf", visibility: "public", options: { flip_mode: "always" } },
      token: u.accessToken,
    });
    expect(unranked.status).toBe(201);
    const unrankedRoom = await json(unranked);

    // Joining someone else's ranked room is refused too.
    const host = await registerWithEmail("vhost");
    expect((await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(host.email))}`)).status).toBe(200);
    const hosted = await callWithVars(strict, "/v1/rooms", { body: { game: "golf", visibility: "public" }, token: host.accessToken });
    expect(hosted.status).toBe(201);
    const hostedRoom = await json(hosted);
    await expectError(
      await callWithVars(strict, `/v1/rooms/${hostedRoom.id}/join`, { method: "POST", token: u.accessToken }),
      403,
      "email_unverified",
    );

    expect((await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(u.email))}`)).status).toBe(200);
    expect((await callWithVars(strict, `/v1/rooms/${hostedRoom.id}/join`, { method: "POST", token: u.accessToken })).status).toBe(200);

    for (const [room, who] of [
      [unrankedRoom, u],
      [hostedRoom, u],
      [hostedRoom, host],
    ] as const) {
      await call(`/v1/rooms/${room.id}/leave`, { method: "POST", token: who.accessToken });
    }
  });
});
