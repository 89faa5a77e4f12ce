import { uuidv7 } from "../../src/lib/uuidv7";
import { arrivalOwnerFor } from "../../src/universe/addressing";
import type { StoredBattleReport } from "../../src/universe/engine/combat/record";
import type { EspionageReport } from "../../src/universe/engine/espionage";
import {
  advance,
  applyLaunch,
  type CommandSuccess,
  type Empire,
  type Failure,
  type Fleet,
  fail,
  HOSTILE_MISSIONS,
  type Launch,
  type LaunchRequest,
  landColonists,
  landOnPlanet,
  type Mission,
  NO_RESOURCES,
  type Planet,
  type Resources,
  recallFleet,
  recyclingCapacity,
  type ShipCounts,
  type SystemArrival,
  seededRng,
  type TargetSight,
  type UniverseSettings,
  validateLaunch,
} from "../../src/universe/engine/index";
import { landingPlace } from "../../src/universe/engine/moons";
import type { Effect, Outbox, Timers } from "../kit";
import { type Arrival, FleetStore, type StoredFleet } from "./fleet-store";
import { attackArrival, debrisEffect, espionageArrival, type HostileResult, moonDestructionArrival, targetAt } from "./hostile-arrivals";
import { saveReport } from "./reports";

/*
 * Fleets across shards (docs/universe-cross-shard.md §4): launch and recall in the owner's shard,
 * `fleet_incoming` to the arrival owner, the arrival at its due time, `fleet_arrived` back to the
 * owner, and the return home. Every step is one transaction of one object; the steps between
 * objects are outbox effects, so each happens once whatever restarts.
 */

export const ARRIVE_TIMER = "arrive";
export const RETURN_TIMER = "return";
/** Same-millisecond arrivals run in key order: time first, then the UUIDv7 id, i.e. launch order (§7). */
const arriveKey = (at: number, fleetId: string) => `arrive:${String(at).padStart(15, "0")}:${fleetId}`;
const returnKey = (fleetId: string) => `return:${fleetId}`;

/** Missions whose arrival is implemented; ACS and missiles are not flown yet. */
const FLYABLE: ReadonlySet<Mission> = new Set<Mission>([
  "transport",
  "deploy",
  "colonise",
  "recycle",
  "attack",
  "espionage",
  "moon_destruction",
]);

/** The war missions' arrivals at a place their target's player still holds. */
const HOSTILE_ARRIVALS: Partial<Record<Mission, typeof attackArrival>> = {
  attack: attackArrival,
  espionage: espionageArrival,
  moon_destruction: moonDestructionArrival,
};

/** Outcomes of arrivals at planets, and those a system object sends (colonise, recycle). */
export type Outcome =
  | "delivered"
  | "deployed"
  | "target_gone"
  | "colony_refused"
  | "battle"
  | "spied"
  | "destroyed"
  | SystemArrival["outcome"];

export interface ArrivedPayload {
  fleetId: string;
  outcome: Outcome;
  ships: ShipCounts;
  cargo: Resources;
  arrivedAt: number;
  colony?: SystemArrival["colony"];
  collected?: SystemArrival["collected"];
  /** colony_refused: why the empire could not take the planet (`max_planets_reached`, `astrophysics_too_low`). */
  refusal?: string;
  /** A battle fought at the target (attack, counter-espionage): the attacker's copy of the report. */
  report?: StoredBattleReport;
  /** What the probes saw. */
  espionage?: EspionageReport;
}

/** What the owner is told when the fleet's outcome arrives, by outcome. */
const ARRIVED_MESSAGE: Record<Outcome, string> = {
  delivered: "delivered its cargo",
  deployed: "was deployed",
  target_gone: "found no target and turns back",
  colonised: "founded a colony",
  collected: "collected debris and turns back",
  slot_taken: "found the position taken by another planet and turns back",
  colony_refused: "could not found a colony (planet limit or astrophysics) and turns back",
  battle: "fought at the target and turns back",
  spied: "spied on the target and turns back",
  destroyed: "was destroyed",
};

