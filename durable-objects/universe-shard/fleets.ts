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
  fewerShips,
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
  formUnion,
  type ShipCounts,
  type Union,
  type SystemArrival,
  seededRng,
  type TargetSight,
  type UniverseSettings,
  validateLaunch,
} from "../../src/universe/engine/index";
import { landingPlace } from "../../src/universe/engine/moons";
import type { Effect, Outbox, Timers } from "../kit";
import { type Arrival, arriveKey, FleetStore, type StoredFleet } from "./fleet-store";
import {
  attackArrival,
  debrisEffect,
  espionageArrival,
  type HostileResult,
  moonDestructionArrival,
  targetAt,
} from "./hostile-arrivals";
import { HELD_EFFECT, HoldDesk, type HeldPayload, type HoldingView, holdingView } from "./acs-defend";
import { saveReport } from "./reports";
import { UNION_FORM, UNION_UPDATE, UnionDesk, type UnionFormPayload, type UnionUpdatePayload, type UnionView } from "./unions";

/*
 * Fleets across shards (docs/universe-cross-shard.md §4): launch and recall in the owner's shard,
 * `fleet_incoming` to the arrival owner, the arrival at its due time, `fleet_arrived` back to the
 * owner, and the return home. Every step is one transaction of one object; the steps between
 * objects are outbox effects, so each happens once whatever restarts.
 */

export const ARRIVE_TIMER = "arrive";
export const RETURN_TIMER = "return";
const returnKey = (fleetId: string) => `return:${fleetId}`;

/** Missions whose arrival is implemented (missiles are not a fleet: missiles.ts). */
const FLYABLE: ReadonlySet<Mission> = new Set<Mission>([
  "transport",
  "deploy",
  "colonise",
  "recycle",
  "attack",
  "espionage",
  "acs_defend",
  "acs_attack",
  "moon_destruction",
]);

