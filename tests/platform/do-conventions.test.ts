import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "../../durable-objects/kit";
import type { Sentinel } from "../../durable-objects/sentinel";
import { call, registerUser } from "../helpers/http";
import { counter } from "./metrics-scrape";

function sentinel(name: string) {
  return env.SENTINEL.get(env.SENTINEL.idFromName(name));
}

describe("object migrations", () => {
  it("runs every migration once in the constructor and records it", async () => {
    const stub = sentinel(`mig-${crypto.randomUUID()}`);
    const applied = await stub.migrations();
    expect(applied.map((m) => m.version)).toEqual([1, 2, 3, 4, 100]);
    await evictDurableObject(stub);
    expect(await stub.migrations()).toEqual(applied);
  });

  it("applies a kit migration added later to an object that already applied its own versions", async () => {
    const stub = sentinel(`late-kit-${crypto.randomUUID()}`);
    // Take kit migration 3 back out, as if it had been added after the object's own 100.
    await runInDurableObject(stub, (_: Sentinel, state) => {
      state.storage.sql.exec("DROP TABLE _timers_dead");
      state.storage.sql.exec("ALTER TABLE _timers DROP COLUMN attempts");
      state.storage.sql.exec("DELETE FROM _migrations WHERE version = 3");
    });
    expect((await stub.migrations()).map((m) => m.version)).toEqual([1, 2, 4, 100]);

    await evictDurableObject(stub);
    expect((await stub.migrations()).map((m) => m.version)).toEqual([1, 2, 3, 4, 100]);
    await stub.schedulePoison("after-upgrade", Date.now() + 60_000, "u", "still poisoned");
    const run = await runMadeDue(stub, "after-upgrade");
    expect(run.pending.map(({ key, attempts }) => ({ key, attempts }))).toEqual([{ key: "after-upgrade", attempts: 1 }]);
    await stub.cancel("after-upgrade");
  });
});

/** The kit's migration versions and timer retry tables in one object's storage. */
function kitSchema(state: DurableObjectState) {
  const sql = state.storage.sql;
  return {
    versions: sql.exec<{ version: number }>("SELECT version FROM _migrations WHERE version < 100 ORDER BY version").toArray(),
    attempts: sql.exec("SELECT 1 FROM pragma_table_info('_timers') WHERE name = 'attempts'").toArray().length,
    dead: sql.exec("SELECT 1 FROM sqlite_master WHERE name = '_timers_dead'").toArray().length,
    outbox: sql.exec("SELECT 1 FROM sqlite_master WHERE name = '_outbox'").toArray().length,
  };
}

describe("kit migrations in every object class", () => {
  it("gives each object that uses the kit the timer retry tables (kit migration 3) and the outbox (4)", async () => {
    const name = () => `kit-${crypto.randomUUID()}`;
    const schemas = {
      room: await runInDurableObject(env.ROOMS.get(env.ROOMS.idFromName(name())), (_, state) => kitSchema(state)),
      shard: await runInDurableObject(env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(name())), (_, state) => kitSchema(state)),
      matchmaker: await runInDurableObject(env.MATCHMAKERS.get(env.MATCHMAKERS.idFromName(name())), (_, state) => kitSchema(state)),
      metrics: await runInDurableObject(env.METRICS.get(env.METRICS.idFromName(name())), (_, state) => kitSchema(state)),
      sentinel: await runInDurableObject(sentinel(name()), (_, state) => kitSchema(state)),
    };
    const expected = { versions: [{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }], attempts: 1, dead: 1, outbox: 1 };
    expect(schemas).toEqual({ room: expected, shard: expected, matchmaker: expected, metrics: expected, sentinel: expected });
  });
});

