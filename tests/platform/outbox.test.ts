import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type FaultStep, OUTBOX_TIMER } from "../../durable-objects/kit";
import type { Sentinel } from "../../durable-objects/sentinel";
import { eventually } from "../rooms/helpers";

const stubOf = (name: string) => env.SENTINEL.get(env.SENTINEL.idFromName(name));

/** A stub breaks with its object when the object crashes, so these getters hand out fresh ones. */
function pair() {
  const id = crypto.randomUUID();
  const from = `outbox-from-${id}`;
  const to = `outbox-to-${id}`;
  return {
    from,
    to,
    get sender() {
      return stubOf(from);
    },
    get receiver() {
      return stubOf(to);
    },
  };
}

async function arm(stub: DurableObjectStub<Sentinel>, step: FaultStep): Promise<void> {
  await runInDurableObject(stub, (instance: Sentinel) => instance.faults.arm(step));
}

/**
 * Runs the sender's alarm handler with every outbox row made due (as if its backoff had elapsed),
 * and reports what is left. A crash injected in the handler surfaces as a rejection, which the
 * caller expects when it armed one.
 */
async function deliverNow(stub: DurableObjectStub<Sentinel>) {
  await runInDurableObject(stub, async (instance: Sentinel, state) => {
    state.storage.sql.exec("UPDATE _outbox SET next_at = ?", Date.now());
    await instance.alarm();
  });
  return stub.outboxRows();
}

/**
 * Drives the sender's deliveries until its outbox is empty. The runtime fires the alarm on its own
 * too, and a run that finds a receiver's delivery already on the wire leaves it to that run, so
 * one pass may not be enough. For the same reason an armed crash may meet one of these runs
 * rather than the one the test drove: that run fails as the test's would have, and the next retries.
 */
async function drain(name: string) {
  // A pass that meets the crash leaves the outbox unknown (null): even reading it may still meet
  // the broken object, so the next pass finds out. Each pass takes a fresh stub, because a stub
  // that met the crash keeps answering with it.
  const pass = () =>
    deliverNow(stubOf(name)).catch((e: unknown) => {
      if (!String(e).includes("fault injected")) throw e;
      return null;
    });
  let rows = await pass();
  for (let i = 0; i < 20 && rows?.length !== 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    rows = await pass();
  }
  return rows;
}

/** The sender's alarm and outbox timer, as the runtime would see them. */
function wakeUp(stub: DurableObjectStub<Sentinel>) {
  return runInDurableObject(stub, async (_: Sentinel, state) => ({
    alarm: await state.storage.getAlarm(),
    timer: state.storage.sql.exec<{ at: number }>("SELECT at FROM _timers WHERE key = ?", OUTBOX_TIMER).toArray()[0]?.at ?? null,
  }));
}

