import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { systemStub } from "../../src/universe/addressing";
import { call, json } from "../helpers/http";
import { highscorePoints, shardPoints } from "./helpers";
import {
  befriend,
  driveUntil,
  fleets,
  giveShips,
  launch,
  openSocket,
  type Player,
  playerOnShard,
  WAR_FLIGHTS,
  quiet,
  stock,
  to,
  twoPlayers,
} from "./fleet-helpers";


const notes = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, any>;
  }[];
const reports = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/reports`, { token: p.user.accessToken }))).reports;

describe("espionage missions across shards", () => {
  it("brings the probes' report home; the target is told, with the counter-espionage chance", async () => {
    const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, true);
    await giveShips(universe, a, { espionage_probe: 5 });
    const b0 = await stock(universe, b);
    const sb = await openSocket(universe, b);
    const fleet = await json(await launch(universe, a, { to: to(b), mission: "espionage", ships: { espionage_probe: 5 } }));
    expect((await sb.next("fleet_incoming")).fleet.ships).toBeUndefined();
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);

    const arrived = (await notes(universe, a)).find((n) => n.kind === "fleet_arrived");
    expect(arrived?.data).toMatchObject({ fleetId: fleet.id, outcome: "spied" });
    const report = arrived!.data.espionage;
    // Equal espionage levels and 5 probes: resources, ships, defence and buildings, not research (§9).
    expect(report.sections).toEqual(["resources", "ships", "defense", "buildings"]);
    expect({ metal: report.resources.metal, crystal: report.resources.crystal, deuterium: report.resources.deuterium }).toEqual(
      b0.resources,
    );
    expect(report.counterEspionageChance).toBe(0);
    expect((await stock(universe, a)).ships).toEqual({ espionage_probe: 5 });

    const notice = (await notes(universe, b)).find((n) => n.kind === "espionage_notice");
    expect(notice?.data).toMatchObject({ fleetId: fleet.id, by: a.user.username, counterEspionageChance: 0 });
    expect(sb.seen.some((m) => m.type === "notification" && m.kind === "espionage_notice")).toBe(true);
    expect(await reports(universe, a)).toEqual([]);
    sb.ws.close();
    await quiet(universe, [a, b]);
  });

  it("sees a buddy's fleet holding at the planet (ACS defend) beside the owner's ships", async () => {
    const { universe, a, b } = await twoPlayers({ ...WAR_FLIGHTS, fleetSpeedHolding: 10_000 }, true);
    const buddy = await playerOnShard(universe, 0);
    await befriend(universe, buddy, b);
    await giveShips(universe, buddy, { cruiser: 4 });
    expect((await launch(universe, buddy, { to: to(b), mission: "acs_defend", ships: { cruiser: 4 }, holdHours: 2 })).status).toBe(201);
    await driveUntil(universe, [buddy, b], async () => (await fleets(universe, buddy)).fleets[0]?.state === "holding");

    await giveShips(universe, a, { espionage_probe: 5 });
    await launch(universe, a, { to: to(b), mission: "espionage", ships: { espionage_probe: 5 } });
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    const report = (await notes(universe, a)).find((n) => n.kind === "fleet_arrived")!.data.espionage;
    expect(report.sections).toContain("ships");
    expect(report.holding).toEqual([{ owner: buddy.user.username, ships: { cruiser: 4 } }]);
    await quiet(universe, [a, b, buddy]);
  });

  it("counter-espionage: the probes fight the planet's ships, both get the battle report, the report still comes home", async () => {
    const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, true);
    await giveShips(universe, a, { espionage_probe: 1 });
    // 100 ships against 1 probe at equal levels: floor(100 × 1 × 100 / 4) ≥ 100, a sure hit (§9).
    await giveShips(universe, b, { light_fighter: 100, rocket_launcher: 10 });
    const before = await shardPoints(a.user, universe);
    const fleet = await json(await launch(universe, a, { to: to(b), mission: "espionage", ships: { espionage_probe: 1 } }));
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);

    const arrived = (await notes(universe, a)).find((n) => n.kind === "fleet_arrived");
    expect(arrived?.data).toMatchObject({ fleetId: fleet.id, outcome: "destroyed", reportId: fleet.id });
    expect(arrived!.data.espionage.counterEspionageChance).toBe(100);
    expect((await stock(universe, a)).ships).toEqual({});
    // The lost probe leaves the highscore too (ships in flight count, §13), with no landing to save the empire.
    const live = await shardPoints(a.user, universe);
    expect(live).toBeLessThan(before);
    await driveUntil(universe, [a, b], async () => (await highscorePoints(a.user, universe)) === live);
    const [ra, rb] = [await reports(universe, a), await reports(universe, b)];
    expect(ra).toMatchObject([{ id: fleet.id, role: "attacker", outcome: "defender" }]);
    expect(rb).toMatchObject([{ id: fleet.id, role: "defender", outcome: "defender" }]);
    const battle = (await json(await call(`/v1/universes/${universe}/reports/${fleet.id}`, { token: b.user.accessToken }))).report.battle;
    // Only ships fight a counter-espionage: the rocket launchers stay out.
    expect(battle.participants.defenders[0].units).toEqual({ light_fighter: 100 });
    expect((await stock(universe, b)).ships).toEqual({ light_fighter: 100 });
    expect((await notes(universe, b)).find((n) => n.kind === "espionage_notice")?.data.counterEspionageChance).toBe(100);
    // The downed probe's debris reaches the field once.
    const field = async () => (await systemStub(env, universe, b.coords).fields()).filter((f) => f.position === b.coords.position);
    await driveUntil(universe, [a, b], async () => (await field()).length > 0);
    expect((await field())[0]!.crystal).toBe(battle.debris.crystal);
    await quiet(universe, [a, b]);
  });
});
