import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { WorldArea } from "../../durable-objects/world-area/area";
import type { FaultStep } from "../../durable-objects/kit";
import { areaStub, newCharacter, openWorld, send } from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function arm(area: string, step: FaultStep): Promise<void> {
  await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.arm(step));
}

/** Where the character is: in which areas' state it is a live (non-offline) record, with its items. */
async function owners(id: string) {
  const found: { area: string; status: string }[] = [];
  for (const area of ["millbrook", "thornwood"]) {
    const view = await areaStub(area)
      .inspect(area)
      .catch(() => null);
    const c = view?.characters.find((x) => x.id === id);
    if (c) found.push({ area, status: c.status });
  }
  return found;
}

async function itemsOf(area: string, id: string): Promise<string[]> {
  return runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM world_area WHERE id = 1").toArray()[0];
    if (!row) return [];
    const s = JSON.parse(row.state) as { items: Record<string, { template: string; loc: { character?: string } }> };
    return Object.values(s.items)
      .filter((i) => i.loc.character === id)
      .map((i) => i.template)
      .sort();
  });
}

/** Runs both areas' alarms with outbox rows made due, until the character is settled in exactly one area. */
async function driveUntilSettled(id: string, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const o = await owners(id).catch(() => []);
    if (o.length === 1 && o[0]!.status !== "departing") return o[0]!;
    for (const area of ["millbrook", "thornwood"]) {
      await runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) => {
        state.storage.sql.exec("UPDATE _outbox SET next_at = ? WHERE next_at > ?", Date.now(), Date.now());
        state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'outbox' AND at > ?", Date.now(), Date.now());
      }).catch(() => null);
      await runDurableObjectAlarm(areaStub(area)).catch(() => null);
    }
    await sleep(100);
  }
  throw new Error(`not settled: ${JSON.stringify(await owners(id))}`);
}

describe("cross-area handover under restarts (§12, docs/world-handover.md)", () => {
  it.each<[string, "millbrook" | "thornwood", FaultStep]>([
    ["A crashes after the departure committed", "millbrook", "after_commit"],
    ["B crashes while applying (rolled back)", "thornwood", "during_apply"],
    ["B crashes after applying, before answering", "thornwood", "after_apply"],
    ["A crashes with the answer, before settling", "millbrook", "before_ack"],
    ["A crashes after settling, before the transfer", "millbrook", "after_ack"],
  ])("%s: the character ends in exactly one area with its inventory", async (_name, area, step) => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    await send(ws, inbox, "south");
    await send(ws, inbox, "south");
    const before = await itemsOf("millbrook", a.id);
    expect(before).toEqual(["healing_draught", "rusty_dagger"]);
    await arm(area, step);
    ws.send(JSON.stringify({ type: "command", text: "south" }));
    await sleep(300);
    const settled = await driveUntilSettled(a.id);
    expect(await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.pending())).toEqual([]); // the crash happened
    expect(settled.area).toBe("thornwood");
    expect(await itemsOf("thornwood", a.id)).toEqual(before);
    expect(await itemsOf("millbrook", a.id)).toEqual([]);
    const dir = await env.DB.prepare("SELECT area, loc_version FROM world_characters WHERE id = ?")
      .bind(a.id)
      .first<{ area: string; loc_version: number }>();
    expect(dir).toEqual({ area: "thornwood", loc_version: 1 });
    const again = await openWorld(a.user.accessToken, a.id);
    expect(again.res.status).toBe(101);
    expect(await again.inbox.next((m) => m.type === "welcome")).toMatchObject({ area: "thornwood" });
    again.ws.close(1000);
  });

  it("a connection reaching the old area follows the tombstone", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    await send(ws, inbox, "south");
    await send(ws, inbox, "south");
    ws.send(JSON.stringify({ type: "command", text: "south" }));
    await inbox.next((m) => m.type === "transfer");
    // A stale directory (as if B's write were late): the Worker starts at A, which forwards.
    await env.DB.prepare("UPDATE world_characters SET area = 'millbrook' WHERE id = ?").bind(a.id).run();
    const again = await openWorld(a.user.accessToken, a.id);
    expect(again.res.status).toBe(101);
    expect(await again.inbox.next((m) => m.type === "welcome")).toMatchObject({ area: "thornwood" });
    again.ws.close(1000);
  });
});
