import { systemName } from "../../src/universe/addressing";
import type { Levels, ResearchName, UnitName } from "../../src/universe/engine/catalog-types";
import { type AttackArrival, type AttackResult, arrivalSeed, resolveAttack } from "../../src/universe/engine/combat/arrival";
import { resolveMoonDestruction } from "../../src/universe/engine/combat/moon-destruction";
import { buildBattleRecord, type StoredBattleReport } from "../../src/universe/engine/combat/record";
import type { BattleReport } from "../../src/universe/engine/combat/schema";
import { type EspionageReport, resolveEspionage } from "../../src/universe/engine/espionage";
import { type MoonDestruction, moonOf } from "../../src/universe/engine/moons";
import { type Empire, type Planet, type Resources, SHIP_NAMES, settlePlanet, type UniverseSettings } from "../../src/universe/engine/index";
import type { Arrival } from "./fleet-store";
import type { Holder } from "./holders";

/*
 * The war missions' side of an arrival (docs/combat.md "Missions in flight"): pure given the
 * arrival and the target empire settled to `now`. The fleet desk writes what they answer (the
 * target, the debris effect, the defender's report) in the arrival's transaction, so a replayed
 * arrival (same seed, same report id) can never fight twice.
 */

type Units = Record<string, number>;

export interface HostileResult {
  /** The target empire after the arrival (losses, loot, a new moon). */
  empire: Empire;
  /** What flies home, per arriving fleet (an ACS union's in join order): survivors and cargo (plus loot). */
  fleets: { fleetId: string; ships: Units; cargo: Resources }[];
  /** The battle fought (the attack, or the counter-espionage fight), for every player in it. */
  record: StoredBattleReport | null;
  /** What the probes saw, for the attacker. */
  espionage: EspionageReport | null;
  /** For the debris field at the target's coordinates. */
  debris: Resources;
  /** Told to the target's owner whatever happens (§9). */
  counterEspionageChance: number | null;
  /** ACS defend: each holder's ships left after the battle, in the order they were given. */
  holders: { fleetId: string; ships: Units }[];
}

const positive = (u: Units): Units => Object.fromEntries(Object.entries(u).filter(([, n]) => n > 0));

/** Who fights for the planet: its owner, then the ACS-defend holders in the order they came. */
export interface Defence {
  playerId: string;
  name: string;
  holders: readonly Holder[];
}

/**
 * The battle's id and the report's: the fleet id, or the ACS union's, so a retried arrival
 * builds the same record. Attackers and holders are listed in the battle's order.
 */
function record(
  battleId: string,
  attackers: readonly Arrival[],
  planet: Planet,
  battle: BattleReport,
  defence: Defence,
  moonDestruction?: MoonDestruction,
): StoredBattleReport {
  return buildBattleRecord({
    id: battleId,
    at: attackers[0]?.arrivalAt ?? 0,
    target: { ...planet.coords, kind: planet.type, name: planet.name },
    attackers: attackers.map((a) => ({ playerId: a.ownerId, name: a.ownerUsername })),
    defenders: [
      { playerId: defence.playerId, name: defence.name },
      ...defence.holders.map((h) => ({ playerId: h.ownerId, name: h.ownerUsername })),
    ],
    battle,
    ...(moonDestruction ? { moonDestruction } : {}),
  });
}

function replacePlanet(empire: Empire, planet: Planet): Empire {
  return { ...empire, planets: empire.planets.map((p) => (p.id === planet.id ? planet : p)) };
}

/** The target planet settled to the arrival: resources computed to that second (§7.13). */
export function targetAt(empire: Empire, planetId: string, at: number, settings: UniverseSettings): Planet | null {
  const planet = empire.planets.find((p) => p.id === planetId);
  return planet ? settlePlanet(planet, empire.research, settings, at) : null;
}

/** The battle of arriving war fleets at `planet`, with a seed from `battleId`, so a replay fights the same battle. */
function battleAt(attackers: readonly Arrival[], battleId: string, empire: Empire, planet: Planet, defence: Defence): AttackArrival {
  return {
    target: planet,
    ownerResearch: empire.research,
    attackers: attackers.map((a) => ({ id: a.fleetId, ownerId: a.ownerId, ships: a.ships, cargo: a.cargo, research: a.research ?? {} })),
    holders: defence.holders.map((h) => ({ id: h.fleetId, ownerId: h.ownerId, ships: h.ships, research: h.research ?? {} })),
    targetHasMoon: moonOf(empire, planet) !== null,
    at: attackers[0]?.arrivalAt ?? 0,
    seed: arrivalSeed(battleId),
    moonId: `moon:${battleId}`,
  };
}

/**
 * What a battle leaves: ships that fled the fight (§7.2) are back on the planet when it is over
 * (the escape's flight and fuel are not modelled), and a moon the battle made joins the empire.
 */