describe("outbox: effects between objects", () => {
  it("delivers an effect once, deletes the row on the ack, and leaves no timer behind", async () => {
    const p = pair();
    const { to } = p;
    await p.sender.sendAdd(to, "e1", "gold", 5);
    expect(await p.sender.tally("sent:gold")).toEqual({ total: 5, applications: 1 });
    const before = await wakeUp(p.sender);
    expect(before.timer).not.toBeNull();
    expect(await drain(p.from)).toEqual([]);
    expect(await p.receiver.tally("gold")).toEqual({ total: 5, applications: 1 });
    expect(await wakeUp(p.sender)).toEqual({ alarm: null, timer: null });
  });

  it("keeps retrying a receiver that fails N times, with the kit's backoff, and applies the effect once", async () => {
    const p = pair();
    const { to } = p;
    await p.receiver.failNextReceives(3);
    await p.sender.sendAdd(to, "e-flaky", "gold", 2);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const from = Date.now();
      const rows = await deliverNow(p.sender);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.attempts).toBe(attempt);
      expect(rows[0]?.lastError).toContain("receiver unavailable");
      // 1 s after the first failure, doubling.
      expect(rows[0]?.nextAt).toBeGreaterThanOrEqual(from + 1000 * 2 ** (attempt - 1));
      expect((await wakeUp(p.sender)).timer).toBe(rows[0]?.nextAt);
      expect(await p.receiver.tally("gold")).toEqual({ total: 0, applications: 0 });
    }
    expect(await drain(p.from)).toEqual([]);
    expect(await p.receiver.tally("gold")).toEqual({ total: 2, applications: 1 });
  });

  it("delivers after the sender dies between its commit and the delivery", async () => {
    const p = pair();
    const { to } = p;
    await arm(p.sender, "after_commit");
    await expect(runInDurableObject(p.sender, (instance: Sentinel) => instance.sendAdd(to, "e-crash", "gold", 7))).rejects.toThrow();
    // The cause and its row survived the crash; the alarm delivers them.
    expect(await p.sender.tally("sent:gold")).toEqual({ total: 7, applications: 1 });
    expect(await drain(p.from)).toEqual([]);
    expect(await p.receiver.tally("gold")).toEqual({ total: 7, applications: 1 });
  });

  it("loses both the cause and the effect when the sender dies before its commit", async () => {
    const p = pair();
    const { to } = p;
    await arm(p.sender, "before_commit");
    await expect(runInDurableObject(p.sender, (instance: Sentinel) => instance.sendAdd(to, "e-rolled-back", "gold", 7))).rejects.toThrow();
    expect(await p.sender.tally("sent:gold")).toEqual({ total: 0, applications: 0 });
    expect(await p.sender.outboxRows()).toEqual([]);
    expect(await p.receiver.tally("gold")).toEqual({ total: 0, applications: 0 });
  });

  const crashes: { step: FaultStep; where: "sender" | "receiver" }[] = [
    { step: "during_apply", where: "receiver" },
    { step: "after_apply", where: "receiver" },
    { step: "before_ack", where: "sender" },
    { step: "after_ack", where: "sender" },
  ];
  for (const { step, where } of crashes) {
    it(`applies the effect exactly once when the ${where} dies at ${step}`, async () => {
      const p = pair();
      const { to } = p;
      await p.sender.sendAdd(to, `e-${step}`, "gold", 3);
      await arm(where === "sender" ? p.sender : p.receiver, step);
      // The crash shows as a failed delivery (receiver) or a failed alarm (sender).
      await deliverNow(p.sender).catch(() => null);
      // Redelivery (a duplicate when the receiver had committed) is replayed from its inbox.
      expect(await drain(p.from)).toEqual([]);
      expect(await p.receiver.tally("gold")).toEqual({ total: 3, applications: 1 });
      const inbox = await runInDurableObject(
        p.receiver,
        (_: Sentinel, state) =>
          state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _inbox WHERE key = ?", `e-${step}`).one().n,
      );
      expect(inbox).toBe(1);
    });
  }

  it("answers a duplicate delivery from the inbox without applying it again", async () => {
    const p = pair();
    const { from, to } = p;
    const effect = { effect_id: "dup", kind: "add", target: to, source: from, payload: { name: "gold", amount: 4 } };
    const first = await p.receiver.receive(effect);
    const second = await p.receiver.receive(effect);
    expect(first).toEqual({ result: { added: 4 }, replayed: false });
    expect(second).toEqual({ result: { added: 4 }, replayed: true });
    expect(await p.receiver.tally("gold")).toEqual({ total: 4, applications: 1 });
  });

  it("delivers one receiver's effects in the order they were written, a later one never overtaking one in backoff", async () => {
    const p = pair();
    const { to } = p;
    await p.receiver.failNextReceives(1);
    await p.sender.sendAdd(to, "z-first", "order", 1);
    await p.sender.sendAdd(to, "a-second", "order", 10);
    // The head fails; the second row is due but must wait behind it. (The runtime may be running
    // the alarm at the same moment, so wait for the failed attempt to be recorded.)
    await runInDurableObject(p.sender, async (instance: Sentinel) => instance.alarm());
    let rows = await p.sender.outboxRows();
    for (let i = 0; i < 50 && rows[0]?.attempts === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      rows = await p.sender.outboxRows();
    }
    expect(rows.map((r) => [r.effectId, r.attempts])).toEqual([
      ["z-first", 1],
      ["a-second", 0],
    ]);
    expect(await p.receiver.tally("order")).toEqual({ total: 0, applications: 0 });
    expect(await drain(p.from)).toEqual([]);
    const applied = await runInDurableObject(p.receiver, (_: Sentinel, state) =>
      state.storage.sql
        .exec<{ key: string }>("SELECT key FROM _inbox ORDER BY received_at, rowid")
        .toArray()
        .map((r) => r.key),
    );
    expect(applied).toEqual(["z-first", "a-second"]);
  });

  it("lets a slow receiver hold up only its own rows, not the next rows of other receivers", async () => {
    const p = pair();
    const slow = `outbox-slow-${crypto.randomUUID()}`;
    await stubOf(slow).holdReceives();
    await p.sender.sendAdd(slow, "slow-1", "gold", 1);
    await p.sender.sendAdd(p.to, "fast-1", "gold", 2);
    await p.sender.sendAdd(p.to, "fast-2", "gold", 3);
    await runInDurableObject(p.sender, (instance: Sentinel) => {
      void instance.alarm();
    });
    // Both of the fast receiver's rows land while the slow one is still on its first (held until released).
    await eventually(async () => expect(await p.receiver.tally("gold")).toEqual({ total: 5, applications: 2 }), 10_000);
    expect(await stubOf(slow).tally("gold")).toEqual({ total: 0, applications: 0 });
    await stubOf(slow).releaseReceives();
    let late = await stubOf(slow).tally("gold");
    for (let i = 0; i < 100 && late.applications === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      late = await stubOf(slow).tally("gold");
    }
    expect(late).toEqual({ total: 1, applications: 1 });
    expect(await drain(p.from)).toEqual([]);
  });

  it("sends a receiver's row written while its previous row was on the wire in the same run", async () => {
    const p = pair();
    await p.receiver.holdReceives();
    await p.sender.sendAdd(p.to, "on-the-wire", "gold", 2);
    const left = await runInDurableObject(p.sender, async (instance: Sentinel) => {
      // The run starts, and its first row waits at the receiver.
      const run = instance.alarm();
      await new Promise((r) => setTimeout(r, 5));
      // Written after the run started: another run would skip this receiver while its row is on the wire.
      await instance.sendAdd(p.to, "written-meanwhile", "gold", 3);
      await p.receiver.releaseReceives();
      await run;
      return instance.outboxRows().map((r) => r.effectId);
    });
    expect(left).toEqual([]);
    expect(await p.receiver.tally("gold")).toEqual({ total: 5, applications: 2 });
  });

  it("keeps a row whose payload cannot be decoded as a failed attempt, and still delivers other receivers' rows", async () => {
    const p = pair();
    const other = `outbox-other-${crypto.randomUUID()}`;
    await p.sender.sendAdd(p.to, "good", "gold", 4);
    const run = await runInDurableObject(p.sender, async (instance: Sentinel, state) => {
      const sql = state.storage.sql;
      // A row written by an older version or damaged on disk: not JSON.
      sql.exec(
        "INSERT INTO _outbox (effect_id, target, kind, payload, created_at, attempts, next_at) VALUES ('broken', ?, 'add', '{not json', 0, 0, 0)",
        other,
      );
      return instance.alarm().then(
        () => "ok",
        (e: unknown) => String(e),
      );
    });
    expect(run).toBe("ok");
    // The runtime's own alarm (armed by the send) may run beside the test's, so "good" is delivered by one of them.
    await eventually(async () => expect(await p.receiver.tally("gold")).toEqual({ total: 4, applications: 1 }));
    const left = await runInDurableObject(p.sender, (_: Sentinel, state) => {
      const sql = state.storage.sql;
      const rows = sql.exec<{ effect_id: string; attempts: number; last_error: string | null }>("SELECT * FROM _outbox").toArray();
      const timer = sql.exec<{ at: number }>("SELECT at FROM _timers WHERE key = ?", OUTBOX_TIMER).toArray()[0]?.at ?? null;
      return { rows: rows.map((r) => [r.effect_id, r.attempts >= 1, r.last_error?.startsWith("SyntaxError")]), timer };
    });
    expect(left.rows).toEqual([["broken", true, true]]);
    // Never dropped (it may carry resources): the alarm comes back for it after the backoff.
    expect(left.timer).not.toBeNull();
    await runInDurableObject(p.sender, async (_: Sentinel, state) => {
      state.storage.sql.exec("DELETE FROM _outbox");
      state.storage.sql.exec("DELETE FROM _timers");
      await state.storage.deleteAlarm();
    });
  });

  it("applies a self-addressed effect inside the sender's transaction, with no row to deliver", async () => {
    const name = `outbox-self-${crypto.randomUUID()}`;
    const self = stubOf(name);
    await self.sendAdd(name, "self-1", "gold", 9);
    expect(await self.tally("gold")).toEqual({ total: 9, applications: 1 });
    expect(await self.outboxRows()).toEqual([]);
    expect((await wakeUp(self)).timer).toBeNull();
  });
});