interface RecallPayload {
  fleetId: string;
  at: number;
}

/** A frame for one player's sockets, sent after the commit that caused it. */
export interface Notice {
  playerId: string;
  frame: Record<string, unknown>;
}

export interface LaunchInput {
  planetId: string;
  request: LaunchRequest;
  /** What `planet_slots` (and the galaxy view's debris) holds at the target coordinates. */
  target: { planetId: string | null; ownerId: string | null; ownerPoints: number; debris: boolean };
  /** The launcher's points (D1), for newbie protection. */
  points: number;
}

export interface LaunchPlan {
  ok: true;
  launch: Launch;
  empire: Empire;
  arrivalOwner: string;
  input: LaunchInput;
}

/**
 * What a launch asked for, in one canonical string: an `Idempotency-Key` retry must ask for the
 * same thing (key order and zero counts aside), or it would be answered with a fleet it did not ask for.
 */
export function launchFingerprint(input: LaunchInput): string {
  const { to, mission, ships, cargo, speed, holdHours } = input.request;
  const positive = Object.entries(ships)
    .filter(([, n]) => n > 0)
    .sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify([
    input.planetId,
    [to.galaxy, to.system, to.position, to.kind],
    mission,
    positive,
    cargo ? [cargo.metal, cargo.crystal, cargo.deuterium] : [0, 0, 0],
    speed,
    holdHours ?? 0,
  ]);
}

/** What the shard lends the fleet desk: storage, its empire writes, its name. */
export interface FleetHost<C> {
  readonly sql: SqlStorage;
  readonly timers: Timers;
  readonly outbox: Outbox;
  readonly self: string;
  readonly env: Env;
  load(playerId: string): Empire | null;
  username(playerId: string): string;
  /** Saves an empire change with its timers and notifications (the shard's `persist`). */
  persist(before: Empire, result: CommandSuccess, now: number): C;
  /** The universe's settings, for effects (which carry none). */
  settings(): UniverseSettings;
  /** The universe this shard belongs to, for naming the system objects that keep debris. */
  universeId(): string;
  notify(playerId: string, kind: string, message: string, data: Record<string, unknown>, at: number): void;
}

export class FleetDesk<C> {
  readonly store: FleetStore;
  private notices: Notice[] = [];
  /** Empire changes made by received effects (a colony), published by the shard after the commit. */
  private committed: C[] = [];

  constructor(private readonly host: FleetHost<C>) {
    this.store = new FleetStore(host.sql);
  }

  /** Frames queued by committed steps; the shard sends them after the commit. */
  takeNotices(): Notice[] {
    const out = this.notices;
    this.notices = [];
    return out;
  }

  takeCommitted(): C[] {
    const out = this.committed;
    this.committed = [];
    return out;
  }

  /** Forgets frames queued since `mark`, when the transaction that queued them rolled back. */
  mark(): number {
    return this.notices.length;
  }

  rollbackTo(mark: number): void {
    this.notices.length = Math.min(this.notices.length, mark);
  }

  list(playerId: string): FleetView[] {
    return this.store.owned(playerId).map(fleetView);
  }

  /** Other players' fleets on their way to the player's planets, soonest first, as the target sees them. */
  incomingTo(playerId: string): IncomingView[] {
    return this.store.incomingTo(playerId).map(incomingView);
  }

  /** Checks a launch against the empire as of `now` (advanced by the caller); nothing is written. */
  plan(empire: Empire, input: LaunchInput, now: number, universeId: string, settings: UniverseSettings): LaunchPlan | Failure {
    const { request, target } = input;
    // The registry's planet or moon at the coordinates, as the target kind asked (launchSight).
    const sight: TargetSight = {
      planetOwner: request.to.kind === "planet" ? target.ownerId : null,
      moonOwner: request.to.kind === "moon" ? target.ownerId : null,
      debris: target.debris,
      ownerPoints: target.ownerPoints,
    };
    const world = { fleetId: uuidv7(now), fleetsInFlight: this.store.count(empire.playerId), points: input.points, target: sight };
    const launch = validateLaunch(empire, input.planetId, request, now, settings, world);
    if (!launch.ok) return launch;
    if (!FLYABLE.has(request.mission)) return fail("mission_unavailable", `${request.mission} arrives with combat, in a later version`);
    const arrivalOwner = arrivalOwnerFor(universeId, settings.shardCount, { ...request.to, ownerId: target.ownerId });
    return { ok: true, launch, empire: applyLaunch(empire, launch, now, settings), arrivalOwner, input };
  }

