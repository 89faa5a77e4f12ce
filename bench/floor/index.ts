/**
 * The floor the benches measure the project against: the least a Worker must do for the same
 * workload, with no framework, no auth and no validation library.
 * - `GET /rows/:shard/:key`: one DO RPC that reads one 2 KB JSON row (the read floor);
 * - `POST /rows/:shard/:key`: one DO RPC that reads, changes and rewrites it (the write floor);
 * - `GET /healthz`: the Worker alone;
 * - `GET /rooms/:id/ws?seat=&players=`: a turn room with hibernatable sockets. An action is
 *   `{"type":"action","messageId","n"}`; the room checks the turn and `n`, appends one SQLite row,
 *   answers the actor and sends every socket its own JSON (seats see their own field, spectators
 *   share one serialization).
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  ROWS: DurableObjectNamespace<Rows>;
  TURN_ROOMS: DurableObjectNamespace<TurnRoom>;
}

/** About 2 KB of JSON, shaped like a planet: ids, numbers and a list of levels. */
function freshRow(key: string) {
  return {
    id: key,
    name: `Planet ${key}`,
    at: Date.now(),
    resources: { metal: 500, crystal: 500, deuterium: 0, energy: 0 },
    buildings: Array.from({ length: 24 }, (_, i) => ({ object: `building_${i}`, level: i % 7, upgrading: false, cost: { metal: 60 * i, crystal: 15 * i } })),
    version: 0,
  };
}

export class Rows extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, doc TEXT NOT NULL)");
  }

  read(key: string): string {
    const row = this.ctx.storage.sql.exec<{ doc: string }>("SELECT doc FROM rows WHERE key = ?", key).toArray()[0];
    if (row) return row.doc;
    const doc = JSON.stringify(freshRow(key));
    this.ctx.storage.sql.exec("INSERT INTO rows (key, doc) VALUES (?, ?)", key, doc);
    return doc;
  }

  write(key: string): string {
    const doc = JSON.parse(this.read(key)) as ReturnType<typeof freshRow>;
    doc.version++;
    doc.at = Date.now();
    doc.resources.metal -= 1;
    const text = JSON.stringify(doc);
    this.ctx.storage.sql.exec("UPDATE rows SET doc = ? WHERE key = ?", text, key);
    return text;
  }
}

interface Seat {
  seat: number;
  players: number;
}

export class TurnRoom extends DurableObject<Env> {
  private seq: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, seat INTEGER NOT NULL, action TEXT NOT NULL, at INTEGER NOT NULL)");
    this.seq = ctx.storage.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM log").one().seq ?? 0;
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ seat: Number(url.searchParams.get("seat") ?? -1), players: Number(url.searchParams.get("players") ?? 2) } satisfies Seat);
    server.send(JSON.stringify({ type: "welcome", seq: this.seq }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const me = ws.deserializeAttachment() as Seat;
    let msg: { type?: unknown; messageId?: unknown; n?: unknown };
    try {
      msg = JSON.parse(String(message));
    } catch {
      ws.send('{"type":"error","code":"invalid_json"}');
      return;
    }
    const turn = this.seq % me.players;
    if (msg.type !== "action" || typeof msg.messageId !== "string" || !Number.isInteger(msg.n) || (msg.n as number) < 1 || (msg.n as number) > 3) {
      ws.send(JSON.stringify({ type: "error", messageId: msg.messageId, code: "invalid_action" }));
      return;
    }
    if (me.seat !== turn) {
      ws.send(JSON.stringify({ type: "error", messageId: msg.messageId, code: "not_your_turn" }));
      return;
    }
    const seq = ++this.seq;
    const now = Date.now();
    this.ctx.storage.sql.exec("INSERT INTO log (seq, seat, action, at) VALUES (?, ?, ?, ?)", seq, me.seat, JSON.stringify({ n: msg.n }), now);
    ws.send(JSON.stringify({ type: "action_result", messageId: msg.messageId, seq }));
    const next = seq % me.players;
    const frames = new Map<number, string>();
    for (const socket of this.ctx.getWebSockets()) {
      const viewer = (socket.deserializeAttachment() as Seat).seat;
      let frame = frames.get(viewer);
      if (frame === undefined) {
        const event = { type: "event", seq, serverTime: now, event: { actor: me.seat, n: msg.n, turn: next, ...(viewer >= 0 ? { you: viewer } : {}) } };
        frame = JSON.stringify(event);
        frames.set(viewer, frame);
      }
      socket.send(frame);
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const parts = url.pathname.split("/");
    if (parts[1] === "healthz") return new Response('{"ok":true}', { headers: { "content-type": "application/json" } });
    if (parts[1] === "rows" && parts.length === 4) {
      const stub = env.ROWS.get(env.ROWS.idFromName(parts[2] as string));
      const doc = request.method === "POST" ? await stub.write(parts[3] as string) : await stub.read(parts[3] as string);
      return new Response(doc, { headers: { "content-type": "application/json" } });
    }
    if (parts[1] === "rooms" && parts[3] === "ws" && request.headers.get("Upgrade") === "websocket") {
      return env.TURN_ROOMS.get(env.TURN_ROOMS.idFromName(parts[2] as string)).fetch(request);
    }
    return new Response('{"error":"not_found"}', { status: 404, headers: { "content-type": "application/json" } });
  },
};
