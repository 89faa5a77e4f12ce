/**
 * Load against the floor (index.ts) with the same clients, shapes and counts as the project's
 * runs: the `ws` library for sockets, `fetch` for HTTP, closed loops of concurrent clients.
 */
import WebSocket from "ws";
import { summarize } from "../lib/stats";

export interface RoomsLoad {
  rooms: number;
  players: number;
  spectators: number;
  /** Actions per room; the run ends when every room has made them (or at the deadline). */
  turns: number;
  /** `performance.now()` time to stop at. */
  deadline: number;
  /** Called once every socket is open, as play begins. */
  onPlay?: () => void;
  /** Actions taken in turn between two bursts where every player acts at once (index.ts); 0 or absent: none. */
  burst?: number;
  /** Bytes each event frame (and log row) is filled out to (index.ts); 0 or absent: none. */
  pad?: number;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // As the project's clients (scripts/lib/room-socket.ts): no permessage-deflate, which workerd
    // would otherwise spend compressing every frame, and this process inflating it.
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("message", () => resolve(ws));
    ws.once("error", reject);
  });
}

/**
 * R turn rooms × P players + S spectators. Each player acts when an event says it is its turn (or
 * that a burst opens), as the project's bots do; latency is from sending an action to the actor
 * receiving its result. `turnLatencyMs` leaves the bursts' actions out, as the project's does.
 */
export async function floorRooms(baseUrl: string, o: RoomsLoad) {
  const ws = baseUrl.replace(/^http/, "ws");
  const latencies: number[] = [];
  const turnLatencies: number[] = [];
  let actions = 0;
  let errors = 0;
  const sockets: WebSocket[] = [];
  const rooms = await Promise.all(
    Array.from({ length: o.rooms }, async (_, r) => {
      const id = `floor-${Date.now()}-${r}`;
      const url = (seat: number) => `${ws}/rooms/${id}/ws?seat=${seat}&players=${o.players}&burst=${o.burst ?? 0}&pad=${o.pad ?? 0}`;
      const players = await Promise.all(Array.from({ length: o.players }, (_, seat) => open(url(seat))));
      const watchers = await Promise.all(Array.from({ length: o.spectators }, () => open(url(-1))));
      // Spectators read every frame, as the project's do (scripts/lib/room-socket.ts keeps the last
      // seq to resume from): a load generator that skipped them would leave the floor's server
      // more of the shared cores than the project's gets.
      for (const w of watchers) {
        let lastSeq = 0;
        w.on("message", (data) => {
          const m = JSON.parse(String(data)) as { seq?: number };
          if (typeof m.seq === "number") lastSeq = Math.max(lastSeq, m.seq);
        });
      }
      sockets.push(...players, ...watchers);
      return players;
    }),
  );
  o.onPlay?.();
  const start = performance.now();
  await Promise.all(
    rooms.map(
      (players) =>
        new Promise<void>((done) => {
          let made = 0;
          const sentAt = new Map<string, { at: number; burst: boolean }>();
          const act = (seat: number, burst = false) => {
            if (made >= o.turns || performance.now() >= o.deadline) return done();
            const messageId = `${seat}-${made}`;
            sentAt.set(messageId, { at: performance.now(), burst });
            players[seat]?.send(JSON.stringify({ type: "action", messageId, n: 1 + (made % 3) }));
          };
          players.forEach((sock, seat) => {
            sock.on("message", (data) => {
              const m = JSON.parse(String(data)) as { type: string; messageId?: string; event?: { turn: number; burst?: true } };
              if (m.type === "action_result" && m.messageId) {
                const sent = sentAt.get(m.messageId);
                const ms = performance.now() - (sent?.at ?? 0);
                latencies.push(ms);
                if (!sent?.burst) turnLatencies.push(ms);
                sentAt.delete(m.messageId);
                actions++;
                made++;
                if (made >= o.turns) done();
              } else if (m.type === "event" && m.event?.burst) act(seat, true);
              else if (m.type === "event" && m.event?.turn === seat) act(seat);
              else if (m.type === "error") errors++;
            });
          });
          // A burst floor opens with every seat acting at once; the plain one with seat 0.
          if (o.burst) for (let seat = 0; seat < players.length; seat++) act(seat, true);
          else act(0);
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const s of sockets) s.close();
  return {
    actions,
    seconds: round(seconds),
    actionsPerSecond: Math.round(actions / seconds),
    latencyMs: summarize(latencies),
    turnLatencyMs: summarize(turnLatencies),
    burst: o.burst ?? 0,
    pad: o.pad ?? 0,
    errors,
  };
}

export interface Sample {
  /** The route class the request counts under. */
  kind: string;
  ok: boolean;
}

/**
 * `clients` closed loops for `seconds`: each calls `step(client, i)` again as soon as it returns.
 * Per route class: requests/s, p50/p99 latency and failures.
 */
export async function closedLoop(clients: number, seconds: number, step: (client: number, i: number) => Promise<Sample>) {
  const byKind = new Map<string, { ms: number[]; failed: number }>();
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const s = await step(client, i);
        const entry = byKind.get(s.kind) ?? { ms: [], failed: 0 };
        byKind.set(s.kind, entry);
        if (s.ok) entry.ms.push(performance.now() - t0);
        else entry.failed++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return Object.fromEntries(
    [...byKind].map(([kind, e]) => [kind, { perSecond: Math.round(e.ms.length / elapsed), latencyMs: summarize(e.ms), failed: e.failed }]),
  ) as Record<string, RouteFigure>;
}

export interface RouteFigure {
  perSecond: number;
  latencyMs: ReturnType<typeof summarize>;
  failed: number;
}

/** How the benches' HTTP answers travel, as their reports print it. */
export const BENCH_ENCODING =
  "identity: the clients send Accept-Encoding: identity, so Miniflare's emulation of the edge's compression stays out of workerd's figures (bench/floor/clients.ts)";

/**
 * A bench's HTTP request, asking for an uncompressed answer. Miniflare's entry worker emulates
 * Cloudflare's front line, which compresses JSON on its way out (`ensureAcceptableEncoding`), and
 * does it inside the measured workerd: a fifth of the instructions of a planet read went to its
 * gzip. Deployed, that work is the edge's, not the Worker's, so floor and project are measured
 * without it.
 */
export function benchFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Accept-Encoding", "identity");
  return fetch(url, { ...init, headers });
}

/** One request, its body drained; ok on 2xx (and on `okStatus`, e.g. a 409 answered command). */
export async function hit(url: string, init: RequestInit, kind: string, okStatus: number[] = []): Promise<Sample> {
  const res = await benchFetch(url, init);
  await res.arrayBuffer();
  return { kind, ok: res.ok || okStatus.includes(res.status) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
