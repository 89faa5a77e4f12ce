import { describe, expect, it } from "vitest";
import { battle, survivors } from "./combat-helpers";

const techs = { weapon_technology: 12, shielding_technology: 12, armor_technology: 12 };

describe("battles of millions of units (grouped model)", () => {
  it("1,000,000 units per side with rapid fire everywhere: same seed same report, in well under the Worker budget", () => {
    const input = {
      attackers: [
        {
          ships: {
            light_fighter: 400_000,
            cruiser: 250_000,
            battle_ship: 100_000,
            battlecruiser: 100_000,
            bomber: 50_000,
            destroyer: 50_000,
            espionage_probe: 50_000,
          },
          techs,
        },
      ],
      defenders: [
        {
          ships: { light_fighter: 200_000, heavy_fighter: 100_000, cruiser: 100_000, solar_satellite: 10_000 },
          defenses: { rocket_launcher: 350_000, light_laser: 150_000, heavy_laser: 50_000, gauss_cannon: 30_000, plasma_turret: 10_000 },
          techs,
        },
      ],
      resources: { metal: 5e7, crystal: 3e7, deuterium: 1e7 },
    };
    const t0 = Date.now();
    const r = battle(input, 99, { tacticalRetreat: false });
    const ms = Date.now() - t0;
    expect(r.mode).toBe("grouped");
    expect(ms).toBeLessThan(3000);
    // Rapid fire (cruisers, battlecruisers, bombers, destroyers, RF 5 vs probes) adds shots to the 1,000,000.
    expect(r.rounds[0]?.attackerFire.shots).toBeGreaterThan(1_000_000);
    expect(battle(input, 99, { tacticalRetreat: false })).toEqual(r);
    for (const round of r.rounds)
      for (const side of [round.end.attackers, round.end.defenders])
        for (const n of Object.values(side[0] ?? {})) expect(n).toBeGreaterThanOrEqual(0);
  });

  it("a few units taking millions of hits, and millions taking a few", () => {
    const r = battle(
      { attackers: [{ ships: { battle_ship: 5_000_000 } }], defenders: [{ ships: { deathstar: 3 }, defenses: { rocket_launcher: 5000 } }] },
      3,
      {
        tacticalRetreat: false,
      },
    );
    expect(r.outcome).toBe("attacker");
    expect(r.rounds[0]?.attackerFire.shots).toBe(5_000_000);
    const d = battle({ attackers: [{ ships: { deathstar: 2 } }], defenders: [{ ships: { light_fighter: 3_000_000 } }] }, 3, {
      tacticalRetreat: false,
    });
    // 50 damage bounces off the deathstar's 50,000 shield; each deathstar kills ~200 a round (RF 200).
    expect(d.rounds.every((x) => x.defenderFire.bounced === x.defenderFire.shots)).toBe(true);
    const killed = 3_000_000 - (survivors(d, "defenders").light_fighter ?? 0);
    expect(killed).toBeGreaterThan(300);
    expect(killed).toBeLessThan(6000);
    expect(d.outcome).toBe("draw");
  });
});
