import { describe, expect, it } from "vitest";
import {
  advance,
  cancelBuilding,
  cancelResearch,
  type Empire,
  isRunning,
  queueBuilding,
  queueResearch,
} from "../../src/universe/engine/index";
import { ctx, eventsOf, newEmpire, ok, planetOf, RICH, T0, withColony, withPlanet } from "./helpers";

function build(empire: Empire, object: string, planetId = planetOf(empire).id, at = T0): Empire {
  return ok(queueBuilding(empire, { planetId, object }, ctx(at))).empire;
}

function research(empire: Empire, object: string, planetId = planetOf(empire).id, at = T0): Empire {
  return ok(queueResearch(empire, { planetId, object }, ctx(at))).empire;
}

function endOf(entry: { endsAt?: number } | undefined): number {
  if (entry?.endsAt === undefined) throw new Error("entry is not running");
  return entry.endsAt;
}

/** Energy technology 3 running; the fusion plant (synthesizer 5, energy technology 3) queued behind a metal mine. */
/**
 * The colony's lab researches energy technology; the homeworld's lab goes 5 → 6 (which shielding
 * technology needs) and shielding technology waits behind it on the homeworld.
 */
function shieldingAfterLab(): Empire {
  let empire: Empire = {
    ...withColony(withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 5 } }), "colony", {
      resources: RICH,
      buildings: { research_lab: 1 },
    }),
    research: { energy_technology: 3 },
  };
  empire = research(empire, "energy_technology", "colony");
  empire = build(empire, "research_lab");
  return research(empire, "shielding_technology");
}

function fusionAfterResearch(): Empire {
  let empire: Empire = {
    ...withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1, deuterium_synthesizer: 5 } }),
    research: { energy_technology: 2 },
  };
  empire = research(empire, "energy_technology");
  empire = build(empire, "metal_mine");
  return build(empire, "fusion_plant");
}

describe("a queue head that cannot start yet waits", () => {
  it("a building waits for the research it was accepted against, then starts when it completes", () => {
    const empire = fusionAfterResearch();
    const mineDone = endOf(planetOf(empire).buildQueue[0]);
    const researchDone = endOf(empire.researchQueue[0]);
    expect(mineDone).toBeLessThan(researchDone);

    const waiting = advance(empire, ctx(mineDone));
    expect(eventsOf(waiting, "notification")).toEqual([]);
    expect(planetOf(waiting.empire).buildQueue).toEqual([expect.objectContaining({ object: "fusion_plant", level: 1 })]);
    expect(isRunning(planetOf(waiting.empire).buildQueue[0])).toBe(false);

    const started = advance(waiting.empire, ctx(researchDone));
    expect(planetOf(started.empire).buildQueue[0]).toMatchObject({ object: "fusion_plant", startedAt: researchDone });
    expect(started.timers).toContainEqual(expect.objectContaining({ key: expect.stringContaining("build:") }));
  });

  it("a research lab upgrade waits for the research running in that lab", () => {
    let empire = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
    empire = research(empire, "energy_technology");
    empire = build(empire, "metal_mine");
    empire = build(empire, "research_lab");
    const researchDone = endOf(empire.researchQueue[0]);
    const waiting = advance(empire, ctx(researchDone - 1));
    expect(eventsOf(waiting, "notification")).toEqual([]);
    expect(planetOf(waiting.empire).buildQueue).toEqual([expect.objectContaining({ object: "research_lab", level: 2 })]);
    const started = advance(waiting.empire, ctx(researchDone));
    expect(planetOf(started.empire).buildQueue[0]).toMatchObject({ object: "research_lab", startedAt: researchDone });
  });

  it("a research waits while its lab is rebuilt, then starts when the lab is done", () => {
    let empire = withColony(withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 5 } }), "colony", {
      resources: RICH,
      buildings: { research_lab: 1 },
    });
    empire = research(empire, "energy_technology", "colony");
    empire = build(empire, "research_lab");
    empire = research(empire, "computer_technology");
    const researchDone = endOf(empire.researchQueue[0]);
    const labDone = endOf(planetOf(empire).buildQueue[0]);
    expect(researchDone).toBeLessThan(labDone);

    const waiting = advance(empire, ctx(researchDone));
    expect(eventsOf(waiting, "notification")).toEqual([]);
    expect(waiting.empire.researchQueue).toEqual([expect.objectContaining({ object: "computer_technology", level: 1 })]);
    expect(isRunning(waiting.empire.researchQueue[0])).toBe(false);
    const started = advance(waiting.empire, ctx(labDone));
    expect(started.empire.researchQueue[0]).toMatchObject({ object: "computer_technology", startedAt: labDone });
  });

  it("a research waits for the lab level its planet's queue will reach", () => {
    const empire = shieldingAfterLab();
    const labDone = endOf(planetOf(empire).buildQueue[0]);
    const waiting = advance(empire, ctx(labDone - 1));
    expect(eventsOf(waiting, "notification")).toEqual([]);
    expect(waiting.empire.researchQueue).toEqual([expect.objectContaining({ object: "shielding_technology" })]);
    const started = advance(waiting.empire, ctx(labDone));
    expect(started.empire.researchQueue[0]).toMatchObject({ object: "shielding_technology", startedAt: labDone });
  });

  it("is refused when it would start now, as §13 says (lab_busy), and accepted behind another entry", () => {
    let empire = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
    empire = research(empire, "energy_technology");
    const refused = queueBuilding(empire, { planetId: planetOf(empire).id, object: "research_lab" }, ctx(T0));
    expect(refused).toMatchObject({ ok: false, code: "lab_busy" });
    const lab = ok(queueBuilding(build(empire, "metal_mine"), { planetId: planetOf(empire).id, object: "research_lab" }, ctx(T0)));
    expect(planetOf(lab.empire).buildQueue[1]).toMatchObject({ object: "research_lab", level: 2 });
    expect(isRunning(planetOf(lab.empire).buildQueue[1])).toBe(false);
  });
});