  /** The launch's writes, inside the caller's transaction: the fleet row and its `incoming` effect. */
  commitLaunch(plan: LaunchPlan, now: number): FleetView {
    const { fleet } = plan.launch;
    const stored: StoredFleet = {
      fleet,
      arrivalOwner: plan.arrivalOwner,
      targetPlanetId: plan.input.target.planetId,
      targetOwnerId: plan.input.target.ownerId,
      recalledAt: null,
      outcome: null,
    };
    this.store.insert(stored);
    const arrival: Arrival = {
      fleetId: fleet.id,
      ownerId: fleet.ownerId,
      ownerUsername: this.host.username(fleet.ownerId),
      ownerShard: this.host.self,
      mission: fleet.mission,
      ships: fleet.ships,
      cargo: fleet.cargo,
      origin: { galaxy: fleet.origin.galaxy, system: fleet.origin.system, position: fleet.origin.position },
      target: fleet.target,
      targetPlanetId: stored.targetPlanetId,
      targetOwnerId: stored.targetOwnerId,
      departureAt: fleet.departureAt,
      arrivalAt: fleet.arrivalAt,
      ...(fleet.mission === "recycle" ? { recycleCapacity: recyclingCapacity(fleet.ships, plan.empire.research, fleet.cargo) } : {}),
      // The fight and the probes' report use the attacker's technologies as they were at launch.
      ...(HOSTILE_MISSIONS.has(fleet.mission) ? { research: plan.empire.research } : {}),
    };
    this.host.outbox.send(
      { effect_id: `fleet:${fleet.id}:incoming`, kind: "fleet_incoming", target: plan.arrivalOwner, payload: arrival },
      now,
    );
    const view = fleetView(stored);
    this.push(fleet.ownerId, { type: "fleet_launched", fleet: view });
    return view;
  }

  /** Asks the arrival owner to drop the fleet's arrival; the answer (`onAck`) turns it around. */
  recall(playerId: string, fleetId: string, now: number): FleetView | Failure {
    const stored = this.store.get(fleetId);
    if (!stored || stored.fleet.ownerId !== playerId) return fail("fleet_not_found", `no fleet ${fleetId}`);
    if (stored.recalledAt !== null) return fail("cannot_recall", "the fleet is already being recalled");
    const turned = recallFleet(stored.fleet, now);
    if (!turned.ok) return turned;
    this.store.update({ ...stored, recalledAt: now });
    const payload: RecallPayload = { fleetId, at: now };
    this.host.outbox.send({ effect_id: `fleet:${fleetId}:recall`, kind: "fleet_recall", target: stored.arrivalOwner, payload }, now);
    // A self-addressed recall has been answered by now.
    return fleetView(this.store.get(fleetId) ?? stored);
  }

  /** The receiver's side of every fleet effect, inside `applyOnce`. A refusal is a result, never a throw. */
  apply(effect: Effect): unknown {
    switch (effect.kind) {
      case "fleet_incoming":
        return this.incoming(effect.payload as Arrival);
      case "fleet_arrived":
        return this.arrived(effect.payload as ArrivedPayload);
      case "fleet_recall":
        return this.dropArrival(effect.payload as RecallPayload);
      default:
        throw new Error(`unknown effect kind ${effect.kind}`);
    }
  }