describe("timed events behind the single alarm", () => {
  it("points the alarm at the earliest event, fires due events, and cancels", async () => {
    const stub = sentinel(`timers-${crypto.randomUUID()}`);
    const now = Date.now();
    const alarmAt = () => runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    await stub.scheduleAdd("late", now + 3_600_000, "t", 100);
    await stub.scheduleAdd("early", now + 600_000, "t", 1);
    await stub.scheduleAdd("doomed", now + 60_000, "t", 1000);
    expect(await alarmAt()).toBe(now + 60_000);
    expect(await stub.cancel("doomed")).toBe(true);
    expect(await alarmAt()).toBe(now + 600_000);

    // Rescheduling the same key moves it rather than adding a second event.
    await stub.scheduleAdd("early", now - 1, "t", 1);
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 1, applications: 1 });
    expect((await stub.pending()).map((e) => e.key)).toEqual(["late"]);
    const next = await runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    expect(next).toBe(now + 3_600_000);
    await stub.cancel("late");
    expect(await runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm())).toBeNull();
  });

  it("applies an event once even when the alarm is delivered twice", async () => {
    const stub = sentinel(`twice-${crypto.randomUUID()}`);
    await stub.scheduleAdd("once", Date.now() - 5, "t", 7);
    await runInDurableObject(stub, async (instance: Sentinel) => {
      await instance.alarm();
      await instance.alarm();
    });
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 7, applications: 1 });
  });

  it("fires an event that fell due while the object was evicted", async () => {
    const stub = sentinel(`evict-${crypto.randomUUID()}`);
    await stub.scheduleAdd("restart", Date.now() + 50, "t", 3);
    await evictDurableObject(stub);
    await new Promise((r) => setTimeout(r, 80));
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 3, applications: 1 });
  });

  it("fires on its own when set a few milliseconds ahead", async () => {
    const stub = sentinel(`self-${crypto.randomUUID()}`);
    await stub.scheduleAdd("soon", Date.now() + 20, "t", 5);
    let tally = { total: 0, applications: 0 };
    for (let i = 0; i < 50 && tally.applications === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      tally = await stub.tally("t");
    }
    expect(tally).toEqual({ total: 5, applications: 1 });
  });
});

/**
 * Makes `keys` due and runs the alarm handler, in one step inside the object, and reports the
 * timers and alarm as the handler left them. The alarm is then pushed an hour out, so the runtime
 * never fires a retry on its own between the steps of a test.
 */
function runMadeDue(stub: DurableObjectStub<Sentinel>, ...keys: string[]) {
  return runInDurableObject(stub, async (instance: Sentinel, state) => {
    for (const key of keys) state.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = ?", Date.now() - 1, key);
    const from = Date.now();
    await instance.alarm();
    const to = Date.now();
    const after = { from, to, pending: instance.pending(), alarm: await state.storage.getAlarm() };
    await state.storage.setAlarm(Date.now() + 3_600_000);
    return after;
  });
}

