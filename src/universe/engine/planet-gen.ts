import type { Temperature } from "./production";
import type { Rng } from "./rng";
import type { UniverseSettings } from "./settings";
import type { Coordinates } from "./state";

export interface PlanetStats {
  readonly fields: number;
  readonly temperature: Temperature;
  /** Kilometres. */
  readonly diameter: number;
}

export type Range = readonly [min: number, max: number];

/** Fields and maximum temperature ranges of planets per position 1–15 (§10). */
const POSITIONS: readonly { readonly fields: Range; readonly tempMax: Range }[] = [
  { fields: [96, 172], tempMax: [220, 260] },
  { fields: [104, 176], tempMax: [170, 210] },
  { fields: [112, 182], tempMax: [120, 160] },
  { fields: [118, 208], tempMax: [70, 110] },
  { fields: [133, 232], tempMax: [60, 100] },
  { fields: [146, 242], tempMax: [50, 90] },
  { fields: [152, 248], tempMax: [40, 80] },
  { fields: [156, 252], tempMax: [30, 70] },
  { fields: [150, 246], tempMax: [20, 60] },
  { fields: [142, 232], tempMax: [10, 50] },
  { fields: [136, 210], tempMax: [0, 40] },
  { fields: [125, 186], tempMax: [-10, 30] },
  { fields: [114, 172], tempMax: [-50, -10] },
  { fields: [100, 168], tempMax: [-90, -50] },
  { fields: [90, 164], tempMax: [-130, -90] },
];

/** Classic OGame homeworld: a fixed size, whatever the position. */
const HOMEWORLD_FIELDS = 163;
const HOMEWORLD_DIAMETER = 12_800;

/** Homeworlds are placed on these positions unless players may choose. */
export const HOMEWORLD_POSITIONS: Range = [4, 12];

function positionRow(position: number) {
  const row = POSITIONS[position - 1];
  if (!row) throw new RangeError(`no planet can exist at position ${position}`);
  return row;
}

/** The range a planet's maximum temperature is rolled in at `position` (§10). */
export function temperatureRange(position: number): Range {
  return positionRow(position).tempMax;
}

function rollTemperature(position: number, rng: Rng): Temperature {
  const [low, high] = positionRow(position).tempMax;
  const max = rng.int(low, high);
  return { min: max - 40, max };
}

/** Size and climate of a new colony at `position`; the diameter follows the rolled size. */
export function generatePlanetStats(position: number, rng: Rng, settings: Pick<UniverseSettings, "planetFieldsBonus">): PlanetStats {
  const [low, high] = positionRow(position).fields;
  const fields = rng.int(low, high);
  return {
    fields: fields + settings.planetFieldsBonus,
    temperature: rollTemperature(position, rng),
    diameter: Math.trunc(36.14 * fields + 5697.23),
  };
}

/** A homeworld has the classic 163 fields and 12 800 km; only its climate depends on the position. */
export function homeworldStats(position: number, rng: Rng, settings: Pick<UniverseSettings, "planetFieldsBonus">): PlanetStats {
  return {
    fields: HOMEWORLD_FIELDS + settings.planetFieldsBonus,
    temperature: rollTemperature(position, rng),
    diameter: HOMEWORLD_DIAMETER,
  };
}

/** A random free homeworld position of a system, or null when positions 4–12 are all taken. */
export function pickHomeworldPosition(occupied: readonly number[], rng: Rng): number | null {
  const [low, high] = HOMEWORLD_POSITIONS;
  const free: number[] = [];
  for (let p = low; p <= high; p++) if (!occupied.includes(p)) free.push(p);
  return free.length === 0 ? null : (free[rng.int(0, free.length - 1)] ?? null);
}

/**
 * Where the universe stands in its walk for homeworld placement; persisted by whoever assigns
 * homeworlds (one writer per universe).
 */
export interface PlacementCursor {
  readonly galaxy: number;
  readonly system: number;
  /** 1: systems hold 2–3 planets, 2: 6–7, 3: 9. */
  readonly tier: 1 | 2 | 3;
}

export const FIRST_PLACEMENT_CURSOR: PlacementCursor = { galaxy: 1, system: 1, tier: 1 };

export type PlacementDecision =
  | { readonly kind: "place"; readonly coords: Coordinates }
  | { readonly kind: "skip"; readonly next: PlacementCursor }
  | { readonly kind: "full" };

function tierCapacity(tier: PlacementCursor["tier"], rng: Rng): number {
  if (tier === 1) return rng.int(2, 3);
  if (tier === 2) return rng.int(6, 7);
  return 9;
}

/**
 * One step of the "fill the universe evenly" walk (§10). Systems are walked in order, galaxy by
 * galaxy. In tier 1 a system counts as full once it holds 2–3 planets (rolled each time it is
 * considered), in tier 2 at 6–7 and in tier 3 at 9; each complete walk of all galaxies raises
 * the tier. A system that is not full receives the homeworld on a random free position 4–12, and
 * the cursor stays there for the next player. After a complete tier-3 walk the universe is full.
 *
 * The caller loads the occupied positions of the cursor's system, calls this, and repeats with
 * `next` on "skip", so the walk can be driven over asynchronous storage.
 */
export function placeHomeworld(
  cursor: PlacementCursor,
  occupied: readonly number[],
  settings: Pick<UniverseSettings, "galaxies" | "systems">,
  rng: Rng,
): PlacementDecision {
  if (occupied.length < tierCapacity(cursor.tier, rng)) {
    const position = pickHomeworldPosition(occupied, rng);
    if (position !== null) return { kind: "place", coords: { galaxy: cursor.galaxy, system: cursor.system, position } };
  }
  if (cursor.system < settings.systems) return { kind: "skip", next: { ...cursor, system: cursor.system + 1 } };
  if (cursor.galaxy < settings.galaxies) {
    return { kind: "skip", next: { ...cursor, galaxy: cursor.galaxy + 1, system: 1 } };
  }
  if (cursor.tier === 3) return { kind: "full" };
  return { kind: "skip", next: { galaxy: 1, system: 1, tier: cursor.tier === 1 ? 2 : 3 } };
}
