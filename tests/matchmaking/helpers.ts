import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { call, json, type TestUser } from "../helpers/http";

export type MatchmakerRpc = Pick<Matchmaker, "enqueue" | "leave" | "status" | "inspect">;

export function matchmakerStub(name: string) {
  return env.MATCHMAKERS.get(env.MATCHMAKERS.idFromName(name));
}

export function rpc(stub: ReturnType<typeof matchmakerStub>): MatchmakerRpc {
  return stub as unknown as MatchmakerRpc;
}

/** A private matchmaker object (its own queue), so tests never share one. */
export function freshMatchmaker() {
  const stub = matchmakerStub(`test:${crypto.randomUUID()}`);
  return { stub, mm: rpc(stub) };
}

/**
 * Takes every waiting player out of a shared queue through the matchmaker's own `leave`: the suite
 * runs many files in one workerd, and a file that queues at random (the fuzz test) may leave a
 * player in the real queue of a game.
 */
export async function emptyQueue(stub: ReturnType<typeof matchmakerStub>, game: string): Promise<void> {
  const mm = rpc(stub);
  for (const row of (await mm.inspect()).queue) await mm.leave(game, row.user_id);
}

/** Moves every queued player's enqueue time back by `ms` (instead of waiting). */
export async function age(stub: ReturnType<typeof matchmakerStub>, ms: number): Promise<void> {
  await runInDurableObject(stub, (_: Matchmaker, state) => {
    state.storage.sql.exec("UPDATE queue SET enqueued_at = enqueued_at - ?", ms);
  });
}

/** Runs the next queue check now: makes the `tick` timer due and runs the alarm. */
export async function tick(stub: ReturnType<typeof matchmakerStub>): Promise<void> {
  await runInDurableObject(stub, (_: Matchmaker, state) => {
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = 'tick'", Date.now() - 1);
  });
  await runDurableObjectAlarm(stub);
}

/** Makes one timer of the matchmaker due (by key) and runs the alarm. */
export async function fireTimer(stub: ReturnType<typeof matchmakerStub>, key: string): Promise<void> {
  await runInDurableObject(stub, (_: Matchmaker, state) => {
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = ?", Date.now() - 1, key);
  });
  await runDurableObjectAlarm(stub);
}

/** Gives a user a Glicko-2 rating for a game, as recorded games would. */
export async function setRating(userId: string, game: string, rating: number): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO player_stats (user_id, game, rating, rating_deviation, volatility, updated_at) VALUES (?, ?, ?, 80, 0.06, ?)
     ON CONFLICT(user_id, game) DO UPDATE SET rating = excluded.rating`,
  )
    .bind(userId, game, rating, Date.now())
    .run();
}

export async function queue(user: TestUser, game = "golf"): Promise<Response> {
  return call(`/v1/matchmaking/${game}`, { method: "POST", token: user.accessToken, ip: user.ip });
}

export async function leaveQueue(user: TestUser, game = "golf"): Promise<Response> {
  return call(`/v1/matchmaking/${game}`, { method: "DELETE", token: user.accessToken, ip: user.ip });
}

export async function statusOf(user: TestUser, game = "golf"): Promise<any> {
  const res = await call(`/v1/matchmaking/${game}`, { token: user.accessToken, ip: user.ip });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  return json(res);
}
