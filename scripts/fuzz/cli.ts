/**
 * `npm run fuzz`: serves the Worker on one workerd (bench/lib/workerd.ts), creates every role
 * through the API, then
 * 1. sends malformed frames to each socket kind (room, universe, echo) and bad handshakes;
 * 2. sends hostile requests generated from `/openapi.json`, as every role;
 * 3. checks that every object kind still answers.
 * Pass: no 5xx, no `internal` error frame, nothing left unanswered, every 4xx (and every error
 * frame) in the documented shape. Prints JSON; exits 1 on any failure.
 *
 * Flags: --seed N (default: random, printed) --requests 10000 --frames 5000 (per socket kind)
 *        --concurrency 16 --timeout-ms 15000
 *        --only 17,42 (replay just these requests of the seed, e.g. from a failure report)
 */
import { progress, progressDone } from "../../bench/lib/stats";
import { LOCAL_RUN_VARS, startWorkerd } from "../../bench/lib/workerd";
import { Args } from "../lib/args";
import { resolveRequest, sessionEnded, socketPath } from "./fixtures";
import { FRAME_CLASSES, fuzzFrame, SOCKET_KINDS, type SocketKind } from "./frames";
import type { OpenApiDoc } from "./openapi";
import { sendRaw, Unsendable } from "./raw-http";
import { fuzzRequests, ROLES, type Role } from "./requests";
import { type RoleAccount as Account, buildRoles, emptyFixtures, newShare, type SetupClient } from "./roles";
import { FuzzSocket, judgeRefusal } from "./socket-fuzz";
import { describeRequest, judgeHttp, statusClass, Tally } from "./verdict";

