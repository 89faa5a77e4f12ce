import { shardName, shardOf } from "../../src/universe/registry";
import { type Failure, type FleetTarget, fail, joinUnion, type Union, type UniverseSettings } from "../../src/universe/engine/index";
import type { DoMigration, Outbox, Timers } from "../kit";
import { type Arrival, arriveKey, type FleetStore } from "./fleet-store";

/*
 * ACS attack unions (§13, docs/combat.md "ACS attack"). A union attacks one planet, so it lives
 * where that planet's arrivals live: the target owner's shard. Its members are ordinary arrival
 * rows carrying the union id, and one timer (`union_arrive`, keyed like any arrival) fights them
 * as one attacker side. Joining is decided here, when a member's `incoming` effect lands. Each
 * change (formed, joined, delayed, left, arrived) bumps the union's `seq` and sends the new view
 * to the shard of every player of the union (owner and invited); those shards keep it for the
 * union listing and move their member fleets' arrival to the union's, which only ever grows.
 */

/** ACS owns shard migrations 160–169 (160: holders). */
export const UNION_MIGRATION: DoMigration = {
  version: 161,
  name: "acs_unions",
  // acs_unions: the unions whose target lives here. acs_union_views: the unions this shard's
  // players are in or invited to, as last told (`seq` orders the news).
  sql: `CREATE TABLE acs_unions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
  );
  CREATE TABLE acs_union_views (
    player_id TEXT NOT NULL,
    union_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (player_id, union_id)
  );`,
};

export const UNION_ARRIVE_TIMER = "union_arrive";
export const UNION_FORM = "union_form";
export const UNION_UPDATE = "union_update";

/** A union as its target's shard keeps it. */
interface StoredUnion {
  union: Union;
  ownerUsername: string;
  /** Member fleet ids in join order: the battle's attacker order. */
  members: string[];
  seq: number;
}

/** What a player of the union sees: no member's ships or cargo, only who leads, where, when and how many. */
export interface UnionView {
  id: string;
  ownerId: string;
  ownerUsername: string;
  invited: string[];
  target: FleetTarget;
  arrivalAt: number;
  fleets: number;
  /** The target's shard, which decides joins: a launch asks it for the union. */
  arrivalOwner: string;
  /** True once the union has fought (or lost every member): the last news of it. */
  ended: boolean;
  seq: number;
}

export interface UnionFormPayload {
  union: Union;
  ownerUsername: string;
  fleetId: string;
}

export interface UnionUpdatePayload {
  playerId: string;
  view: UnionView;
}

interface UnionHost {
  readonly sql: SqlStorage;
  readonly timers: Timers;
  readonly outbox: Outbox;
  readonly self: string;
  readonly store: FleetStore;
  settings(): UniverseSettings;
  universeId(): string;
  push(playerId: string, frame: Record<string, unknown>): void;
  /** Shows the target's owner an incoming fleet again, with its new arrival time. */
  announce(a: Arrival): void;
}

const unionKey = (u: Union) => arriveKey(u.arrivalAt, u.id);

export class UnionDesk {
  constructor(private readonly host: UnionHost) {}

  // ---- the target's shard ----

  /** The union as a launch must see it to join, or null once it has fought or never formed here. */
  snapshot(unionId: string): Union | null {
    return this.load(unionId)?.union ?? null;
  }

  /**
   * `union:<id>:form`: the founding attack's arrival becomes the union's first member, if it is
   * still ahead; otherwise the attack has fought alone and the union never forms.
   */
  form(p: UnionFormPayload, now: number): { formed: boolean } {
    const a = this.host.store.arrival(p.fleetId);
    if (!a || a.arrivalAt <= now || a.unionId) return { formed: false };
    this.host.store.updateArrival({ ...a, mission: "acs_attack", unionId: p.union.id });
    this.host.timers.cancel(arriveKey(a.arrivalAt, a.fleetId));
    const stored: StoredUnion = { union: p.union, ownerUsername: p.ownerUsername, members: [a.fleetId], seq: 0 };
    this.host.timers.schedule(unionKey(p.union), p.union.arrivalAt, UNION_ARRIVE_TIMER, { unionId: p.union.id });
    this.save(stored, now);
    return { formed: true };
  }

  /**
   * A member's `incoming`: joinUnion decides against the union as it is now, from the fleet's
   * launch (its own flight time is what the rule compares). A slower fleet within the slack
   * delays every member; a faster one waits. Answers the arrival time, or the refusal.
   */
  join(a: Arrival, now: number): { ok: true; arrivalAt: number } | Failure {
    const stored = a.unionId ? this.load(a.unionId) : null;
    if (!stored) return fail("union_not_found", "the union has fought or was never formed");
    const joined = joinUnion(stored.union, a.ownerId, a.target, a.departureAt, a.ownArrivalAt ?? a.arrivalAt);
    if (!joined.ok) return joined;
    const { union } = stored;
    if (joined.arrivalAt > union.arrivalAt) {
      this.host.timers.cancel(unionKey(union));
      for (const id of stored.members) {
        const m = this.host.store.arrival(id);
        if (!m) continue;
        this.host.store.updateArrival({ ...m, arrivalAt: joined.arrivalAt });
        this.host.announce({ ...m, arrivalAt: joined.arrivalAt });
      }
      this.host.timers.schedule(arriveKey(joined.arrivalAt, union.id), joined.arrivalAt, UNION_ARRIVE_TIMER, { unionId: union.id });
    }
    const next = {
      ...stored,
      union: { ...union, arrivalAt: joined.arrivalAt, fleets: union.fleets + 1 },
      members: [...stored.members, a.fleetId],
    };
    this.save(next, now);
    return { ok: true, arrivalAt: joined.arrivalAt };
  }

