import { describe, expect, it } from "vitest";
import {
  advance,
  cancelResearch,
  type Empire,
  queueBuilding,
  queueDemolish,
  queueResearch,
  type ResearchQueueEntry,
} from "../../src/universe/engine/index";
import { ctx, eventsOf, failed, HOUR, newEmpire, ok, planetOf, RICH, SECOND, T0, withColony, withPlanet } from "./helpers";

function research(empire: Empire, object: string, planetId = planetOf(empire).id, at = T0) {
  return ok(queueResearch(empire, { planetId, object }, ctx(at)));
}

function head(empire: Empire): ResearchQueueEntry {
  const found = empire.researchQueue[0];
  if (!found) throw new Error("empty research queue");
  return found;
}

const withLab = (lab = 1) => withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: lab } });

describe("queueing research", () => {
  it("needs a research lab on the researching planet", () => {
    const empire = withPlanet(newEmpire(), { resources: RICH });
    const failure = failed(queueResearch(empire, { planetId: planetOf(empire).id, object: "energy_technology" }, ctx(T0)));
    expect(failure.code).toBe("requirements_not_met");
    expect(failure.details).toEqual({ unmet: [{ object: "research_lab", level: 1, current: 0 }] });
  });

  it("runs one research at a time, paid from the researching planet when it starts", () => {
    const first = research(withLab(), "energy_technology");
    expect(head(first.empire)).toMatchObject({
      object: "energy_technology",
      level: 1,
      startedAt: T0,
      endsAt: T0 + 1440 * SECOND,
      cost: { metal: 0, crystal: 800, deuterium: 400, energy: 0 },
    });
    expect(first.timers).toEqual([{ key: `research:${head(first.empire).id}`, at: T0 + 1440 * SECOND }]);
    const second = research(first.empire, "combustion_drive");
    expect(second.empire.researchQueue[1]).toMatchObject({ object: "combustion_drive", level: 1 });
    expect(second.empire.researchQueue[1]?.startedAt).toBeUndefined();
    expect(planetOf(second.empire).resources).toEqual(planetOf(first.empire).resources);
  });

  it("holds at most 5 entries per player", () => {
    let empire = withLab();
    for (let i = 0; i < 5; i++) empire = research(empire, "energy_technology").empire;
    expect(empire.researchQueue.map((e) => e.level)).toEqual([1, 2, 3, 4, 5]);
    expect(failed(queueResearch(empire, { planetId: planetOf(empire).id, object: "computer_technology" }, ctx(T0))).code).toBe(
      "queue_full",
    );
  });

  it("does not start while the researching planet's lab is being rebuilt: it waits, unpaid", () => {
    const empire = withLab();
    const upgrading = ok(queueBuilding(empire, { planetId: planetOf(empire).id, object: "research_lab" }, ctx(T0))).empire;
    const waiting = research(upgrading, "energy_technology").empire;
    expect(head(waiting)).toEqual({ id: expect.any(String), kind: "research", object: "energy_technology", level: 1, planetId: planetOf(empire).id });
    expect(planetOf(waiting).resources).toEqual(planetOf(upgrading).resources);
  });

  it("rejects objects that are not technologies and unknown planets", () => {
    const empire = withLab();
    expect(failed(queueResearch(empire, { planetId: planetOf(empire).id, object: "metal_mine" }, ctx(T0))).code).toBe("invalid_object");
    expect(failed(queueResearch(empire, { planetId: "x", object: "energy_technology" }, ctx(T0))).code).toBe("not_your_planet");
  });
});

