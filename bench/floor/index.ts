/**
 * The floor the benches measure the project against: the least a Worker must do for the same
 * workload, with no framework, no auth and no validation library.
 * - `GET /rows/:shard/:key`: one DO RPC that reads one 2 KB JSON row (the read floor);
 * - `POST /rows/:shard/:key`: one DO RPC that reads, changes and rewrites it (the write floor);
 * - `GET /healthz`: the Worker alone;
 * - `GET /rooms/:id/ws?seat=&players=&burst=`: a turn room with hibernatable sockets. An action
 *   is `{"type":"action","messageId","n"}`; the room checks the turn and `n`, appends one SQLite
 *   row, answers the actor and sends every socket its own JSON (seats see their own field,
 *   spectators share one serialization). With `burst=B` (B ≥ 1), play goes in cycles of a burst,
 *   where every seat may act once in any order, then B actions taken in turn, as in a game whose
 *   players all move at once now and then (Golf's initial flips): the event that opens a burst says
 *   `turn: -1, burst: true` (the first burst opens with play). With `pad=N`, every event frame
 *   is filled out to N bytes and the log row carries as much, so that the floor moves a game's
 *   bytes per frame (Golf's events name cards, seats and positions; the floor's say one number).
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
    buildings: Array.from({ length: 24 }, (_, i) => ({
      object: `building_${i}`,
      level: i % 7,
      upgrading: false,
      cost: { metal: 60 * i, crystal: 15 * i },
    })),
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
  /** Actions taken in turn between two bursts; 0: no bursts. */
  burst: number;
  /** Bytes every event frame, and the log row's action, are filled out to; 0: as they come. */
  pad: number;
}

/** `text` (a JSON object) with a `pad` field that brings it to `bytes`, when it is shorter. */
function padded(text: string, bytes: number): string {
  const fill = bytes - text.length - ',"pad":""'.length;
  return fill > 0 ? `${text.slice(0, -1)},"pad":"${"x".repeat(fill)}"}` : text;
}

/**
 * Where action `seq + 1` falls: a seat's turn, or a burst (-1: any seat that has not acted in it).
 * A cycle opens with its burst, as a Golf hole opens with every seat's initial flip, so the first
 * actions of every room arrive at once, as Golf's do when the bench starts every game together.
 */
function turnAfter(seq: number, players: number, burst: number): number {
  if (burst === 0) return seq % players;
  const at = seq % (players + burst);
  return at < players ? -1 : (at - players) % players;
}

export class TurnRoom extends DurableObject<Env> {
  private seq: number;
  /** Seats that acted in the current burst (a burst is short and this floor is never evicted mid-run). */
  private readonly burstActed = new Set<number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, seat INTEGER NOT NULL, action TEXT NOT NULL, at INTEGER NOT NULL)",
    );
    this.seq = ctx.storage.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM log").one().seq ?? 0;
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({
      seat: Number(url.searchParams.get("seat") ?? -1),
      players: Number(url.searchParams.get("players") ?? 2),
      burst: Number(url.searchParams.get("burst") ?? 0),
      pad: Number(url.searchParams.get("pad") ?? 0),
    } satisfies Seat);
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
    const turn = turnAfter(this.seq, me.players, me.burst);
    if (
      msg.type !== "action" ||
      typeof msg.messageId !== "string" ||
      !Number.isInteger(msg.n) ||
      (msg.n as number) < 1 ||
      (msg.n as number) > 3
    ) {
      ws.send(JSON.stringify({ type: "error", messageId: msg.messageId, code: "invalid_action" }));
      return;
    }
    if (turn === -1 ? me.seat < 0 || this.burstActed.has(me.seat) : me.seat !== turn) {
      ws.send(JSON.stringify({ type: "error", messageId: msg.messageId, code: "not_your_turn" }));
      return;
    }
    if (turn === -1) this.burstActed.add(me.seat);
    const seq = ++this.seq;
    const now = Date.now();
    this.ctx.storage.sql.exec(
      "INSERT INTO log (seq, seat, action, at) VALUES (?, ?, ?, ?)",
      seq,
      me.seat,
      padded(JSON.stringify({ n: msg.n }), me.pad),
      now,
    );
    ws.send(JSON.stringify({ type: "action_result", messageId: msg.messageId, seq }));
    const next = turnAfter(seq, me.players, me.burst);
    const opensBurst = next === -1 && turn !== -1;
    if (opensBurst) this.burstActed.clear();
    const frames = new Map<number, string>();
    for (const socket of this.ctx.getWebSockets()) {
      const viewer = (socket.deserializeAttachment() as Seat).seat;
      let frame = frames.get(viewer);
      if (frame === undefined) {
        const event = {
          type: "event",
          seq,
          serverTime: now,
          event: { actor: me.seat, n: msg.n, turn: next, ...(opensBurst ? { burst: true } : {}), ...(viewer >= 0 ? { you: viewer } : {}) },
        };
        frame = padded(JSON.stringify(event), me.pad);
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
