import { describe, expect, it } from "vitest";
import { call, json, registerUser, uniqueIp } from "../helpers/http";
import { counter } from "./metrics-scrape";

const CHECKS = "orrery_login_password_checks_total";

function wrongLogin(login: string) {
  // Each attempt from its own IP, so only the per-account lock can refuse it.
  return call("/v1/auth/login", { body: { login, password: "wrong-password" }, ip: uniqueIp() });
}

async function classify(responses: Response[]) {
  const out = { invalid: 0, limited: 0, other: [] as number[] };
  for (const res of responses) {
    const body = await json(res);
    if (res.status === 401 && body.error.details?.reason === "invalid_credentials") out.invalid += 1;
    else if (res.status === 429 && body.error.code === "rate_limited" && Number(res.headers.get("Retry-After")) >= 1) out.limited += 1;
    else out.other.push(res.status);
  }
  return out;
}

describe("login lock per account", () => {
  it("lets at most 5 of 20 parallel wrong logins reach the password check; the rest get 429 with Retry-After", async () => {
    const u = await registerUser("race");
    const before = await counter(CHECKS, 'result="invalid"');
    const outcome = await classify(await Promise.all(Array.from({ length: 20 }, () => wrongLogin(u.username))));
    expect(outcome).toEqual({ invalid: 5, limited: 15, other: [] });
    expect((await counter(CHECKS, 'result="invalid"')) - before).toBe(5);

    // Locked, the right password is refused without being checked.
    const locked = await call("/v1/auth/login", { body: { login: u.username, password: u.password }, ip: uniqueIp() });
    expect(locked.status).toBe(429);
    expect((await counter(CHECKS, 'result="invalid"')) - before).toBe(5);
  });

  it("counts username and email logins of one account against one lock", async () => {
    const u = await registerUser("both", { email: `${crypto.randomUUID().slice(0, 8)}@example.com` });
    const me = await json(await call("/v1/auth/me", { token: u.accessToken }));
    const texts = [u.username, me.email, u.username.toUpperCase(), me.email.toUpperCase(), u.username.toLowerCase()];
    for (const login of texts) expect((await wrongLogin(login)).status).toBe(401);
    const sixth = await wrongLogin(me.email);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await wrongLogin(u.username)).status).toBe(429);
  });

  it("throttles a name that matches no account the same way, so 429s do not reveal which accounts exist", async () => {
    const ghost = `ghost_${crypto.randomUUID().slice(0, 8)}`;
    const outcome = await classify(await Promise.all(Array.from({ length: 8 }, () => wrongLogin(ghost))));
    expect(outcome).toEqual({ invalid: 5, limited: 3, other: [] });
  });

  it("does not count a successful login as a failure, and clears the account's failures", async () => {
    const u = await registerUser("ok");
    for (let i = 0; i < 4; i++) expect((await wrongLogin(u.username)).status).toBe(401);
    const ok = await call("/v1/auth/login", { body: { login: u.username, password: u.password }, ip: uniqueIp() });
    expect(ok.status).toBe(200);
    const outcome = await classify(await Promise.all(Array.from({ length: 7 }, () => wrongLogin(u.username))));
    expect(outcome).toEqual({ invalid: 5, limited: 2, other: [] });
  });
});
