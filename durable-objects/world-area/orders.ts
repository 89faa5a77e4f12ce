import { db } from "../../src/db/client";
import type { Rng } from "../../src/lib/rng";
import { locateByName } from "../../src/world/directory";
import * as engine from "../../src/world/engine";
import type { Request as EngineRequest, GmOrder, GmOutcome, Outgoing, ServerEvent } from "../../src/world/events";
import type { AreaState } from "../../src/world/state";
import { type Effect, type EffectReply, type Faults, type Outbox, receiveOnce, receiveRemote } from "../kit";
import { auditEffect } from "./d1-effects";

/** The outbox effect of a GM command for a character of another area (§9): applied there once, keyed by the order id. */
export interface OrderPayload {
  area: string;
  order: GmOrder;
  /** The target's character id, to follow it through the tombstone of an area it has just left. */
  target?: string;
  /** Areas followed so far (a follow's effect id is `order:<id>:<hops>`). */
  hops?: number;
}

/** What an area answers an order: the outcome, or the area the target has just been handed over to. */
export type OrderAnswer = GmOutcome | { moved: string };

/** How many times an order follows its target from area to area before it is refused `not_online`. */
export const MAX_FOLLOWS = 3;

/**
 * Thrown while the target is `departing` from the receiving area: nothing is recorded in its inbox,
 * and the sender's outbox retries until the handover has settled (then the tombstone answers).
 */
class TargetInTransit extends Error {}

export type OrderRequest = Extract<EngineRequest, { kind: "order" }>;

/** What the routing needs of its area object: its storage, state, outbox and the ways it sends and handles. */
export interface OrderHost {
  readonly storage: DurableObjectStorage;
  readonly env: Env;
  readonly faults: Faults;
  content(): engine.StepInput["content"];
  outbox(): Outbox;
  load(area: string): { state: AreaState; rng: Rng };
  loaded(): { state: AreaState; rng: Rng };
  /** The area a character handed over from here went to (§12 tombstone), if any. */
  tombstone(character: string): { area: string } | null;
  /** Stores an engine step (state, timers, its outbox rows) and caches it. Call inside a transaction. */
  commit(r: engine.StepResult, previous: AreaState["timers"]): void;
  /** Puts the cache back after a rolled-back transaction, so it never runs ahead of storage. */
  restore(before: { state: AreaState; rng: Rng }, saved: ReturnType<Rng["save"]>): void;
  sendTo(character: string, event: ServerEvent | Record<string, unknown>): void;
  /** Queues an event for a character in the caller's transaction (delivered after `welcome` if it is not flushed first). */
  queue(character: string, event: ServerEvent): void;
  /** Sends a character's queued events on its live socket and removes them; without one they wait for its next connection. */
  flush(character: string): void;
  fanOut(out: Outgoing[]): void;
  handle(requests: EngineRequest[]): Promise<boolean>;
  deliver(): Promise<void>;
}

/**
 * GM commands for characters of other areas (§9, §12; docs/world-handover.md): an order sent
 * through the outbox to the target's area, applied there once (the order id keys the delivery,
 * the inbox and the audit entry), and its answer told to the actor.
 */
export class Orders {
  /** Events and requests of orders applied here, handled once their transaction has committed. */
  private out: Outgoing[] = [];
  /** Targets whose text an order applied here queued durably, to flush after the commit. */
  private queued = new Set<string>();
  private requests: EngineRequest[] = [];
  /** Answers of orders sent from here, collected in the ack's transaction and told after it. */
  private answered: { order: GmOrder; outcome: GmOutcome }[] = [];
  /** A follow to another area was written in an ack's transaction: deliver it in the same run. */
  private followed = false;
  /** Orders whose command is still waiting for the answer, to carry its messageId; the rest are told when they come. */
  private readonly waiting = new Set<string>();
  private readonly outcomes = new Map<string, GmOutcome>();

  constructor(private readonly host: OrderHost) {}