  /** The sender's side of an answer, in the transaction that deletes the outbox row. */
  onAck(effect: Effect, result: unknown): void {
    if (effect.kind !== "fleet_recall") return;
    const { fleetId } = effect.payload as RecallPayload;
    const stored = this.store.get(fleetId);
    if (stored?.fleet.state !== "outbound" || stored.recalledAt === null) return;
    // "arrived": the arrival ran first and its outcome is on its way; the recall changes nothing.
    if (!(result as { recalled: boolean }).recalled) {
      this.store.update({ ...stored, recalledAt: null });
      return;
    }
    const turned = recallFleet(stored.fleet, stored.recalledAt);
    if (!turned.ok) throw new Error(`recalled fleet ${fleetId} cannot turn: ${turned.code}`);
    const next = { ...stored, fleet: turned.fleet, outcome: "recalled" };
    this.store.update(next);
    this.host.timers.schedule(returnKey(fleetId), turned.fleet.returnAt ?? stored.recalledAt, RETURN_TIMER, { fleetId });
    this.push(stored.fleet.ownerId, { type: "fleet_recalled", fleet: fleetView(next) });
  }

  /** Arrival owner: records the arrival and wakes up at its time. */
  private incoming(a: Arrival): { accepted: true } {
    this.store.insertArrival(a);
    this.host.timers.schedule(arriveKey(a.arrivalAt, a.fleetId), a.arrivalAt, ARRIVE_TIMER, { fleetId: a.fleetId });
    if (a.targetOwnerId && a.targetOwnerId !== a.ownerId) this.push(a.targetOwnerId, { type: "fleet_incoming", fleet: incomingView(a) });
    return { accepted: true };
  }

  private dropArrival(r: RecallPayload): { recalled: boolean } {
    const a = this.store.arrival(r.fleetId);
    if (!a) return { recalled: false };
    this.store.deleteArrival(r.fleetId);
    this.host.timers.cancel(arriveKey(a.arrivalAt, a.fleetId));
    // The owner of the target was told the fleet is coming; without this it would stay announced.
    if (a.targetOwnerId && a.targetOwnerId !== a.ownerId) this.push(a.targetOwnerId, { type: "fleet_incoming_recalled", fleetId: a.fleetId });
    return { recalled: true };
  }

  /**
   * Arrival owner, at the arrival's due time (an `arrive:` timer, inside its transaction): the
   * mission runs against the target planet, and the outcome goes to the owner's shard. A planet
   * its player no longer holds makes the fleet bounce with everything it carried. A moon that is
   * gone sends the fleet to its planet instead (§11), except deathstars, which turn back.
   */
  arrive(fleetId: string, now: number, settings: UniverseSettings): C | null {
    const a = this.store.arrival(fleetId);
    if (!a) return null;
    this.store.deleteArrival(fleetId);
    const target = a.targetOwnerId ? this.host.load(a.targetOwnerId) : null;
    const advanced = target ? advance(target, { now, settings }) : null;
    const found = advanced && a.targetPlanetId ? landingPlace(advanced.empire, { ...a.target, planetId: a.targetPlanetId }) : null;
    const place = a.mission === "moon_destruction" && found?.type !== "moon" ? null : found;
    const run = HOSTILE_ARRIVALS[a.mission];
    if (run && target && advanced && place) {
      const planet = targetAt(advanced.empire, place.id, a.arrivalAt, settings);
      if (planet) return this.hostile(a, target, advanced, planet, now, settings, run);
    }
    const lands = a.mission === "deploy" ? a.ships : {};
    const landed = advanced && place ? landOnPlanet(advanced.empire, place.id, lands, a.cargo, a.arrivalAt, settings) : null;
    const outcome: Outcome = !landed ? "target_gone" : a.mission === "deploy" ? "deployed" : "delivered";
    const back: ArrivedPayload = {
      fleetId,
      outcome,
      ships: outcome === "deployed" ? {} : a.ships,
      cargo: landed ? NO_RESOURCES : a.cargo,
      arrivedAt: a.arrivalAt,
    };
    this.host.outbox.send({ effect_id: `fleet:${fleetId}:arrived`, kind: "fleet_arrived", target: a.ownerShard, payload: back }, now);
    if (!target || !advanced || !landed) return null;
    if (target.playerId !== a.ownerId) {
      this.host.notify(
        target.playerId,
        "fleet_delivered",
        `${a.ownerUsername}'s fleet delivered its cargo`,
        { fleetId, cargo: a.cargo },
        a.arrivalAt,
      );
    }
    // Saved after the outcome: a deploy's fleet row is gone by now (same shard), so its ships count once.
    return this.host.persist(target, { ...advanced, empire: landed }, now);
  }

