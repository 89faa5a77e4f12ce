import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { battle } from "./combat-helpers";

/**
 * Small battles worked out by hand from the seeded stream. In exact mode each shot draws, in order:
 * the target type (int over the enemy's units), the target state (int over that type's units), an
 * explosion roll int(0,100) only when the hit leaves a living unit below 70 % hull, and a rapid-fire
 * roll int(1,10000) only when the shooter has rapid fire against the target. The moon roll happens
 * only with a chance above 0. Hull, shield and damage below are in points.
 */
describe("hand-computed battles (exact mode, fixed seeds)", () => {
  it("seed 2: a cruiser kills a light fighter with one shot; its rapid-fire roll fails; loot fills 800 cargo", () => {
    const d = createRng(2);
    const draws = Array.from({ length: 6 }, () => d.next());
    // Cruiser shot: targets 1 and 2 (only one LF); 400 damage − 10 shield → hull 400 − 390 = 10
    // (2.5 %): explodes when int(0,100) = floor(0.0521 × 101) = 5 < ceil(97.5) = 98. Yes.
    expect(Math.floor((draws[2] as number) * 101)).toBe(5);
    // Rapid fire vs light fighter, RF 6: 10000 − floor(10000/6) = 8334; roll 1 + floor(0.9588 × 10000) = 9589 > 8334: stops.
    expect(1 + Math.floor((draws[3] as number) * 10_000)).toBe(9589);
    // The light fighter, destroyed but still in the round, fires back: 50 damage all absorbed by the cruiser's 50 shield.
    const r = battle(
      {
        attackers: [{ ships: { cruiser: 1 } }],
        defenders: [{ ships: { light_fighter: 1 } }],
        resources: { metal: 10_000, crystal: 1000, deuterium: 0 },
        mode: "exact",
      },
      2,
      // 29,000 attacker points vs 4,000 would make the light fighter flee (§7.2).
      { tacticalRetreat: false },
    );
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]?.attackerFire).toEqual({ shots: 1, bounced: 0, hits: 1, damage: 400, absorbed: 10 });
    expect(r.rounds[0]?.defenderFire).toEqual({ shots: 1, bounced: 0, hits: 1, damage: 50, absorbed: 50 });
    expect(r.rounds[0]?.end).toEqual({ attackers: [{ cruiser: 1 }], defenders: [{ light_fighter: 0 }] });
    expect(r.outcome).toBe("attacker");
    // Loot: want 5000/500/0 > 800 cargo → a third each: 266/266/0, the 268 left split over the two
    // with loot left: 134 each → 400/400/0.
    expect(r.loot.total).toEqual({ metal: 400, crystal: 400, deuterium: 0 });
    expect(r.loot.perAttacker).toEqual([{ metal: 400, crystal: 400, deuterium: 0 }]);
    // Debris: floor(3000 × 30 %) and floor(1000 × 30 %).
    expect(r.debris).toEqual({ metal: 900, crystal: 300, deuterium: 0 });
    expect(r.losses.defenders[0]).toEqual({ units: { light_fighter: 1 }, value: { metal: 3000, crystal: 1000, deuterium: 0 } });
    expect(r.moon).toEqual({ chance: 0, formed: false, diameter: null });
  });

  it("seed 11: two light fighters wear each other down and explode in the same round: a draw", () => {
    const d = createRng(11);
    const draws = Array.from({ length: 18 }, () => d.next());
    // Rounds 1–3: each shot does 50 − 10 = 40 hull: 400 → 360 → 320 → 280 (70 %, not below): no
    // explosion roll, no rapid fire; 4 target draws a round. Round 4, draw 13–14 the attacker's
    // target, hull 240 (60 %): explodes if int(0,100) < 40; draw 15 gives 11.
    expect(Math.floor((draws[14] as number) * 101)).toBe(11);
    // The defender's light fighter still fires (simultaneous fire): draws 16–17 target, 18 gives 36 < 40.
    expect(Math.floor((draws[17] as number) * 101)).toBe(36);
    const r = battle({ attackers: [{ ships: { light_fighter: 1 } }], defenders: [{ ships: { light_fighter: 1 } }], mode: "exact" }, 11);
    expect(r.rounds).toHaveLength(4);
    for (const round of r.rounds) {
      expect(round.attackerFire).toEqual({ shots: 1, bounced: 0, hits: 1, damage: 50, absorbed: 10 });
      expect(round.defenderFire).toEqual({ shots: 1, bounced: 0, hits: 1, damage: 50, absorbed: 10 });
    }
    expect(r.rounds[2]?.end).toEqual({ attackers: [{ light_fighter: 1 }], defenders: [{ light_fighter: 1 }] });
    expect(r.rounds[3]?.end).toEqual({ attackers: [{ light_fighter: 0 }], defenders: [{ light_fighter: 0 }] });
    expect(r.outcome).toBe("draw");
    expect(r.loot.total).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    expect(r.debris).toEqual({ metal: 1800, crystal: 600, deuterium: 0 });
  });
});
