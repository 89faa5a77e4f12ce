import { db } from "../../src/db/client";
import { type JsonText, jsonText, parseJsonText } from "../../src/lib/json-text";
import { flushMetricsSoon, metrics } from "../../src/platform/metrics";
import { marketOfOffer, parseSystemName } from "../../src/universe/addressing";
import {
  abandonPlanet,
  advance,
  type CommandSuccess,
  type Coordinates,
  createEmpire,
  type Empire,
  type EmpireCommand,
  type EmpireOverview,
  type EngineEvent,
  empireOverview,
  executeCommand,
  type Failure,
  fail,
  fleetSlots,
  type PlanetView,
  planetView,
  type ResearchOverview,
  researchOverview,
  type ShipyardView,
  seededRng,
  shipyardView,
  type Union,
  type UniverseSettings,
} from "../../src/universe/engine/index";
import type { Offer } from "../../src/universe/engine/index";
import { createMoon, moonOf, planetAndMoon } from "../../src/universe/engine/moons";
import { type AcceptAnswer, MarketEffect } from "../../src/universe/market/effects";
import type { StoredBattleReport } from "../../src/universe/engine/combat/record";
import type { NameChange } from "../../src/universe/name-change";
import { setPoints } from "../../src/universe/registry";
import { parseUniverseMessage } from "../../src/universe/socket-protocol";
import {
  applyOnce,
  attachmentOf,
  type Effect,
  type EffectReply,
  Faults,
  faultInjectionEnabled,
  KIT_MIGRATIONS,
  keepInboxPruned,
  migrate,
  NEVER_DEAD_LETTER,
  type Outbox,
  rateLimitedFrame,
  receiveOnce,
  receiveRemote,
  recordedResult,
  SocketObject,
  safeSend,
  type TimedEvent,
  Timers,
} from "../kit";
import { runKitTimer, universeOutbox } from "../universe-outbox";
import { abandonedBy, recordAbandoned } from "./abandoned";
import type { HoldingView } from "./acs-defend";
import { EmpireStore } from "./empires";
import { shipsInFlight } from "./fleet-store";
import { forgetName } from "./forget-name";
import { HOLD_TIMER, HOLDER_MIGRATION } from "./holders";
import { UNION_ARRIVE_TIMER, UNION_MIGRATION, type UnionView } from "./unions";
import { ARRIVE_TIMER, FleetDesk, type FleetView, type IncomingView, type LaunchInput, launchFingerprint, RETURN_TIMER } from "./fleets";
import { type AcceptOutcome, type AcceptRequest, MARKET_SHARD_MIGRATION, type NewOffer, ShardMarket } from "./market";
import {
  type IncomingMissilesView,
  MISSILE_EFFECTS,
  MISSILE_MIGRATIONS,
  MISSILE_TIMER,
  MissileDesk,
  type MissileFlightView,
  type MissileLaunchInput,
  missileFingerprint,
} from "./missiles";
import { MOON_SLOT_TIMER, MoonSlots } from "./moon-slots";
import { listNotifications, notificationFor, storeNotification } from "./notifications";
import { fleetsAtPlanet, type PhalanxFleet } from "./phalanx";
import { listReports, REPORT_MIGRATIONS, readReport, saveReport } from "./reports";
import { SCORE_TIMER_KIND, type ScoreIntent, scoreRetryDelay } from "./scores";
import { playerTimerPrefix, SHARD_MIGRATIONS, scoreTimerKey, timerKey } from "./storage";

export interface ShardContext {
  universeId: string;
  settings: UniverseSettings;
}

/**
 * The context as the Worker sends it: JSON text, made once per universe (`shardCall` in
 * src/universe/shard-client.ts). A string crosses the RPC as one copy, where the settings object
 * (some thirty fields) would be serialized and rebuilt field by field on every call, and a shard
 * knows a context it has seen by comparing the text.
 */
export type ShardCall = JsonText<ShardContext>;

export type ShardResult<T> =
  | { ok: true; value: T }
  | Failure
  | { ok: false; code: "not_joined"; message: string }
  | { ok: false; code: "universe_paused"; message: string }
  | { ok: false; code: "idempotency_key_reused"; message: string; details: unknown };

export interface ShardLoad {
  empires: number;
  pendingTimers: number;
  sockets: number;
  paused: boolean;
  /** Effects waiting for their receiver, and how long the oldest has waited. */
  outbox: { pending: number; oldestAgeMs: number };
}

/** A read's answer as JSON text, which the Worker sends on as it is (src/lib/json-text.ts). */
function asText<T>(answer: ShardResult<T>): ShardResult<JsonText<T>> {
  return answer.ok ? { ok: true, value: jsonText(answer.value) } : answer;
}

/** A command's answer, as JSON text the Worker sends on: the planet it changed, or the research overview. */
export interface CommandAnswer {
  planet: JsonText<PlanetView | null>;
  research: JsonText<ResearchOverview | null>;
}

interface Committed {
  playerId: string;
  events: readonly EngineEvent[];
  /** The score changed (or a retry is due): push it to the highscore after the commit. */
  pushScore: boolean;
}