  /**
   * Arrival owner, a war mission at a planet its player still holds: the battle or the probes'
   * visit, its debris sent to the system object, the defender's report and notice stored, all in
   * the arrival's transaction; the attacker's copy travels with the outcome.
   */
  private hostile(
    a: Arrival,
    target: Empire,
    advanced: CommandSuccess,
    planet: Planet,
    now: number,
    settings: UniverseSettings,
    run: typeof attackArrival,
  ): C {
    const names = { attacker: a.ownerUsername, defender: this.host.username(target.playerId) };
    const r: HostileResult = run(a, advanced.empire, planet, names, settings);
    const debris = r.debris.metal + r.debris.crystal + r.debris.deuterium;
    if (debris > 0) this.host.outbox.send(debrisEffect(this.host.universeId(), a, r.debris), now);
    if (r.record) this.storeReport(r.record, target.playerId);
    if (r.counterEspionageChance !== null) {
      this.host.notify(
        target.playerId,
        "espionage_notice",
        `${a.ownerUsername}'s probes spied on ${planet.name} [${planet.coords.galaxy}:${planet.coords.system}:${planet.coords.position}]`,
        { fleetId: a.fleetId, from: a.origin, by: a.ownerUsername, counterEspionageChance: r.counterEspionageChance },
        a.arrivalAt,
      );
    }
    const attempt = r.record?.moonDestruction;
    if (attempt) {
      const { galaxy, system, position } = planet.coords;
      this.host.notify(
        target.playerId,
        "moon_destruction",
        `${a.ownerUsername}'s deathstars ${attempt.destroyed ? "destroyed" : "failed to destroy"} ${planet.name} [${galaxy}:${system}:${position}]`,
        { fleetId: a.fleetId, reportId: a.fleetId, moonId: planet.id, ...attempt },
        a.arrivalAt,
      );
    }
    const outcome: Outcome = Object.keys(r.ships).length === 0 ? "destroyed" : a.mission === "espionage" ? "spied" : "battle";
    const back: ArrivedPayload = {
      fleetId: a.fleetId,
      outcome,
      ships: r.ships,
      cargo: outcome === "destroyed" ? NO_RESOURCES : r.cargo,
      arrivedAt: a.arrivalAt,
      ...(r.record ? { report: r.record } : {}),
      ...(r.espionage ? { espionage: r.espionage } : {}),
    };
    this.host.outbox.send({ effect_id: `fleet:${a.fleetId}:arrived`, kind: "fleet_arrived", target: a.ownerShard, payload: back }, now);
    return this.host.persist(target, { ...advanced, empire: r.empire }, now);
  }

  /** One player's copy of a battle report, with its notice; a second copy of the same battle is nothing. */
  private storeReport(record: StoredBattleReport, playerId: string): void {
    for (const stored of saveReport(this.host.sql, record, [playerId])) {
      this.push(stored, { type: "notification", kind: "battle_report", reportId: record.id, at: record.at });
    }
  }

