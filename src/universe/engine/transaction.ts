import type { ResearchName } from "./catalog-types";
import { economyAt, settlePlanet } from "./economy";
import type { Failure } from "./errors";
import type { EngineEvent, Timer } from "./events";
import type { UniverseSettings } from "./settings";
import type { BuildingQueueEntry, Empire, Planet, QueueEntry, ResearchQueueEntry } from "./state";
import { storageCapacities } from "./storage";
import { pendingTimers } from "./timers";

export interface EngineContext {
  /** ms epoch */
  readonly now: number;
  readonly settings: UniverseSettings;
}

export interface CommandContext extends EngineContext {
  /** Ids for new queue entries and planets; must be unique within the empire. */
  readonly newId: () => string;
}

export interface CommandSuccess {
  readonly ok: true;
  /** The same object as the input when nothing changed, so callers can skip persisting. */
  readonly empire: Empire;
  /** In chronological order. */
  readonly events: readonly EngineEvent[];
  readonly timers: readonly Timer[];
}

export type CommandResult = CommandSuccess | Failure;

/**
 * Copy-on-write session over an empire: commands and completions change it step by step, and
 * `result` turns the changes into the new state, the events to push and the timers to schedule.
 */
export class Transaction {
  private state: Empire;
  private readonly events: EngineEvent[] = [];
  private readonly touchedPlanets = new Set<string>();
  private readonly changedBuildQueues = new Set<string>();
  private readonly changedUnitQueues = new Set<string>();
  private researchQueueChanged = false;

  constructor(
    empire: Empire,
    readonly ctx: EngineContext,
  ) {
    this.state = empire;
  }

  get empire(): Empire {
    return this.state;
  }

  get settings(): UniverseSettings {
    return this.ctx.settings;
  }

  planet(id: string): Planet | undefined {
    return this.state.planets.find((p) => p.id === id);
  }

  private mustPlanet(id: string): Planet {
    const planet = this.planet(id);
    if (!planet) throw new Error(`planet ${id} is not part of empire ${this.state.playerId}`);
    return planet;
  }

  /** Replaces a planet by a changed copy; a new building or unit queue is reported to clients. */
  updatePlanet(id: string, change: (planet: Planet) => Planet): Planet {
    const planet = this.mustPlanet(id);
    const next = change(planet);
    if (next !== planet) {
      this.state = { ...this.state, planets: this.state.planets.map((p) => (p.id === id ? next : p)) };
      this.touchedPlanets.add(id);
      if (next.buildQueue !== planet.buildQueue) this.changedBuildQueues.add(id);
      if (next.unitQueue !== planet.unitQueue) this.changedUnitQueues.add(id);
    }
    return next;
  }

  /** Brings a planet's stock forward to `at` under its current production. */
  /** A new planet (a colony) joins the empire after the existing ones. */
  addPlanet(planet: Planet): void {
    this.state = { ...this.state, planets: [...this.state.planets, planet] };
    this.touchedPlanets.add(planet.id);
  }

  /** The planet leaves the empire with everything on it (an abandoned colony). */
  removePlanet(id: string): void {
    this.mustPlanet(id);
    this.state = { ...this.state, planets: this.state.planets.filter((p) => p.id !== id) };
    this.touchedPlanets.delete(id);
    this.changedBuildQueues.delete(id);
    this.changedUnitQueues.delete(id);
  }

  settle(id: string, at: number): Planet {
    return this.updatePlanet(id, (p) => settlePlanet(p, this.state.research, this.settings, at));
  }

  settleAll(at: number): void {
    for (const planet of this.state.planets) this.settle(planet.id, at);
  }

  setBuildQueue(id: string, queue: readonly BuildingQueueEntry[]): Planet {
    return this.updatePlanet(id, (p) => ({ ...p, buildQueue: queue }));
  }

  setResearchQueue(queue: readonly ResearchQueueEntry[]): void {
    this.researchQueueChanged = true;
    this.state = { ...this.state, researchQueue: queue };
  }

  setResearchLevel(tech: ResearchName, level: number): void {
    this.state = { ...this.state, research: { ...this.state.research, [tech]: level } };
  }

  /** Marks a planet whose snapshot clients must receive even though it was replaced wholesale. */
  touch(id: string): void {
    this.touchedPlanets.add(id);
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  /** Tells the player that the engine dropped a queue entry, and why. */
  notifyRemoved(entry: QueueEntry, reason: Failure, at: number): void {
    const queue = entry.kind === "research" ? "research" : "building";
    this.emit({
      type: "notification",
      at,
      kind: "queue_entry_removed",
      reason: reason.code,
      message: `${entry.object} level ${entry.level} was removed from the ${queue} queue: ${reason.message}`,
      planetId: entry.planetId,
      entryId: entry.id,
      object: entry.object,
      level: entry.level,
    });
  }

  result(): CommandSuccess {
    const { now } = this.ctx;
    const events = [...this.events];
    for (const id of this.changedBuildQueues) {
      const planet = this.planet(id);
      if (planet) events.push({ type: "queue_changed", at: now, queue: "buildings", planetId: id, entries: planet.buildQueue });
    }
    for (const id of this.changedUnitQueues) {
      const planet = this.planet(id);
      if (planet) events.push({ type: "queue_changed", at: now, queue: "units", planetId: id, entries: planet.unitQueue });
    }
    if (this.researchQueueChanged) {
      events.push({ type: "queue_changed", at: now, queue: "research", entries: this.state.researchQueue });
    }
    for (const id of this.touchedPlanets) {
      const planet = this.planet(id);
      if (planet) events.push(this.snapshot(planet));
    }
    return { ok: true, empire: this.state, events, timers: pendingTimers(this.state) };
  }

  private snapshot(planet: Planet): EngineEvent {
    const { resources, production } = economyAt(planet, this.state.research, this.settings, this.ctx.now);
    return {
      type: "planet",
      at: this.ctx.now,
      planetId: planet.id,
      name: planet.name,
      resources,
      hourly: production.hourly,
      capacity: storageCapacities(planet.buildings),
      energyProduced: production.energyProduced,
      energyUsed: production.energyUsed,
      factor: production.factor,
    };
  }
}
