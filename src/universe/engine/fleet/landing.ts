import type { ShipName } from "../catalog-types";
import { settlePlanet } from "../economy";
import { addResources, type Resources } from "../resources";
import type { UniverseSettings } from "../settings";
import type { Empire, Planet } from "../state";
import type { ShipCounts } from "./model";

/**
 * Ships and resources that reach a planet: a transport's unload, a deploy, a fleet back home.
 * The planet is settled to `at` first, so what it produced before the landing is counted at the
 * old stock; when it has already been settled past `at` (a late alarm after a command), the
 * cargo joins the current stock, which holds the same total. Null when the empire no longer has
 * the planet.
 */
export function landOnPlanet(
  empire: Empire,
  planetId: string,
  ships: ShipCounts,
  cargo: Resources,
  at: number,
  settings: UniverseSettings,
): Empire | null {
  if (!empire.planets.some((p) => p.id === planetId)) return null;
  const planets = empire.planets.map((p): Planet => {
    if (p.id !== planetId) return p;
    const settled = settlePlanet(p, empire.research, settings, at);
    const units = { ...settled.units };
    for (const [ship, n] of Object.entries(ships) as [ShipName, number][]) if (n > 0) units[ship] = (units[ship] ?? 0) + n;
    return { ...settled, units, resources: addResources(settled.resources, cargo) };
  });
  return { ...empire, planets };
}

/**
 * The smaller count of each ship type of two reports on one fleet. Ships only ever leave a fleet
 * holding at a buddy's planet (ACS defend), so the later of two reports is the smaller, whatever
 * order they come in; types at 0 are dropped, and the first report's order is kept.
 */
export function fewerShips(a: ShipCounts, b: ShipCounts): ShipCounts {
  const out: Partial<Record<ShipName, number>> = {};
  for (const [ship, n] of Object.entries(a) as [ShipName, number][]) {
    const m = Math.min(n, b[ship] ?? 0);
    if (m > 0) out[ship] = m;
  }
  return out;
}

/** The ships of several fleets added up, for the score (ships in flight count, §13). */
export function shipsOf(fleets: readonly { readonly ships: ShipCounts }[]): ShipCounts {
  const total: Partial<Record<ShipName, number>> = {};
  for (const f of fleets) for (const [ship, n] of Object.entries(f.ships) as [ShipName, number][]) total[ship] = (total[ship] ?? 0) + n;
  return total;
}
