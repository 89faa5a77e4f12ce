import { expect } from "vitest";
import {
  type CommandContext,
  type CommandResult,
  type CommandSuccess,
  createEmpire,
  DEFAULT_SETTINGS,
  type Empire,
  type EngineEvent,
  type Failure,
  type Planet,
  seededRng,
  type UniverseSettings,
} from "../../src/universe/engine/index";

/** 2026-01-01T00:00:00Z */
export const T0 = 1_767_225_600_000;
export const SECOND = 1000;
export const HOUR = 3_600_000;

let sequence = 0;

export function ctx(now: number, settings: UniverseSettings = DEFAULT_SETTINGS): CommandContext {
  return { now, settings, newId: () => `id${++sequence}` };
}

export function ok(result: CommandResult): CommandSuccess {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

export function failed(result: CommandResult): Failure {
  expect(result.ok).toBe(false);
  return result as Failure;
}

/** A fresh homeworld empire at T0 (position 4: no position bonus). */
export function newEmpire(position = 4, settings: UniverseSettings = DEFAULT_SETTINGS): Empire {
  return ok(
    createEmpire({ playerId: "player-1", coords: { galaxy: 1, system: 42, position } }, { ...ctx(T0, settings), rng: seededRng(7) }),
  ).empire;
}

export function planetOf(empire: Empire, index = 0): Planet {
  const planet = empire.planets[index];
  if (!planet) throw new Error(`no planet #${index}`);
  return planet;
}

export function withPlanet(empire: Empire, patch: Partial<Planet>, index = 0): Empire {
  return { ...empire, planets: empire.planets.map((p, i) => (i === index ? { ...p, ...patch } : p)) };
}

/** Adds a planet (copy of the homeworld with another id and the given patch). */
export function withColony(empire: Empire, id: string, patch: Partial<Planet>): Empire {
  const base = planetOf(empire);
  const colony: Planet = { ...base, id, name: `Colony ${id}`, buildQueue: [], ...patch };
  return { ...empire, planets: [...empire.planets, colony] };
}

export function eventsOf<T extends EngineEvent["type"]>(result: CommandSuccess, type: T): Extract<EngineEvent, { type: T }>[] {
  return result.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

export const RICH = { metal: 1_000_000, crystal: 1_000_000, deuterium: 1_000_000 };
