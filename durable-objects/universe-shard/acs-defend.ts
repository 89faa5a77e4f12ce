import type { StoredBattleReport } from "../../src/universe/engine/combat/record";
import type { ShipCounts } from "../../src/universe/engine/index";
import type { Outbox, Timers } from "../kit";
import type { Arrival } from "./fleet-store";
import { HOLD_TIMER, type Holder, HolderStore, holdKey } from "./holders";

/*
 * ACS defend on the host's shard (docs/combat.md "ACS defend"): a buddy's fleet arrives and
 * holds, fights beside the planet's owner in every battle there until its hold ends, and then
 * (or when recalled) is handed back to its owner's shard. Every step that concerns the owner is
 * an outbox effect named by its cause, so the owner learns each exactly once.
 */

export const HELD_EFFECT = "fleet_held";

/**
 * What the host tells the holder's owner: the ships left after a battle (with the owner's copy
 * of the report), or at the end of the hold (`releasedAt`), when the fleet starts home.
 */
export interface HeldPayload {
  fleetId: string;
  ownerId: string;
  ships: ShipCounts;
  report?: StoredBattleReport;
  releasedAt?: number;
}

/** A buddy's fleet holding at one of the player's planets, as the host sees it (a friend's ships show; the cargo does not). */
export interface HoldingView {
  fleetId: string;
  ownerId: string;
  ownerUsername: string;
  origin: Arrival["origin"];
  target: Arrival["target"];
  targetPlanetId: string | null;
  arrivalAt: number;
  holdUntil: number;
  ships: ShipCounts;
}

export function holdingView(h: Holder): HoldingView {
  return {
    fleetId: h.fleetId,
    ownerId: h.ownerId,
    ownerUsername: h.ownerUsername,
    origin: h.origin,
    target: h.target,
    targetPlanetId: h.targetPlanetId,
    arrivalAt: h.arrivalAt,
    holdUntil: h.holdUntil,
    ships: h.ships,
  };
}

interface HoldHost {
  readonly timers: Timers;
  readonly outbox: Outbox;
  push(playerId: string, frame: Record<string, unknown>): void;
}

export class HoldDesk {
  readonly store: HolderStore;

  constructor(
    sql: SqlStorage,
    private readonly host: HoldHost,
  ) {
    this.store = new HolderStore(sql);
  }

  /** The arrival of an ACS-defend fleet at a planet its buddy still holds: it stays until `holdUntil`. */
  begin(a: Arrival & { holdUntil: number }): void {
    const holder: Holder = { ...a };
    this.store.insert(holder);
    this.host.timers.schedule(holdKey(a.fleetId), a.holdUntil, HOLD_TIMER, { fleetId: a.fleetId });
    if (a.targetOwnerId) this.host.push(a.targetOwnerId, { type: "fleet_holding", fleet: holdingView(holder) });
  }

  /** The `hold:` timer: the hold is over and the fleet leaves with what it has left. */
  end(fleetId: string, now: number): void {
    const h = this.store.get(fleetId);
    if (!h) return;
    // The hold's due time; never later than the timer that ended it (one brought forward ends the hold then).
    this.release(h, Math.min(now, h.holdUntil), "hold_over", now);
  }

  /** Its owner gave the planet up: every fleet holding there leaves now, with what it has left. */
  abandoned(planetId: string, now: number): void {
    for (const h of this.store.atPlanet(planetId)) {
      this.host.timers.cancel(holdKey(h.fleetId));
      this.release(h, now, "planet_abandoned", now);
    }
  }

  private release(h: Holder, releasedAt: number, reason: "hold_over" | "planet_abandoned", now: number): void {
    this.store.delete(h.fleetId);
    this.tell(`fleet:${h.fleetId}:released`, h, { fleetId: h.fleetId, ownerId: h.ownerId, ships: h.ships, releasedAt }, now);
    if (h.targetOwnerId) this.host.push(h.targetOwnerId, { type: "fleet_hold_ended", fleetId: h.fleetId, reason });
  }

  /** A recall reaching the host while the fleet holds: it leaves now, with the ships it has left. */
  recall(fleetId: string): { recalled: true; ships: ShipCounts } | null {
    const h = this.store.get(fleetId);
    if (!h) return null;
    this.store.delete(fleetId);
    this.host.timers.cancel(holdKey(fleetId));
    if (h.targetOwnerId) this.host.push(h.targetOwnerId, { type: "fleet_hold_ended", fleetId, reason: "recalled" });
    return { recalled: true, ships: h.ships };
  }

  /**
   * After a battle at the planet, in its transaction: each holder keeps what survived (a fleet
   * wiped out leaves the planet), and its owner gets the report and the ships left.
   */
  afterBattle(
    holders: readonly Holder[],
    after: readonly { fleetId: string; ships: ShipCounts }[],
    report: StoredBattleReport,
    now: number,
  ): void {
    for (const h of holders) {
      const ships = after.find((x) => x.fleetId === h.fleetId)?.ships ?? {};
      if (Object.keys(ships).length === 0) {
        this.store.delete(h.fleetId);
        this.host.timers.cancel(holdKey(h.fleetId));
        if (h.targetOwnerId) this.host.push(h.targetOwnerId, { type: "fleet_hold_ended", fleetId: h.fleetId, reason: "destroyed" });
      } else {
        this.store.setShips(h.fleetId, ships);
      }
      this.tell(`battle:${report.id}:held:${h.fleetId}`, h, { fleetId: h.fleetId, ownerId: h.ownerId, ships, report }, now);
    }
  }

  private tell(effectId: string, h: Holder, payload: HeldPayload, now: number): void {
    this.host.outbox.send({ effect_id: effectId, kind: HELD_EFFECT, target: h.ownerShard, payload }, now);
  }
}
