import { describe, expect, it } from "vitest";
import { advance, type Empire, pendingTimers, queueBuilding, queueResearch } from "../../src/universe/engine/index";
import { ctx, HOUR, newEmpire, ok, planetOf, RICH, SECOND, T0, withPlanet } from "./helpers";

function withThreeMines(): Empire {
  let empire = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
  for (let i = 0; i < 3; i++) empire = ok(queueBuilding(empire, { planetId: planetOf(empire).id, object: "metal_mine" }, ctx(T0))).empire;
  return ok(queueResearch(empire, { planetId: planetOf(empire).id, object: "energy_technology" }, ctx(T0))).empire;
}

describe("advance", () => {
  it("is a no-op before anything is due: same object, no events, same timers", () => {
    const empire = withThreeMines();
    const result = advance(empire, ctx(T0 + 29 * SECOND));
    expect(result.empire).toBe(empire);
    expect(result.events).toEqual([]);
    expect(result.timers).toEqual(pendingTimers(empire));
  });

  it("is idempotent: a second advance to the same or an earlier instant changes nothing", () => {
    const first = advance(withThreeMines(), ctx(T0 + 30 * SECOND));
    expect(planetOf(first.empire).buildings.metal_mine).toBe(1);
    for (const at of [T0 + 30 * SECOND, T0 + 10 * SECOND, T0]) {
      const again = advance(first.empire, ctx(at));
      expect(again.empire).toBe(first.empire);
      expect(again.events).toEqual([]);
    }
  });

  it("processes every completion due by a late alarm in time order, as if each had fired on time", () => {
    const empire = withThreeMines();
    const late = advance(empire, ctx(T0 + 10 * HOUR));
    // mine 1: 30 s, mine 2: +53 s, mine 3: +96 s; energy technology: 1440 s
    const ends = [T0 + 30 * SECOND, T0 + 83 * SECOND, T0 + 179 * SECOND];
    const stepwise = [...ends, T0 + 1440 * SECOND, T0 + 10 * HOUR].reduce((e, at) => advance(e, ctx(at)).empire, empire);
    expect(late.empire).toEqual(stepwise);
    expect(late.events.filter((e) => e.type === "building_complete" || e.type === "research_complete").map((e) => e.at)).toEqual([
      ...ends,
      T0 + 1440 * SECOND,
    ]);
    expect(planetOf(late.empire).buildings.metal_mine).toBe(3);
    expect(late.empire.research.energy_technology).toBe(1);
    expect(late.timers).toEqual([]);
  });

  it("returns one timer per running queue head, keyed by planet and entry", () => {
    const empire = withThreeMines();
    const planet = planetOf(empire);
    expect(pendingTimers(empire)).toEqual([
      { key: `build:${planet.id}:${planet.buildQueue[0]?.id}`, at: T0 + 30 * SECOND },
      { key: `research:${empire.researchQueue[0]?.id}`, at: T0 + 1440 * SECOND },
    ]);
    const next = advance(empire, ctx(T0 + 30 * SECOND));
    const nextPlanet = planetOf(next.empire);
    expect(next.timers[0]).toEqual({ key: `build:${planet.id}:${nextPlanet.buildQueue[0]?.id}`, at: T0 + 83 * SECOND });
  });

  it("emits completions first, then the changed queues and planets as of now", () => {
    const result = advance(withThreeMines(), ctx(T0 + 40 * SECOND));
    expect(result.events.map((e) => [e.type, e.at])).toEqual([
      ["building_complete", T0 + 30 * SECOND],
      ["queue_changed", T0 + 40 * SECOND],
      ["planet", T0 + 40 * SECOND],
    ]);
  });
});
