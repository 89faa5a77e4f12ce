import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { anonymisedName } from "../../src/auth/deletion";
import { shardName } from "../../src/universe/registry";
import { call, expectError, json } from "../helpers/http";
import { login } from "../accounts/helpers";
import { arm, driveUntil, fleets, giveResearch, giveShips, launch, type Player, quiet, quietSystem, to, twoPlayers } from "./fleet-helpers";
import { FAST, planet, systemStub } from "./helpers";

/** War flights take the 1-second minimum; a transport or a colony ship stays in flight for the whole test. */
const SLOW_PEACE = { ...FAST, fleetSpeedWar: 10_000 };

const shard = (universe: string, n: number) => env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, n)));

/** Every row of every table of an object's SQLite, and its key-value entries, as text. */
async function storageText(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    const rows = tables.map(({ name }) => [name, state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray()]);
    return JSON.stringify([rows, [...state.storage.kv.list()]]);
  });
}

/** A free position in the player's own system, for a colony ship. */
async function freeSlot(universe: string, p: Player) {
  const { galaxy, system } = p.coords;
  const slots = await json(await call(`/v1/universes/${universe}/slots?galaxy=${galaxy}&system=${system}`));
  return { galaxy, system, position: (slots.free as number[]).find((x) => x >= 4 && x <= 12)! };
}

const deleteAccount = (p: Player, token = p.user.accessToken) =>
  call("/v1/me", { method: "DELETE", body: { password: p.user.password }, token });

describe("account deletion in a universe", () => {
  it("leaves the name in no shard, system object or shared report: every view another player fetches shows the anonymised name", async () => {
    const { universe, a: gone, b: other } = await twoPlayers(SLOW_PEACE, true);
    const old = gone.user.username;
    await giveShips(universe, gone, { espionage_probe: 1, small_cargo: 1, colony_ship: 1 });
    // Two fleet slots, and room for a colony.
    await giveResearch(universe, gone, { computer_technology: 1, astrophysics: 1 });
    // 100 fighters against one probe: a sure counter-espionage, so both keep a battle report naming both.
    await giveShips(universe, other, { light_fighter: 100 });
    const spy = await json(await launch(universe, gone, { to: to(other), mission: "espionage", ships: { espionage_probe: 1 } }));
    await driveUntil(universe, [gone, other], async () => (await fleets(universe, gone)).fleets.length === 0);
    // Two fleets stay in flight: one to the other player's planet, one to an empty position (its system object's arrival).
    expect((await launch(universe, gone, { to: to(other), mission: "transport", ships: { small_cargo: 1 } })).status).toBe(201);
    const slot = await freeSlot(universe, gone);
    expect((await launch(universe, gone, { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1 } })).status).toBe(
      201,
    );
    const share = await json(await call(`/v1/universes/${universe}/reports/${spy.id}/share`, { method: "POST", token: other.user.accessToken }));

    const token = other.user.accessToken;
    const views = async () => {
      const paths = [
        `/v1/universes/${universe}/fleets`,
        `/v1/universes/${universe}/reports`,
        `/v1/universes/${universe}/reports/${spy.id}`,
        share.url,
        `/v1/universes/${universe}/notifications`,
        `/v1/universes/${universe}/highscore`,
        `/v1/universes/${universe}/galaxy/${gone.coords.galaxy}/${gone.coords.system}`,
        `/v1/universes/${universe}/galaxy/${other.coords.galaxy}/${other.coords.system}`,
      ];
      const texts = [];
      for (const path of paths) {
        const res = await call(path, { token });
        expect(res.status, path).toBe(200);
        texts.push(await res.text());
      }
      texts.push(JSON.stringify(await planet(other.user, universe, other.planetId)));
      return texts;
    };
    const before = await views();
    expect(JSON.parse(before[0]!).incoming).toEqual([expect.objectContaining({ ownerUsername: old })]);
    expect(before.filter((t) => t.includes(old)).length).toBeGreaterThanOrEqual(6);
    const holders = [shard(universe, 0), shard(universe, 1), systemStub(universe, slot), systemStub(universe, other.coords)];
    // The other player's shard and the colony's system object hold copies of the name (reports, notices, arrivals).
    for (const stub of holders.slice(0, 3)) expect(await storageText(stub)).toContain(old);

    expect((await deleteAccount(gone)).status).toBe(200);
    const anon = anonymisedName(gone.user.id);
    const after = await views();
    expect(JSON.parse(after[0]!).incoming).toEqual([expect.objectContaining({ ownerUsername: anon })]);
    expect(JSON.parse(after[2]!).report.attackers).toEqual([{ playerId: gone.user.id, name: anon }]);
    const notice = JSON.parse(after[4]!).notifications.find((n: { kind: string }) => n.kind === "espionage_notice");
    expect(notice).toMatchObject({ message: expect.stringMatching(new RegExp(`^${anon}'s probes`)), data: { by: anon } });
    for (const text of after) expect(text).not.toContain(old);

    // Nothing stays behind to be served later: no shard, no system object, no D1 copy holds the name.
    for (const stub of holders) expect(await storageText(stub)).not.toContain(old);
    const { results } = await env.DB.prepare("SELECT * FROM battle_reports WHERE universe_id = ?").bind(universe).all();
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results)).not.toContain(old);
    await quiet(universe, [gone, other]);
    await quietSystem(universe, slot);
  });

  it("answers 503 universe_unavailable while a shard cannot rename, with the account untouched; a retry finishes it", async () => {
    const { universe, a: gone, b: other } = await twoPlayers(FAST, true);
    await arm(universe, other, "before_commit");
    await expectError(await deleteAccount(gone), 503, "universe_unavailable");
    const again = await login(gone.user.username, gone.user.password);
    expect(again.status).toBe(200);
    expect((await deleteAccount(gone, (await json(again)).accessToken)).status).toBe(200);
    const ranks = await call(`/v1/universes/${universe}/highscore`, { token: other.user.accessToken });
    expect(await ranks.text()).toContain(anonymisedName(gone.user.id));
    for (const n of [0, 1]) expect(await storageText(shard(universe, n))).not.toContain(gone.user.username);
  });
});
