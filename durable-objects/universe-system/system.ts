import { DurableObject } from "cloudflare:workers";
import { db } from "../../src/db/client";
import { flushMetricsSoon, metrics } from "../../src/platform/metrics";
import { projectDebris } from "../../src/universe/debris";
import { arriveInSystem, type Coordinates, colonyPlanetId, type Resources, type SystemArrival } from "../../src/universe/engine/index";
import { parseSystemName } from "../../src/universe/addressing";
import type { NameChange } from "../../src/universe/name-change";
import { claimSlot, releaseSlot } from "../../src/universe/registry";
import {
  type Effect,
  type EffectReply,
  Faults,
  faultInjectionEnabled,
  KIT_MIGRATIONS,
  keepInboxPruned,
  migrate,
  NEVER_DEAD_LETTER,
  type Outbox,
  receiveRemote,
  retryDelayMs,
  Timers,
} from "../kit";
import { runKitTimer, universeOutbox } from "../universe-outbox";
import type { Arrival } from "../universe-shard/fleet-store";
import { forgetName } from "../universe-shard/forget-name";
import type { ArrivedPayload } from "../universe-shard/fleets";
import { ARRIVE_KIND, arriveKey, PROJECT_KIND, projectKey, SYSTEM_MIGRATIONS } from "./storage";

/** Effects a system object receives (docs/universe-cross-shard.md §5). */
export type SystemEffectKind = "fleet_incoming" | "fleet_recall" | "slot_release" | "debris_add";

export interface DebrisField extends Coordinates, Resources {}

const PROJECT_RETRY = { baseDelayMs: 1_000, maxDelayMs: 300_000 };

type ArrivalRow = {
  fleet_id: string;
  owner_id: string;
  reply_to: string;
  mission: string;
  position: number;
  arrives_at: number;
  fleet: string;
  claim: string | null;
};
type FieldRow = { position: number; metal: number; crystal: number; deuterium: number; version: number };

/**
 * One solar system's places that no player owns: its debris fields and the arrivals of fleets at
 * them or at empty positions (colony ships). Created on first use by its name
 * `<universe>:system:<galaxy>:<system>`. Every arrival here is a timer of this one object, so two
 * fleets at one place in one second run one after the other (§7), and the second sees what the
 * first left: one colony per slot, never more debris collected than the field held.
 */