  /** A member recalled before the union arrived leaves it; the union's time stays. */
  leave(unionId: string, fleetId: string, now: number): void {
    const stored = this.load(unionId);
    if (!stored) return;
    const members = stored.members.filter((m) => m !== fleetId);
    if (members.length === 0) {
      this.host.timers.cancel(unionKey(stored.union));
      this.end(stored, now);
      return;
    }
    this.save({ ...stored, members, union: { ...stored.union, fleets: members.length } }, now);
  }

  /** The union's timer: its members' arrivals in join order, with the union gone from here. */
  take(unionId: string, now: number): { union: Union; members: Arrival[] } | null {
    const stored = this.load(unionId);
    if (!stored) return null;
    const members = stored.members.map((id) => this.host.store.arrival(id)).filter((a): a is Arrival => a !== null);
    for (const m of members) this.host.store.deleteArrival(m.fleetId);
    this.end(stored, now);
    return { union: stored.union, members };
  }

  private end(stored: StoredUnion, now: number): void {
    this.host.sql.exec("DELETE FROM acs_unions WHERE id = ?", stored.union.id);
    this.tell({ ...stored, seq: stored.seq + 1 }, true, now);
  }

  private load(unionId: string): StoredUnion | null {
    const row = this.host.sql.exec<{ data: string }>("SELECT data FROM acs_unions WHERE id = ?", unionId).toArray()[0];
    return row ? (JSON.parse(row.data) as StoredUnion) : null;
  }

  private save(stored: StoredUnion, now: number): void {
    const next = { ...stored, seq: stored.seq + 1 };
    this.host.sql.exec(
      "INSERT INTO acs_unions (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
      next.union.id,
      JSON.stringify(next),
    );
    this.tell(next, false, now);
  }

  /** The union's news to the shard of each of its players, one effect per player and version. */
  private tell(stored: StoredUnion, ended: boolean, now: number): void {
    const { union } = stored;
    const view: UnionView = {
      id: union.id,
      ownerId: union.ownerId,
      ownerUsername: stored.ownerUsername,
      invited: [...union.invited],
      target: union.target as FleetTarget,
      arrivalAt: union.arrivalAt,
      fleets: ended ? 0 : union.fleets,
      arrivalOwner: this.host.self,
      ended,
      seq: stored.seq,
    };
    const { shardCount } = this.host.settings();
    for (const playerId of [union.ownerId, ...union.invited]) {
      const target = shardName(this.host.universeId(), shardOf(playerId, shardCount));
      const payload: UnionUpdatePayload = { playerId, view };
      this.host.outbox.send({ effect_id: `union:${union.id}:v${stored.seq}:${playerId}`, kind: UNION_UPDATE, target, payload }, now);
    }
  }

  // ---- the players' shards ----

  /**
   * `union_update`: keeps the newest view for the player's listing and moves the player's
   * member fleets to the union's arrival (and their return one flight later). Views only
   * replace older ones, and arrivals only move later, so the order news arrives in does not matter.
   */
  update(p: UnionUpdatePayload): { applied: boolean } {
    const { playerId, view } = p;
    const known = this.host.sql
      .exec<{ seq: number }>("SELECT seq FROM acs_union_views WHERE player_id = ? AND union_id = ?", playerId, view.id)
      .toArray()[0];
    if (known && known.seq >= view.seq) return { applied: false };
    this.host.sql.exec(
      "INSERT INTO acs_union_views (player_id, union_id, seq, data) VALUES (?, ?, ?, ?) ON CONFLICT (player_id, union_id) DO UPDATE SET seq = excluded.seq, data = excluded.data",
      playerId,
      view.id,
      view.seq,
      JSON.stringify(view),
    );
    for (const s of this.host.store.owned(playerId)) {
      const f = s.fleet;
      if (f.unionId !== view.id || f.state !== "outbound" || f.arrivalAt >= view.arrivalAt || view.ended) continue;
      this.host.store.update({ ...s, fleet: { ...f, arrivalAt: view.arrivalAt, returnAt: view.arrivalAt + f.flightMs } });
    }
    this.host.push(playerId, { type: "union", union: view });
    return { applied: true };
  }

  /** The unions the player leads or is invited to that have not fought yet, soonest first. */
  listFor(playerId: string): UnionView[] {
    return this.host.sql
      .exec<{ data: string }>("SELECT data FROM acs_union_views WHERE player_id = ?", playerId)
      .toArray()
      .map((r) => JSON.parse(r.data) as UnionView)
      .filter((v) => !v.ended)
      .sort((x, y) => x.arrivalAt - y.arrivalAt || (x.id < y.id ? -1 : 1));
  }
}