  /** Owner's shard: the outcome of the arrival; the fleet turns home (a deploy ends here). */
  private arrived(p: ArrivedPayload): { known: boolean } {
    const stored = this.store.get(p.fleetId);
    if (!stored) return { known: false };
    const { fleet } = stored;
    const founding = p.outcome === "colonised" ? this.colonise(stored, p) : null;
    if (founding) p = founding.payload;
    if (p.report) this.storeReport(p.report, fleet.ownerId);
    this.host.notify(
      fleet.ownerId,
      "fleet_arrived",
      `${fleet.mission} fleet ${ARRIVED_MESSAGE[p.outcome]}`,
      {
        fleetId: fleet.id,
        outcome: p.outcome,
        ...(p.colony ? { colony: p.colony } : {}),
        ...(p.collected ? { collected: p.collected } : {}),
        ...(p.refusal ? { refusal: p.refusal } : {}),
        ...(p.report ? { reportId: p.report.id } : {}),
        ...(p.report?.moonDestruction ? { moonDestruction: p.report.moonDestruction } : {}),
        ...(p.espionage ? { target: fleet.target, espionage: p.espionage } : {}),
      },
      p.arrivedAt,
    );
    // A deploy ends at the target, and so does a colony ship that flew alone, and a fleet shot down.
    if (p.outcome === "deployed" || p.outcome === "destroyed" || (p.outcome === "colonised" && Object.keys(p.ships).length === 0)) {
      this.store.delete(fleet.id);
      this.push(fleet.ownerId, { type: "fleet_arrived", fleet: { ...fleetView(stored), state: "arrived" }, outcome: p.outcome });
      founding?.save();
      if (p.outcome === "destroyed") this.rescore(fleet.ownerId);
      return { known: true };
    }
    const returning: Fleet = {
      ...fleet,
      state: "returning",
      ships: p.ships,
      cargo: p.cargo,
      returnAt: fleet.returnAt ?? fleet.arrivalAt + fleet.flightMs,
    };
    const next: StoredFleet = { ...stored, fleet: returning, recalledAt: null, outcome: p.outcome };
    this.store.update(next);
    this.host.timers.schedule(returnKey(fleet.id), returning.returnAt ?? p.arrivedAt, RETURN_TIMER, { fleetId: fleet.id });
    this.push(fleet.ownerId, { type: "fleet_arrived", fleet: fleetView(next), outcome: p.outcome });
    // Saved after the fleet row changed, so the consumed colony ship leaves the score at once.
    founding?.save();
    if (p.report) this.rescore(fleet.ownerId);
    return { known: true };
  }

  /**
   * Ships lost at the target leave the score now (ships in flight count, §13), not when the rest
   * lands: the empire is saved again after the fleet row changed, which recomputes its points.
   */
  private rescore(playerId: string): void {
    const empire = this.host.load(playerId);
    if (!empire) return;
    const now = Date.now();
    const advanced = advance(empire, { now, settings: this.host.settings() });
    this.committed.push(this.host.persist(empire, { ...advanced, empire: { ...advanced.empire } }, now));
  }

  /**
   * Owner's shard, a colony ship's slot won (§10, docs/universe-cross-shard.md §5): the colony is
   * founded with the cargo and one colony ship is consumed; or the empire refuses it (planet
   * limit, astrophysics), the system object is told to release the slot, and everything flies
   * home. Answers the outcome the fleet turns home with, and how to save the new colony.
   */
  private colonise(stored: StoredFleet, p: ArrivedPayload): { payload: ArrivedPayload; save: () => void } {
    const { fleet } = stored;
    const colony = p.colony;
    const empire = this.host.load(fleet.ownerId);
    if (!colony || !empire) throw new Error(`colony ship ${fleet.id} has no colony or no empire`);
    const now = Date.now();
    // The planet's size and climate are rolled once: the inbox makes this step run once.
    const rng = seededRng(crypto.getRandomValues(new Uint32Array(1))[0]!);
    const ctx = { now, settings: this.host.settings(), newId: () => crypto.randomUUID(), rng };
    const landing = landColonists(empire, { ships: p.ships, cargo: p.cargo }, colony, ctx);
    if (landing.ok) {
      const save = () => this.committed.push(this.host.persist(empire, landing.result, now));
      return { payload: { ...p, ships: landing.shipsBack, cargo: landing.cargoBack }, save };
    }
    this.host.outbox.send(
      { effect_id: `slot:${fleet.id}:release`, kind: "slot_release", target: stored.arrivalOwner, payload: { planetId: colony.planetId } },
      now,
    );
    const { colony: _released, ...back } = p;
    const payload: ArrivedPayload = {
      ...back,
      outcome: "colony_refused",
      ships: landing.shipsBack,
      cargo: landing.cargoBack,
      refusal: landing.refusal.code,
    };
    return { payload, save: () => undefined };
  }