/** Outcomes of arrivals at planets, and those a system object sends (colonise, recycle). */
export type Outcome =
  | "delivered"
  | "deployed"
  | "target_gone"
  | "colony_refused"
  | "battle"
  | "spied"
  | "destroyed"
  | "holding"
  | "union_refused"
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
  holding: "holds at the buddy's planet",
  union_refused: "could not join its union and turns back",
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
  target: { planetId: string | null; ownerId: string | null; ownerPoints: number; debris: boolean; ownerIsBuddy?: boolean };
  /** The launcher's points (D1), for newbie protection. */
  points: number;
  /** ACS attack: the union as its target's shard answered just before the launch. */
  union?: Union;
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
    ...(input.union ? [input.union.id] : []),
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
  /** ACS defend: buddies' fleets holding at this shard's planets. */
  readonly holding: HoldDesk;
  /** ACS attack: unions at this shard's planets, and the views of those its players are in. */
  readonly unions: UnionDesk;
  private notices: Notice[] = [];
  /** Empire changes made by received effects (a colony), published by the shard after the commit. */
  private committed: C[] = [];

  constructor(private readonly host: FleetHost<C>) {
    this.store = new FleetStore(host.sql);
    const push = (p: string, f: Record<string, unknown>) => this.push(p, f);
    this.holding = new HoldDesk(host.sql, { timers: host.timers, outbox: host.outbox, push });
    this.unions = new UnionDesk({
      sql: host.sql,
      timers: host.timers,
      outbox: host.outbox,
      self: host.self,
      store: this.store,
      settings: () => host.settings(),
      universeId: () => host.universeId(),
      push,
      announce: (a) => this.announce(a),
    });
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

  /** Buddies' fleets holding at the player's planets (ACS defend), ending soonest first. */
  hostedBy(playerId: string): HoldingView[] {
    return this.holding.store.hostedBy(playerId).map(holdingView);
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
      ownerIsBuddy: target.ownerIsBuddy ?? false,
    };
    const world = {
      fleetId: uuidv7(now),
      fleetsInFlight: this.store.count(empire.playerId),
      points: input.points,
      target: sight,
      ...(input.union ? { union: input.union } : {}),
    };
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
      ...(HOSTILE_MISSIONS.has(fleet.mission) || fleet.mission === "acs_defend" ? { research: plan.empire.research } : {}),
      ...(fleet.holdUntil !== null ? { holdUntil: fleet.holdUntil } : {}),
      ...(fleet.unionId !== null ? { unionId: fleet.unionId, ownArrivalAt: fleet.departureAt + fleet.flightMs } : {}),
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
    // A fleet recalled on its way whose arrival won the race may be recalled again while it holds: a new effect.
    const effectId = stored.fleet.state === "holding" ? `fleet:${fleetId}:recall:hold` : `fleet:${fleetId}:recall`;
    this.host.outbox.send({ effect_id: effectId, kind: "fleet_recall", target: stored.arrivalOwner, payload }, now);
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
      case HELD_EFFECT:
        return this.held(effect.payload as HeldPayload);
      case UNION_FORM:
        return this.unions.form(effect.payload as UnionFormPayload, Date.now());
      case UNION_UPDATE:
        return this.unions.update(effect.payload as UnionUpdatePayload);
      default:
        throw new Error(`unknown effect kind ${effect.kind}`);
    }
  }

  /** The sender's side of an answer, in the transaction that deletes the outbox row. */
  onAck(effect: Effect, result: unknown): void {
    if (effect.kind !== "fleet_recall") return;
    const { fleetId } = effect.payload as RecallPayload;
    const stored = this.store.get(fleetId);
    if ((stored?.fleet.state !== "outbound" && stored?.fleet.state !== "holding") || stored.recalledAt === null) return;
    const answer = result as { recalled: boolean; ships?: ShipCounts };
    // "arrived": the arrival (or the hold's end) ran first and its outcome is on its way; the recall changes nothing.
    if (!answer.recalled) {
      this.store.update({ ...stored, recalledAt: null });
      return;
    }
    const turned = recallFleet(stored.fleet, stored.recalledAt);
    if (!turned.ok) throw new Error(`recalled fleet ${fleetId} cannot turn: ${turned.code}`);
    // A holder recalled from its post comes home with the ships its battles left.
    const ships = answer.ships ? fewerShips(turned.fleet.ships, answer.ships) : turned.fleet.ships;
    const next = { ...stored, fleet: { ...turned.fleet, ships }, outcome: "recalled" };
    this.store.update(next);
    this.host.timers.schedule(returnKey(fleetId), turned.fleet.returnAt ?? stored.recalledAt, RETURN_TIMER, { fleetId });
    this.push(stored.fleet.ownerId, { type: "fleet_recalled", fleet: fleetView(next) });
  }

  /** Arrival owner: records the arrival and wakes up at its time. */
  private incoming(incoming: Arrival): { accepted: true } {
    let a = incoming;
    if (a.unionId) {
      // ACS attack: the union decides; a member has no timer of its own, the union's fights it.
      const now = Date.now();
      const joined = this.unions.join(a, now);
      if (!joined.ok) {
        this.refuseUnion(a, joined.code, now);
        return { accepted: true };
      }
      a = { ...a, arrivalAt: joined.arrivalAt };
      this.store.insertArrival(a);
    } else {
      this.store.insertArrival(a);
      this.host.timers.schedule(arriveKey(a.arrivalAt, a.fleetId), a.arrivalAt, ARRIVE_TIMER, { fleetId: a.fleetId });
    }
    this.announce(a);
    return { accepted: true };
  }

  /** The target's owner sees another player's fleet coming (again, when a union's delay moves it). */
  private announce(a: Arrival): void {
    if (a.targetOwnerId && a.targetOwnerId !== a.ownerId) this.push(a.targetOwnerId, { type: "fleet_incoming", fleet: incomingView(a) });
  }

  private dropArrival(r: RecallPayload): { recalled: boolean; ships?: ShipCounts } {
    const a = this.store.arrival(r.fleetId);
    if (!a) return this.holding.recall(r.fleetId) ?? { recalled: false };
    this.store.deleteArrival(r.fleetId);
    this.host.timers.cancel(arriveKey(a.arrivalAt, a.fleetId));
    if (a.unionId) this.unions.leave(a.unionId, a.fleetId, Date.now());
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
    if (HOSTILE_MISSIONS.has(a.mission) && target && advanced && place) {
      const planet = targetAt(advanced.empire, place.id, a.arrivalAt, settings);
      if (planet) return this.hostile([a], a.fleetId, target, advanced, planet, now, settings);
    }
    if (a.mission === "acs_defend" && a.holdUntil !== undefined && place && place.id === a.targetPlanetId) {
      return this.hold({ ...a, holdUntil: a.holdUntil }, now);
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
   * the arrival's transaction; each attacker's copy travels with its fleet's outcome. `members`
   * is the arriving fleet, or an ACS union's fleets in join order (`battleId` the union's id).
   */
  private hostile(
    members: readonly Arrival[],
    battleId: string,
    target: Empire,
    advanced: CommandSuccess,
    planet: Planet,
    now: number,
    settings: UniverseSettings,
  ): C {
    const a = members[0];
    if (!a) throw new Error(`battle ${battleId} has no attacker`);
    const spying = a.mission === "espionage";
    const present = this.holding.store.atPlanet(planet.id);
    // Holders fight beside the owner in battles; probes only see them (counter-espionage is the owner's ships alone).
    const holders = spying ? [] : present;
    const defence = { playerId: target.playerId, name: this.host.username(target.playerId), holders };
    const r: HostileResult = spying
      ? espionageArrival(a, advanced.empire, planet, defence, settings, present)
      : a.mission === "moon_destruction"
        ? moonDestructionArrival(members, battleId, advanced.empire, planet, defence, settings)
        : attackArrival(members, battleId, advanced.empire, planet, defence, settings);
    const debris = r.debris.metal + r.debris.crystal + r.debris.deuterium;
    if (debris > 0) this.host.outbox.send(debrisEffect(this.host.universeId(), battleId, a.target, r.debris), now);
    if (r.record) this.storeReport(r.record, target.playerId);
    if (r.record && holders.length > 0) this.holding.afterBattle(holders, r.holders, r.record, now);
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
        { fleetId: a.fleetId, reportId: battleId, moonId: planet.id, ...attempt },
        a.arrivalAt,
      );
    }
    for (const m of members) {
      const fleet = r.fleets.find((f) => f.fleetId === m.fleetId);
      const ships = fleet?.ships ?? {};
      const outcome: Outcome = Object.keys(ships).length === 0 ? "destroyed" : spying ? "spied" : "battle";
      const back: ArrivedPayload = {
        fleetId: m.fleetId,
        outcome,
        ships,
        cargo: outcome === "destroyed" ? NO_RESOURCES : (fleet?.cargo ?? NO_RESOURCES),
        arrivedAt: m.arrivalAt,
        ...(r.record ? { report: r.record } : {}),
        ...(r.espionage ? { espionage: r.espionage } : {}),
      };
      this.host.outbox.send({ effect_id: `fleet:${m.fleetId}:arrived`, kind: "fleet_arrived", target: m.ownerShard, payload: back }, now);
    }
    return this.host.persist(target, { ...advanced, empire: r.empire }, now);
  }

  /**
   * Arrival owner, a would-be member the union refused (gone, full, or it would now arrive too
   * late): it flies on to the target's position and turns back there, as a fleet whose target is gone.
   */
  private refuseUnion(a: Arrival, refusal: string, now: number): void {
    const back: ArrivedPayload = {
      fleetId: a.fleetId,
      outcome: "union_refused",
      ships: a.ships,
      cargo: a.cargo,
      arrivedAt: a.arrivalAt,
      refusal,
    };
    this.host.outbox.send({ effect_id: `fleet:${a.fleetId}:arrived`, kind: "fleet_arrived", target: a.ownerShard, payload: back }, now);
  }

  /**
   * Arrival owner, an ACS union's timer: its members fight as one attacker side, in join order,
   * with the union's id naming the battle, its seed and its report; each member's survivors and
   * loot share go home to its own owner's shard. A timer that runs early (a test brings it
   * forward) fights at its run time.
   */
  arriveUnion(unionId: string, now: number, settings: UniverseSettings): C | null {
    const taken = this.unions.take(unionId, now);
    if (!taken || taken.members.length === 0) return null;
    const at = Math.min(now, taken.union.arrivalAt);
    const members = taken.members.map((m) => ({ ...m, arrivalAt: at }));
    const first = members[0] as Arrival;
    const target = first.targetOwnerId ? this.host.load(first.targetOwnerId) : null;
    const advanced = target ? advance(target, { now, settings }) : null;
    const place = advanced && first.targetPlanetId ? landingPlace(advanced.empire, { ...first.target, planetId: first.targetPlanetId }) : null;
    const planet = advanced && place ? targetAt(advanced.empire, place.id, at, settings) : null;
    if (target && advanced && planet) return this.hostile(members, unionId, target, advanced, planet, now, settings);
    for (const m of members) {
      const back: ArrivedPayload = { fleetId: m.fleetId, outcome: "target_gone", ships: m.ships, cargo: m.cargo, arrivedAt: at };
      this.host.outbox.send({ effect_id: `fleet:${m.fleetId}:arrived`, kind: "fleet_arrived", target: m.ownerShard, payload: back }, now);
    }
    return null;
  }

  /**
   * Owner's shard: turns the player's attack in flight into an ACS union (§13) inviting `invited`
   * (player ids, members of the universe). The fleet becomes the union's first member here; the
   * target's shard, which keeps the union, is told by `union:<id>:form` and tells every player.
   */
  formUnion(playerId: string, fleetId: string, invited: readonly string[], now: number): UnionView | Failure {
    const stored = this.store.get(fleetId);
    if (!stored || stored.fleet.ownerId !== playerId) return fail("fleet_not_found", `no fleet ${fleetId}`);
    if (stored.recalledAt !== null) return fail("mission_not_allowed", "the fleet is being recalled");
    const formed = formUnion(stored.fleet, uuidv7(now), invited, now);
    if (!formed.ok) return formed;
    this.store.update({ ...stored, fleet: formed.fleet });
    const ownerUsername = this.host.username(playerId);
    const payload: UnionFormPayload = { union: formed.union, ownerUsername, fleetId };
    this.host.outbox.send({ effect_id: `union:${formed.union.id}:form`, kind: UNION_FORM, target: stored.arrivalOwner, payload }, now);
    const { union } = formed;
    return {
      ...union,
      invited: [...union.invited],
      target: union.target as Fleet["target"],
      ownerUsername,
      arrivalOwner: stored.arrivalOwner,
      ended: false,
      seq: 0,
    };
  }

  /**
   * Arrival owner, an ACS-defend fleet at a planet its buddy still holds: it stays until its hold
   * ends (the `hold:` timer), and its owner's shard hears that it holds.
   */
  private hold(a: Arrival & { holdUntil: number }, now: number): null {
    this.holding.begin(a);
    const back: ArrivedPayload = { fleetId: a.fleetId, outcome: "holding", ships: a.ships, cargo: a.cargo, arrivedAt: a.arrivalAt };
    this.host.outbox.send({ effect_id: `fleet:${a.fleetId}:arrived`, kind: "fleet_arrived", target: a.ownerShard, payload: back }, now);
    if (a.targetOwnerId) {
      const until = new Date(a.holdUntil).toISOString();
      const data = { fleetId: a.fleetId, by: a.ownerUsername, holdUntil: a.holdUntil };
      const message = `${a.ownerUsername}'s fleet holds at your planet until ${until}`;
      this.host.notify(a.targetOwnerId, "fleet_holding", message, data, a.arrivalAt);
    }
    return null;
  }

  /**
   * Owner's shard, news of a holding fleet from its host: a battle it fought (its copy of the
   * report, the ships left) or the end of its hold, when it starts home. A fleet already
   * returning (recalled, or released first) has its final ships; a wiped-out one ends here.
   */
  private held(p: HeldPayload): { known: boolean } {
    if (p.report) this.storeReport(p.report, p.ownerId);
    const stored = this.store.get(p.fleetId);
    if (!stored) return { known: false };
    const { fleet } = stored;
    if (fleet.state === "returning") return { known: true };
    const ships = fewerShips(fleet.ships, p.ships);
    // fewerShips keeps the fleet's key order, so equal counts serialise alike.
    const lost = JSON.stringify(ships) !== JSON.stringify(fleet.ships);
    if (Object.keys(ships).length === 0) {
      this.store.delete(fleet.id);
      const data = { fleetId: fleet.id, outcome: "destroyed", reportId: p.report?.id };
      const message = `${fleet.mission} fleet ${ARRIVED_MESSAGE.destroyed}`;
      this.host.notify(fleet.ownerId, "fleet_arrived", message, data, p.report?.at ?? Date.now());
      this.push(fleet.ownerId, { type: "fleet_arrived", fleet: { ...fleetView(stored), state: "arrived" }, outcome: "destroyed" });
    } else if (p.releasedAt !== undefined) {
      const returnAt = p.releasedAt + fleet.flightMs;
      const next: StoredFleet = { ...stored, fleet: { ...fleet, ships, state: "returning", returnAt }, recalledAt: null, outcome: "held" };
      this.store.update(next);
      this.host.timers.schedule(returnKey(fleet.id), returnAt, RETURN_TIMER, { fleetId: fleet.id });
      this.push(fleet.ownerId, { type: "fleet_hold_ended", fleet: fleetView(next) });
    } else {
      this.store.update({ ...stored, fleet: { ...fleet, ships } });
    }
    if (lost) this.rescore(fleet.ownerId);
    return { known: true };
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
    if (p.outcome === "holding") return this.holds(stored, p);
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
      // A union member fought when the union arrived, which this shard may not have heard of yet.
      returnAt: fleet.unionId !== null ? p.arrivedAt + fleet.flightMs : (fleet.returnAt ?? fleet.arrivalAt + fleet.flightMs),
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

  /** Owner's shard: the fleet holds at its buddy's planet (unless its release or recall came first). */
  private holds(stored: StoredFleet, p: ArrivedPayload): { known: boolean } {
    const { fleet } = stored;
    if (fleet.state !== "outbound") return { known: true };
    const ships = fewerShips(fleet.ships, p.ships);
    const next: StoredFleet = { ...stored, fleet: { ...fleet, state: "holding", ships }, outcome: "holding" };
    this.store.update(next);
    const data = { fleetId: fleet.id, outcome: "holding", holdUntil: fleet.holdUntil };
    this.host.notify(fleet.ownerId, "fleet_arrived", `${fleet.mission} fleet ${ARRIVED_MESSAGE.holding}`, data, p.arrivedAt);
    this.push(fleet.ownerId, { type: "fleet_arrived", fleet: fleetView(next), outcome: "holding" });
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
  /** ACS attack: the union the fleet flies in. */
  unionId: string | null;
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
    unionId: fleet.unionId,
  };
}