describe("a queue entry that can never start leaves its queue at once, with a notification", () => {
  it("cancelling a research drops the building entries that needed it right away", () => {
    const empire = fusionAfterResearch();
    const result = ok(cancelResearch(empire, { entryId: empire.researchQueue[0]?.id ?? "" }, ctx(T0 + 1000)));
    expect(planetOf(result.empire).buildQueue.map((e) => e.object)).toEqual(["metal_mine"]);
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ kind: "queue_entry_removed", reason: "requirements_not_met", object: "fusion_plant", at: T0 + 1000 }),
    ]);
  });

  it("cancelling the building a waiting research needs drops that research right away", () => {
    const empire = shieldingAfterLab();
    const lab = planetOf(empire).buildQueue[0]?.id ?? "";
    const result = ok(cancelBuilding(empire, { planetId: planetOf(empire).id, entryId: lab }, ctx(T0 + 1000)));
    expect(result.empire.researchQueue.map((e) => e.object)).toEqual(["energy_technology"]);
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ reason: "requirements_not_met", object: "shielding_technology", at: T0 + 1000 }),
    ]);
  });

  it("a building whose research was dropped for want of resources leaves with it", () => {
    let empire: Empire = {
      ...withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1, deuterium_synthesizer: 5 } }),
      research: { energy_technology: 1 },
    };
    empire = research(empire, "energy_technology"); // level 2, paid now
    empire = research(empire, "energy_technology"); // level 3, unaffordable when its turn comes
    empire = build(empire, "fusion_plant");
    const poor = withPlanet(empire, { resources: { metal: 0, crystal: 0, deuterium: 0 } });
    const result = advance(poor, ctx(endOf(empire.researchQueue[0])));
    expect(result.empire.researchQueue).toEqual([]);
    expect(planetOf(result.empire).buildQueue).toEqual([]);
    expect(eventsOf(result, "notification").map((n) => [n.object, n.reason])).toEqual([
      ["energy_technology", "insufficient_resources"],
      ["fusion_plant", "requirements_not_met"],
    ]);
  });

  it("a research and a building waiting on each other (a loop only re-levelling can close): the research leaves", () => {
    // Armor technology needs lab 2, which is queued behind a fusion plant that needs energy
    // technology 3, which is queued behind armor technology.
    const base = newEmpire();
    const home = planetOf(base);
    const waiting = { planetId: home.id } as const;
    const empire: Empire = {
      ...withPlanet(base, {
        resources: RICH,
        buildings: { research_lab: 1, deuterium_synthesizer: 5 },
        buildQueue: [
          { ...waiting, id: "fusion", kind: "build", object: "fusion_plant", level: 1 },
          { ...waiting, id: "lab", kind: "build", object: "research_lab", level: 2 },
          { ...waiting, id: "mine", kind: "build", object: "metal_mine", level: 1 },
        ],
      }),
      research: { energy_technology: 2 },
      researchQueue: [
        { ...waiting, id: "armor", kind: "research", object: "armor_technology", level: 1 },
        { ...waiting, id: "energy", kind: "research", object: "energy_technology", level: 3 },
      ],
    };
    const result = ok(cancelBuilding(empire, { planetId: home.id, entryId: "mine" }, ctx(T0)));
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ entryId: "armor", reason: "requirements_not_met", at: T0 }),
    ]);
    expect(result.empire.researchQueue).toEqual([expect.objectContaining({ id: "energy", startedAt: T0 })]);
    expect(planetOf(result.empire).buildQueue.map((e) => [e.id, isRunning(e)])).toEqual([
      ["fusion", false],
      ["lab", false],
    ]);
  });
});
