import { describe, expect, it } from "vitest";
import { renamedJson, renamedStored } from "../../src/universe/name-change";

const change = { playerId: "p1", from: "vega", to: "deleted_0000abcd" };

describe("renaming a player in stored data", () => {
  it("changes every copy of the name: parties, owners, notices and their possessive text", () => {
    const report = {
      target: { galaxy: 1, system: 2, position: 3, name: "Homeworld" },
      attackers: [{ playerId: "p1", name: "vega" }],
      defenders: [{ playerId: "p2", name: "altair" }],
      holding: [{ owner: "vega", ships: { cruiser: 4 } }],
      names: ["vega", "altair"],
    };
    expect(renamedJson(report, change)).toEqual({
      ...report,
      attackers: [{ playerId: "p1", name: "deleted_0000abcd" }],
      holding: [{ owner: "deleted_0000abcd", ships: { cruiser: 4 } }],
      names: ["deleted_0000abcd", "altair"],
    });
    expect(renamedJson({ fleetId: "f", ownerId: "p1", ownerUsername: "vega", by: "vega" }, change)).toEqual({
      fleetId: "f",
      ownerId: "p1",
      ownerUsername: "deleted_0000abcd",
      by: "deleted_0000abcd",
    });
    expect(renamedStored("vega's probes spied on Homeworld [1:2:3]", "message", {}, change)).toBe(
      "deleted_0000abcd's probes spied on Homeworld [1:2:3]",
    );
    expect(renamedStored("vega", "username", { player_id: "p1" }, change)).toBe("deleted_0000abcd");
  });

  it("keeps a place that happens to carry the name, and answers null when nothing changes", () => {
    const planet = { playerId: "p2", id: "x", name: "vega", planetName: "vega's rest" };
    expect(renamedJson({ target: { name: "vega" }, planets: [planet] }, change)).toBeNull();
    expect(renamedStored("vega", "moon_name", { player_id: "p2" }, change)).toBeNull();
    expect(renamedStored(JSON.stringify({ vegan: "vegas" }), "data", {}, change)).toBeNull();
    expect(renamedJson({ by: "altair" }, change)).toBeNull();
  });
});