  /**
   * Sends an order to the target's area through the outbox (its id keys the delivery, the target's
   * inbox and the audit entry, so it is applied and audited once however often it is retried). A
   * target not in the world is refused here, and that refusal is audited here. Returns true when a
   * refusal answered `messageId`.
   */
  async send(q: OrderRequest, messageId?: string): Promise<boolean> {
    const host = this.host;
    const order: GmOrder = { id: crypto.randomUUID(), actor: q.actor, command: q.command, args: q.args, text: q.text };
    const found = await locateByName(db(host.env), q.target);
    const now = Date.now();
    if (!found?.area) {
      const refusal = host.storage.transactionSync(() => this.refuse(order, "not_online", `${q.target} is not online.`));
      await host.deliver();
      return this.tell(q.actor.id, refusal, messageId);
    }
    const area = found.area;
    // Leaving this very area: its handover goes first, so the order meets the tombstone and follows.
    if (area === host.loaded().state.area && host.loaded().state.characters[found.id]?.status === "departing") await host.deliver();
    this.waiting.add(order.id);
    try {
      // To this very area, the outbox applies it inside this transaction (receiveLocal).
      const before = host.loaded();
      const saved = before.rng.save();
      try {
        host.storage.transactionSync(() => host.outbox().send(effectOf({ area, order, target: found.id, hops: 0 }), now));
      } catch (error) {
        this.rollback(before, saved);
        throw error;
      }
      await this.afterApply();
      await host.faults.after("after_commit");
      await host.deliver();
    } finally {
      this.waiting.delete(order.id);
    }
    const outcome = this.outcomes.get(order.id);
    this.outcomes.delete(order.id);
    // Not answered yet (the other area is unreachable): the outbox retries, and the answer is told when it comes.
    if (!outcome) return this.tell(q.actor.id, { ok: true, text: `${q.target} is in another area; the order will reach them.` });
    return this.tell(q.actor.id, outcome, messageId);
  }

  /** Tells the actor an order's outcome; true when it was a refusal carrying `messageId`. */
  tell(actor: string, outcome: GmOutcome, messageId?: string): boolean {
    if (outcome.ok) {
      if (outcome.text) this.host.sendTo(actor, { type: "message", category: "system", text: outcome.text });
      return false;
    }
    this.host.sendTo(actor, { type: "error", code: outcome.code, message: outcome.message, ...(messageId ? { messageId } : {}) });
    return !!messageId;
  }

  /** The outbox's `receiveLocal` for an order the directory sends to this very area: applied in the sender's transaction. */
  receiveLocal(effect: Effect): EffectReply {
    return receiveOnce<unknown>(this.host.storage, effect, () => this.apply(effect.payload as OrderPayload, true), this.host.faults);
  }

  /** An order from another area (the outbox's RPC): applied once; a repeat answers the stored outcome. */
  async receive(effect: Effect): Promise<EffectReply> {
    const host = this.host;
    const p = effect.payload as OrderPayload;
    const loaded = host.load(p.area);
    // Leaving this area: its handover goes first, so that the order meets the tombstone rather than a retry.
    if (p.target && loaded.state.characters[p.target]?.status === "departing") await host.deliver();
    const before = host.loaded();
    const saved = before.rng.save();
    let reply: EffectReply;
    try {
      reply = await receiveRemote(host.storage, effect, () => this.apply(p, false), host.faults);
    } catch (error) {
      this.rollback(before, saved);
      throw error;
    }
    if (reply.replayed) this.takePending();
    // The audit row is in the outbox with the effect; deliver it with the rest.
    await this.afterApply();
    await host.deliver();
    return reply;
  }

  /**
   * The outbox's `onAck` for an order sent from here, inside the ack's transaction. An order whose
   * target has just left that area follows it there, as a new effect keyed by the order id and
   * the hop, at most `MAX_FOLLOWS` times; then it is refused `not_online` and audited here.
   */
  acked(effect: Effect, answer: OrderAnswer): void {
    const p = effect.payload as OrderPayload;
    if (!("moved" in answer)) {
      this.answered.push({ order: p.order, outcome: answer });
      return;
    }
    const hops = (p.hops ?? 0) + 1;
    if (hops > MAX_FOLLOWS) {
      const name = p.order.args.split(" ")[0] ?? "";
      this.answered.push({ order: p.order, outcome: this.refuse(p.order, "not_online", `${name} is not online.`) });
      return;
    }
    // To this very area, the outbox applies it right here (receiveLocal) and acks it again.
    this.host.outbox().send(effectOf({ ...p, area: answer.moved, hops }), Date.now());
    if (answer.moved !== this.host.loaded().state.area) this.followed = true;
  }

