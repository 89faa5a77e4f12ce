import { uuidv7 } from "../../src/lib/uuidv7";
import { arrivalOwnerFor } from "../../src/universe/addressing";
import type { DefenseName } from "../../src/universe/engine/catalog-types";
import {
  advance,
  type CommandSuccess,
  type Coordinates,
  type Empire,
  type Failure,
  type UniverseSettings,
} from "../../src/universe/engine/index";
import { buildMissileReport, type MissileReport } from "../../src/universe/engine/missile-report";
import { fireMissiles, type MissileSight, strikePlanet } from "../../src/universe/engine/missiles";
import type { DoMigration, Effect, Outbox, Timers } from "../kit";
import { targetAt } from "./hostile-arrivals";
import { saveReport } from "./reports";

/*
 * Interplanetary missiles in flight (§13, docs/combat.md "Missiles in flight"). Not a fleet: no
 * slot, no recall, nothing flies home. The launch takes the missiles from the silo and sends
 * `missile_incoming` to the target owner's shard, in one transaction; that shard keeps the
 * flight and strikes at its impact time (a `missile:` timer, one transaction with the defender's
 * losses and report); `missile_impact` carries the attacker's copy of the report back. The
 * launcher keeps its own row until then, for its list of missiles in flight.
 */

export const MISSILE_TIMER = "missile";
const impactKey = (at: number, id: string) => `missile:${String(at).padStart(15, "0")}:${id}`;

/** Versions 130–139 are this file's. */
export const MISSILE_MIGRATIONS: DoMigration[] = [
  {
    version: 130,
    name: "missiles",
    // missile_launches: this shard's players' missiles in flight; missile_arrivals: anyone's
    // missiles heading to this shard's planets, struck by the `missile:` timers.
    sql: `CREATE TABLE missile_launches (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, data TEXT NOT NULL);
    CREATE INDEX missile_launches_owner ON missile_launches (owner_id, id);
    CREATE TABLE missile_arrivals (id TEXT PRIMARY KEY, target_owner_id TEXT NOT NULL, impact_at INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE INDEX missile_arrivals_target ON missile_arrivals (target_owner_id, impact_at);`,
  },
];

/** One launch: the `missile_incoming` effect's payload, and the launcher's row. */
export interface MissileFlight {
  /** UUIDv7: flights sort by launch. */
  id: string;
  ownerId: string;
  ownerUsername: string;
  ownerShard: string;
  from: Coordinates & { planetId: string };
  to: Coordinates;
  targetPlanetId: string;
  targetOwnerId: string;
  count: number;
  primary: DefenseName | null;
  /** The launcher's weapons technology at launch: the missiles carry it (as a fleet carries its techs). */
  weapons: number;
  launchedAt: number;
  impactAt: number;
}

/** The launcher's view of its missiles in flight. */
export type MissileFlightView = Omit<MissileFlight, "ownerShard" | "ownerUsername" | "targetOwnerId" | "weapons">;

/**
 * Missiles coming at one's planet, as the target sees them: who, from where, how many, when.
 * Named fields only; the primary target (the attacker's intent) and its technology stay hidden.
 */
export interface IncomingMissilesView {
  id: string;
  ownerId: string;
  ownerUsername: string;
  from: Coordinates;
  to: Coordinates;
  targetPlanetId: string;
  count: number;
  launchedAt: number;
  impactAt: number;
}

interface ImpactPayload {
  id: string;
  outcome: "impact" | "target_gone";
  at: number;
  report?: MissileReport;
}

export interface MissileLaunchInput {
  planetId: string;
  to: Coordinates;
  count: number;
  primary: DefenseName | null;
  /** What `planet_slots` holds at the target, and the highscore's points. */
  target: { planetId: string | null; ownerId: string | null; ownerPoints: number };
  points: number;
}

/** A retry with the same `Idempotency-Key` must ask for the same launch. */
export function missileFingerprint(input: MissileLaunchInput): string {
  const { planetId, to, count, primary } = input;
  return JSON.stringify([planetId, to.galaxy, to.system, to.position, count, primary]);
}

/** What the shard lends the missile desk (a subset of the fleet desk's host). */
export interface MissileHost<C> {
  readonly sql: SqlStorage;
  readonly timers: Timers;
  readonly outbox: Outbox;
  readonly self: string;
  load(playerId: string): Empire | null;
  username(playerId: string): string;
  persist(before: Empire, result: CommandSuccess, now: number): C;
  notify(playerId: string, kind: string, message: string, data: Record<string, unknown>, at: number): void;
  /** Queues a frame for a player's sockets, sent after the commit (the fleet desk's queue). */
  push(playerId: string, frame: Record<string, unknown>): void;
}