  /** Owner's shard, at the return time: ships and cargo land on the source planet and the slot frees. */
  land(fleetId: string, now: number, settings: UniverseSettings): C | null {
    const stored = this.store.get(fleetId);
    if (!stored) return null;
    const { fleet } = stored;
    const empire = this.host.load(fleet.ownerId);
    if (!empire) throw new Error(`fleet ${fleetId} returns to no empire`);
    const advanced = advance(empire, { now, settings });
    const at = fleet.returnAt ?? now;
    // Abandoning a planet is refused while its fleets fly (§6), so the source planet is there, or
    // the planet of a source moon that was destroyed meanwhile (§11): the fleet lands there.
    const home = landingPlace(advanced.empire, fleet.origin);
    const landed = home && landOnPlanet(advanced.empire, home.id, fleet.ships, fleet.cargo, at, settings);
    if (!landed) throw new Error(`fleet ${fleetId} returns to a planet its owner no longer has`);
    this.store.delete(fleetId);
    this.host.notify(
      fleet.ownerId,
      "fleet_returned",
      `${fleet.mission} fleet is back home`,
      { fleetId, ships: fleet.ships, cargo: fleet.cargo },
      at,
    );
    this.push(fleet.ownerId, { type: "fleet_returned", fleet: { ...fleetView(stored), state: "returned" } });
    return this.host.persist(empire, { ...advanced, empire: landed }, now);
  }

  /** Queues a frame for the player's sockets, sent after the commit (see `takeNotices`). */
  push(playerId: string, frame: Record<string, unknown>): void {
    this.notices.push({ playerId, frame });
  }
}

export interface FleetView {
  id: string;
  mission: Mission;
  /** `recalling` while the arrival owner has not answered a recall yet. */
  state: "outbound" | "holding" | "recalling" | "returning";
  from: Fleet["origin"];
  to: Fleet["target"];
  targetPlanetId: string | null;
  ships: ShipCounts;
  cargo: Resources;
  speed: number;
  fuel: number;
  departureAt: number;
  arrivalAt: number;
  returnAt: number | null;
  recalledAt: number | null;
  /** What happened at the target, once known: delivered, target_gone, recalled. */
  outcome: string | null;
}

/**
 * Another player's fleet as its target's owner sees it: who, from where, what mission, when.
 * Named fields only, so nothing new in `Arrival` leaks; the cargo never shows, and a hostile
 * fleet's ships do not either (a phalanx would show them).
 */
export interface IncomingView {
  fleetId: string;
  ownerId: string;
  ownerUsername: string;
  mission: Mission;
  origin: Arrival["origin"];
  target: Arrival["target"];
  targetPlanetId: string | null;
  departureAt: number;
  arrivalAt: number;
  ships?: ShipCounts;
}

function incomingView(a: Arrival): IncomingView {
  return {
    fleetId: a.fleetId,
    ownerId: a.ownerId,
    ownerUsername: a.ownerUsername,
    mission: a.mission,
    origin: a.origin,
    target: a.target,
    targetPlanetId: a.targetPlanetId,
    departureAt: a.departureAt,
    arrivalAt: a.arrivalAt,
    ...(HOSTILE_MISSIONS.has(a.mission) ? {} : { ships: a.ships }),
  };
}

function fleetView(s: StoredFleet): FleetView {
  const { fleet } = s;
  return {
    id: fleet.id,
    mission: fleet.mission,
    state: fleet.state === "outbound" && s.recalledAt !== null ? "recalling" : fleet.state,
    from: fleet.origin,
    to: fleet.target,
    targetPlanetId: s.targetPlanetId,
    ships: fleet.ships,
    cargo: fleet.cargo,
    speed: fleet.speed,
    fuel: fleet.fuel,
    departureAt: fleet.departureAt,
    arrivalAt: fleet.arrivalAt,
    returnAt: fleet.returnAt,
    recalledAt: s.recalledAt,
    outcome: s.outcome,
  };
}
