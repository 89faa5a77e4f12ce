import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import type { Empire, Planet } from "../../src/universe/engine/index";
import type { TestUser } from "../helpers/http";
import { shardStub } from "./helpers";

/**
 * Test set-up: rewrites a player's stored empire (research levels, units, a colony) as if the
 * player had built it up over days, then restarts the shard so it reads the new state. What
 * follows goes through the API.
 */
export async function seedEmpire(universe: string, user: TestUser, change: (empire: Empire) => Empire): Promise<Empire> {
  const stub = shardStub(universe, user.id);
  const next = await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", user.id).one();
    const empire = change(JSON.parse(row.state) as Empire);
    state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), user.id);
    return empire;
  });
  await evictDurableObject(stub);
  return next;
}

export const withResearch =
  (levels: Empire["research"]) =>
  (empire: Empire): Empire => ({
    ...empire,
    research: { ...empire.research, ...levels },
  });

/** Adds units to the homeworld. */
export const withUnits =
  (units: Planet["units"], index = 0) =>
  (empire: Empire): Empire => ({
    ...empire,
    planets: empire.planets.map((p, i) => (i === index ? { ...p, units: { ...p.units, ...units } } : p)),
  });

/**
 * Gives the player a colony at `position` of the homeworld's system: the planet in the empire and
 * its slot in D1, as a colony ship's arrival would have made them.
 */
export async function seedColony(universe: string, user: TestUser, position: number, patch: Partial<Planet> = {}): Promise<Planet> {
  const id = `colony:${crypto.randomUUID()}`;
  let colony: Planet | undefined;
  const empire = await seedEmpire(universe, user, (e) => {
    const home = e.planets[0]!;
    colony = {
      ...home,
      id,
      name: "Colony",
      coords: { ...home.coords, position },
      buildings: {},
      units: {},
      buildQueue: [],
      unitQueue: [],
      ...patch,
    };
    return { ...e, research: { astrophysics: 2, ...e.research }, planets: [...e.planets, colony] };
  });
  const { galaxy, system } = empire.planets[0]!.coords;
  await env.DB.prepare(
    "INSERT INTO planet_slots (universe_id, galaxy, system, position, planet_id, owner_id, planet_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(universe, galaxy, system, position, id, user.id, "Colony", Date.now())
    .run();
  return colony!;
}