describe("timers kept in memory (as a room keeps its turn clocks)", () => {
  const alarmOf = (stub: DurableObjectStub<Sentinel>) => runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());

  it("moves the alarm only earlier; an early alarm finds nothing due and re-arms at the earliest event", async () => {
    const stub = sentinel(`mem-early-${crypto.randomUUID()}`);
    const now = Date.now();
    await stub.scheduleAdd("a", now + 600_000, "t", 1);
    expect(await alarmOf(stub)).toBe(now + 600_000);
    await stub.scheduleAdd("b", now + 60_000, "t", 1);
    expect(await alarmOf(stub)).toBe(now + 60_000);
    // Moving or cancelling the earliest event leaves the alarm where it was: no write per change.
    await stub.scheduleAdd("b", now + 120_000, "t", 1);
    await stub.cancel("b");
    expect(await alarmOf(stub)).toBe(now + 60_000);
    expect((await stub.pending()).map((e) => [e.key, e.at])).toEqual([["a", now + 600_000]]);
    // The early alarm applies nothing and points at the real earliest event.
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 0, applications: 0 });
    expect(await alarmOf(stub)).toBe(now + 600_000);
    await stub.cancel("a");
    expect(await alarmOf(stub)).toBeNull();
  });

  it("reads what storage holds: after an eviction, while due events run, and after a rolled-back change", async () => {
    const stub = sentinel(`mem-truth-${crypto.randomUUID()}`);
    const now = Date.now();
    await stub.scheduleAdd("later", now + 3_600_000, "t", 5);
    await stub.scheduleRolledBack("ghost", now + 60_000);
    expect((await stub.pending()).map((e) => e.key)).toEqual(["later"]);
    await evictDurableObject(stub);
    expect((await stub.pending()).map((e) => e.key)).toEqual(["later"]);
    // Each probe throws if it is still listed while it runs, so a stale copy would leave it pending.
    await stub.scheduleProbe("p1", now - 2, "probes");
    await stub.scheduleProbe("p2", now - 1, "probes");
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("probes")).toEqual({ total: 2, applications: 2 });
    expect((await stub.pending()).map((e) => e.key)).toEqual(["later"]);
    expect(await alarmOf(stub)).toBe(now + 3_600_000);
    await stub.cancel("later");
  });

  it("derives an event from the object's state: on the alarm, run once for its time, and again once the state moves it", async () => {
    const stub = sentinel(`mem-derived-${crypto.randomUUID()}`);
    const at = Date.now() + 600_000;
    await stub.setDeadline(at);
    expect(await stub.pending()).toEqual([{ key: "derived", at, kind: "add", attempts: 0 }]);
    expect(await runInDurableObject(stub, (_: Sentinel, state) => state.storage.sql.exec("SELECT key FROM _timers").toArray())).toEqual([]);
    expect(await alarmOf(stub)).toBe(at);
    await stub.expedite("derived");
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("derived-runs")).toEqual({ total: 1, applications: 1 });
    // Its handler left the state as it was: the event is spent for that time, and nothing wakes the object.
    expect(await stub.pending()).toEqual([]);
    expect(await alarmOf(stub)).toBeNull();
    await runInDurableObject(stub, (_: Sentinel, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("derived-runs")).toEqual({ total: 1, applications: 1 });
    // A new time from the state is a new event, and it survives a restart with the state.
    const later = Date.now() + 300_000;
    await stub.setDeadline(later);
    await evictDurableObject(stub);
    expect(await stub.pending()).toEqual([{ key: "derived", at: later, kind: "add", attempts: 0 }]);
    expect(await alarmOf(stub)).toBe(later);
    await stub.expedite("derived");
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("derived-runs")).toEqual({ total: 2, applications: 2 });
  });

  it("retries a derived event whose handler threw, with the stored events' backoff, until it runs", async () => {
    const stub = sentinel(`mem-derived-poison-${crypto.randomUUID()}`);
    const at = Date.now() + 600_000;
    await stub.setDeadline(at, "boom");
    await stub.expedite("derived");
    const failed = Date.now();
    await runDurableObjectAlarm(stub);
    // Its writes rolled back (the tally, the timer it scheduled), and it comes back in 1 s.
    expect(await stub.tally("derived-runs")).toEqual({ total: 0, applications: 0 });
    const [retry, ...others] = await stub.pending();
    expect(others).toEqual([]);
    expect(retry).toMatchObject({ key: "derived", kind: "poison", attempts: 1 });
    expect(retry!.at).toBeGreaterThanOrEqual(failed + 1_000);
    expect(retry!.at).toBeLessThan(at);
    // The cause goes away with the state's time unchanged: the retry runs it.
    await stub.setDeadline(at);
    await stub.expedite("derived");
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("derived-runs")).toEqual({ total: 1, applications: 1 });
    expect(await stub.pending()).toEqual([]);
  });

  it("reads what storage holds after a handler that changed timers threw, in the same alarm", async () => {
    const stub = sentinel(`mem-poison-${crypto.randomUUID()}`);
    const now = Date.now();
    // The poison schedules a timer, then throws: its row and that timer roll back to what storage held.
    await stub.schedulePoison("bad", now - 2, "poisoned", "boom");
    await stub.scheduleProbe("after", now - 1, "probes");
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("probes")).toEqual({ total: 1, applications: 1 });
    expect((await stub.pending()).map((e) => [e.key, e.attempts])).toEqual([["bad", 1]]);
    await stub.cancel("bad");
  });
});

