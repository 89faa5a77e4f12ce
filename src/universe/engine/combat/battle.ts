import { createRng, type Rng } from "../../../lib/rng";
import type { Levels, ResearchName } from "../catalog-types";
import { addResources, NO_RESOURCES, type Resources } from "../resources";
import type { UniverseSettings } from "../settings";
import {
  canFlee,
  keepCargo,
  moonRoll,
  plunder,
  repairDefences,
  retreatPoints,
  splitLoot,
  stackDebris,
  stackValue,
  wreckFieldForms,
} from "./aftermath";
import { emptyTally, type FireTally, fireExact, fireGrouped } from "./fire";
import { endRound, type Group, newGroup } from "./groups";
import type { BattleInput, BattleReport, FireReport } from "./schema";
import { COMBAT_UNITS, combatClass } from "./units";

export const MAX_ROUNDS = 6;
/** "auto" mode fires shot by shot while the battle holds at most this many units. */
export const EXACT_UNIT_LIMIT = 20_000;

type Units = Record<string, number>;

interface Side {
  groups: Group[];
  participants: number;
}

function fleetUnits(fleet: BattleInput["defenders"][number] | BattleInput["attackers"][number]): Units {
  return { ...fleet.ships, ...("defenses" in fleet ? fleet.defenses : {}) } as Units;
}

function buildSide(fleets: readonly Units[], techs: readonly Levels<ResearchName>[]): Side {
  const groups: Group[] = [];
  fleets.forEach((units, p) => {
    for (const def of COMBAT_UNITS) {
      const n = units[def.name] ?? 0;
      if (n > 0) groups.push(newGroup(combatClass(def, techs[p] ?? {}), p, n));
    }
  });
  return { groups, participants: fleets.length };
}

function census(side: Side): Units[] {
  const out: Units[] = Array.from({ length: side.participants }, () => ({}));
  for (const g of side.groups) (out[g.participant] as Units)[g.cls.def.name] = g.alive;
  return out;
}

const alive = (side: Side) => side.groups.reduce((s, g) => s + g.alive, 0);

function fireReport(t: FireTally): FireReport {
  return { shots: t.shots, bounced: t.bounced, hits: t.hits, damage: t.damage / 10, absorbed: t.absorbed / 10 };
}

/** §7.2: the planet owner's flyable ships leave when the attackers outweigh them five to one. */
function retreat(input: BattleInput, settings: UniverseSettings): Units {
  const owner = input.defenders[0];
  if (!settings.tacticalRetreat || !owner) return {};
  const points = (units: Units) => COMBAT_UNITS.reduce((s, d) => s + retreatPoints(d) * (units[d.name] ?? 0), 0);
  const attack = input.attackers.reduce((s, f) => s + points(fleetUnits(f)), 0);
  const defend = points(fleetUnits(owner));
  if (defend === 0 || attack < 5 * defend) return {};
  const fled: Units = {};
  for (const def of COMBAT_UNITS) {
    const n = (owner.ships as Units)[def.name] ?? 0;
    if (n > 0 && canFlee(def)) fled[def.name] = n;
  }
  return fled;
}

/**
 * One battle (§7), a pure function of its input, the universe settings and the seed: the same
 * three always give the same report.
 */