/**
 * Holds the empires of the players hashed to it: every action on one's own empire is atomic
 * here. Resources are never ticked; the engine computes them from elapsed time, and each queue
 * completion is a row in the timers table behind the single alarm.
 */
export class UniverseShard extends SocketObject {
  private readonly timers: Timers;
  private readonly empires = new EmpireStore(this.ctx.storage);
  readonly faults = new Faults(this.ctx, faultInjectionEnabled(this.env));
  private readonly outbox: Outbox;
  private readonly fleets: FleetDesk<Committed>;
  private readonly missiles: MissileDesk<Committed>;
  private readonly market: ShardMarket;
  private readonly moonSlots: MoonSlots;
  /** Market credits applied by the effect being received, published once it has committed. */
  private credited: Committed[] = [];
  /** The context text last written by `remember`, and its value: an unchanged context costs no parse and no storage access. */
  private rememberedCall: ShardCall | null = null;
  private rememberedMeta: ShardContext | null = null;
  /** The stored pause flag, read once: only `setPaused`, in this object, writes it. */
  private pausedFlag: boolean | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "UNIVERSE_SHARDS");
    migrate(ctx.storage, [
      ...KIT_MIGRATIONS,
      ...SHARD_MIGRATIONS,
      MARKET_SHARD_MIGRATION,
      ...REPORT_MIGRATIONS,
      ...MISSILE_MIGRATIONS,
      HOLDER_MIGRATION,
      UNION_MIGRATION,
    ]);
    // A dead arrival or return would strand a fleet: those retry for as long as it takes.
    this.timers = new Timers(ctx.storage, {}, {
      [ARRIVE_TIMER]: NEVER_DEAD_LETTER,
      [RETURN_TIMER]: NEVER_DEAD_LETTER,
      [MISSILE_TIMER]: NEVER_DEAD_LETTER,
      [HOLD_TIMER]: NEVER_DEAD_LETTER,
      [UNION_ARRIVE_TIMER]: NEVER_DEAD_LETTER,
    });
    const self = ctx.id.name ?? ctx.id.toString();
    this.outbox = universeOutbox(ctx, env, this.timers, this.faults, {
      receiveLocal: (effect) => receiveOnce(ctx.storage, effect, (e) => this.applyEffect(e), this.faults),
      onAck: (effect, result) => {
        if (effect.kind === MarketEffect.accept) this.market.onAccepted(effect, result as AcceptAnswer);
        else this.fleets.onAck(effect, result);
      },
    });
    this.market = new ShardMarket(ctx.storage.sql, this.outbox);
    this.moonSlots = new MoonSlots(this.timers, () => this.env);
    this.fleets = new FleetDesk<Committed>({
      sql: ctx.storage.sql,
      timers: this.timers,
      outbox: this.outbox,
      self,
      env,
      load: (playerId) => this.load(playerId),
      username: (playerId) => this.empires.username(playerId),
      persist: (before, result, now) => this.persist(before, result, now),
      settings: () => this.knownMeta("a fleet effect").settings,
      universeId: () => this.knownMeta("a fleet effect").universeId,
      notify: (playerId, kind, message, data, at) => this.notify(playerId, kind, message, data, at),
    });
    this.missiles = new MissileDesk<Committed>({
      sql: ctx.storage.sql,
      timers: this.timers,
      outbox: this.outbox,
      self,
      load: (playerId) => this.load(playerId),
      username: (playerId) => this.empires.username(playerId),
      persist: (before, result, now) => this.persist(before, result, now),
      notify: (playerId, kind, message, data, at) => this.notify(playerId, kind, message, data, at),
      push: (playerId, frame) => this.fleets.push(playerId, frame),
    });
  }

  /**
   * Every call carries the context as text: alarms have no caller to pass settings, so the last
   * ones seen are kept, and written again only when the text changes.
   */
  private remember(call: ShardCall): ShardContext {
    if (call === this.rememberedCall && this.rememberedMeta) return this.rememberedMeta;
    const meta = parseJsonText(call);
    this.ctx.storage.kv.put("meta", meta);
    this.rememberedCall = call;
    this.rememberedMeta = meta;
    return meta;
  }

  /** The context last remembered; read from storage once per instance (alarms and effects bring none). */
  private meta(): ShardContext | undefined {
    this.rememberedMeta ??= this.ctx.storage.kv.get<ShardContext>("meta") ?? null;
    return this.rememberedMeta ?? undefined;
  }

  /** The kept context, for effects, which carry none: one reaching a shard that never saw its universe is a fault. */
  private knownMeta(what: string): ShardContext {
    const meta = this.meta();
    if (!meta) throw new Error(`${what} reached a shard that has never seen its universe`);
    return meta;
  }

  private load(playerId: string): Empire | null {
    return this.empires.load(playerId);
  }

  private notJoined(): { ok: false; code: "not_joined"; message: string } {
    return { ok: false, code: "not_joined", message: "you have not joined this universe" };
  }

  private pausedRefusal(): { ok: false; code: "universe_paused"; message: string } {
    return { ok: false, code: "universe_paused", message: "the universe is paused for maintenance; try again later" };
  }

  /**
   * Paused for maintenance: the alarm applies nothing and commands are refused, so no state
   * changes. Time does not stop: completions keep their due times and resources keep accruing
   * (both are functions of elapsed time), so resuming lands exactly where an unpaused shard
   * would be. The flag lives in this object's storage, not in the cached universe settings.
   */
  private paused(): boolean {
    this.pausedFlag ??= this.ctx.storage.kv.get<boolean>("paused") === true;
    return this.pausedFlag;
  }

  /** Holds (true) or releases (false) this shard's timers; releasing applies everything that fell due meanwhile. */
  async setPaused(call: ShardCall, paused: boolean): Promise<ShardLoad> {
    this.remember(call);
    this.ctx.storage.kv.put("paused", paused);
    this.pausedFlag = paused;
    if (!paused) {
      this.timers.rearm();
      await this.alarm();
    }
    return this.shardLoad();
  }

  /** What the admin console shows per shard. */
  shardLoad(): ShardLoad {
    const empires = this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM empires").one().n;
    return {
      empires,
      pendingTimers: this.timers.list().length,
      sockets: this.ctx.getWebSockets().length,
      paused: this.paused(),
      outbox: this.outbox.stats(),
    };
  }

  /** Storage writes of one engine result; runs inside a transaction (a command's or an alarm's). */
  private persist(before: Empire, result: CommandSuccess, now: number): Committed {
    const { empire } = result;
    const playerId = empire.playerId;
    const score = empire === before ? null : this.empires.save(empire, now);
    if (empire !== before) this.moonSlots.note(before, empire, now);
    // One look at the earliest timer for the alarm, after all of them, not one per change.
    this.timers.batch(() => {
      if (score) {
        const intent: ScoreIntent = { playerId, attempt: 0 };
        this.timers.schedule(scoreTimerKey(playerId), now + scoreRetryDelay(0), SCORE_TIMER_KIND, intent);
      }
      this.timers.cancelPrefix(playerTimerPrefix(playerId));
      this.timers.scheduleMany(result.timers.map((t) => ({ key: timerKey(playerId, t.key), at: t.at, kind: "complete", payload: { playerId } })));
    });
    for (const event of result.events) {
      const note = notificationFor(event);
      if (note) this.storeNotification(playerId, note.kind, note.message, event, event.at);
    }
    return { playerId, events: result.events, pushScore: score !== null };
  }

  private storeNotification(playerId: string, kind: string, message: string, data: object, at: number): void {
    storeNotification(this.ctx.storage.sql, playerId, kind, message, data, at);
  }

  /** A notification that comes from no engine event (fleet outcomes): stored, and pushed after the commit. */
  private notify(playerId: string, kind: string, message: string, data: Record<string, unknown>, at: number): void {
    this.storeNotification(playerId, kind, message, data, at);
    this.fleets.push(playerId, { type: "notification", kind, message, at });
  }

  /**
   * After the commit: live pushes, then the score pushes, which the returned promise settles.
   * Commands answer without it: the score intent is durable (its timer retries), so no answer
   * waits on a D1 write; the alarm awaits it so a retry is tried within the alarm.
   */
  private publish(done: Committed[]): Promise<void> {
    const meta = this.meta();
    for (const n of this.fleets.takeNotices()) {
      const frame = JSON.stringify({ ...n.frame, serverTime: Date.now() });
      for (const ws of this.ctx.getWebSockets(`user:${n.playerId}`)) safeSend(ws, frame);
    }
    for (const c of done) {
      const sockets = this.ctx.getWebSockets(`user:${c.playerId}`);
      for (const event of c.events) {
        const note = notificationFor(event);
        const frames = [JSON.stringify({ ...event, serverTime: Date.now() })];
        if (note && event.type !== "notification") {
          frames.push(
            JSON.stringify({ type: "notification", kind: note.kind, message: note.message, at: event.at, serverTime: Date.now() }),
          );
        }
        for (const ws of sockets) for (const f of frames) safeSend(ws, f);
      }
    }
    flushMetricsSoon(this.ctx, this.env);
    const pushes = meta ? done.filter((c) => c.pushScore).map((c) => this.pushScore(meta.universeId, c.playerId)) : [];
    if (meta) pushes.push(this.moonSlots.push(meta.universeId));
    return Promise.all(pushes).then(() => undefined);
  }

  /**
   * Sends the stored score, whatever its version by now. Pushes may overlap and finish in any
   * order: D1 keeps the highest version, and the intent is cancelled only if no newer version
   * was written while this one was in flight.
   */
  private async pushScore(universeId: string, playerId: string): Promise<void> {
    const score = this.empires.score(playerId);
    if (!score) return;
    try {
      await setPoints(db(this.env), universeId, playerId, score.points, score.version);
    } catch (e) {
      metrics.inc("orrery_universe_score_push_failures_total", "Score pushes to the highscore that failed (retried)", {});
      console.error(JSON.stringify({ level: "warn", msg: "score push failed; will retry", playerId, error: String(e) }));
      return;
    }
    if ((this.empires.score(playerId)?.version ?? 0) <= score.version) this.timers.cancel(scoreTimerKey(playerId));
  }

  createEmpire(
    call: ShardCall,
    input: { playerId: string; username: string; planetId: string; coords: Coordinates; planetName?: string; seed: number },
  ): ShardResult<EmpireOverview> {
    const meta = this.remember(call);
    const now = Date.now();
    const existing = this.load(input.playerId);
    // Joining is retried by the Worker after partial failures; the player id is its idempotency key.
    if (existing) return { ok: true, value: empireOverview(existing, { now, settings: meta.settings }) };
    let first = true;
    const newId = () => {
      if (first) {
        first = false;
        return input.planetId;
      }
      return crypto.randomUUID();
    };
    const result = createEmpire(
      { playerId: input.playerId, coords: input.coords, ...(input.planetName ? { planetName: input.planetName } : {}) },
      { now, settings: meta.settings, newId, rng: seededRng(input.seed) },
    );
    if (!result.ok) return result;
    this.empires.transaction(() => this.empires.create(input.playerId, input.username, result.empire, now));
    metrics.inc("orrery_universe_players_joined_total", "Players who joined a universe", { universe: meta.universeId });
    return { ok: true, value: empireOverview(result.empire, { now, settings: meta.settings }) };
  }

  overview(call: ShardCall, playerId: string): ShardResult<JsonText<EmpireOverview>> {
    return asText(this.view(call, playerId, (empire, ctx) => empireOverview(empire, ctx, shipsInFlight(this.ctx.storage.sql, playerId))));
  }

  planet(call: ShardCall, playerId: string, planetId: string): ShardResult<JsonText<PlanetView>> {
    return asText(this.planetOf(call, playerId, planetId));
  }

  private planetOf(call: ShardCall, playerId: string, planetId: string): ShardResult<PlanetView> {
    return this.view(call, playerId, (empire, ctx) => planetView(empire, planetId, ctx));
  }

  research(call: ShardCall, playerId: string, planetId: string | undefined): ShardResult<JsonText<ResearchOverview>> {
    return asText(this.view(call, playerId, (empire, ctx) => researchOverview(empire, planetId ?? empire.planets[0]?.id ?? "", ctx)));
  }

  shipyard(call: ShardCall, playerId: string, planetId: string): ShardResult<JsonText<ShipyardView>> {
    return asText(this.view(call, playerId, (empire, ctx) => shipyardView(empire, planetId, ctx)));
  }

  /** A read-only view of the player's empire as of now. */
  private view<T extends object>(
    call: ShardCall,
    playerId: string,
    project: (empire: Empire, ctx: { now: number; settings: UniverseSettings }) => T | Failure,
  ): ShardResult<T> {
    const meta = this.remember(call);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const view = project(empire, { now: Date.now(), settings: meta.settings });
    return "ok" in view ? (view as Failure) : { ok: true, value: view };
  }

  /**
   * Runs a player command. The input gate serializes calls, and nothing is awaited before the
   * commit, so two parallel build requests can never spend the same resources.
   */
  async command(
    call: ShardCall,
    playerId: string,
    command: EmpireCommand,
  ): Promise<ShardResult<CommandAnswer>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const now = Date.now();
    const ctx = { now, settings: meta.settings, newId: () => crypto.randomUUID() };
    const result = executeCommand(empire, command, ctx);
    if (!result.ok) return result;
    const committed = this.empires.transaction(() => this.persist(empire, result, now));
    metrics.inc("orrery_universe_commands_total", "Empire commands applied", { type: command.type });
    this.ctx.waitUntil(this.publish([committed]));
    const after = result.empire;
    const planetId = "planetId" in command ? command.planetId : undefined;
    const view = { now, settings: meta.settings };
    const planet = planetId && command.type !== "queue_research" ? planetView(after, planetId, view) : null;
    const research =
      command.type === "queue_research" || command.type === "cancel_research"
        ? researchOverview(after, planetId ?? after.planets[0]!.id, view)
        : null;
    return {
      ok: true,
      value: {
        planet: jsonText(planet && !("ok" in planet) ? planet : null),
        research: jsonText(research && !("ok" in research) ? research : null),
      },
    };
  }

  /**
   * Launches a fleet (docs/universe-cross-shard.md §4 step 1): validated against the empire as of
   * now, then the ships, cargo and fuel leave the planet, the fleet row and its `incoming` effect
   * are written, all in one transaction. An `Idempotency-Key` makes a retry answer the first
   * launch instead of launching again.
   */
  async launchFleet(call: ShardCall, playerId: string, input: LaunchInput, idempotencyKey?: string): Promise<ShardResult<FleetView>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const key = idempotencyKey === undefined ? null : `launch:${playerId}:${idempotencyKey}`;
    const request = launchFingerprint(input);
    const replay = key ? recordedResult<{ request: string; fleet: FleetView }>(this.ctx.storage, key) : undefined;
    if (replay) {
      if (replay.request === request) return { ok: true, value: replay.fleet };
      const message = "this Idempotency-Key was used for a different launch";
      return { ok: false, code: "idempotency_key_reused", message, details: { fleetId: replay.fleet.id } };
    }
    const now = Date.now();
    const advanced = advance(empire, { now, settings: meta.settings });
    const plan = this.fleets.plan(advanced.empire, input, now, meta.universeId, meta.settings);
    if (!plan.ok) return plan;
    const mark = this.fleets.mark();
    let done: { committed: Committed; view: FleetView };
    try {
      done = this.empires.transaction(() => {
        const view = this.fleets.commitLaunch(plan, now);
        // Saved after the fleet row exists, so the ships count once in the score.
        const committed = this.persist(empire, { ...advanced, empire: plan.empire }, now);
        if (key) {
          applyOnce(this.ctx.storage, key, () => ({ request, fleet: view }));
          keepInboxPruned(this.timers, now);
        }
        this.faults.at("before_commit");
        return { committed, view };
      });
    } catch (error) {
      this.fleets.rollbackTo(mark);
      throw error;
    }
    metrics.inc("orrery_universe_fleets_launched_total", "Fleets launched", { mission: input.request.mission });
    await this.faults.after("after_commit");
    this.ctx.waitUntil(this.publish([done.committed]));
    return { ok: true, value: done.view };
  }

  listFleets(
    call: ShardCall,
    playerId: string,
  ): ShardResult<{ fleets: FleetView[]; incoming: IncomingView[]; holding: HoldingView[]; slots: number }> {
    this.remember(call);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const value = {
      fleets: this.fleets.list(playerId),
      incoming: this.fleets.incomingTo(playerId),
      holding: this.fleets.hostedBy(playerId),
      slots: fleetSlots(empire.research),
    };
    return { ok: true, value };
  }

  /**
   * Fires interplanetary missiles (§13): checked against the empire as of now, then the missiles
   * leave the silo and the flight goes to the target's shard, in one transaction. Not a fleet: no
   * slot, no recall. An `Idempotency-Key` makes a retry answer the first launch.
   */
  async launchMissiles(
    call: ShardCall,
    playerId: string,
    input: MissileLaunchInput,
    idempotencyKey?: string,
  ): Promise<ShardResult<MissileFlightView>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const request = missileFingerprint(input);
    const now = Date.now();
    const mark = this.fleets.mark();
    type Launched = { request: string; result: ShardResult<MissileFlightView> };
    let done: { value: Launched; committed: Committed | null };
    try {
      done = this.once<Launched>(idempotencyKey && `missiles:${playerId}:${idempotencyKey}`, () => {
        const out = this.missiles.launch(advance(empire, { now, settings: meta.settings }), input, now, meta);
        if (!out.ok) return { value: { request, result: out }, committed: null };
        // Saved after the launch: the spent missiles leave the score at once.
        return { value: { request, result: { ok: true, value: out.view } }, committed: this.persist(empire, out.result, now) };
      });
    } catch (error) {
      this.fleets.rollbackTo(mark);
      throw error;
    }
    if (done.value.request !== request) {
      const message = "this Idempotency-Key was used for a different missile launch";
      return { ok: false, code: "idempotency_key_reused", message, details: {} };
    }
    if (done.committed) metrics.inc("orrery_universe_missiles_launched_total", "Interplanetary missile launches", {});
    await this.afterCommand(done.committed);
    return done.value.result;
  }

  listMissiles(call: ShardCall, playerId: string): ShardResult<{ missiles: MissileFlightView[]; incoming: IncomingMissilesView[] }> {
    this.remember(call);
    if (!this.load(playerId)) return this.notJoined();
    return { ok: true, value: this.missiles.list(playerId) };
  }

  /**
   * Turns the player's attack in flight into an ACS union inviting `invited` (ids of members of
   * the universe). The union's target shard is told at once, so a join right after finds it.
   */
  async formUnion(call: ShardCall, playerId: string, fleetId: string, invited: string[]): Promise<ShardResult<UnionView>> {
    this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    if (!this.load(playerId)) return this.notJoined();
    const mark = this.fleets.mark();
    let out: UnionView | Failure;
    try {
      out = this.ctx.storage.transactionSync(() => this.fleets.formUnion(playerId, fleetId, invited, Date.now()));
    } catch (error) {
      this.fleets.rollbackTo(mark);
      throw error;
    }
    if ("ok" in out) return out;
    await this.publish([]);
    await this.outbox.deliver();
    return { ok: true, value: out };
  }

  /** The union a launch wants to join, as this shard (its target's) keeps it; null when it is not on its way. */
  unionSnapshot(call: ShardCall, unionId: string): Union | null {
    this.remember(call);
    return this.fleets.unions.snapshot(unionId);
  }

  /** The unions the player leads or is invited to, as last told by their targets' shards. */
  listUnions(call: ShardCall, playerId: string): ShardResult<{ unions: UnionView[] }> {
    this.remember(call);
    if (!this.load(playerId)) return this.notJoined();
    return { ok: true, value: { unions: this.fleets.unions.listFor(playerId) } };
  }

  async recallFleet(call: ShardCall, playerId: string, fleetId: string): Promise<ShardResult<FleetView>> {
    this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    if (!this.load(playerId)) return this.notJoined();
    const mark = this.fleets.mark();
    let out: FleetView | Failure;
    try {
      out = this.ctx.storage.transactionSync(() => this.fleets.recall(playerId, fleetId, Date.now()));
    } catch (error) {
      this.fleets.rollbackTo(mark);
      throw error;
    }
    if ("ok" in out) return out;
    await this.publish([]);
    return { ok: true, value: out };
  }

  /**
   * Offers `offered` from a planet for `requested` (§13): the escrow leaves the planet into the
   * effect that opens the offer in its market, in one transaction. An `idempotencyKey` makes a
   * retried request answer the first one's outcome.
   */
  async createOffer(
    call: ShardCall,
    playerId: string,
    input: NewOffer & { idempotencyKey?: string | undefined },
  ): Promise<ShardResult<Offer>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const now = Date.now();
    const offerId = crypto.randomUUID();
    const done = this.once(input.idempotencyKey && `market:offer:${playerId}:${input.idempotencyKey}`, () => {
      const out = this.market.create(
        empire,
        {
          ...input,
          offerId,
          market: marketOfOffer(meta.universeId, offerId, meta.settings.marketShards),
          universeId: meta.universeId,
        },
        { now, settings: meta.settings, newId: () => crypto.randomUUID() },
      );
      if (!out.ok) return { value: out as ShardResult<Offer>, committed: null };
      return { value: { ok: true, value: out.value } as ShardResult<Offer>, committed: this.persist(empire, out.result, now) };
    });
    await this.afterCommand(done.committed);
    return done.value;
  }

  /**
   * Pays an offer's price from a planet into the effect that accepts it in its market, then
   * tries to deliver it at once, so the answer usually carries the market's decision
   * (`accepted` or `refused` with its reason); `pending` if the market could not be reached yet.
   */
  async acceptOffer(
    call: ShardCall,
    playerId: string,
    input: AcceptRequest & { idempotencyKey?: string | undefined },
  ): Promise<ShardResult<AcceptOutcome>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const now = Date.now();
    const acceptId = crypto.randomUUID();
    const done = this.once(input.idempotencyKey && `market:accept:${playerId}:${input.idempotencyKey}`, () => {
      const out = this.market.accept(empire, { ...input, acceptId }, { now, settings: meta.settings, newId: () => crypto.randomUUID() });
      if (!out.ok) return { value: out as ShardResult<AcceptOutcome>, committed: null };
      return { value: { ok: true, value: out.value } as ShardResult<AcceptOutcome>, committed: this.persist(empire, out.result, now) };
    });
    await this.afterCommand(done.committed);
    if (!done.value.ok) return done.value;
    const outcome = this.market.acceptOutcome(done.value.value.acceptId);
    return outcome ? { ok: true, value: outcome } : done.value;
  }

  /**
   * Runs a command in one transaction; with a key, at most once: a repeat answers the stored
   * value and publishes nothing. Test faults can crash it before or after the commit.
   */
  private once<T>(
    key: string | undefined | "",
    run: () => { value: T; committed: Committed | null },
  ): { value: T; committed: Committed | null } {
    let committed: Committed | null = null;
    const value = this.empires.transaction(() => {
      const inner = () => {
        const out = run();
        committed = out.committed;
        return out.value;
      };
      if (key) keepInboxPruned(this.timers, Date.now());
      const v = key ? applyOnce(this.ctx.storage, key, inner).result : inner();
      this.faults.at("before_commit");
      return v;
    });
    return { value, committed };
  }

  /** After a command's commit: its pushes, then its effects, delivered now rather than at the next alarm. */
  private async afterCommand(committed: Committed | null): Promise<void> {
    await this.faults.after("after_commit");
    if (committed) await this.publish([committed]);
    await this.outbox.deliver();
  }

  /** An effect from another object (the outbox's RPC): applied once, answered from the inbox on a retry. */
  async receive(effect: Effect): Promise<EffectReply> {
    const mark = this.fleets.mark();
    let reply: EffectReply;
    try {
      reply = await receiveRemote(this.ctx.storage, effect, (e) => this.applyEffect(e), this.faults);
    } catch (error) {
      this.fleets.rollbackTo(mark);
      this.fleets.takeCommitted();
      this.credited = [];
      throw error;
    }
    const committed = [...this.fleets.takeCommitted(), ...this.credited];
    this.credited = [];
    await this.publish(committed);
    return reply;
  }

  /** Every effect this shard receives, by RPC or from itself; its inbox record is pruned after 30 days. */
  private applyEffect(effect: Effect): unknown {
    keepInboxPruned(this.timers, Date.now());
    if (MISSILE_EFFECTS.has(effect.kind)) return this.missiles.apply(effect);
    if (!this.market.isCredit(effect.kind)) return this.fleets.apply(effect);
    this.credited.push(this.creditFromMarket(effect));
    return { credited: true };
  }

  /** Resources the market sends to one of this shard's players: a payment, an escrow back, goods, a refund. */
  private creditFromMarket(effect: Effect): Committed {
    const meta = this.knownMeta("a market credit");
    const { playerId } = effect.payload as { playerId: string };
    const empire = this.load(playerId);
    if (!empire) throw new Error(`no empire ${playerId} on this shard`);
    const now = Date.now();
    return this.persist(empire, this.market.credit(effect, empire, { now, settings: meta.settings }), now);
  }

  /**
   * Gives up a colony (docs/universe-cross-shard.md §6). The planet id is kept as abandoned by
   * the player, so a retry (the Worker frees the D1 slot after this commit) answers the same.
   */
  async abandonPlanet(call: ShardCall, playerId: string, planetId: string): Promise<ShardResult<EmpireOverview>> {
    const meta = this.remember(call);
    if (this.paused()) return this.pausedRefusal();
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const now = Date.now();
    const view = { now, settings: meta.settings };
    if (abandonedBy(this.ctx.storage.sql, playerId, planetId)) return { ok: true, value: empireOverview(empire, view) };
    const going = new Set(planetAndMoon(empire, planetId));
    const touching = this.fleets.store
      .owned(playerId)
      .filter((s) => going.has(s.fleet.origin.planetId) || going.has(s.targetPlanetId ?? ""));
    const result = abandonPlanet(empire, planetId, touching.length, { ...view, newId: () => crypto.randomUUID() });
    if (!result.ok) return result;
    const committed = this.empires.transaction(() => {
      recordAbandoned(this.ctx.storage.sql, playerId, planetId, now);
      // Buddies' fleets holding there (ACS defend) have nobody left to defend: they start home.
      for (const id of going) this.fleets.holding.abandoned(id, now);
      return this.persist(empire, result, now);
    });
    await this.publish([committed]);
    return { ok: true, value: empireOverview(result.empire, view) };
  }

  /**
   * Admin (tests, events): gives a planet the moon a battle could have made. A planet has one
   * moon, so a retry answers the moon it already has; the registry learns of it as of a battle's.
   */
  async grantMoon(call: ShardCall, playerId: string, planetId: string, diameter: number): Promise<ShardResult<PlanetView>> {
    const meta = this.remember(call);
    const empire = this.load(playerId);
    const planet = empire?.planets.find((p) => p.id === planetId && p.type === "planet");
    if (!empire || !planet) return fail("not_your_planet", `no planet ${planetId} in this empire`);
    const now = Date.now();
    const ctx = { now, settings: meta.settings };
    const existing = moonOf(empire, planet);
    if (existing) return this.planetOf(call, playerId, existing.id);
    const moon = createMoon(planet, diameter, crypto.randomUUID(), now);
    const advanced = advance(empire, ctx);
    const result = { ...advanced, empire: { ...advanced.empire, planets: [...advanced.empire.planets, moon] } };
    const committed = this.empires.transaction(() => this.persist(empire, result, now));
    await this.publish([committed]);
    return this.planetOf(call, playerId, moon.id);
  }

  /** What a phalanx sees at one of this shard's players' planets (phalanx.ts); the scanner's shard has charged for it. */
  phalanxFleets(call: ShardCall, ownerId: string, target: Coordinates): PhalanxFleet[] {
    this.remember(call);
    return fleetsAtPlanet(this.fleets.store, ownerId, this.empires.username(ownerId), target);
  }

  /**
   * Account deletion: the player's name becomes `change.to` wherever this shard stored it (its
   * empire row, reports and notices naming them, arrivals, unions, effects in flight). Answers
   * the system objects the player's fleets fly to: their arrivals hold the name too.
   */
  forgetName(change: NameChange): { systems: string[] } {
    this.faults.at("before_commit");
    forgetName(this.ctx.storage, change);
    // The scan may have rewritten empire rows: a cached copy must not write the old text back.
    this.empires.reload();
    const systems = this.ctx.storage.sql
      .exec<{ arrival_owner: string }>("SELECT DISTINCT arrival_owner FROM fleets WHERE owner_id = ?", change.playerId)
      .toArray()
      .map((r) => r.arrival_owner)
      .filter((name) => parseSystemName(name) !== null);
    return { systems };
  }

  notifications(playerId: string, opts: { before?: number | undefined; limit: number; unreadOnly?: boolean | undefined }) {
    return listNotifications(this.ctx.storage.sql, playerId, opts);
  }

  markRead(playerId: string, ids: number[] | "all"): number {
    const now = Date.now();
    if (ids === "all") {
      return this.ctx.storage.sql.exec("UPDATE notifications SET read_at = ? WHERE player_id = ? AND read_at IS NULL", now, playerId)
        .rowsWritten;
    }
    let n = 0;
    for (const id of ids) {
      n += this.ctx.storage.sql.exec(
        "UPDATE notifications SET read_at = ? WHERE player_id = ? AND id = ? AND read_at IS NULL",
        now,
        playerId,
        id,
      ).rowsWritten;
    }
    return n;
  }

  deleteNotification(playerId: string, id: number): boolean {
    return this.ctx.storage.sql.exec("DELETE FROM notifications WHERE player_id = ? AND id = ?", playerId, id).rowsWritten > 0;
  }

  /**
   * Keeps a battle report for those of `playerIds` who fought in it (an arrival stores the
   * defenders' copies here and sends the record to each attacker's shard), then tells them live.
   */
  storeBattleReport(record: StoredBattleReport, playerIds: string[]): string[] {
    const stored = this.empires.transaction(() => saveReport(this.ctx.storage.sql, record, playerIds));
    const frame = JSON.stringify({
      type: "notification",
      kind: "battle_report",
      reportId: record.id,
      at: record.at,
      serverTime: Date.now(),
    });
    for (const playerId of stored) for (const ws of this.ctx.getWebSockets(`user:${playerId}`)) safeSend(ws, frame);
    return stored;
  }

  battleReports(playerId: string, opts: { before?: number | undefined; limit: number }) {
    return listReports(this.ctx.storage.sql, playerId, opts);
  }

  battleReport(playerId: string, id: string) {
    return readReport(this.ctx.storage.sql, playerId, id);
  }

  override async alarm(): Promise<void> {
    const meta = this.meta();
    if (!meta || this.paused()) return;
    const now = Date.now();
    const applied = this.timers.runDue(now, (event): Committed | null => {
      const mark = this.fleets.mark();
      try {
        return this.onTimer(event, now, meta.settings);
      } catch (error) {
        this.fleets.rollbackTo(mark);
        throw error;
      }
    });
    const committed = applied.map((a) => a.result).filter((c): c is Committed => c !== null);
    const completions = applied.filter((a) => a.event.kind === "complete").length;
    if (completions) metrics.inc("orrery_universe_completions_total", "Timed completions applied", {}, completions);
    const arrivals = applied.filter((a) => a.event.kind === ARRIVE_TIMER).length;
    if (arrivals) metrics.inc("orrery_universe_fleet_arrivals_total", "Fleet arrivals applied", {}, arrivals);
    if (applied.length > 0) await this.faults.after("after_commit");
    // Deliveries wait for their receivers; what the timers committed is published first.
    await this.publish(committed);
    await this.outbox.deliver(now);
    await this.publish([]);
  }

  private onTimer(event: TimedEvent, now: number, settings: UniverseSettings): Committed | null {
    if (runKitTimer(event, now, this.ctx.storage, this.timers, this.outbox)) return null;
    switch (event.kind) {
      case SCORE_TIMER_KIND: {
        // The next retry is in place before this one is tried, so neither a failed push nor a
        // crash mid-push can drop the intent.
        const { playerId } = event.payload as ScoreIntent;
        const attempt = ((event.payload as ScoreIntent).attempt ?? 0) + 1;
        const intent: ScoreIntent = { playerId, attempt };
        this.timers.schedule(event.key, now + scoreRetryDelay(attempt), SCORE_TIMER_KIND, intent);
        return { playerId, events: [], pushScore: true };
      }
      case ARRIVE_TIMER: {
        const done = this.fleets.arrive((event.payload as { fleetId: string }).fleetId, now, settings);
        // A crash here rolls the whole arrival back (battle, loot, reports, effects): it runs again, once.
        this.faults.at("before_commit");
        return done;
      }
      case MISSILE_TIMER: {
        const done = this.missiles.strike((event.payload as { id: string }).id, now, settings);
        // A crash here rolls the whole impact back (losses, report, effect): it strikes again, once.
        this.faults.at("before_commit");
        return done;
      }
      case MOON_SLOT_TIMER:
        this.moonSlots.retry(event, now);
        return null;
      case RETURN_TIMER:
        return this.fleets.land((event.payload as { fleetId: string }).fleetId, now, settings);
      case HOLD_TIMER:
        this.fleets.holding.end((event.payload as { fleetId: string }).fleetId, now);
        // A crash here keeps the holder and its timer: the hold ends again, and its owner hears once.
        this.faults.at("before_commit");
        return null;
      case UNION_ARRIVE_TIMER: {
        const done = this.fleets.arriveUnion((event.payload as { unionId: string }).unionId, now, settings);
        // As for a single attack: a crash here rolls the union's battle back, and it runs again once.
        this.faults.at("before_commit");
        return done;
      }
      default: {
        const { playerId } = event.payload as { playerId: string };
        const empire = this.load(playerId);
        if (!empire) return null;
        // advance only processes what is due, so a duplicate or stale timer changes nothing.
        return this.persist(empire, advance(empire, { now, settings }), now);
      }
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const meta = this.meta();
    const accepted = await this.sockets.accept(request, {});
    if (!("server" in accepted)) return accepted.response;
    const empire = this.load(accepted.attachment.userId);
    if (meta && empire) safeSend(accepted.server, this.welcomeFrame(empire, meta.settings));
    return accepted.response;
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const gate = this.sockets.admit(ws);
    if (gate === "revoked") return;
    if (!gate.allowed) {
      safeSend(ws, rateLimitedFrame(gate.retryAfterMs));
      return;
    }
    const parsed = parseUniverseMessage(message);
    if (!parsed.ok) {
      safeSend(ws, errorFrame("invalid_message", parsed.message, parsed.details));
      return;
    }
    // The only message is `snapshot`.
    const meta = this.meta();
    const empire = this.load(attachmentOf(ws).userId);
    safeSend(ws, meta && empire ? this.welcomeFrame(empire, meta.settings) : errorFrame("not_joined", "join the universe first"));
  }

  private welcomeFrame(empire: Empire, settings: UniverseSettings): string {
    const now = Date.now();
    const overview = empireOverview(empire, { now, settings }, shipsInFlight(this.ctx.storage.sql, empire.playerId));
    return JSON.stringify({ type: "welcome", empire: overview, serverTime: now });
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
    this.sockets.release(ws);
  }

  override webSocketError(ws: WebSocket): void {
    this.sockets.release(ws);
  }
}

/** The error frame every socket kind shares (see `rateLimitedFrame`). */
function errorFrame(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ type: "error", code, message, ...(details === undefined ? {} : { details }), serverTime: Date.now() });
}
