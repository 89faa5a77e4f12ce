import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/index";
import { jumpShips } from "../../src/universe/engine/jump-gate";
import { createMoon } from "../../src/universe/engine/moons";
import { chargePhalanxScan, PHALANX_SCAN_COST } from "../../src/universe/engine/phalanx";
import type { Empire, Planet } from "../../src/universe/engine/state";
import { ctx, failed, HOUR, newEmpire, ok, planetOf, T0, withColony } from "./helpers";

/** A homeworld and a colony, each with a moon carrying `patch`. */
function twoMoons(patch: Partial<Planet>): Empire {
  const empire = withColony(newEmpire(4), "c1", { coords: { galaxy: 1, system: 42, position: 9 } });
  const [home, colony] = [planetOf(empire), empire.planets[1]!];
  const moon = (p: Planet, id: string): Planet => ({ ...createMoon(p, 5000, id, T0), ...patch });
  return { ...empire, planets: [...empire.planets, moon(home, "m1"), moon(colony, "m2")] };
}
const moonOf = (e: Empire, id: string) => e.planets.find((p) => p.id === id)!;

describe("jump command (§11)", () => {
  const gates = twoMoons({ buildings: { lunar_base: 1, jump_gate: 1 }, units: { cruiser: 5 } });

  it("moves the ships at once and cools both gates by their own level", () => {
    const e = ok(jumpShips(gates, { planetId: "m1", to: "m2", ships: { cruiser: 2 } }, ctx(T0))).empire;
    expect(moonOf(e, "m1")).toMatchObject({ units: { cruiser: 3 }, jumpGateReadyAt: T0 + HOUR });
    expect(moonOf(e, "m2")).toMatchObject({ units: { cruiser: 7 }, jumpGateReadyAt: T0 + HOUR });
    const again = failed(jumpShips(e, { planetId: "m2", to: "m1", ships: { cruiser: 1 } }, ctx(T0 + HOUR - 1)));
    expect(again).toMatchObject({ code: "jump_gate_cooling", details: { readyAt: T0 + HOUR } });
    expect(ok(jumpShips(e, { planetId: "m2", to: "m1", ships: { cruiser: 7 } }, ctx(T0 + HOUR))).empire.planets).toHaveLength(4);
  });

  it("refuses planets, missing gates, missing ships and ships that cannot fly", () => {
    const home = planetOf(gates).id;
    expect(failed(jumpShips(gates, { planetId: home, to: "m2", ships: { cruiser: 1 } }, ctx(T0))).code).toBe("no_jump_gate");
    expect(failed(jumpShips(gates, { planetId: "m1", to: "m1", ships: { cruiser: 1 } }, ctx(T0))).code).toBe("no_jump_gate");
    const noGate = twoMoons({ buildings: { lunar_base: 1 }, units: { cruiser: 5 } });
    expect(failed(jumpShips(noGate, { planetId: "m1", to: "m2", ships: { cruiser: 1 } }, ctx(T0))).code).toBe("no_jump_gate");
    expect(failed(jumpShips(gates, { planetId: "m1", to: "m2", ships: { cruiser: 6 } }, ctx(T0))).code).toBe("not_enough_ships");
    expect(failed(jumpShips(gates, { planetId: "m1", to: "m2", ships: { solar_satellite: 1 } }, ctx(T0))).code).toBe("invalid_ships");
    expect(failed(jumpShips(gates, { planetId: "m1", to: "nope", ships: { cruiser: 1 } }, ctx(T0))).code).toBe("not_your_planet");
  });
});

describe("phalanx scan charge", () => {
  const stocked = { metal: 0, crystal: 0, deuterium: 6_000 };
  const eyes = twoMoons({ buildings: { lunar_base: 1, sensor_phalanx: 2 }, resources: stocked });

  it("burns 5,000 deuterium for a target within level² − 1 systems of its galaxy", () => {
    const e = ok(chargePhalanxScan(eyes, { planetId: "m1", target: { galaxy: 1, system: 45, position: 3 } }, ctx(T0))).empire;
    expect(moonOf(e, "m1").resources.deuterium).toBe(6_000 - PHALANX_SCAN_COST);
    expect(failed(chargePhalanxScan(e, { planetId: "m1", target: { galaxy: 1, system: 45, position: 3 } }, ctx(T0))).code).toBe(
      "insufficient_resources",
    );
  });

  it("refuses beyond its range, in another galaxy, and without a phalanx", () => {
    const far = { galaxy: 1, system: 46, position: 3 };
    expect(failed(chargePhalanxScan(eyes, { planetId: "m1", target: far }, ctx(T0))).code).toBe("out_of_range");
    expect(failed(chargePhalanxScan(eyes, { planetId: "m1", target: { ...far, galaxy: 2, system: 42 } }, ctx(T0))).code).toBe(
      "out_of_range",
    );
    const home = planetOf(eyes).id;
    expect(failed(chargePhalanxScan(eyes, { planetId: home, target: far }, ctx(T0))).code).toBe("no_phalanx");
    expect(DEFAULT_SETTINGS.systems).toBeGreaterThan(46);
  });
});