export class UniverseSystem extends DurableObject<Env> {
  private readonly timers: Timers;
  private readonly outbox: Outbox;
  private readonly name: string;
  /** Test-only crash points (kit/faults.ts): `during_apply` inside an arrival, `after_commit` after it. */
  readonly faults = new Faults(this.ctx, faultInjectionEnabled(this.env));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...SYSTEM_MIGRATIONS]);
    // Nothing here is ever dead-lettered: a dropped arrival would strand its fleet.
    this.timers = new Timers(ctx.storage, NEVER_DEAD_LETTER);
    this.name = ctx.id.name ?? "";
    this.outbox = universeOutbox(ctx, env, this.timers, this.faults, {
      // Nothing is ever addressed from a system object to itself.
      receiveLocal: (effect) => {
        throw new Error(`system object ${this.name} sent ${effect.effect_id} to itself`);
      },
    });
  }

  private get place() {
    const place = parseSystemName(this.name);
    if (!place) throw new Error(`not a system object name: ${this.name}`);
    return place;
  }

  /** Applies an effect once (kit/inbox); a duplicate gets the first answer. */
  async receive(effect: Effect): Promise<EffectReply> {
    if (effect.kind === "slot_release") {
      // Idempotent and by planet id, so it may run before the inbox records it, and again on a retry.
      await releaseSlot(db(this.env), this.place.universeId, (effect.payload as { planetId: string }).planetId);
    }
    const reply = await receiveRemote(this.ctx.storage, effect, (e) => this.apply(e), this.faults);
    await this.afterCommit();
    return reply;
  }

  /** Account deletion: the player's name becomes `change.to` in this object's storage (the arrivals of their fleets). */
  forgetName(change: NameChange): void {
    forgetName(this.ctx.storage, change);
  }

  /** The admin hook (until battles make debris): a `debris_add` effect named by the caller, applied once. */
  async addDebris(effectId: string, position: number, resources: Resources): Promise<DebrisField> {
    const effect = { effect_id: effectId, kind: "debris_add", target: this.name, source: "admin", payload: { position, resources } };
    return (await this.receive(effect)).result as DebrisField;
  }

  /** The fields of this system with anything left in them. */
  fields(): DebrisField[] {
    const { galaxy, system } = this.place;
    return this.ctx.storage.sql
      .exec<FieldRow>("SELECT * FROM debris WHERE metal + crystal + deuterium > 0 ORDER BY position")
      .toArray()
      .map((r) => ({ galaxy, system, position: r.position, metal: r.metal, crystal: r.crystal, deuterium: r.deuterium }));
  }

  /** Fleets expected here, earliest first. */
  arrivals(): (Arrival & { claim: string | null })[] {
    return this.ctx.storage.sql
      .exec<ArrivalRow>("SELECT * FROM arrivals ORDER BY arrives_at, fleet_id")
      .toArray()
      .map((r) => ({ ...(JSON.parse(r.fleet) as Arrival), claim: r.claim }));
  }

  private apply(effect: Effect): unknown {
    const now = Date.now();
    // Its inbox record is kept 30 days (kit/inbox.ts).
    keepInboxPruned(this.timers, now);
    switch (effect.kind as SystemEffectKind) {
      case "fleet_incoming":
        return this.expect(effect.payload as Arrival);
      case "fleet_recall":
        return this.recall((effect.payload as { fleetId: string }).fleetId, now);
      case "slot_release":
        return { released: true };
      case "debris_add": {
        const { position, resources } = effect.payload as { position: number; resources: Resources };
        return this.addToField(position, resources, now);
      }
      default:
        // A fault, not a refusal: the sender keeps it until a version that knows the kind is deployed.
        throw new Error(`unknown effect kind ${effect.kind}`);
    }
  }

  private expect(fleet: Arrival): { expected: true } {
    this.ctx.storage.sql.exec(
      "INSERT INTO arrivals (fleet_id, owner_id, reply_to, mission, position, arrives_at, fleet) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fleet_id) DO NOTHING",
      fleet.fleetId,
      fleet.ownerId,
      fleet.ownerShard,
      fleet.mission,
      fleet.target.position,
      fleet.arrivalAt,
      JSON.stringify(fleet),
    );
    this.timers.schedule(arriveKey(fleet.arrivalAt, fleet.fleetId), fleet.arrivalAt, ARRIVE_KIND, { fleetId: fleet.fleetId });
    return { expected: true };
  }

  /**
   * Only this object decides whether a fleet arrived (§4 Recall): a recall finds the entry still
   * ahead of its arrival time and removes it, or finds it gone or due, and the arrival stands.
   * A due colony ship may already hold its slot in D1, so it is never recalled.
   */
  private recall(fleetId: string, now: number): { recalled: boolean } {
    const row = this.arrival(fleetId);
    if (!row || row.arrives_at <= now) return { recalled: false };
    const fleet = JSON.parse(row.fleet) as Arrival;
    this.ctx.storage.sql.exec("DELETE FROM arrivals WHERE fleet_id = ?", fleetId);
    this.timers.cancel(arriveKey(fleet.arrivalAt, fleetId));
    return { recalled: true };
  }

  private addToField(position: number, resources: Resources, now: number): DebrisField {
    const field = this.field(position);
    const next = {
      metal: (field?.metal ?? 0) + resources.metal,
      crystal: (field?.crystal ?? 0) + resources.crystal,
      deuterium: (field?.deuterium ?? 0) + resources.deuterium,
    };
    this.saveField(position, next, now);
    return { galaxy: this.place.galaxy, system: this.place.system, position, ...next };
  }

  private field(position: number): FieldRow | undefined {
    return this.ctx.storage.sql.exec<FieldRow>("SELECT * FROM debris WHERE position = ?", position).toArray()[0];
  }

  /** Every change gets a new version and a projection write, retried until D1 has it. */
  private saveField(position: number, field: Resources, now: number): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO debris (position, metal, crystal, deuterium, version) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (position) DO UPDATE SET metal = excluded.metal, crystal = excluded.crystal, deuterium = excluded.deuterium, version = debris.version + 1`,
      position,
      field.metal,
      field.crystal,
      field.deuterium,
    );
    this.timers.schedule(projectKey(position), now, PROJECT_KIND, { position, attempt: 0 });
  }

  private arrival(fleetId: string): ArrivalRow | undefined {
    return this.ctx.storage.sql.exec<ArrivalRow>("SELECT * FROM arrivals WHERE fleet_id = ?", fleetId).toArray()[0];
  }

  /**
   * A colony ship's slot is claimed in D1 before its arrival is applied (D1 cannot join the
   * arrival's transaction). The claim uses the planet id `colony:<fleetId>`, so after a crash the
   * retried claim finds its own row and still wins; the result is kept on the arrival row. Claims
   * run in arrival order, so of two ships due in one second the first claims the slot.
   */
  private async claimDueColonies(now: number): Promise<void> {
    const due = this.ctx.storage.sql
      .exec<ArrivalRow>(
        "SELECT * FROM arrivals WHERE mission = 'colonise' AND claim IS NULL AND arrives_at <= ? ORDER BY arrives_at, fleet_id",
        now,
      )
      .toArray();
    for (const row of due) {
      const fleet = JSON.parse(row.fleet) as Arrival;
      const { galaxy, system, position } = fleet.target;
      const slot = await claimSlot(
        db(this.env),
        this.place.universeId,
        { galaxy, system, position },
        {
          planetId: colonyPlanetId(fleet.fleetId),
          ownerId: fleet.ownerId,
          planetName: "Colony",
        },
      );
      this.ctx.storage.sql.exec("UPDATE arrivals SET claim = ? WHERE fleet_id = ?", slot ? "won" : "taken", row.fleet_id);
    }
  }

  /** Applies one arrival and sends its outcome to the fleet's shard, in the timer's transaction. */
  private land(fleetId: string, now: number): SystemArrival | null {
    const row = this.arrival(fleetId);
    // Recalled meanwhile: its timer went with it, but an already running batch may still hold it.
    if (!row) return null;
    const fleet = JSON.parse(row.fleet) as Arrival;
    const stored = this.field(fleet.target.position);
    const { arrival, field } = arriveInSystem(fleet, {
      claim: row.claim as "won" | "taken" | null,
      field: stored ? { metal: stored.metal, crystal: stored.crystal, deuterium: stored.deuterium } : null,
    });
    if (field && arrival.outcome === "collected") this.saveField(fleet.target.position, field, now);
    this.ctx.storage.sql.exec("DELETE FROM arrivals WHERE fleet_id = ?", fleetId);
    const payload: ArrivedPayload = { fleetId, arrivedAt: fleet.arrivalAt, ...arrival };
    this.outbox.send({ effect_id: `fleet:${fleetId}:arrived`, kind: "fleet_arrived", target: row.reply_to, payload }, now);
    this.faults.at("during_apply");
    metrics.inc("orrery_universe_system_arrivals_total", "Fleet arrivals applied by system objects", {
      mission: fleet.mission,
      outcome: arrival.outcome,
    });
    return arrival;
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    // A failed claim leaves the claim empty: its arrival throws below and is retried later.
    await this.claimDueColonies(now).catch((error) =>
      console.warn(JSON.stringify({ level: "warn", msg: "colony slot claim failed; will retry", error: String(error) })),
    );
    const project: number[] = [];
    this.timers.runDue(now, (event) => {
      if (runKitTimer(event, now, this.ctx.storage, this.timers, this.outbox)) return;
      switch (event.kind) {
        case ARRIVE_KIND:
          this.land((event.payload as { fleetId: string }).fleetId, now);
          return;
        case PROJECT_KIND: {
          // The next attempt is in place before this one is tried, so a crash mid-write keeps it.
          const { position, attempt } = event.payload as { position: number; attempt: number };
          const retry = { position, attempt: attempt + 1 };
          this.timers.schedule(event.key, now + retryDelayMs(PROJECT_RETRY, attempt + 1), PROJECT_KIND, retry);
          project.push(position);
          return;
        }
        default:
          throw new Error(`unknown timer kind ${event.kind}`);
      }
    });
    await this.faults.after("after_commit");
    await this.afterCommit(project);
  }

  /** After a commit: write the changed fields to the galaxy view and deliver pending effects. */
  private async afterCommit(positions?: number[]): Promise<void> {
    const due =
      positions ??
      this.timers
        .list()
        .filter((t) => t.kind === PROJECT_KIND)
        .map((t) => (t.payload as { position: number }).position);
    for (const position of due) await this.project(position);
    await this.outbox.deliver();
    flushMetricsSoon(this.ctx, this.env);
  }

  private async project(position: number): Promise<void> {
    const field = this.field(position);
    if (!field) return;
    const { universeId, galaxy, system } = this.place;
    try {
      await projectDebris(db(this.env), universeId, { galaxy, system, position }, field, field.version);
    } catch (error) {
      console.warn(JSON.stringify({ level: "warn", msg: "debris projection failed; will retry", position, error: String(error) }));
      return;
    }
    // Only when no newer change was made while the write was in flight.
    if ((this.field(position)?.version ?? 0) <= field.version) this.timers.cancel(projectKey(position));
  }
}
