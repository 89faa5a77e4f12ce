import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Append-only record of admin actions and security events. Triggers in the migration refuse
 * UPDATE and DELETE, so a row, once written, stays as written.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    /** The acting account; null for events with no signed-in actor (a login lock-out). */
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    reason: text("reason"),
    requestId: text("request_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    /**
     * Set by writers that may deliver one entry more than once (an object's outbox retrying after
     * a crash): the unique index makes the repeat a no-op. Null for entries written once by a request.
     */
    entryId: text("entry_id"),
  },
  (t) => [
    index("audit_log_action").on(t.action, t.id),
    index("audit_log_actor").on(t.actorId, t.id),
    index("audit_log_target").on(t.targetId, t.id),
    uniqueIndex("audit_log_entry").on(t.entryId),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