function afterBattle(
  attackers: readonly Arrival[],
  battleId: string,
  empire: Empire,
  planet: Planet,
  defence: Defence,
  result: AttackResult,
  attempt?: MoonDestruction,
): HostileResult {
  const units: Units = { ...(result.target.units as Units) };
  for (const [name, n] of Object.entries(result.fled)) units[name] = (units[name] ?? 0) + n;
  const after = replacePlanet(empire, { ...result.target, units: positive(units) as Planet["units"] });
  return {
    empire: result.moon ? { ...after, planets: [...after.planets, result.moon] } : after,
    fleets: result.attackers.map((f) => ({ fleetId: f.id, ships: f.ships, cargo: f.cargo })),
    record: record(battleId, attackers, planet, result.battle, defence, attempt),
    espionage: null,
    debris: result.debris,
    counterEspionageChance: null,
    holders: result.holders.map((h) => ({ fleetId: h.id, ships: h.ships })),
  };
}

/**
 * An attack (§7.13) by one fleet or an ACS union's fleets (`battleId` the fleet's or the union's
 * id): the battle, loot from the stock at that second, split by the survivors' free cargo room,
 * debris for the field, a moon if one forms.
 */
export function attackArrival(
  attackers: readonly Arrival[],
  battleId: string,
  empire: Empire,
  planet: Planet,
  defence: Defence,
  settings: UniverseSettings,
): HostileResult {
  const result = resolveAttack(battleAt(attackers, battleId, empire, planet, defence), settings);
  return afterBattle(attackers, battleId, empire, planet, defence, result);
}

/**
 * A moon destruction (§11) at `moon`: the battle of an attack, then the surviving deathstars'
 * attempt, drawn from the arrival's seed (so a replay draws the same). A destroyed moon leaves the
 * empire with everything on it; the attempt goes into the report every player of the battle gets.
 */
export function moonDestructionArrival(
  attackers: readonly Arrival[],
  battleId: string,
  empire: Empire,
  moon: Planet,
  defence: Defence,
  settings: UniverseSettings,
): HostileResult {
  const result = resolveMoonDestruction(battleAt(attackers, battleId, empire, moon, defence), settings);
  const out = afterBattle(attackers, battleId, empire, moon, defence, result, result.attempt ?? undefined);
  if (!result.attempt?.destroyed) return out;
  return { ...out, empire: { ...out.empire, planets: out.empire.planets.filter((p) => p.id !== moon.id) } };
}

/**
 * Espionage (§9): the probes' report, and on a counter-espionage hit the fight of the probes
 * against the planet's ships, whose report both players get. The debris field at the target
 * lives in the system object, so the report's `debris` is not filled in here. `seen`: buddies'
 * fleets holding at the planet, which the report shows but which never fight the probes.
 */
export function espionageArrival(
  a: Arrival,
  empire: Empire,
  planet: Planet,
  defence: Defence,
  settings: UniverseSettings,
  seen: readonly Holder[],
): HostileResult {
  const probes = a.ships.espionage_probe ?? 0;
  const research: Levels<ResearchName> = a.research ?? {};
  const result = resolveEspionage(
    {
      target: planet,
      ownerResearch: empire.research,
      probes,
      attackerResearch: research,
      debris: null,
      seed: arrivalSeed(a.fleetId),
      holders: seen.map((h) => ({ owner: h.ownerUsername, ships: h.ships as Units })),
    },
    settings,
  );
  let after = empire;
  if (result.counter.triggered) {
    const units: Units = { ...(planet.units as Units) };
    for (const name of SHIP_NAMES) if (name in units) units[name] = result.targetShips[name as UnitName] ?? 0;
    after = replacePlanet(empire, { ...planet, units: positive(units) as Planet["units"] });
  }
  const battle = result.counter.battle;
  return {
    empire: after,
    fleets: [
      {
        fleetId: a.fleetId,
        ships: result.probesLeft > 0 ? { ...(a.ships as Units), espionage_probe: result.probesLeft } : {},
        cargo: a.cargo,
      },
    ],
    record: battle ? record(a.fleetId, [a], planet, battle, defence) : null,
    espionage: result.report,
    debris: result.newDebris,
    counterEspionageChance: result.counter.chance,
    holders: [],
  };
}

/** The debris effect of a battle: named by the battle, so the field grows once whatever restarts. */
export function debrisEffect(universeId: string, battleId: string, target: Arrival["target"], debris: Resources) {
  const { galaxy, system, position } = target;
  return {
    effect_id: `battle:${battleId}:debris`,
    kind: "debris_add",
    target: systemName(universeId, galaxy, system),
    payload: { position, resources: debris },
  };
}