const args = new Args();
const SEED = args.number("seed", Math.floor(Math.random() * 2 ** 31), 0, Number.MAX_SAFE_INTEGER);
const REQUESTS = args.number("requests", 10_000, 1, 1_000_000);
const FRAMES = args.number("frames", 5_000, 0, 1_000_000);
const CONCURRENCY = args.number("concurrency", 16, 1, 256);
const TIMEOUT_MS = args.number("timeout-ms", 15_000, 100, 600_000);
const ONLY = args.has("only") ? args.string("only", "").split(",").map(Number) : undefined;
if (ONLY?.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error("--only takes request numbers, e.g. --only 17,42");
const unknown = args.unknown(["seed", "requests", "frames", "concurrency", "timeout-ms", "only"]);
if (unknown.length) throw new Error(`unknown flags: ${unknown.map((f) => `--${f}`).join(" ")}`);

const MAX_BODY_BYTES = 65_536;
const PASSWORD = "fuzz-password-123";
const ADMIN = { username: "fuzz_admin", password: "fuzz-admin-password" };
/** Sockets each user keeps open per object: under the per-user cap of 5. */
const SOCKETS_PER_ROLE: Partial<Record<Role, number>> = { player: 3, other: 2 };

const server = await startWorkerd({
  ...LOCAL_RUN_VARS,
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
  LOGIN_MAX_FAILURES_PER_IP: "1000000",
  MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
});
const base = new URL(server.url);
const wsBase = server.url.replace(/^http/, "ws");
const tally = new Tally();

async function api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function must<T = any>(method: string, path: string, body?: unknown, token?: string, expected = [200, 201]): Promise<T> {
  const r = await api<T>(method, path, body, token);
  if (!expected.includes(r.status)) throw new Error(`setup: ${method} ${path} answered ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const client: SetupClient<Account> = {
  must: async (method, path, status, body, token) => must(method, path, body, token, [status]),
  async register(prefix) {
    const username = `${prefix}_${SEED.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const r = await must("POST", "/v1/auth/register", { username, password: PASSWORD });
    return { id: r.user.id, username, password: PASSWORD, accessToken: r.accessToken, sessionId: r.sessionId };
  },
  async loginAdmin() {
    const r = await must("POST", "/v1/auth/login", { login: ADMIN.username, password: ADMIN.password });
    return { id: r.user.id, accessToken: r.accessToken, sessionId: r.sessionId };
  },
};
let accounts: Partial<Record<Role, Account>> = {};
const fx = emptyFixtures();

/** A fresh session for a role whose session the fuzz ended (logout, logout-all, refresh reuse). */
const relogins = new Map<Role, Promise<void>>();
function relogin(role: Role): Promise<void> {
  const a = accounts[role];
  if ((!a && role !== "admin") || role === "banned") return Promise.resolve();
  let p = relogins.get(role);
  if (!p) {
    p = (async () => {
      const r = a ? await must("POST", "/v1/auth/login", { login: a.username, password: a.password }) : await client.loginAdmin();
      fx.tokens[role] = r.accessToken;
      fx.sessions[role] = r.sessionId;
    })().finally(() => relogins.delete(role));
    relogins.set(role, p);
  }
  return p;
}

async function openSocket(kind: SocketKind, role: Role, room = fx.room) {
  return FuzzSocket.open(kind, `${wsBase}${socketPath(fx, kind, room)}`, ["orrery.v1", `bearer.${fx.tokens[role]}`], TIMEOUT_MS);
}

async function createRoom(token: string, options: Record<string, unknown> = { target: 10_000, max_turns: 1_000 }): Promise<string> {
  const r = await must("POST", "/v1/rooms", { game: "counter", visibility: "public", options, config: { messagesPer10s: 10_000 } }, token);
  return r.id as string;
}

/** Plays a one-turn Counter game so that the player has a recorded game and a share code. */
async function recordedGame(): Promise<void> {
  const room = await createRoom(fx.tokens.player as string, { target: 1, max_turns: 1 });
  const s = await openSocket("room", "player", room);
  if ("refused" in s) throw new Error(`setup: room socket refused ${s.status} ${s.body}`);
  await s.ask(JSON.stringify({ type: "join", messageId: "j" }), "action_result", TIMEOUT_MS);
  await s.ask(JSON.stringify({ type: "start", messageId: "s" }), "action_result", TIMEOUT_MS);
  await s.ask(JSON.stringify({ type: "action", messageId: "a", action: { type: "add", amount: 1 } }), "game_over", TIMEOUT_MS);
  s.close();
  for (let i = 0; i < 100 && !fx.game; i++) {
    const page = await must("GET", "/v1/me/games", undefined, fx.tokens.player);
    fx.game = page.games[0]?.id ?? "";
    if (!fx.game) await new Promise((r) => setTimeout(r, 200));
  }
  if (!fx.game) throw new Error("setup: the finished game was never recorded");
  fx.share = await newShare(client, fx);
}

async function setup(): Promise<void> {
  ({ accounts } = await buildRoles(client, fx, ["player", "other", "banned"], ["player", "other"]));
  await recordedGame();
  fx.room = await createRoom(fx.tokens.player as string);
  fuzzRoom = fx.room;
}

/** The room the frames go to; replaced (once for all sockets) when the fuzz got it closed. */
let fuzzRoom = "";
let replacing: Promise<string> | null = null;

function replaceRoom(stale: string): Promise<string> {
  if (fuzzRoom !== stale) return Promise.resolve(fuzzRoom);
  replacing ??= (async () => {
    // The player hosts it unless the player already sits in the most live rooms allowed.
    const host =
      (await api("GET", "/v1/rooms/me/active", undefined, fx.tokens.player)).body?.rooms?.length < 4
        ? fx.tokens.player
        : (await client.register("host")).accessToken;
    fuzzRoom = await createRoom(host as string);
    replacing = null;
    return fuzzRoom;
  })();
  return replacing;
}

/** One socket's share of a kind's frames: reconnects after a close, opens a new room when its room is gone. */
async function socketWorker(kind: SocketKind, role: Role, next: () => number | null): Promise<void> {
  let socket: FuzzSocket | null = null;
  for (let n = next(); n !== null; n = next()) {
    if (!socket || !socket.open) {
      if (socket && !(await socket.ended(TIMEOUT_MS))) {
        tally.fail({
          what: `${kind} socket`,
          problem: `the close handshake did not finish within ${TIMEOUT_MS} ms`,
          repro: { seed: SEED, kind, role, n },
        });
      }
      if (socket?.closed) tally.add(`${kind}.closes`, String(socket.closed.code));
      const room = fuzzRoom;
      let opened = await openSocket(kind, role, room);
      if ("refused" in opened && kind === "room") opened = await openSocket(kind, role, await replaceRoom(room));
      if ("refused" in opened) {
        tally.fail({
          what: `${kind} socket`,
          problem: `reconnect refused: ${opened.status} ${opened.body.slice(0, 200)}`,
          repro: { role },
        });
        return;
      }
      socket = opened;
      if (kind === "universe") await socket.first("welcome", TIMEOUT_MS);
    }
    const frame = fuzzFrame(kind, SEED, n);
    const { sent, answered } = await socket.send(frame, TIMEOUT_MS);
    tally.add(`${kind}.frames`, frame.cls, sent);
    tally.add("frames", kind, sent);
    for (const problem of socket.problems.splice(0)) {
      tally.fail({ what: `${kind} frame`, problem, repro: { seed: SEED, kind, n, cls: frame.cls, role, frame: preview(frame.data) } });
    }
    if (!answered) {
      tally.add(`${kind}.unanswered`, frame.cls);
      tally.fail({
        what: `${kind} frame`,
        problem: `no answer and no close within ${TIMEOUT_MS} ms`,
        repro: { seed: SEED, kind, n, cls: frame.cls, role, frame: preview(frame.data) },
      });
    }
  }
  if (socket?.closed) tally.add(`${kind}.closes`, String(socket.closed.code));
  socket?.close();
}

function preview(data: string | Uint8Array): string {
  if (typeof data !== "string") return `<binary ${data.byteLength} bytes>`;
  return data.length > 200 ? `${data.slice(0, 200)}…(${data.length} chars)` : data;
}

/** Bad handshakes: each must be refused with the documented error body (or accepted, for a valid token). */
async function handshakes(kind: SocketKind): Promise<void> {
  const path = socketPath(fx, kind);
  const attempts: [string, string[]][] = [
    [path, ["orrery.v1"]],
    [path, ["orrery.v1", "bearer.garbage"]],
    [path, ["orrery.v1", `bearer.${fx.tokens.banned}`]],
    [path, ["bearer.x.y.z"]],
    [`${path}?access_token=${"a".repeat(5000)}`, ["orrery.v1"]],
    [`${path}?access_token=%00`, ["orrery.v1"]],
    [path.replace(/\/ws$/, "/%2e%2e/ws"), ["orrery.v1", `bearer.${fx.tokens.player}`]],
    [
      kind === "echo" ? path : path.replace(/(rooms|universes)\/[^/]+/, `$1/${"z".repeat(10_240)}`),
      ["orrery.v1", `bearer.${fx.tokens.player}`],
    ],
  ];
  for (const [p, protocols] of attempts) {
    tally.add("handshakes", kind);
    try {
      const r = await FuzzSocket.open(kind, `${wsBase}${p}`, protocols, TIMEOUT_MS);
      if ("refused" in r) {
        tally.add(`${kind}.handshake_status`, String(r.status));
        const problem = judgeRefusal(r);
        if (problem)
          tally.fail({
            what: `${kind} handshake`,
            problem,
            repro: { path: p.slice(0, 200), protocols: protocols.map((x) => x.slice(0, 40)) },
          });
      } else {
        tally.add(`${kind}.handshake_status`, "101");
        r.close();
      }
    } catch (e) {
      tally.fail({ what: `${kind} handshake`, problem: `connection failed: ${(e as Error).message}`, repro: { path: p.slice(0, 200) } });
    }
  }
}

async function fuzzSockets(): Promise<void> {
  for (const kind of SOCKET_KINDS) {
    await handshakes(kind);
    let n = 0;
    let sent = 0;
    const counted = () => tally.counts.frames?.[kind] ?? 0;
    const next = () => {
      sent = counted();
      if (sent >= FRAMES) return null;
      if (n % 100 === 0) progress(`${kind}: ${sent}/${FRAMES} frames`);
      return n++;
    };
    const workers = Object.entries(SOCKETS_PER_ROLE).flatMap(([role, count]) =>
      Array.from({ length: count }, () => socketWorker(kind, role as Role, next)),
    );
    await Promise.all(workers);
    progressDone();
  }
}

async function fuzzHttp(doc: OpenApiDoc): Promise<void> {
  const requests = fuzzRequests(doc, SEED, REQUESTS, { maxBodyBytes: MAX_BODY_BYTES }, ONLY);
  let done = 0;
  const worker = async () => {
    for (let it = requests.next(); !it.done; it = requests.next()) {
      const template = it.value;
      const req = resolveRequest(template, fx);
      let outcome: Awaited<ReturnType<typeof sendRaw>>;
      try {
        outcome = await sendRaw(base, req, TIMEOUT_MS, template.cls === "body.oversized" && template.n % 2 === 1);
      } catch (e) {
        if (!(e instanceof Unsendable)) throw e;
        tally.add("http.unsendable", template.cls);
        continue;
      }
      const cls = statusClass(outcome);
      tally.add("http.status", cls);
      tally.add(`http.class.${template.cls}`, cls);
      tally.add("http.role", template.role);
      if (outcome.kind === "answer") tally.add("http.codes", String(outcome.status));
      const problem = judgeHttp(req, outcome);
      if (problem) tally.fail({ what: "http", problem, repro: { seed: SEED, ...describeRequest(template) } });
      if (sessionEnded(template, outcome)) await relogin(template.role);
      if (++done % 250 === 0) progress(`http: ${done}/${REQUESTS} requests`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  progressDone();
}

/** After the run, each object kind must still answer a valid request. */
async function liveness(): Promise<Record<string, boolean>> {
  await Promise.all((["player", "other", "admin"] as const).map((r) => relogin(r)));
  const checks: Record<string, () => Promise<boolean>> = {
    "worker /healthz": async () => (await api("GET", "/healthz")).status === 200,
    "D1 + Sentinel /readyz": async () => (await api("GET", "/readyz")).status === 200,
    "RateLimiter (authenticated request)": async () => (await api("GET", "/v1/auth/me", undefined, fx.tokens.player)).status === 200,
    "Metrics /metrics": async () => (await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(TIMEOUT_MS) })).status === 200,
    "UniverseShard empire": async () =>
      (await api("GET", `/v1/universes/${fx.universe}/empire`, undefined, fx.tokens.player)).status === 200,
    "Matchmaker status": async () => (await api("GET", "/v1/matchmaking/golf", undefined, fx.tokens.other)).status === 200,
    "fuzzed room answers": async () => (await api("GET", `/v1/rooms/${fx.room}`, undefined, fx.tokens.other)).status < 500,
    "Room: new room, socket join": async () => {
      // A fresh account: the fuzzed roles may already sit in the most live rooms allowed.
      const fresh = await client.register("live");
      accounts.anonymous = fresh;
      fx.tokens.anonymous = fresh.accessToken;
      const room = await createRoom(fresh.accessToken);
      const s = await openSocket("room", "anonymous", room);
      if ("refused" in s) return false;
      const ok = await s.ask(JSON.stringify({ type: "join", messageId: "live" }), "action_result", TIMEOUT_MS);
      s.close();
      return ok;
    },
    "UniverseShard socket snapshot": async () => {
      const s = await openSocket("universe", "player");
      if ("refused" in s) return false;
      await s.first("welcome", TIMEOUT_MS);
      const ok = await s.ask("snapshot", "welcome", TIMEOUT_MS);
      s.close();
      return ok;
    },
    "Sentinel echo whoami": async () => {
      const s = await openSocket("echo", "player");
      if ("refused" in s) return false;
      const ok = await s.ask("whoami", "identity", TIMEOUT_MS);
      s.close();
      return ok;
    },
  };
  const out: Record<string, boolean> = {};
  for (const [name, check] of Object.entries(checks)) {
    out[name] = await check().catch(() => false);
    if (!out[name]) tally.fail({ what: "liveness", problem: `${name} did not answer as expected`, repro: {} });
  }
  return out;
}

let report: Record<string, unknown>;
try {
  progress("setting up roles and fixtures…");
  await setup();
  progressDone();
  const doc = (await api<OpenApiDoc>("GET", "/openapi.json")).body;
  const t0 = performance.now();
  await fuzzSockets();
  const t1 = performance.now();
  await fuzzHttp(doc);
  const t2 = performance.now();
  const after = await liveness();
  const frames = tally.counts.frames ?? {};
  report = {
    fuzz: "orrery",
    seed: SEED,
    server: server.server,
    roles: [...ROLES],
    http: {
      requests: Object.values(tally.counts["http.status"] ?? {}).reduce((a, b) => a + b, 0),
      seconds: Math.round((t2 - t1) / 100) / 10,
      byStatus: tally.counts["http.status"],
      byCode: tally.counts["http.codes"],
      byRole: tally.counts["http.role"],
      byClass: Object.fromEntries(
        Object.entries(tally.counts)
          .filter(([k]) => k.startsWith("http.class."))
          .map(([k, v]) => [k.slice(11), v]),
      ),
      unsendable: tally.counts["http.unsendable"] ?? {},
    },
    sockets: {
      frames: Object.values(frames).reduce((a, b) => a + b, 0),
      seconds: Math.round((t1 - t0) / 100) / 10,
      classes: FRAME_CLASSES,
      ...Object.fromEntries(
        SOCKET_KINDS.map((k) => [
          k,
          {
            frames: frames[k] ?? 0,
            byClass: tally.counts[`${k}.frames`],
            unanswered: tally.counts[`${k}.unanswered`] ?? {},
            closes: tally.counts[`${k}.closes`] ?? {},
            handshakes: tally.counts[`${k}.handshake_status`],
          },
        ]),
      ),
    },
    after,
    failures: { total: tally.failureCount, first: tally.failures },
    serverErrorLogs: server.errorLogs,
  };
} finally {
  await server.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(tally.failureCount === 0 ? 0 : 1);
