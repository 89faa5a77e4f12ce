import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";

describe("public calculators", () => {
  it("serves the catalog with prices, factors and requirements", async () => {
    const cat = await json(await call("/v1/universes/milky-way/catalog"));
    const shipyard = cat.buildings.find((b: { name: string }) => b.name === "shipyard");
    expect(shipyard).toMatchObject({ id: 21, factor: 2 });
    expect(JSON.stringify(shipyard.requirements)).toContain("robot_factory");
    expect(cat.research).toHaveLength(16);
    expect(cat.ships.find((s: { name: string }) => s.name === "deathstar")).toBeTruthy();
  });

  it("computes cost with energy and duration, and demolition with ion technology", async () => {
    const mm = await json(await call("/v1/universes/milky-way/calc/cost?object=metal_mine&level=5&robotFactory=2"));
    expect(mm.cost).toMatchObject({ metal: 303, crystal: 75, deuterium: 0, energy: 0 });
    // (303 + 75) / (2500 × 1.5 × 3) h = 0.0336 h → 120 s
    expect(mm.seconds).toBe(120);
    expect(mm.demolition.cost).toMatchObject({ metal: 303, crystal: 75 });
    const ion = await json(await call("/v1/universes/milky-way/calc/cost?object=metal_mine&level=5&ionTechnology=5"));
    expect(ion.demolition.cost).toMatchObject({ metal: 242, crystal: 60 });
    const graviton = await json(await call("/v1/universes/milky-way/calc/cost?object=graviton_technology&level=1&researchLab=12"));
    expect(graviton.cost.energy).toBe(300000);
    const astro = await json(await call("/v1/universes/milky-way/calc/cost?object=astrophysics&level=2"));
    expect(astro.cost).toMatchObject({ metal: 7000, crystal: 14000, deuterium: 7000 });
    await expectError(await call("/v1/universes/milky-way/calc/cost?object=death_ray"), 400, "invalid_request");
    await expectError(await call("/v1/universes/nowhere/calc/cost?object=metal_mine"), 404, "not_found");
  });

  it("computes production for a described planet", async () => {
    const res = await call("/v1/universes/milky-way/calc/production", {
      body: { position: 8, temperature: { min: 30, max: 70 }, buildings: { metal_mine: 10, solar_plant: 10 } },
    });
    expect(res.status).toBe(200);
    const report = await json(res);
    expect(report.factor).toBe(100);
    // Mine 30·10·1.1^10 = 778.12 plus the position-8 bonus floor(778.12 × 0.35) = 272, ceiled per
    // object → 1051; basic income 30 × 1.35 = 40.5; total ceil(40.5 + 1051) = 1092.
    expect(report.hourly.metal).toBe(1092);
    expect(report.energyProduced).toBe(518);
    await expectError(await call("/v1/universes/milky-way/calc/production", { body: { position: 99 } }), 400, "invalid_request");
  });
});
