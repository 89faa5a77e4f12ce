import type { EngineEvent, MarketEvent } from "../../src/universe/engine/index";

export interface StoredNotification {
  id: number;
  kind: string;
  message: string;
  data: Record<string, unknown>;
  createdAt: number;
  read: boolean;
}

/** Which engine events a player should find in their inbox later, not only see live. */
export function notificationFor(event: EngineEvent): { kind: string; message: string } | null {
  switch (event.type) {
    case "notification":
      return { kind: event.kind, message: event.message };
    case "building_complete":
      return {
        kind: "building_complete",
        message:
          event.kind === "demolish" ? `${event.object} demolished to level ${event.level}` : `${event.object} reached level ${event.level}`,
      };
    case "research_complete":
      return { kind: "research_complete", message: `${event.object} reached level ${event.level}` };
    case "units_complete":
      // One notice per batch, when its last unit is done; progress is only pushed live.
      return event.remaining === 0 ? { kind: "units_complete", message: `${event.unit}: batch done, ${event.total} on the planet` } : null;
    case "market":
      return { kind: `market_${event.kind}`, message: marketMessage(event) };
    default:
      return null;
  }
}

const lot = (l: { resource: string; amount: number }) => `${l.amount} ${l.resource}`;

function marketMessage(e: MarketEvent): string {
  switch (e.kind) {
    case "sold":
      return `your offer of ${lot(e.counterpart)} was accepted: ${lot(e.received)} delivered`;
    case "cancelled":
      return `your offer was cancelled: ${lot(e.received)} returned`;
    case "bought":
      return `you bought ${lot(e.received)} for ${lot(e.counterpart)}`;
    case "refused":
      return `your purchase of ${lot(e.counterpart)} failed (${e.reason}): ${lot(e.received)} refunded`;
  }
}

/** Puts one notice in a player's inbox; runs inside the caller's transaction. */
export function storeNotification(sql: SqlStorage, playerId: string, kind: string, message: string, data: object, at: number): void {
  sql.exec(
    "INSERT INTO notifications (player_id, kind, message, data, created_at) VALUES (?, ?, ?, ?, ?)",
    playerId,
    kind,
    message,
    JSON.stringify(data),
    at,
  );
}

export function listNotifications(
  sql: SqlStorage,
  playerId: string,
  opts: { before?: number | undefined; limit: number; unreadOnly?: boolean | undefined },
): { notifications: StoredNotification[]; unread: number; nextBefore: number | null } {
  const rows = sql
    .exec<{ id: number; kind: string; message: string; data: string; created_at: number; read_at: number | null }>(
      `SELECT id, kind, message, data, created_at, read_at FROM notifications
       WHERE player_id = ? AND id < ? ${opts.unreadOnly ? "AND read_at IS NULL" : ""}
       ORDER BY id DESC LIMIT ?`,
      playerId,
      opts.before ?? Number.MAX_SAFE_INTEGER,
      opts.limit + 1,
    )
    .toArray();
  const page = rows.slice(0, opts.limit);
  const unread = sql
    .exec<{ n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE player_id = ? AND read_at IS NULL", playerId)
    .one().n;
  return {
    notifications: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      message: r.message,
      data: JSON.parse(r.data),
      createdAt: r.created_at,
      read: r.read_at !== null,
    })),
    unread,
    nextBefore: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
