import { writeAudit } from "../../src/audit/log";
import { db } from "../../src/db/client";
import type { Role } from "../../src/world/commands/table";
import type { Effect, EffectReceiver } from "../kit";

/**
 * The GM audit (§9) travels as an outbox effect: the area writes the row in the transaction of the
 * command's effect, and the outbox copies it to D1 `audit_log` until D1 has it. A crash after the
 * effect leaves the row to deliver; a repeated delivery (a crash after D1 stored it, before the
 * row was deleted) inserts nothing, because the entry id is the row's unique key in D1.
 */
export const AUDIT_TARGET = "d1:audit";
export const AUDIT_KIND = "audit";

export interface AuditPayload {
  /** When the command took effect (a late delivery keeps this time). */
  at: number;
  /** The actor's character id, account and role at the time. */
  character: string;
  account: string;
  role: Role;
  text: string;
  /** The name the command named, if any. */
  target: string | null;
  /** `ok` or the error code the actor got. */
  outcome: string;
  /** The area where the effect was applied. */
  area: string;
}

/** The outbox effect of one audit entry; `id` is its key in D1 (an order's id for a GM command routed to another area). */
export function auditEffect(id: string, payload: AuditPayload): Omit<Effect<AuditPayload>, "source"> {
  return { effect_id: id, kind: AUDIT_KIND, target: AUDIT_TARGET, payload };
}

/** The outbox's receiver for `AUDIT_TARGET`: an idempotent insert into D1 (action `world.gm`). */
export function auditReceiver(env: Pick<Env, "DB">): EffectReceiver {
  return {
    async receive(effect) {
      const p = effect.payload as AuditPayload;
      await writeAudit(
        db(env),
        {
          action: "world.gm",
          actorId: p.account,
          targetType: "character",
          targetId: p.target ?? undefined,
          requestId: null,
          details: { character: p.character, role: p.role, text: p.text, outcome: p.outcome, area: p.area },
          entryId: effect.effect_id,
        },
        p.at,
      );
      return { result: "stored", replayed: false };
    },
  };
}
