import { runInDurableObject } from "cloudflare:test";
import { scoreTimerKey } from "../../durable-objects/universe-shard/storage";

type WithEnv = { env: Env };
type Step = { kind: "fail" } | { kind: "hold"; until: Promise<void> };

/**
 * Puts a scripted D1 in front of one running shard's real database. Each statement the shard
 * executes takes the next planned step (fail, or wait until released) and then, unless it
 * failed, runs on the real D1; with the plan empty, statements go straight through.
 */
export async function scriptD1(stub: DurableObjectStub) {
  const plan: Step[] = [];
  let executed = 0;
  let settled = 0;
  const gate = async <T>(run: () => Promise<T>): Promise<T> => {
    executed += 1;
    const step = plan.shift();
    try {
      if (step?.kind === "fail") throw new Error("D1 is down (injected)");
      if (step?.kind === "hold") await step.until;
      return await run();
    } finally {
      settled += 1;
    }
  };
  let real!: D1Database;
  await runInDurableObject(stub, (instance: object) => {
    const self = instance as WithEnv;
    real = self.env.DB;
    const wrap = (stmt: D1PreparedStatement): D1PreparedStatement =>
      ({
        bind: (...values: unknown[]) => wrap(stmt.bind(...values)),
        run: () => gate(() => stmt.run()),
        all: () => gate(() => stmt.all()),
        first: (column?: string) => gate(() => (column === undefined ? stmt.first() : stmt.first(column))),
        raw: (options?: { columnNames?: boolean }) => gate(() => stmt.raw(options as { columnNames: true })),
      }) as unknown as D1PreparedStatement;
    const scripted = {
      prepare: (query: string) => wrap(real.prepare(query)),
      batch: () => Promise.reject(new Error("batch is not scripted")),
    };
    self.env = { ...self.env, DB: scripted as unknown as D1Database };
  });
  const restore = () =>
    runInDurableObject(stub, (instance: object) => {
      const self = instance as WithEnv;
      self.env = { ...self.env, DB: real };
    });
  return {
    /** Statements the shard has sent so far, failed or not. */
    get executed() {
      return executed;
    },
    /** Statements that have finished, by failing or by running on the real D1. */
    get settled() {
      return settled;
    },
    failNext(n: number) {
      for (let i = 0; i < n; i++) plan.push({ kind: "fail" });
    },
    /** The next statement waits until `release` is called. */
    holdNext(): { release: () => void } {
      let release = () => {};
      plan.push({ kind: "hold", until: new Promise<void>((r) => (release = r)) });
      return { release: () => release() };
    },
    heal() {
      plan.length = 0;
    },
    restore,
  };
}

/**
 * Makes every pending score retry due now and runs the alarm handler, as if its backoff had
 * elapsed. The handler is called directly, so the object's real alarm cannot run it a second
 * time concurrently.
 */
export async function runScoreRetries(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, async (instance: object, state: DurableObjectState) => {
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'score'", Date.now());
    await (instance as { alarm(): Promise<void> }).alarm();
  });
}

export type ScoreIntentRow = { at: number; attempt: number | undefined };

/** The shard's pending intent to publish a player's score, if any. */
export async function scoreIntent(stub: DurableObjectStub, playerId: string): Promise<ScoreIntentRow | null> {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql
      .exec<{ at: number; payload: string }>("SELECT at, payload FROM _timers WHERE key = ?", scoreTimerKey(playerId))
      .toArray()[0];
    return row ? { at: row.at, attempt: (JSON.parse(row.payload) as { attempt?: number }).attempt } : null;
  });
}

/** Drops every timer and the alarm, so nothing of this test fires during the next one. */
export async function clearTimers(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, async (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec("DELETE FROM _timers");
    await state.storage.deleteAlarm();
  });
}
