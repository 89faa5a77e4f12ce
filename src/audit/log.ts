import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { type AuditRow, auditLog } from "../db/schema/index";

/**
 * What the log records. Admin actions are `<target>.<verb>`; security events are named for what
 * happened. The list is closed so a filter by action can be validated and documented.
 */
export const AUDIT_ACTIONS = [
  "user.ban",
  "user.unban",
  "user.mute",
  "user.unmute",
  "user.logout",
  "user.role",
  "user.password_reset",
  "room.close",
  "universe.create",
  "universe.pause",
  "universe.resume",
  "universe.debris",
  "universe.moon",
  "security.login_locked",
  "security.refresh_reuse",
  "world.gm",
  "world.kick",
  "world.teleport",
  "world.reload",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  actorId: string | null;
  targetType?: "user" | "room" | "universe" | "character";
  targetId?: string;
  reason?: string | null;
  requestId: string | null;
  details?: Record<string, unknown>;
  /** The entry's idempotency key: a second write with the same id is ignored (outbox deliveries repeat). */
  entryId?: string;
}

export async function writeAudit(d: Db, entry: AuditEntry, now = Date.now()): Promise<void> {
  const insert = d.insert(auditLog).values({
    at: now,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    reason: entry.reason ?? null,
    requestId: entry.requestId,
    details: entry.details ?? null,
    entryId: entry.entryId ?? null,
  });
  if (entry.entryId === undefined) await insert;
  else await insert.onConflictDoNothing({ target: auditLog.entryId });
}

/** A stored row; only `writeAudit` writes rows, so the action is always one of AUDIT_ACTIONS. */
export type AuditRecord = Omit<AuditRow, "action"> & { action: AuditAction };

export interface AuditFilter {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  /** Keyset cursor: rows with a smaller id (older) than this. */
  before?: number | undefined;
  limit: number;
}

/** Newest first. Returns one page and the cursor of the next, or null on the last page. */
export async function listAudit(d: Db, f: AuditFilter): Promise<{ entries: AuditRecord[]; nextBefore: number | null }> {
  const where: SQL[] = [];
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.before !== undefined) where.push(lt(auditLog.id, f.before));
  const rows = await d
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const entries = rows.slice(0, f.limit) as AuditRecord[];
  return { entries, nextBefore: rows.length > f.limit ? (entries.at(-1)?.id ?? null) : null };
}