  /** After a delivery run: orders applied here by a follow, follows to other areas, then the answers. */
  async delivered(): Promise<void> {
    await this.afterApply();
    if (this.followed) {
      this.followed = false;
      await this.host.deliver();
    }
    this.tellAnswers();
  }

  /** Each answer to the command still waiting for it, or to the actor as an event. */
  private tellAnswers(): void {
    const answered = this.answered;
    this.answered = [];
    for (const { order, outcome } of answered) {
      if (this.waiting.has(order.id)) this.outcomes.set(order.id, outcome);
      else this.tell(order.actor.id, outcome);
    }
  }

  /**
   * An order applied here (inside its inbox transaction): the engine step, its audit and handover
   * rows, the new state. A target that has just left answers where it went; one leaving right now
   * is retried by a remote sender, and refused `in_transit` to this area's own GM (whose handover
   * was delivered first and is still unanswered).
   */
  private apply(p: OrderPayload, local: boolean): OrderAnswer {
    const { state, rng } = this.host.loaded();
    const here = p.target ? state.characters[p.target] : undefined;
    if (here?.status === "departing") {
      if (!local) throw new TargetInTransit(`${here.name} is between areas`);
      return this.refuse(p.order, "in_transit", `${here.name} is between areas; try again.`);
    }
    const gone = p.target && !here ? this.host.tombstone(p.target) : null;
    if (gone) return { moved: gone.area };
    const r = engine.order({ content: this.host.content(), state, now: Date.now(), rng, order: p.order });
    this.host.commit(r, state.timers);
    // The target's text is as durable as the order's effect: queued in this transaction, sent
    // after the commit, or at the target's next connection if this object dies first.
    const text = r.out.filter((o) => o.to === p.target && o.event.type === "message");
    for (const o of text) this.host.queue(o.to, o.event);
    if (p.target && text.length) this.queued.add(p.target);
    this.out.push(...r.out.filter((o) => !text.includes(o)));
    this.requests.push(...r.requests.filter((q) => q.kind !== "audit"));
    return r.outcome;
  }

  /** After an order's commit: the target's queued text, its other events, then its requests (a kick's socket and presence, a summon's handover). */
  private async afterApply(): Promise<void> {
    const { queued, out, requests } = this.takePending();
    for (const character of queued) this.host.flush(character);
    this.host.fanOut(out);
    await this.host.handle(requests);
  }

  /** A refusal decided by the routing rather than the engine, audited here in the caller's transaction. */
  private refuse(order: GmOrder, code: string, message: string): GmOutcome {
    const { id: character, account, role } = order.actor;
    const now = Date.now();
    const area = this.host.loaded().state.area;
    const target = order.args.split(" ")[0] || null;
    const audit = { at: now, character, account, role, text: order.text, target, outcome: code, area };
    this.host.outbox().send(auditEffect(`audit:${order.id}`, audit), now);
    return { ok: false, code, message };
  }

  /** What orders applied here left to do after their commit, handed over and cleared (dropped on a replay or rollback). */
  private takePending(): { queued: Set<string>; out: Outgoing[]; requests: EngineRequest[] } {
    const pending = { queued: this.queued, out: this.out, requests: this.requests };
    this.queued = new Set();
    this.out = [];
    this.requests = [];
    return pending;
  }

  private rollback(before: { state: AreaState; rng: Rng }, saved: ReturnType<Rng["save"]>): void {
    this.host.restore(before, saved);
    this.takePending();
  }
}

/** An order's outbox effect; a follow to a further area is keyed by the order id and its hop. */
function effectOf(p: OrderPayload): Omit<Effect<OrderPayload>, "source"> {
  return { effect_id: p.hops ? `order:${p.order.id}:${p.hops}` : `order:${p.order.id}`, kind: "order", target: p.area, payload: p };
}
