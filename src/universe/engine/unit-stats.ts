import type { CombatStats, DriveName, Levels, ResearchName, ShipDef, UnitDef } from "./catalog-types";

/** Percent of base speed gained per drive level (§4). */
const DRIVE_BONUS: Readonly<Record<DriveName, number>> = {
  combustion_drive: 10,
  impulse_drive: 20,
  hyperspace_drive: 30,
};

/** base + intdiv(base × percent, 100), the rounding of every upgraded unit stat (§4). */
function upgraded(base: number, percent: number): number {
  return base + Math.trunc((base * percent) / 100);
}

/** Attack, shield and structural integrity with weapon, shielding and armour technology (§4). */
export function combatStats(def: UnitDef, research: Levels<ResearchName>): CombatStats {
  const { attack, shield, structuralIntegrity } = def.stats;
  return {
    attack: upgraded(attack, 10 * (research.weapon_technology ?? 0)),
    shield: upgraded(shield, 10 * (research.shielding_technology ?? 0)),
    structuralIntegrity: upgraded(structuralIntegrity, 10 * (research.armor_technology ?? 0)),
  };
}

export interface ShipMobility {
  /** The drive in use: the last speed upgrade reached, else the ship's own drive. */
  readonly drive: DriveName | null;
  /** May be fractional; flight times round at the end. */
  readonly speed: number;
  readonly cargo: number;
  readonly fuelCapacity: number;
  readonly fuel: number;
}

/** Drive, speed and capacities of a ship for a player's research (§4); character classes not included. */
export function shipMobility(def: ShipDef, research: Levels<ResearchName>): ShipMobility {
  let drive = def.drive;
  let base = def.stats.speed;
  for (const upgrade of def.speedUpgrades) {
    if ((research[upgrade.drive] ?? 0) >= upgrade.level) {
      drive = upgrade.drive;
      base = upgrade.speed;
    }
  }
  const hyperspace = 5 * (research.hyperspace_technology ?? 0);
  return {
    drive,
    speed: drive ? base + (base / 100) * DRIVE_BONUS[drive] * (research[drive] ?? 0) : base,
    cargo: upgraded(def.stats.cargo, hyperspace),
    fuelCapacity: upgraded(def.stats.fuelCapacity, hyperspace),
    fuel: def.stats.fuel,
  };
}
