import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import type { WorldArea } from "../../durable-objects/world-area/area";
import { areaStub, newCharacter, openWorld, send } from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setRole(accountId: string, role: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO world_roles (account_id, role) VALUES (?, ?) ON CONFLICT(account_id) DO UPDATE SET role = excluded.role",
  )
    .bind(accountId, role)
    .run();
}

async function enter(character: { user: { accessToken: string }; id: string }) {
  const { ws, inbox } = await openWorld(character.user.accessToken, character.id);
  await inbox.next((m) => m.type === "stat_update" && m.full);
  return { ws, inbox, cmd: (text: string) => send(ws, inbox, text) };
}

async function arm(area: string, step: FaultStep): Promise<void> {
  await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.arm(step));
}

/** Waits until the armed crash has happened (a call that meets the crash itself fails, and is tried again). */
async function crashed(area: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const pending = await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.pending()).catch(() => null);
    if (pending?.length === 0) return;
    await sleep(50);
  }
  throw new Error(`no crash in ${area}`);
}

/** Both areas' outbox rows made due and their alarms run, until neither has a row left. */
async function drain(timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    let left = 0;
    for (const area of ["millbrook", "thornwood"]) {
      left += await runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) => {
        state.storage.sql.exec("UPDATE _outbox SET next_at = ? WHERE next_at > ?", Date.now(), Date.now());
        state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'outbox' AND at > ?", Date.now(), Date.now());
        return state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox").one().n;
      }).catch(() => 1);
      await runDurableObjectAlarm(areaStub(area)).catch(() => null);
    }
    if (left === 0) return;
    await sleep(100);
  }
  throw new Error("outbox rows left undelivered");
}

/** The actor's `world.gm` audit entries, oldest first: [text, outcome, area]. */
async function audited(accountId: string): Promise<[string, string, string][]> {
  const rows = await env.DB.prepare("SELECT details FROM audit_log WHERE action = 'world.gm' AND actor_id = ? ORDER BY id")
    .bind(accountId)
    .all<{ details: string }>();
  return rows.results.map((r) => JSON.parse(r.details)).map((d) => [d.text, d.outcome, d.area]);
}

describe("the GM audit goes through the area's outbox (§9)", () => {
  it.each<FaultStep>(["after_commit", "before_ack"])(
    "a crash at %s after the effect neither loses nor duplicates the audit entry",
    async (step) => {
      const mod = await newCharacter();
      await setRole(mod.user.id, "moderator");
      const m = await enter(mod);
      const a = await newCharacter();
      const p = await enter(a);
      await arm("millbrook", step);
      m.ws.send(JSON.stringify({ type: "command", text: `warn ${a.name} crash test` }));
      // The effect committed before the crash: the warning was sent.
      await p.inbox.next((x) => x.type === "message" && x.text === "[Warning] crash test");
      await crashed("millbrook");
      await drain();
      await drain();
      expect(await audited(mod.user.id)).toEqual([[`warn ${a.name} crash test`, "ok", "millbrook"]]);
    },
  );
});