describe("a timed event whose handler throws", () => {
  it("rolls back, retries with exponential backoff, then dead-letters it, while the event next to it runs", async () => {
    const stub = sentinel(`poison-${crypto.randomUUID()}`);
    const deadBefore = await counter("orrery_timer_dead_letters_total", 'kind="poison"');
    const failedBefore = await counter("orrery_timer_failures_total", 'kind="poison"');
    const later = Date.now() + 3_600_000;
    await stub.schedulePoison("bad", later - 2, "p", "bad payload");
    await stub.scheduleAdd("good", later - 1, "g", 7);
    await stub.scheduleAdd("later", later, "g", 100);

    let run = await runMadeDue(stub, "bad", "good");
    let attempts = 1;
    for (;;) {
      // The poisoned event's own write rolled back; the good one, due after it, ran in the first alarm.
      expect(await stub.tally("p")).toEqual({ total: 0, applications: 0 });
      expect(await stub.tally("g")).toEqual({ total: 7, applications: 1 });
      const bad = run.pending.find((e) => e.key === "bad");
      if (!bad) break;
      expect(bad.attempts).toBe(attempts);
      const delay = 1000 * 2 ** (attempts - 1);
      expect(bad.at).toBeGreaterThanOrEqual(run.from + delay);
      expect(bad.at).toBeLessThanOrEqual(run.to + delay);
      expect(run.alarm).toBe(bad.at);
      run = await runMadeDue(stub, "bad");
      attempts += 1;
    }

    expect(attempts).toBe(8);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(8);
    expect(await stub.deadTimers()).toEqual([
      {
        key: "bad",
        at: expect.any(Number),
        kind: "poison",
        payload: { name: "p", amount: 1, error: "bad payload" },
        attempts: 8,
        error: "Error: bad payload",
        failedAt: expect.any(Number),
      },
    ]);
    expect(run.pending.map((e) => e.key)).toEqual(["later"]);
    expect(run.alarm).toBe(later);
    expect((await counter("orrery_timer_dead_letters_total", 'kind="poison"')) - deadBefore).toBe(1);
    expect((await counter("orrery_timer_failures_total", 'kind="poison"')) - failedBefore).toBe(8);
    await stub.cancel("later");
  });

  it("starts a rescheduled event with no failed attempts", async () => {
    const stub = sentinel(`reschedule-${crypto.randomUUID()}`);
    await stub.schedulePoison("flaky", Date.now() + 60_000, "f", "once");
    expect((await runMadeDue(stub, "flaky")).pending[0]?.attempts).toBe(1);
    await stub.scheduleAdd("flaky", Date.now() + 60_000, "f", 2);
    expect((await stub.pending())[0]?.attempts).toBe(0);
    expect((await runMadeDue(stub, "flaky")).pending).toEqual([]);
    expect(await stub.tally("f")).toEqual({ total: 2, applications: 1 });
    expect(await stub.deadTimers()).toEqual([]);
    await runDurableObjectAlarm(stub);
  });

  it("treats a payload that does not parse as a failure of that event only", async () => {
    const stub = sentinel(`corrupt-${crypto.randomUUID()}`);
    await stub.scheduleAdd("corrupt", Date.now() + 60_000, "c", 1);
    await stub.scheduleAdd("fine", Date.now() + 60_000, "c", 2);
    const corrupt = await runInDurableObject(stub, async (instance: Sentinel, state) => {
      state.storage.sql.exec("UPDATE _timers SET at = ?, payload = CASE key WHEN 'corrupt' THEN '{' ELSE payload END", Date.now() - 1);
      await instance.alarm();
      const row = state.storage.sql.exec<{ attempts: number }>("SELECT attempts FROM _timers WHERE key = 'corrupt'").one();
      state.storage.sql.exec("DELETE FROM _timers WHERE key = 'corrupt'");
      await state.storage.deleteAlarm();
      return row;
    });
    expect(corrupt.attempts).toBe(1);
    expect(await stub.tally("c")).toEqual({ total: 2, applications: 1 });
  });

  it("caps the backoff", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 20 };
    expect([1, 2, 3, 9, 10, 19].map((n) => retryDelayMs(policy, n))).toEqual([1000, 2000, 4000, 256_000, 300_000, 300_000]);
  });
});

async function openSocket(path: string, protocols: string[] | null, ip = "10.9.9.9") {
  const headers: Record<string, string> = { Upgrade: "websocket", "CF-Connecting-IP": ip };
  if (protocols) headers["Sec-WebSocket-Protocol"] = protocols.join(", ");
  return SELF.fetch(`http://orrery.test${path}`, { headers });
}

function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.addEventListener("message", (e) => resolve(String(e.data)), { once: true }));
}