describe("running research", () => {
  it("starts the next research when one completes", () => {
    const empire = research(research(withLab(), "energy_technology").empire, "combustion_drive").empire;
    const result = advance(empire, ctx(T0 + 1440 * SECOND));
    expect(result.empire.research).toEqual({ energy_technology: 1 });
    expect(eventsOf(result, "research_complete")).toEqual([
      expect.objectContaining({ object: "energy_technology", level: 1, at: T0 + 1440 * SECOND }),
    ]);
    expect(head(result.empire)).toMatchObject({
      object: "combustion_drive",
      startedAt: T0 + 1440 * SECOND,
      endsAt: T0 + (1440 + 720) * SECOND,
    });
  });

  it("uses the research network: the best IRN-many other labs that meet the lab requirement", () => {
    let empire: Empire = {
      ...withLab(8),
      research: {
        energy_technology: 5,
        shielding_technology: 5,
        hyperspace_technology: 4,
        intergalactic_research_network: 3,
      },
    };
    empire = withColony(empire, "c1", { buildings: { research_lab: 10 } });
    empire = withColony(empire, "c2", { buildings: { research_lab: 5 } });
    empire = withColony(empire, "c3", { buildings: { research_lab: 7 } });
    const result = research(empire, "hyperspace_technology");
    // lab 8 + 10 + 7 (lab 5 is below hyperspace technology's lab requirement of 7)
    expect(head(result.empire).endsAt).toBe(T0 + 8861 * SECOND);
  });

  it("settles every planet when a production technology completes, so the new rates start at that instant", () => {
    let empire: Empire = {
      ...withPlanet(newEmpire(), {
        resources: { metal: 5000, crystal: 5000, deuterium: 2000 },
        buildings: { research_lab: 4, metal_mine: 10, solar_plant: 12 },
      }),
      research: { energy_technology: 8, laser_technology: 10, ion_technology: 5 },
    };
    empire = withColony(empire, "c1", { resources: { metal: 0, crystal: 0, deuterium: 0 } });
    const started = research(empire, "plasma_technology"); // 2000/4000/1000, 6000 × 3600 / 5000 s = 1.2 h
    const done = T0 + 4320 * SECOND;
    const result = advance(started.empire, ctx(done + HOUR));
    expect(result.empire.research.plasma_technology).toBe(1);
    expect(result.empire.planets.map((p) => p.resourcesAt)).toEqual([done, done]);
    const snapshot = eventsOf(result, "planet").find((e) => e.planetId === planetOf(empire).id);
    // 809 metal per hour before plasma, 816 after (ceil(778.12 + 7) + 30)
    expect(snapshot?.hourly.metal).toBe(816);
    expect(snapshot?.resources.metal).toBeCloseTo(3000 + 809 * 1.2 + 816, 6);
  });

  it("drops a waiting research whose lab requirement broke meanwhile", () => {
    let empire: Empire = { ...withLab(4), research: { energy_technology: 4, laser_technology: 5 } };
    empire = withColony(empire, "colony", { resources: RICH, buildings: { research_lab: 4 } });
    empire = research(empire, "energy_technology").empire; // from the homeworld, 9216 s
    empire = research(empire, "ion_technology", "colony").empire; // needs lab 4 on the colony
    empire = ok(queueDemolish(empire, { planetId: "colony", object: "research_lab" }, ctx(T0))).empire;
    const result = advance(empire, ctx(T0 + 9216 * SECOND));
    expect(result.empire.planets[1]?.buildings.research_lab).toBe(3);
    expect(result.empire.researchQueue).toEqual([]);
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ reason: "requirements_not_met", object: "ion_technology", planetId: "colony", at: T0 + 9216 * SECOND }),
    ]);
  });
});

describe("cancelling research", () => {
  it("refunds the running research to the planet that paid and starts the next one", () => {
    let empire = withColony(withLab(), "colony", {
      resources: { metal: 1000, crystal: 1000, deuterium: 1000 },
      buildings: { research_lab: 1 },
    });
    empire = research(empire, "energy_technology", "colony").empire;
    empire = research(empire, "computer_technology").empire;
    const result = ok(cancelResearch(empire, { entryId: head(empire).id }, ctx(T0 + 60 * SECOND)));
    expect(result.empire.planets[1]?.resources).toMatchObject({ crystal: expect.closeTo(1000 + 15 / 60, 9), deuterium: 1000 });
    expect(head(result.empire)).toMatchObject({ object: "computer_technology", startedAt: T0 + 60 * SECOND });
  });

  it("removes a waiting entry for free and re-levels the ones after it", () => {
    let empire = withLab();
    for (let i = 0; i < 3; i++) empire = research(empire, "energy_technology").empire;
    const result = ok(cancelResearch(empire, { entryId: empire.researchQueue[1]?.id ?? "" }, ctx(T0)));
    expect(result.empire.researchQueue.map((e) => e.level)).toEqual([1, 2]);
    expect(planetOf(result.empire).resources).toEqual(planetOf(empire).resources);
    expect(failed(cancelResearch(empire, { entryId: "nope" }, ctx(T0))).code).toBe("queue_entry_not_found");
  });

  it("drops waiting research that needed the removed one", () => {
    let empire = withLab();
    empire = research(empire, "energy_technology").empire;
    empire = research(empire, "energy_technology").empire;
    empire = research(empire, "laser_technology").empire; // needs energy 2
    const result = ok(cancelResearch(empire, { entryId: empire.researchQueue[1]?.id ?? "" }, ctx(T0)));
    expect(result.empire.researchQueue.map((e) => e.object)).toEqual(["energy_technology"]);
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ object: "laser_technology", reason: "requirements_not_met" }),
    ]);
  });
});
