import { env } from "cloudflare:test";
import { expect } from "vitest";
import { call, json, loginAdmin } from "../helpers/http";
import type { Player } from "./fleet-helpers";

/** Gives the planet a moon through the admin hook (a battle's moon is down to chance): the moon as a `Player` to fly from and to. */
export async function giveMoon(universe: string, p: Player, diameter = 8000, planetId = p.planetId): Promise<Player> {
  const res = await call(`/v1/admin/universes/${universe}/moons`, { token: await loginAdmin(), body: { planetId, diameter } });
  expect(res.status).toBe(201);
  const moon = await json(res);
  return { user: p.user, planetId: moon.id, coords: moon.coords };
}

/** The moon the galaxy view shows at the coordinates. */
export async function galaxyMoon(universe: string, c: Player["coords"]) {
  const view = await json(await call(`/v1/universes/${universe}/galaxy/${c.galaxy}/${c.system}`));
  return view.positions[c.position - 1].moon as { id: string; name: string; diameter: number } | null;
}

/** The registry's moon rows of a universe. */
export async function moonRows(universe: string) {
  return (await env.DB.prepare("SELECT * FROM moon_slots WHERE universe_id = ?").bind(universe).all()).results;
}
