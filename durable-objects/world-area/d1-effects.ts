import { writeAudit } from "../../src/audit/log";
import { db } from "../../src/db/client";
import type { Role } from "../../src/world/commands/table";
import { setWorldRole } from "../../src/world/directory";
import type { Effect, EffectReceiver } from "../kit";

/**
 * Effects an area sends to D1 rather than to another object, through the same outbox: the GM audit
 * and `setrole`. The outbox resolves their targets to these receivers.
 *
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
function auditReceiver(env: Pick<Env, "DB">): EffectReceiver {
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

/** `setrole` (§9): the role of an account, written to D1 (an upsert, so a repeated delivery changes nothing). */
export const ROLES_TARGET = "d1:world_roles";
export const SETROLE_KIND = "setrole";

export interface SetRolePayload {
  account: string;
  role: Role;
}

export function setRoleEffect(id: string, payload: SetRolePayload): Omit<Effect<SetRolePayload>, "source"> {
  return { effect_id: id, kind: SETROLE_KIND, target: ROLES_TARGET, payload };
}

function rolesReceiver(env: Pick<Env, "DB">): EffectReceiver {
  return {
    async receive(effect) {
      const p = effect.payload as SetRolePayload;
      await setWorldRole(env, p.account, p.role);
      return { result: "stored", replayed: false };
    },
  };
}

/** The receiver of a D1 target, or null for any other target (an area). */
export function d1Receiver(env: Pick<Env, "DB">, target: string): EffectReceiver | null {
  if (target === AUDIT_TARGET) return auditReceiver(env);
  if (target === ROLES_TARGET) return rolesReceiver(env);
  return null;
}