export const MISSILE_EFFECTS: ReadonlySet<string> = new Set(["missile_incoming", "missile_impact"]);

export class MissileDesk<C> {
  constructor(private readonly host: MissileHost<C>) {}

  /**
   * The launch against the empire settled to `now`: checked, then (inside the caller's
   * transaction) the missiles leave the silo, the launcher's row and `missile_incoming` are
   * written. Answers the flight and what to persist.
   */
  launch(
    advanced: CommandSuccess,
    input: MissileLaunchInput,
    now: number,
    meta: { universeId: string; settings: UniverseSettings },
  ): Failure | { ok: true; view: MissileFlightView; result: CommandSuccess } {
    const { settings } = meta;
    const empire = advanced.empire;
    const sight: MissileSight = { ownerId: input.target.ownerId, ownerPoints: input.target.ownerPoints };
    const order = { planetId: input.planetId, to: input.to, count: input.count, primary: input.primary };
    const fired = fireMissiles(empire, order, sight, input.points, settings);
    if (!fired.ok) return fired;
    const targetOwnerId = input.target.ownerId as string;
    const { galaxy, system, position } = fired.from.coords;
    const flight: MissileFlight = {
      id: uuidv7(now),
      ownerId: empire.playerId,
      ownerUsername: this.host.username(empire.playerId),
      ownerShard: this.host.self,
      from: { galaxy, system, position, planetId: fired.from.id },
      to: { galaxy: input.to.galaxy, system: input.to.system, position: input.to.position },
      targetPlanetId: input.target.planetId as string,
      targetOwnerId,
      count: input.count,
      primary: input.primary,
      weapons: empire.research.weapon_technology ?? 0,
      launchedAt: now,
      impactAt: now + fired.seconds * 1000,
    };
    this.host.sql.exec(
      "INSERT INTO missile_launches (id, owner_id, data) VALUES (?, ?, ?)",
      flight.id,
      flight.ownerId,
      JSON.stringify(flight),
    );
    const target = arrivalOwnerFor(meta.universeId, settings.shardCount, { ...flight.to, kind: "planet", ownerId: targetOwnerId });
    this.host.outbox.send({ effect_id: `missile:${flight.id}:incoming`, kind: "missile_incoming", target, payload: flight }, now);
    const view = launcherView(flight);
    this.host.push(flight.ownerId, { type: "missiles_launched", missiles: view });
    return { ok: true, view, result: { ...advanced, empire: fired.empire } };
  }

  /** The player's missiles in flight, oldest first, and those coming at the player's planets, soonest first. */
  list(playerId: string): { missiles: MissileFlightView[]; incoming: IncomingMissilesView[] } {
    const own = this.host.sql
      .exec<{ data: string }>("SELECT data FROM missile_launches WHERE owner_id = ? ORDER BY id", playerId)
      .toArray()
      .map((r) => launcherView(JSON.parse(r.data) as MissileFlight));
    const incoming = this.host.sql
      .exec<{ data: string }>("SELECT data FROM missile_arrivals WHERE target_owner_id = ? ORDER BY impact_at, id", playerId)
      .toArray()
      .map((r) => incomingView(JSON.parse(r.data) as MissileFlight));
    return { missiles: own, incoming };
  }

  /** The receiver's side of the missile effects, inside `applyOnce`. */
  apply(effect: Effect): unknown {
    if (effect.kind === "missile_incoming") return this.incoming(effect.payload as MissileFlight);
    return this.impacted(effect.payload as ImpactPayload);
  }

  /** Target's shard: keeps the flight, wakes at its impact, and shows it to the target at once. */
  private incoming(f: MissileFlight): { accepted: true } {
    this.host.sql.exec(
      "INSERT INTO missile_arrivals (id, target_owner_id, impact_at, data) VALUES (?, ?, ?, ?)",
      f.id,
      f.targetOwnerId,
      f.impactAt,
      JSON.stringify(f),
    );
    this.host.timers.schedule(impactKey(f.impactAt, f.id), f.impactAt, MISSILE_TIMER, { id: f.id });
    this.host.push(f.targetOwnerId, { type: "missiles_incoming", missiles: incomingView(f) });
    return { accepted: true };
  }

