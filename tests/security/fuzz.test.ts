/**
 * The CI variant of `npm run fuzz` (scripts/fuzz/): the same seeded generators and the same
 * verdicts, through SELF.fetch. 1,000 hostile requests as every role, then malformed frames to
 * each socket kind; no 5xx, nothing unanswered, every 4xx and error frame in the documented shape.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveRequest, sessionEnded, socketPath } from "../../scripts/fuzz/fixtures";
import { type FuzzFrame, fuzzFrame, SOCKET_KINDS, type SocketKind } from "../../scripts/fuzz/frames";
import type { OpenApiDoc } from "../../scripts/fuzz/openapi";
import { type FuzzRequest, fuzzRequests, type Role } from "../../scripts/fuzz/requests";
import { buildRoles, emptyFixtures, newShare } from "../../scripts/fuzz/roles";
import { describeRequest, type HttpOutcome, judgeFrame, judgeHttp, Tally } from "../../scripts/fuzz/verdict";
import { limiter } from "../../src/http/rate-limit";
import { playGolf, record } from "../history/helpers";
import { call, json, loginAdmin, type TestUser, uniqueIp } from "../helpers/http";
import { testSetupClient } from "./helpers";

const SEED = 20_261_130;
const REQUESTS = 1_000;
const FRAMES_PER_KIND = 150;
const TIMEOUT_MS = 10_000;

const fx = emptyFixtures();
let users: Partial<Record<Role, TestUser>> = {};
let adminId = "";

beforeAll(async () => {
  ({ accounts: users, adminId } = await buildRoles(testSetupClient, fx, ["player", "other", "banned"], ["player"]));
  await openFreshRoom();
  const played = playGolf({ seed: 7, players: [{ userId: users.player?.id ?? null }, { userId: null }] });
  expect(await record(played.record)).toBe(true);
  fx.game = played.record.id;
  fx.share = await newShare(testSetupClient, fx);
});

/** A new session for a role whose session the fuzz ended (logout, logout-all, refresh reuse). */
async function relogin(role: Role): Promise<void> {
  if (role === "admin") {
    fx.tokens.admin = await loginAdmin();
    return;
  }
  const u = users[role];
  if (!u || role === "banned") return;
  const res = await call("/v1/auth/login", { body: { login: u.username, password: u.password } });
  expect(res.status).toBe(200);
  const body = await json(res);
  fx.tokens[role] = body.accessToken;
  fx.sessions[role] = body.sessionId;
}

/** The fuzz measures input handling, not the per-user API budget: refill it between batches. */
async function refillBudgets(): Promise<void> {
  const ids = [users.player?.id, users.other?.id, adminId];
  await Promise.all(ids.map((id) => limiter(env, `api:user:${id}`).reset()));
}

async function send(req: FuzzRequest): Promise<HttpOutcome | null> {
  const headers = new Headers();
  try {
    for (const [k, v] of req.headers) headers.append(k, v);
  } catch {
    return null; // a header value fetch cannot carry
  }
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", uniqueIp());
  const bodyless = req.method === "GET" || req.method === "HEAD";
  const answer = (async (): Promise<HttpOutcome> => {
    const res = await SELF.fetch(`http://orrery.test${req.target}`, { method: req.method, headers, body: bodyless ? undefined : req.body });
    return { kind: "answer", status: res.status, body: await res.text() };
  })();
  const timeout = new Promise<HttpOutcome>((resolve) => setTimeout(() => resolve({ kind: "timeout", afterMs: TIMEOUT_MS }), TIMEOUT_MS));
  return Promise.race([answer, timeout]);
}

