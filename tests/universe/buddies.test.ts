import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { db } from "../../src/db/client";
import { areBuddies } from "../../src/universe/buddies";
import { call, expectError, json, registerUser, type TestUser } from "../helpers/http";
import { createUniverse, joined } from "./helpers";

const ask = (u: string, from: TestUser, to: TestUser) =>
  call(`/v1/universes/${u}/buddies`, { body: { username: to.username }, token: from.accessToken });
const accept = (u: string, me: TestUser, from: TestUser) =>
  call(`/v1/universes/${u}/buddies/${from.id}/accept`, { method: "POST", token: me.accessToken });
const remove = (u: string, me: TestUser, other: TestUser) =>
  call(`/v1/universes/${u}/buddies/${other.id}`, { method: "DELETE", token: me.accessToken });
const listOf = async (u: string, me: TestUser) => json(await call(`/v1/universes/${u}/buddies`, { token: me.accessToken }));
const names = (entries: { username: string }[]) => entries.map((e) => e.username);

async function members(n: number) {
  const universe = await createUniverse();
  const users: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const u = await registerUser(`b${i}`);
    await joined(u, universe);
    users.push(u);
  }
  return { universe, users };
}

describe("buddy lists", () => {
  it("request, accept, then both see each other; removal ends it for both", async () => {
    const { universe, users } = await members(2);
    const [a, b] = users as [TestUser, TestUser];
    const res = await ask(universe, a, b);
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ status: "pending", buddy: { userId: b.id, username: b.username } });
    expect(names((await listOf(universe, a)).outgoing)).toEqual([b.username]);
    expect(names((await listOf(universe, b)).incoming)).toEqual([a.username]);
    expect(await areBuddies(db(env), universe, a.id, b.id)).toBe(false);

    expect((await accept(universe, b, a)).status).toBe(200);
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const l = await listOf(universe, me);
      expect(l.buddies).toEqual([{ userId: other.id, username: other.username, since: expect.any(Number) }]);
      expect(l.incoming).toEqual([]);
      expect(l.outgoing).toEqual([]);
    }
    expect(await areBuddies(db(env), universe, b.id, a.id)).toBe(true);

    expect((await remove(universe, b, a)).status).toBe(200);
    expect(await listOf(universe, a)).toEqual({ buddies: [], incoming: [], outgoing: [] });
    expect(await areBuddies(db(env), universe, a.id, b.id)).toBe(false);
  });

  it("asking someone who asked me accepts their request", async () => {
    const { universe, users } = await members(2);
    const [a, b] = users as [TestUser, TestUser];
    expect((await ask(universe, a, b)).status).toBe(201);
    const res = await ask(universe, b, a);
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe("accepted");
    expect(names((await listOf(universe, a)).buddies)).toEqual([b.username]);
  });

  it("declining and withdrawing remove the request", async () => {
    const { universe, users } = await members(3);
    const [a, b, c] = users as [TestUser, TestUser, TestUser];
    await ask(universe, a, b);
    await ask(universe, a, c);
    expect((await remove(universe, b, a)).status).toBe(200);
    expect((await remove(universe, a, c)).status).toBe(200);
    expect(await listOf(universe, a)).toEqual({ buddies: [], incoming: [], outgoing: [] });
    expect((await listOf(universe, c)).incoming).toEqual([]);
  });

  it("refusals: twice, myself, strangers, nothing to accept or remove, non-members", async () => {
    const { universe, users } = await members(2);
    const [a, b] = users as [TestUser, TestUser];
    await ask(universe, a, b);
    await expectError(await ask(universe, a, b), 409, "buddy_exists");
    await accept(universe, b, a);
    await expectError(await ask(universe, b, a), 409, "buddy_exists");
    await expectError(await ask(universe, a, a), 400, "invalid_request");
    const outsider = await registerUser("out");
    await expectError(await ask(universe, a, outsider), 404, "not_found");
    await expectError(await ask(universe, outsider, a), 404, "not_joined");
    // Accepting needs a pending request from that player to me; my own request cannot be self-accepted.
    const { universe: u2, users: more } = await members(2);
    const [c, d] = more as [TestUser, TestUser];
    await ask(u2, c, d);
    await expectError(await accept(u2, c, d), 404, "not_found");
    await expectError(await remove(universe, a, outsider), 404, "not_found");
    await expectError(
      await call(`/v1/universes/${universe}/buddies`, { body: { username: "" }, token: a.accessToken }),
      400,
      "invalid_request",
    );
    await expectError(await call(`/v1/universes/${universe}/buddies`), 401, "unauthorized");
  });

  it("lists are per universe", async () => {
    const { universe, users } = await members(2);
    const [a, b] = users as [TestUser, TestUser];
    await ask(universe, a, b);
    const other = await createUniverse();
    await joined(a, other);
    expect(await listOf(other, a)).toEqual({ buddies: [], incoming: [], outgoing: [] });
  });
});