describe("authenticated, hibernatable WebSockets", () => {
  it("refuses an upgrade without a token or with a bad token", async () => {
    const none = await openSocket("/v1/ws/echo", null);
    expect(none.status).toBe(401);
    expect(none.webSocket).toBeNull();
    const bad = await openSocket("/v1/ws/echo", ["orrery.v1", "bearer.invalid"]);
    expect(bad.status).toBe(401);
  });

  it("refuses a plain GET with upgrade_required", async () => {
    const u = await registerUser("ws");
    const res = await call("/v1/ws/echo", { token: u.accessToken });
    expect(res.status).toBe(426);
  });

  it("keeps the identity across hibernation and answers heartbeats", async () => {
    const u = await registerUser("ws");
    const res = await openSocket("/v1/ws/echo", ["orrery.v1", `bearer.${u.accessToken}`]);
    expect(res.status).toBe(101);
    expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("orrery.v1");
    const ws = res.webSocket!;
    ws.accept();

    ws.send("whoami");
    const before = JSON.parse(await nextMessage(ws));
    expect(before).toMatchObject({ type: "identity", userId: u.id, username: u.username, role: "player" });

    ws.send("ping");
    expect(await nextMessage(ws)).toBe("pong");

    await evictDurableObject(env.SENTINEL.get(env.SENTINEL.idFromName(`echo:${u.id}`)));
    ws.send("whoami");
    const after = JSON.parse(await nextMessage(ws));
    expect(after).toEqual(before);
    ws.close(1000, "done");
  });

  it("accepts the token as a query parameter fallback", async () => {
    const u = await registerUser("wsq");
    const res = await openSocket(`/v1/ws/echo?access_token=${u.accessToken}`, null);
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    ws.send("whoami");
    expect(JSON.parse(await nextMessage(ws)).userId).toBe(u.id);
    ws.close(1000, "done");
  });
});

describe("the one alarm behind many timers", () => {
  it("schedules and cancels many events per statement, across statement chunks, with the same upsert and alarm", async () => {
    const stub = sentinel(`many-${crypto.randomUUID()}`);
    const now = Date.now();
    const alarm = () => runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    const events = Array.from({ length: 45 }, (_, i) => ({ key: `k${i}`, at: now + 60_000 + i * 1000, name: "t", amount: i }));
    await stub.scheduleAdds(events);
    expect((await stub.pending()).map((e) => [e.key, e.at])).toEqual(events.map((e) => [e.key, e.at]));
    expect(await alarm()).toBe(now + 60_000);
    // Rescheduling moves events (by key, never duplicating them), and the alarm follows the earliest.
    await stub.scheduleAdds([{ key: "k44", at: now + 30_000, name: "t", amount: 44 }, ...events.slice(1, 3)]);
    expect(await stub.pending()).toHaveLength(45);
    expect(await alarm()).toBe(now + 30_000);
    expect(await stub.cancelMany([...events.map((e) => e.key).filter((k) => k !== "k7"), "missing"])).toBe(44);
    expect((await stub.pending()).map((e) => e.key)).toEqual(["k7"]);
    expect(await alarm()).toBe(now + 67_000);
    await stub.cancelMany(["k7"]);
    expect(await alarm()).toBeNull();
  });

  it("is written only when the earliest due time changes", async () => {
    const stub = sentinel(`rearm-${crypto.randomUUID()}`);
    const now = Date.now();
    const alarm = () => runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    await stub.scheduleAdd("a", now + 60_000, "t", 1);
    expect(await alarm()).toBe(now + 60_000);
    // A marker in the alarm itself: it survives exactly as long as the timers leave the alarm alone.
    const marker = now + 3_600_000;
    await runInDurableObject(stub, (_: Sentinel, state) => state.storage.setAlarm(marker));
    await stub.scheduleAdd("b", now + 120_000, "t", 1);
    await stub.scheduleAdd("a", now + 60_000, "t", 1);
    await stub.cancel("b");
    expect(await alarm()).toBe(marker);
    await stub.scheduleAdd("c", now + 30_000, "t", 1);
    expect(await alarm()).toBe(now + 30_000);
    await stub.cancel("c");
    expect(await alarm()).toBe(now + 60_000);
    await stub.cancel("a");
    expect(await alarm()).toBeNull();
  });
});