export function runBattle(input: BattleInput, settings: UniverseSettings, seed: number): BattleReport {
  const rng: Rng = createRng(seed);
  const retreated = retreat(input, settings);
  const attackerUnits = input.attackers.map(fleetUnits);
  const defenderUnits = input.defenders.map((f, i) => {
    const units = fleetUnits(f);
    if (i > 0) return units;
    return Object.fromEntries(Object.entries(units).filter(([name]) => !(name in retreated)));
  });
  const attackers = buildSide(
    attackerUnits,
    input.attackers.map((f) => f.techs),
  );
  const defenders = buildSide(
    defenderUnits,
    input.defenders.map((f) => f.techs),
  );
  const startAttackers = census(attackers);
  const startDefenders = census(defenders);
  const total = alive(attackers) + alive(defenders);
  const mode = input.mode === "auto" ? (total <= EXACT_UNIT_LIMIT ? "exact" : "grouped") : input.mode;
  const fire = mode === "exact" ? fireExact : fireGrouped;

  const rounds: BattleReport["rounds"] = [];
  while (rounds.length < MAX_ROUNDS && alive(attackers) > 0 && alive(defenders) > 0) {
    const start = { attackers: census(attackers), defenders: census(defenders) };
    const a = emptyTally();
    const d = emptyTally();
    fire(rng, attackers.groups, defenders.groups, a);
    fire(rng, defenders.groups, attackers.groups, d);
    for (const g of [...attackers.groups, ...defenders.groups]) endRound(g);
    rounds.push({
      round: rounds.length + 1,
      start,
      attackerFire: fireReport(a),
      defenderFire: fireReport(d),
      end: { attackers: census(attackers), defenders: census(defenders) },
    });
  }

  // Both sides wiped out in the same round is a draw, as in classic OGame: nobody is left to loot.
  const survivors = { attackers: alive(attackers), defenders: alive(defenders) };
  const outcome =
    survivors.defenders === 0 && survivors.attackers > 0
      ? "attacker"
      : survivors.attackers === 0 && survivors.defenders > 0
        ? "defender"
        : "draw";
  let debris: Resources = NO_RESOURCES;
  const repaired: Units = {};
  const losses = (side: Side, start: Units[], isDefender: boolean) =>
    start.map((units, p) => {
      const lost: Units = {};
      let value: Resources = NO_RESOURCES;
      for (const def of COMBAT_UNITS) {
        const before = units[def.name] ?? 0;
        if (before === 0) continue;
        const left = side.groups.find((g) => g.participant === p && g.cls.def === def)?.alive ?? 0;
        let gone = before - left;
        if (isDefender && def.kind === "defense" && gone > 0) {
          const back = repairDefences(rng, gone, settings, def.maxCount);
          if (back > 0) repaired[def.name] = (repaired[def.name] ?? 0) + back;
          gone -= back;
        }
        if (gone === 0) continue;
        lost[def.name] = gone;
        value = addResources(value, stackValue(def, gone));
        debris = addResources(debris, stackDebris(def, gone, settings));
      }
      return { units: lost, value };
    });
  const attackerLosses = losses(attackers, startAttackers, false);
  const defenderLosses = losses(defenders, startDefenders, true);

  const ownerShips = (units: Units) =>
    Object.fromEntries(Object.entries(units).filter(([name]) => COMBAT_UNITS.some((d) => d.name === name && d.kind === "ship")));
  const ownerLost = ownerShips(defenderLosses[0]?.units ?? {});
  const value = (units: Units) =>
    COMBAT_UNITS.reduce((s, d) => s + (units[d.name] ?? 0) * (d.price.metal + d.price.crystal + d.price.deuterium), 0);
  const wreck = wreckFieldForms(value(ownerLost), value(ownerShips(startDefenders[0] ?? {})));

  // Loot fills what the survivors' holds have left beside the cargo they flew in with.
  const capacities = input.attackers.map((f, p) => {
    const hold = attackers.groups.filter((g) => g.participant === p).reduce((s, g) => s + g.cls.cargo * g.alive, 0);
    const kept = keepCargo(f.cargo, hold);
    return Math.max(0, hold - kept.metal - kept.crystal - kept.deuterium);
  });
  const capacity = capacities.reduce((a, b) => a + b, 0);
  const loot = outcome === "attacker" ? plunder(input.resources, input.lootPercent, capacity) : NO_RESOURCES;

  return {
    seed,
    mode,
    participants: {
      attackers: input.attackers.map((f, i) => ({ techs: { ...f.techs }, units: startAttackers[i] as Units })),
      defenders: input.defenders.map((f, i) => ({ techs: { ...f.techs }, units: startDefenders[i] as Units })),
    },
    retreated,
    rounds,
    outcome,
    losses: { attackers: attackerLosses, defenders: defenderLosses },
    repaired,
    loot: { capacity, total: loot, perAttacker: splitLoot(loot, capacities) },
    debris,
    moon: moonRoll(rng, debris, input.moonAllowed, settings),
    wreckField: { formed: wreck, units: wreck ? ownerLost : {} },
  };
}
