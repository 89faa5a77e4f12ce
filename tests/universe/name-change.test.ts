import { describe, expect, it } from "vitest";
import { renamedCell, renamedJson } from "../../src/universe/name-change";

/** A player may be called like a resource: only where a person's name is stored may "crystal" change. */
const change = { playerId: "p1", from: "crystal", to: "deleted_0000abcd" };
const anon = change.to;

describe("renaming a player in stored data", () => {
  it("changes the player's name where a person is named: parties, owners, holders, a notice's `by`", () => {
    const report = {
      target: { galaxy: 1, system: 2, position: 3, kind: "planet", name: "Homeworld" },
      attackers: [{ playerId: "p1", name: "crystal" }],
      defenders: [{ playerId: "p2", name: "altair" }],
      holding: [{ owner: "crystal", ships: { cruiser: 4 } }],
    };
    expect(renamedJson(report, change)).toEqual({
      ...report,
      attackers: [{ playerId: "p1", name: anon }],
      holding: [{ owner: anon, ships: { cruiser: 4 } }],
    });
    const arrival = { fleetId: "f", ownerId: "p1", ownerUsername: "crystal", mission: "transport", cargo: { crystal: 5 } };
    expect(renamedJson(arrival, change)).toEqual({ ...arrival, ownerUsername: anon });
    expect(renamedJson({ fleetId: "f", by: "crystal", holdUntil: 1 }, change)).toEqual({ fleetId: "f", by: anon, holdUntil: 1 });
    expect(renamedJson({ union: { id: "u" }, ownerUsername: "crystal", username: "crystal", sellerName: "crystal" }, change)).toEqual({
      union: { id: "u" },
      ownerUsername: anon,
      username: anon,
      sellerName: anon,
    });
  });

  it("leaves every game value equal to the name exactly as it was", () => {
    const values = [
      { resource: "crystal" },
      { mission: "crystal", kind: "crystal", status: "crystal", outcome: "crystal" },
      { resources: ["metal", "crystal", "deuterium"] },
      ["crystal"],
      { queue: [{ id: "crystal", object: "crystal", item: "crystal", level: 2 }] },
      { lot: { resource: "crystal", amount: 10 }, want: { resource: "metal" } },
      // A place or a unit named like the player, or another player's party.
      { target: { name: "crystal" }, planets: [{ playerId: "p2", id: "x", name: "crystal" }], unit: { name: "crystal" } },
      { playerId: "p2", name: "crystal" },
    ];
    for (const value of values) expect(renamedJson(value, change)).toBeNull();
    const planets = JSON.stringify({ planets: [{ id: "x", name: "crystal's rest", resources: { crystal: 500 } }] });
    expect(renamedCell("empires", "state", { player_id: "p1", state: planets }, change)).toBeNull();
    expect(renamedCell("_timers", "kind", { key: "crystal", kind: "crystal", payload: "{}" }, change)).toBeNull();
    expect(renamedCell("_outbox", "payload", { payload: JSON.stringify({ resource: "crystal", crystal: 3 }) }, change)).toBeNull();
    expect(renamedCell("notifications", "data", { kind: "market_sold", data: JSON.stringify({ resource: "crystal" }) }, change)).toBeNull();
  });

  it("renames plain columns only where they hold a person's name: the empire's username, notices opening with the owner's possessive", () => {
    expect(renamedCell("empires", "username", { player_id: "p1", username: "crystal" }, change)).toBe(anon);
    expect(renamedCell("empires", "username", { player_id: "p2", username: "crystal" }, change)).toBeNull();
    const notice = (kind: string, message: string) => ({ kind, message, data: "{}" });
    expect(
      renamedCell("notifications", "message", notice("espionage_notice", "crystal's probes spied on crystal's rest [1:2:3]"), change),
    ).toBe(`${anon}'s probes spied on crystal's rest [1:2:3]`);
    for (const kind of ["fleet_delivered", "moon_destruction", "fleet_holding"]) {
      expect(renamedCell("notifications", "message", notice(kind, "crystal's fleet delivered its cargo"), change)).toBe(
        `${anon}'s fleet delivered its cargo`,
      );
    }
    expect(renamedCell("notifications", "message", notice("market_sold", "crystal's offer: 10 crystal delivered"), change)).toBeNull();
    expect(renamedCell("notifications", "message", notice("building_complete", "crystal_mine reached level 3"), change)).toBeNull();
    expect(renamedCell("notifications", "kind", { kind: "crystal", message: "crystal's" }, change)).toBeNull();
  });
});