  /**
   * Target's shard, at the impact (inside the timer's transaction): the flight row goes, the
   * planet settled to the impact loses what the missiles destroy, the defender's report is
   * stored and the attacker's sent. A replay finds no row and does nothing. A planet its player
   * no longer holds is missed: the missiles are spent all the same.
   */
  strike(id: string, now: number, settings: UniverseSettings): C | null {
    const row = this.host.sql.exec<{ data: string }>("SELECT data FROM missile_arrivals WHERE id = ?", id).toArray()[0];
    if (!row) return null;
    const f = JSON.parse(row.data) as MissileFlight;
    this.host.sql.exec("DELETE FROM missile_arrivals WHERE id = ?", id);
    const target = this.host.load(f.targetOwnerId);
    const advanced = target ? advance(target, { now, settings }) : null;
    const planet = advanced ? targetAt(advanced.empire, f.targetPlanetId, f.impactAt, settings) : null;
    const back = (outcome: Omit<ImpactPayload, "id" | "at">) => {
      const payload: ImpactPayload = { id: f.id, at: f.impactAt, ...outcome };
      this.host.outbox.send({ effect_id: `missile:${f.id}:impact`, kind: "missile_impact", target: f.ownerShard, payload }, now);
    };
    if (!target || !advanced || !planet) {
      back({ outcome: "target_gone" });
      return null;
    }
    const hit = strikePlanet(planet, { count: f.count, primary: f.primary, attackerWeapons: f.weapons }, advanced.empire.research);
    const report = buildMissileReport({
      flightId: f.id,
      at: f.impactAt,
      origin: { galaxy: f.from.galaxy, system: f.from.system, position: f.from.position },
      target: { ...planet.coords, name: planet.name },
      attacker: { playerId: f.ownerId, name: f.ownerUsername },
      defender: { playerId: target.playerId, name: this.host.username(target.playerId) },
      launched: f.count,
      primary: f.primary,
      impact: hit.impact,
    });
    this.storeReport(report, target.playerId);
    this.host.push(target.playerId, impactFrame(f.id, "impact", report));
    back({ outcome: "impact", report });
    const empire = { ...advanced.empire, planets: advanced.empire.planets.map((p) => (p.id === planet.id ? hit.planet : p)) };
    // Saved with the losses: destroyed defences leave the score now.
    return this.host.persist(target, { ...advanced, empire }, now);
  }

  /** Launcher's shard: the outcome; the flight ends here. */
  private impacted(p: ImpactPayload): { known: boolean } {
    const row = this.host.sql.exec<{ data: string }>("SELECT data FROM missile_launches WHERE id = ?", p.id).toArray()[0];
    if (!row) return { known: false };
    const f = JSON.parse(row.data) as MissileFlight;
    this.host.sql.exec("DELETE FROM missile_launches WHERE id = ?", p.id);
    if (p.report) this.storeReport(p.report, f.ownerId);
    else {
      const { galaxy, system, position } = f.to;
      this.host.notify(
        f.ownerId,
        "missiles_missed",
        `${f.count} interplanetary missiles found no planet of the target at [${galaxy}:${system}:${position}]`,
        { missilesId: f.id, to: f.to },
        p.at,
      );
    }
    this.host.push(f.ownerId, impactFrame(f.id, p.outcome, p.report));
    return { known: true };
  }

  /** One player's copy of the report, with its notice (stored, and pushed after the commit). */
  private storeReport(report: MissileReport, playerId: string): void {
    for (const stored of saveReport(this.host.sql, report, [playerId])) {
      this.host.push(stored, { type: "notification", kind: "missile_report", reportId: report.id, at: report.at });
    }
  }
}

/** Both sides' frame at the impact: the flight is over (the report, when there is one, is listed with the others). */
const impactFrame = (missilesId: string, outcome: ImpactPayload["outcome"], report: MissileReport | undefined) => ({
  type: "missiles_impact",
  missilesId,
  outcome,
  ...(report ? { reportId: report.id } : {}),
});

function launcherView(f: MissileFlight): MissileFlightView {
  const { id, ownerId, from, to, targetPlanetId, count, primary, launchedAt, impactAt } = f;
  return { id, ownerId, from, to, targetPlanetId, count, primary, launchedAt, impactAt };
}

function incomingView(f: MissileFlight): IncomingMissilesView {
  const { galaxy, system, position } = f.from;
  return {
    id: f.id,
    ownerId: f.ownerId,
    ownerUsername: f.ownerUsername,
    from: { galaxy, system, position },
    to: f.to,
    targetPlanetId: f.targetPlanetId,
    count: f.count,
    launchedAt: f.launchedAt,
    impactAt: f.impactAt,
  };
}