describe("fuzz (CI variant of npm run fuzz)", () => {
  it(`answers ${REQUESTS} hostile requests from /openapi.json without a 5xx, a hang or an unshaped 4xx`, async () => {
    const doc = (await json(await call("/openapi.json"))) as OpenApiDoc;
    const maxBodyBytes = Number(env.MAX_BODY_BYTES);
    const tally = new Tally();
    const all = [...fuzzRequests(doc, SEED, REQUESTS, { maxBodyBytes })];
    const ended = new Set<Role>();
    for (let i = 0; i < all.length; i += 10) {
      if (i % 50 === 0) await refillBudgets();
      await Promise.all(
        all.slice(i, i + 10).map(async (template) => {
          const req = resolveRequest(template, fx);
          const outcome = await send(req);
          if (!outcome) return tally.add("unsendable", template.cls);
          tally.add("status", outcome.kind === "answer" ? String(outcome.status) : outcome.kind);
          tally.add("role", template.role);
          const problem = judgeHttp(req, outcome);
          if (problem) tally.fail({ what: "http", problem, repro: { seed: SEED, ...describeRequest(template) } });
          if (sessionEnded(template, outcome)) ended.add(template.role);
        }),
      );
      for (const role of ended) await relogin(role);
      ended.clear();
    }
    expect(tally.failures, JSON.stringify(tally.failures, null, 1)).toEqual([]);
    const answered = Object.values(tally.counts.status ?? {}).reduce((a, b) => a + b, 0);
    expect(answered).toBeGreaterThanOrEqual(REQUESTS * 0.95);
    // Every role was exercised, and the requests reached handlers rather than only the router.
    expect(Object.keys(tally.counts.role ?? {}).sort()).toEqual(["admin", "anonymous", "banned", "other", "player"]);
    expect(tally.counts.status?.["200"] ?? 0).toBeGreaterThan(20);
  }, 240_000);

  for (const kind of SOCKET_KINDS) {
    it(`answers or closes on every malformed ${kind} frame, on-protocol`, async () => {
      await relogin("player");
      if (kind === "room") await openFreshRoom();
      const problems: string[] = [];
      const unanswered: { n: number; cls: string }[] = [];
      let sent = 0;
      let n = 0;
      // A socket the fuzz got closed (a valid `leave`, say) is replaced, up to a few times.
      for (let sockets = 0; sent < FRAMES_PER_KIND && sockets < 10; sockets++) {
        const socket = await FrameSocket.open(kind);
        for (; sent < FRAMES_PER_KIND && !socket.closed; n++) {
          const frame = fuzzFrame(kind, SEED, n);
          // Frames beyond what workerd's test harness carries in one message are left to the CLI.
          if (typeof frame.data === "string" && frame.data.length > 65_536) continue;
          const result = await socket.send(frame);
          sent += result.sent;
          if (!result.answered) unanswered.push({ n: frame.n, cls: frame.cls });
        }
        problems.push(...socket.problems);
        socket.close();
      }
      expect(problems).toEqual([]);
      expect(unanswered).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(FRAMES_PER_KIND);
    }, 120_000);
  }
});

/**
 * The player's fuzz room. The request fuzz may have left or closed the previous one, and created
 * rooms of its own, so the player leaves every live room (4 at most) before the frames get a new one.
 */
async function openFreshRoom(): Promise<void> {
  const active = await json(await call("/v1/rooms/me/active", { token: fx.tokens.player }));
  for (const r of active.rooms ?? []) await call(`/v1/rooms/${r.id}/leave`, { method: "POST", token: fx.tokens.player });
  const room = await call("/v1/rooms", {
    token: fx.tokens.player,
    body: { game: "counter", visibility: "public", options: { target: 10_000, max_turns: 1_000 }, config: { messagesPer10s: 10_000 } },
  });
  expect(room.status, await room.clone().text()).toBe(201);
  fx.room = (await json(room)).id;
}

/** A fuzz socket through SELF.fetch: counts answers the way the CLI's does (scripts/fuzz/socket-fuzz.ts). */
class FrameSocket {
  readonly problems: string[] = [];
  closed = false;
  private pending = 0;
  private wake = () => {};

  private constructor(
    private readonly kind: SocketKind,
    private readonly ws: WebSocket,
  ) {
    ws.addEventListener("message", (e) => {
      const verdict = judgeFrame(kind, typeof e.data === "string" ? e.data : "<binary>");
      if (verdict.problem) this.problems.push(verdict.problem);
      if (verdict.answer && this.pending > 0) this.pending--;
      this.wake();
    });
    ws.addEventListener("close", () => {
      this.closed = true;
      this.wake();
    });
    ws.accept();
  }

  static async open(kind: SocketKind): Promise<FrameSocket> {
    const res = await SELF.fetch(`http://orrery.test${socketPath(fx, kind)}`, {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${fx.tokens.player}`, "CF-Connecting-IP": uniqueIp() },
    });
    expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
    const socket = new FrameSocket(kind, res.webSocket as WebSocket);
    // The shard greets a new socket with a welcome: not an answer to any frame.
    if (kind === "universe") await socket.settle();
    return socket;
  }

  /** Sends the frame's copies; answered when every copy got its answer or the socket closed. */
  async send(frame: FuzzFrame): Promise<{ sent: number; answered: boolean }> {
    let sent = 0;
    try {
      for (; sent < frame.repeat; sent++, this.pending++) this.ws.send(frame.data);
    } catch {
      this.closed = true; // closed by the server under us: a valid answer
    }
    const answered = await this.settle();
    this.pending = 0;
    return { sent, answered: answered || this.closed };
  }

  private settle(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), TIMEOUT_MS);
      this.wake = () => {
        if (this.pending === 0 || this.closed) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      if (this.kind !== "universe" || this.pending > 0) this.wake();
    });
  }

  close(): void {
    if (!this.closed) this.ws.close(1000, "done");
  }
}
