import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createUniverse, joined } from "./helpers";
import { memberShard, simulatedRecord, storeRecord } from "./report-helpers";

async function twoPlayers() {
  const universe = await createUniverse();
  const attacker = await registerUser("att");
  const defender = await registerUser("def");
  await joined(attacker, universe);
  await joined(defender, universe);
  return { universe, attacker, defender };
}

describe("battle reports", () => {
  it("stores a copy for each side, once, with a notification, and lists and reads it", async () => {
    const { universe, attacker, defender } = await twoPlayers();
    const record = simulatedRecord(attacker, defender);
    expect((await storeRecord(universe, record)).sort()).toEqual([attacker.id, defender.id].sort());
    // A redelivered report (a retried arrival) stores nothing new.
    expect(await storeRecord(universe, record)).toEqual([]);

    for (const [user, role] of [
      [attacker, "attacker"],
      [defender, "defender"],
    ] as const) {
      const page = await json(await call(`/v1/universes/${universe}/reports`, { token: user.accessToken }));
      expect(page.nextBefore).toBeNull();
      expect(page.reports).toHaveLength(1);
      const summary = page.reports[0];
      expect(summary).toMatchObject({ id: record.id, role, outcome: record.battle.outcome, attackers: [attacker.username] });
      expect(summary.loot).toEqual(record.battle.loot.total);
      expect(summary.lost.attackers).toBe(
        record.battle.losses.attackers.reduce((s, p) => s + p.value.metal + p.value.crystal + p.value.deuterium, 0),
      );

      const res = await call(`/v1/universes/${universe}/reports/${record.id}`, { token: user.accessToken });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ role, report: record });

      const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: user.accessToken }));
      const battleNotes = notes.notifications.filter((n: { kind: string }) => n.kind === "battle_report");
      expect(battleNotes).toHaveLength(1);
      expect(battleNotes[0].data).toEqual({ reportId: record.id, role, outcome: record.battle.outcome });
    }
  });

  it("pages newest first", async () => {
    const { universe, attacker, defender } = await twoPlayers();
    const records = [1, 2, 3].map((seed) => simulatedRecord(attacker, defender, seed));
    for (const r of records) await storeRecord(universe, r);
    const first = await json(await call(`/v1/universes/${universe}/reports?limit=2`, { token: attacker.accessToken }));
    expect(first.reports.map((r: { id: string }) => r.id)).toEqual([records[2]!.id, records[1]!.id]);
    const second = await json(
      await call(`/v1/universes/${universe}/reports?limit=2&before=${first.nextBefore}`, { token: attacker.accessToken }),
    );
    expect(second.reports.map((r: { id: string }) => r.id)).toEqual([records[0]!.id]);
    expect(second.nextBefore).toBeNull();
  });

  it("shares a report under one key that anyone can read without login", async () => {
    const { universe, attacker, defender } = await twoPlayers();
    const record = simulatedRecord(attacker, defender);
    await storeRecord(universe, record);
    const res = await call(`/v1/universes/${universe}/reports/${record.id}/share`, { method: "POST", token: defender.accessToken });
    expect(res.status).toBe(201);
    const share = await json(res);
    expect(share.key).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(share.url).toBe(`/v1/reports/${share.key}`);

    const again = await call(`/v1/universes/${universe}/reports/${record.id}/share`, { method: "POST", token: defender.accessToken });
    expect(again.status).toBe(200);
    expect((await json(again)).key).toBe(share.key);

    const pub = await call(share.url);
    expect(pub.status).toBe(200);
    expect(await json(pub)).toEqual({ universeId: universe, sharedAt: share.createdAt, report: record });

    // The attacker's share of the same battle is a key of its own.
    const theirs = await json(
      await call(`/v1/universes/${universe}/reports/${record.id}/share`, { method: "POST", token: attacker.accessToken }),
    );
    expect(theirs.key).not.toBe(share.key);
  });

  it("refuses other players' reports, unknown keys and non-members", async () => {
    const { universe, attacker, defender } = await twoPlayers();
    const record = simulatedRecord(attacker, defender);
    // Only the attacker's copy exists.
    await (await memberShard(universe, attacker.id)).storeBattleReport(record, [attacker.id]);
    const stranger = await registerUser("str");
    await joined(stranger, universe);
    await expectError(await call(`/v1/universes/${universe}/reports/${record.id}`, { token: defender.accessToken }), 404, "not_found");
    await expectError(
      await call(`/v1/universes/${universe}/reports/${record.id}/share`, { method: "POST", token: stranger.accessToken }),
      404,
      "not_found",
    );
    await expectError(await call("/v1/reports/AAAAAAAAAAAA"), 404, "not_found");
    await expectError(await call("/v1/reports/short"), 400, "invalid_request");
    const outsider = await registerUser("out");
    await expectError(await call(`/v1/universes/${universe}/reports`, { token: outsider.accessToken }), 404, "not_joined");
    await expectError(await call(`/v1/universes/${universe}/reports`), 401, "unauthorized");
  });

  it("stores copies only for players who fought", async () => {
    const { universe, attacker, defender } = await twoPlayers();
    const record = simulatedRecord(attacker, defender);
    const stranger = await registerUser("str");
    await joined(stranger, universe);
    expect(await (await memberShard(universe, stranger.id)).storeBattleReport(record, [stranger.id])).toEqual([]);
    const page = await json(await call(`/v1/universes/${universe}/reports`, { token: stranger.accessToken }));
    expect(page.reports).toEqual([]);
  });
});
