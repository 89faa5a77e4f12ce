import { createRng, deriveSeed } from "../../../lib/rng";
import { addResources, subtractResources } from "../resources";
import { attemptMoonDestruction, type MoonDestruction } from "../moons";
import type { UniverseSettings } from "../settings";
import { keepCargo } from "./aftermath";
import { type AttackArrival, type AttackResult, cargoHold, type FleetAfter, resolveAttack } from "./arrival";

export interface MoonDestructionResult extends AttackResult {
  /** Null when no deathstar was left to try: the battle was not won, or they all fell in it. */
  readonly attempt: MoonDestruction | null;
}

/**
 * A moon destruction mission at its moon (§11): the battle of an attack (with its loot), then,
 * if the attackers won with deathstars left, the destruction roll with the surviving deathstars
 * and the roll for losing them. Lost deathstars take what the rest of the fleet cannot hold. A
 * destroyed moon is the shell's to remove (with the fleets heading to it, which return).
 */
export function resolveMoonDestruction(a: AttackArrival, settings: UniverseSettings): MoonDestructionResult {
  if (a.target.type !== "moon") throw new RangeError("moon destruction targets a moon");
  const attack = resolveAttack(a, settings);
  const deathstars = attack.attackers.reduce((s, f) => s + (f.ships.deathstar ?? 0), 0);
  if (attack.battle.outcome !== "attacker" || deathstars === 0) return { ...attack, attempt: null };
  const attempt = attemptMoonDestruction(createRng(deriveSeed(a.seed, "moon_destruction")), a.target.diameter, deathstars);
  if (!attempt.deathstarsLost) return { ...attack, attempt };
  const attackers = attack.attackers.map((f, i): FleetAfter => {
    const { deathstar: _gone, ...ships } = f.ships;
    const kept = keepCargo(f.cargo, cargoHold(ships, a.attackers[i]?.research ?? {}));
    return { id: f.id, ships, cargo: kept, cargoLost: addResources(f.cargoLost, subtractResources(f.cargo, kept)) };
  });
  return { ...attack, attackers, attempt };
}
