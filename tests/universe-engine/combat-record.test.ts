import { describe, expect, it } from "vitest";
import { buildBattleRecord, reportRoles, summarize } from "../../src/universe/engine/combat/record";
import { battle } from "./combat-helpers";

const fight = () =>
  battle(
    {
      attackers: [{ ships: { cruiser: 10 } }, { ships: { small_cargo: 4 } }],
      defenders: [{ defenses: { rocket_launcher: 10 } }],
      resources: { metal: 40_000, crystal: 20_000 },
    },
    4,
  );

const input = () => ({
  id: "battle:fleet-1",
  at: 1_767_225_600_000,
  target: { galaxy: 1, system: 2, position: 3, kind: "planet" as const },
  attackers: [
    { playerId: "a1", name: "vega" },
    { playerId: "a2", name: "deneb" },
  ],
  defenders: [{ playerId: "d1", name: "altair" }],
  battle: fight(),
});

describe("battle records", () => {
  it("one party per fleet; the record keeps the engine's report as it is", () => {
    const record = buildBattleRecord(input());
    expect(record.kind).toBe("battle");
    expect(record.battle).toEqual(fight());
    expect(() => buildBattleRecord({ ...input(), defenders: [] })).toThrow(RangeError);
    expect(() => buildBattleRecord({ ...input(), id: "has spaces" })).toThrow();
  });

  it("each player's side, and the summary a list shows", () => {
    const record = buildBattleRecord(input());
    expect([...reportRoles(record)]).toEqual([
      ["d1", "defender"],
      ["a1", "attacker"],
      ["a2", "attacker"],
    ]);
    const s = summarize(record, "defender");
    const value = (side: "attackers" | "defenders") =>
      record.battle.losses[side].reduce((t, p) => t + p.value.metal + p.value.crystal + p.value.deuterium, 0);
    expect(s).toEqual({
      id: "battle:fleet-1",
      kind: "battle",
      at: record.at,
      role: "defender",
      target: record.target,
      outcome: record.battle.outcome,
      attackers: ["vega", "deneb"],
      defenders: ["altair"],
      lost: { attackers: value("attackers"), defenders: value("defenders") },
      loot: record.battle.loot.total,
      debris: record.battle.debris,
      moonFormed: record.battle.moon.formed,
    });
    expect(s.lost.defenders).toBeGreaterThan(0);
  });
});
