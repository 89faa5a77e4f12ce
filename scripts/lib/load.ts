/**
 * The load driver shared by `npm run loadtest` and `npm run bench:rooms`: registers bot accounts,
 * creates rooms over HTTP, seats players and spectators over WebSockets, starts every room at
 * once and lets the bots play real games until they end (or the deadline passes). Everything goes
 * through the public API; bots see only what their seat may see.
 */
import { summarize } from "../../bench/lib/stats";
import type { GameMirror } from "./bots";
import { CounterMirror } from "./counter-bot";
import { GolfMirror } from "./golf-bot";
import { TcgMirror } from "./tcg-bot";
import { type Account, type Api, HttpError, pool, type RoomResponse } from "./http";
import { type PacerWindow, pacedRate } from "./pacer";
import type { Answer, ServerMsg } from "./protocol";
import { RoomSocket, SocketRefused } from "./room-socket";

export type GameId = "golf" | "counter" | "tcg";

export const BOT_PASSWORD = "orrery-loadtest-password";

export function mirrorFor(game: GameId): GameMirror {
  if (game === "golf") return new GolfMirror();
  return game === "tcg" ? new TcgMirror() : new CounterMirror();
}

export interface LoadOptions {
  api: Api;
  game: GameId;
  rooms: number;
  players: number;
  spectators: number;
  /** Game options (`POST /v1/rooms` `options`). */
  options: Record<string, unknown>;
  /** Room config (`POST /v1/rooms` `config`). */
  config: Record<string, unknown>;
  /** Per-connection pacing (see pacer.ts); empty: none. */
  pacing: PacerWindow[];
  /** Stop at this `performance.now()` time, setup included (unfinished games are reported as such). */
  deadline?: number;
  /** Stop this long after the games start (setup excluded). */
  durationMs?: number;
  /** Stops the run like the deadline does (e.g. on Ctrl-C). */
  signal?: AbortSignal;
  /** Keep starting new games in each room's seats until the deadline. */
  loop?: boolean;
  /** A room with no game event for this long is given up as stalled. */
  stallMs?: number;
  /** Validate every server message against the protocol schema. */
  validate?: boolean;
  /** Accounts to use (at least rooms × (players + spectators)); registered when missing. */
  accounts?: Account[];
  /** Usernames are `${prefix}${i}`. */
  namePrefix?: string;
  registerConcurrency?: number;
  /** Rooms being created, seated and connected at once. */
  setupConcurrency?: number;
  onProgress?: (p: Progress) => void;
  progressEveryMs?: number;
  /** Called once, the first time a request is rate limited. */
  onFirstRateLimit?: (path: string) => void;
}

export interface Progress {
  stage: "register" | "setup" | "play" | "done";
  elapsedSeconds: number;
  accounts: number;
  accountsNeeded: number;
  roomsReady: number;
  roomsDone: number;
  rooms: number;
  gamesCompleted: number;
  actions: number;
  /** Accepted actions per second over the last progress interval. */
  rate: number;
  errors: number;
}

export class LoadStats {
  actions = 0;
  readonly latencies: number[] = [];
  /** Latencies of actions taken in turn, leaving out those every seat makes at once (see `GameMirror.simultaneous`). */
  readonly turnLatencies: number[] = [];
  /** Latencies by the action's `type`, to tell which moves make a tail. */
  readonly byAction = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  gamesCompleted = 0;
  gamesUnfinished = 0;
  /** Player connections that dropped abnormally and were opened again. */
  reconnects = 0;
  /** Rejoins answered with the missed events (the rest got a fresh state). */
  resumed = 0;
  playerFrames = 0;
  spectatorFrames = 0;
  bytes = 0;
  /** The first few messages that did not match the protocol. */
  violations: string[] = [];

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  latencyOf(action: unknown, ms: number): void {
    const type = String((action as { type?: unknown } | null)?.type ?? "?");
    const list = this.byAction.get(type);
    if (list) list.push(ms);
    else this.byAction.set(type, [ms]);
  }

  errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  errorsByCode(): Record<string, number> {
    return Object.fromEntries([...this.errors].sort((a, b) => b[1] - a[1]));
  }
}

/** A protocol step the room refused. */
export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly code: string,
  ) {
    super(`${step} failed: ${code}`);
  }
}

function errorCode(e: unknown): string {
  if (e instanceof StepFailed) return `${e.step}_${e.code}`;
  if (e instanceof HttpError) return `http_${e.status}_${e.code}`;
  if (e instanceof SocketRefused) return `ws_refused_${e.status}_${e.code}`;
  if (e instanceof Error && "code" in e && typeof e.code === "string") return `net_${e.code}`;
  if (e instanceof Error) return `client_error: ${e.message.slice(0, 80)}`;
  return "client_error";
}

/** Registers `n` bot accounts `${prefix}0…`, waiting out 429s. */
export async function registerAccounts(
  api: Api,
  n: number,
  prefix: string,
  concurrency: number,
  onRegistered?: (done: number) => void,
): Promise<Account[]> {
  let done = 0;
  return pool(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => {
      const account = await api.register(`${prefix}${i}`, BOT_PASSWORD);
      onRegistered?.(++done);
      return account;
    },
  );
}

/** A short random run id for usernames: 3–32 characters of [A-Za-z0-9_-] in all. */
export function runId(): string {
  return (Date.now() % 1e9).toString(36) + Math.floor(Math.random() * 1296).toString(36);
}

/** What a caller may learn about each action a bot sends (`npm run chaos` records them). */
export interface ActionHooks {
  /** Just before the action goes out. */
  sent?(action: unknown): void;
  /** Its answer: `action_result` (ok) or an error, `socket_closed` included. */
  answered?(action: unknown, answer: Answer): void;
}

/** One seated bot: mirrors its view and acts whenever the game waits for its seat. */
export class PlayerBot {
  private inFlight = false;
  /** After an accepted action, wait for its events (up to this seq) before deciding again. */
  private waitSeq = 0;
  /** After a refused action, wait for news before trying again (the same move would fail again). */
  private blocked = false;
  stopped = false;
  seat = -1;
  /** Set while a dropped connection is being replaced. */
  reconnecting = false;
  reconnects = 0;
  readonly mirror: GameMirror;

  constructor(
    public sock: RoomSocket,
    game: GameId,
    private readonly stats: LoadStats,
    private readonly onEvent: () => void,
    private readonly onOver: () => void,
    private readonly hooks: ActionHooks = {},
  ) {
    this.mirror = mirrorFor(game);
    sock.onMessage = (m) => this.handle(m);
  }

  /**
   * Continues on a new connection after the old one dropped. The caller then joins with the old
   * connection's `lastSeq`: the room replays the missed events (or sends a fresh `state`), and a
   * command lost with the old connection is decided again from the caught-up view.
   */
  attach(sock: RoomSocket): void {
    sock.lastSeq = this.sock.lastSeq;
    this.sock = sock;
    this.inFlight = false;
    this.blocked = false;
    sock.onMessage = (m) => this.handle(m);
  }

  private handle(m: ServerMsg): void {
    switch (m.type) {
      case "state":
        this.mirror.reset(m.view);
        this.blocked = false;
        break;
      case "event":
        this.mirror.apply(m.event);
        this.blocked = false;
        this.onEvent();
        break;
      case "game_over":
        this.onOver();
        return;
      case "error":
        // An error without a pending command (e.g. kicked); the answer path counts the rest.
        this.stats.error(m.code);
        return;
      default:
        return;
    }
    this.tick();
  }

  tick(): void {
    if (this.stopped || this.inFlight || this.blocked || this.seat < 0) return;
    if (this.sock.lastSeq < this.waitSeq || this.mirror.over()) return;
    if (this.mirror.needsSync?.(this.seat)) {
      this.inFlight = true;
      // The fresh `state` arrives before this answer.
      void this.sock.request({ type: "sync" }).then((a) => {
        this.inFlight = false;
        if (!a.ok && a.code !== "socket_closed") this.stats.error(a.code);
        if (a.ok && !this.stopped) this.tick();
      });
      return;
    }
    const action = this.mirror.choose(this.seat);
    if (action === null) return;
    const simultaneous = this.mirror.simultaneous?.() ?? false;
    this.inFlight = true;
    this.hooks.sent?.(action);
    void this.sock.request({ type: "action", action }).then((a) => {
      this.inFlight = false;
      this.hooks.answered?.(action, a);
      if (this.stopped) return;
      if (a.ok) {
        this.stats.actions++;
        this.stats.latencies.push(a.latencyMs);
        if (!simultaneous) this.stats.turnLatencies.push(a.latencyMs);
        this.stats.latencyOf(action, a.latencyMs);
        this.waitSeq = Number(a.result.seq ?? 0);
      } else {
        // A dropped connection is counted (or recovered from) where it closes.
        if (a.code === "socket_closed") return;
        this.stats.error(a.code);
        if (a.code === "rate_limited") {
          const retry = Number((a.details as { retryAfterMs?: number } | null)?.retryAfterMs ?? 1000);
          this.inFlight = true;
          setTimeout(() => {
            this.inFlight = false;
            this.tick();
          }, retry);
          return;
        }
        this.blocked = true;
      }
      this.tick();
    });
  }
}

interface RoomRun {
  ready: boolean;
  done: boolean;
}

export interface LoadResult {
  game: GameId;
  rooms: number;
  playersPerRoom: number;
  spectatorsPerRoom: number;
  options: Record<string, unknown>;
  config: Record<string, unknown>;
  accounts: number;
  setupSeconds: number;
  playSeconds: number;
  gamesCompleted: number;
  gamesUnfinished: number;
  actions: number;
  actionsPerSecond: number;
  latencyMs: ReturnType<typeof summarize>;
  /** The same without the actions every seat makes at once (Golf's initial flips). */
  turnLatencyMs: ReturnType<typeof summarize>;
  /** `latencyMs` by the action's type. */
  latencyByActionMs: Record<string, ReturnType<typeof summarize>>;
  errors: number;
  errorsByCode: Record<string, number>;
  reconnects: { count: number; resumedWithEvents: number };
  framesReceived: { players: number; spectators: number; perSecond: number; megabytes: number };
  pacing: { perConnectionMessagesPerSecond: number; ceilingActionsPerSecond: number } | null;
  protocolViolations?: string[];
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const stats = new LoadStats();
  const t0 = performance.now();
  const perRoom = o.players + o.spectators;
  const needed = o.rooms * perRoom;
  const prefix = o.namePrefix ?? `bot_${runId()}_`;
  const stallMs = o.stallMs ?? 30_000;
  const runs: RoomRun[] = Array.from({ length: o.rooms }, () => ({ ready: false, done: false }));
  let stage: Progress["stage"] = "register";
  let registered = o.accounts?.length ?? 0;
  let lastActions = 0;
  let lastAt = performance.now();
  const sockets = new Set<RoomSocket>();
  const spectatorSockets = new Set<RoomSocket>();
  const bots = new Set<PlayerBot>();

  const snapshot = (): Progress => {
    const now = performance.now();
    const rate = (stats.actions - lastActions) / Math.max(0.001, (now - lastAt) / 1000);
    lastActions = stats.actions;
    lastAt = now;
    return {
      stage,
      elapsedSeconds: Math.round((now - t0) / 100) / 10,
      accounts: registered,
      accountsNeeded: needed,
      roomsReady: runs.filter((r) => r.ready).length,
      roomsDone: runs.filter((r) => r.done).length,
      rooms: o.rooms,
      gamesCompleted: stats.gamesCompleted,
      actions: stats.actions,
      rate: Math.round(rate),
      errors: stats.errorCount(),
    };
  };
  const ticker = o.onProgress ? setInterval(() => o.onProgress?.(snapshot()), o.progressEveryMs ?? 1000) : null;

  let deadline = o.deadline;
  const deadlinePassed = () => o.signal?.aborted === true || (deadline !== undefined && performance.now() >= deadline);
  let stopAll: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopAll = resolve;
  });
  const timers: ReturnType<typeof setTimeout>[] = [];
  const stopAt = (at: number) => {
    deadline = Math.min(deadline ?? at, at);
    timers.push(setTimeout(() => stopAll(), Math.max(0, at - performance.now())));
  };
  if (o.deadline !== undefined) stopAt(o.deadline);
  o.signal?.addEventListener("abort", () => stopAll(), { once: true });

  try {
    const accounts =
      o.accounts ??
      (await registerAccounts(o.api, needed, prefix, o.registerConcurrency ?? 8, (n) => {
        registered = n;
      }));
    if (accounts.length < needed) throw new Error(`need ${needed} accounts, got ${accounts.length}`);
    registered = accounts.length;
    stage = "setup";
    const setupStart = performance.now();

    // Everything rooms share: the barrier that starts every room's first game together.
    let release: () => void = () => {};
    const go = new Promise<void>((resolve) => {
      release = resolve;
    });
    let readyCount = 0;
    let playStart = 0;
    let playEnd = 0;
    const markReady = (run: RoomRun) => {
      if (run.ready) return;
      run.ready = true;
      readyCount++;
      if (readyCount === o.rooms) release();
    };

    const setupSlots = new Semaphore(o.setupConcurrency ?? 8);
    const open = async (account: Account, roomId: string, code?: string): Promise<RoomSocket> => {
      const sock = await RoomSocket.open(o.api.socketUrl(roomId, code), account.accessToken, {
        pacing: o.pacing,
        validate: o.validate,
        onViolation: (text) => {
          stats.error("protocol_violation");
          if (stats.violations.length < 5) stats.violations.push(text);
        },
      });
      sockets.add(sock);
      return sock;
    };

    /**
     * One game in one room: create it, seat everyone, connect, start (after the barrier on the first
     * game), play. Resolves with whether the game ran to its end; null when it never started.
     */
    const playOnce = async (run: RoomRun, seats: Account[], watchers: Account[], first: boolean): Promise<boolean | null> => {
      const [host, ...guests] = seats as [Account, ...Account[]];
      const slot = await setupSlots.acquire();
      let room: RoomResponse;
      try {
        room = await o.api.createRoom(host.accessToken, { game: o.game, options: o.options, config: o.config });
        for (const g of guests) await o.api.joinByCode(g.accessToken, room.code);
      } catch (e) {
        slot();
        throw e;
      }

      let lastEvent = performance.now();
      let finish: (completed: boolean) => void = () => {};
      const finished = new Promise<boolean>((resolve) => {
        finish = resolve;
      });
      const mine: RoomSocket[] = [];
      const players: PlayerBot[] = [];
      let watchdog: ReturnType<typeof setInterval> | null = null;
      try {
        /**
         * A connection that drops abnormally (e.g. `wrangler dev` reloading the Worker) is opened
         * again and resumed with `lastSeq`; the room's own close codes (4xxx) end the game.
         */
        const watchClose = (bot: PlayerBot, account: Account, sock: RoomSocket) => {
          sock.onClose = (code) => {
            if (bot.stopped || bot.reconnecting || sock !== bot.sock) return;
            if (!RECONNECTABLE.has(code) || bot.reconnects >= MAX_RECONNECTS) {
              stats.error(`ws_closed_${code}`);
              finish(false);
              return;
            }
            void reconnect(bot, account, code);
          };
        };
        const reconnect = async (bot: PlayerBot, account: Account, code: number) => {
          bot.reconnecting = true;
          bot.reconnects++;
          stats.reconnects++;
          let failure = `ws_closed_${code}`;
          try {
            // The server may still be restarting: try a few times, waiting longer each time.
            for (let attempt = 1; attempt <= 5; attempt++) {
              await new Promise((r) => setTimeout(r, 500 * attempt));
              if (bot.stopped) return;
              let next: RoomSocket;
              try {
                next = await open(account, room.id);
              } catch (e) {
                failure = errorCode(e);
                if (e instanceof SocketRefused && e.status < 500) break;
                continue;
              }
              mine.push(next);
              if (bot.stopped) return;
              bot.attach(next);
              watchClose(bot, account, next);
              const j = await next.request({ type: "join", mode: "play", ...(next.lastSeq > 0 ? { lastSeq: next.lastSeq } : {}) });
              if (j.ok) {
                if (j.result.resumed) stats.resumed++;
                bot.reconnecting = false;
                bot.tick();
                return;
              }
              failure = `rejoin_${j.code}`;
              if (j.code !== "socket_closed") break;
            }
            stats.error(failure);
            finish(false);
          } finally {
            bot.reconnecting = false;
          }
        };
        const playerSocks = await Promise.all(seats.map((a) => open(a, room.id)));
        playerSocks.forEach((sock, i) => {
          mine.push(sock);
          const bot = new PlayerBot(
            sock,
            o.game,
            stats,
            () => {
              lastEvent = performance.now();
            },
            () => finish(true),
          );
          watchClose(bot, seats[i] as Account, sock);
          players.push(bot);
          bots.add(bot);
        });
        const specSocks = await Promise.all(watchers.map((a) => open(a, room.id, room.code)));
        for (const s of specSocks) {
          mine.push(s);
          spectatorSockets.add(s);
          s.onMessage = (m) => {
            if (m.type === "error") stats.error(`spectator_${m.code}`);
          };
        }
        const joins = await Promise.all([
          ...players.map((b) => b.sock.request({ type: "join", mode: "play" })),
          ...specSocks.map((s) => s.request({ type: "join", mode: "watch" })),
        ]);
        slot();
        joins.forEach((j, i) => {
          if (!j.ok) throw new StepFailed("join", j.code);
          const bot = players[i];
          if (bot) bot.seat = Number(j.result.seat);
        });

        if (first) {
          markReady(run);
          await Promise.race([go, stopped]);
        }
        if (deadlinePassed()) return null;
        const started = await (players[0] as PlayerBot).sock.request({ type: "start" });
        if (!started.ok) throw new StepFailed("start", started.code);
        lastEvent = performance.now();
        watchdog = setInterval(() => {
          if (performance.now() - lastEvent > stallMs) {
            stats.error("stalled");
            finish(false);
          }
        }, 1000);
        const completed = await Promise.race([finished, stopped.then(() => false)]);
        if (completed) stats.gamesCompleted++;
        else stats.gamesUnfinished++;
        return completed;
      } finally {
        slot();
        if (watchdog) clearInterval(watchdog);
        for (const b of players) {
          b.stopped = true;
          bots.delete(b);
        }
        for (const s of mine) {
          stats.bytes += s.bytes;
          if (spectatorSockets.has(s)) stats.spectatorFrames += s.frames;
          else stats.playerFrames += s.frames;
          spectatorSockets.delete(s);
          sockets.delete(s);
          s.close();
        }
      }
    };

    const runRoom = async (index: number): Promise<void> => {
      const run = runs[index] as RoomRun;
      const mine = accounts.slice(index * perRoom, (index + 1) * perRoom);
      const seats = mine.slice(0, o.players);
      const watchers = mine.slice(o.players);
      let first = true;
      try {
        do {
          await playOnce(run, seats, watchers, first);
          first = false;
        } while (o.loop && !deadlinePassed());
      } catch (e) {
        stats.error(errorCode(e));
        markReady(run);
        if (process.env.LOADTEST_DEBUG) console.error(e);
      } finally {
        run.done = true;
        playEnd = performance.now();
      }
    };

    const all = Promise.all(runs.map((_, i) => runRoom(i)));
    await Promise.race([go, all, stopped]);
    stage = "play";
    playStart = performance.now();
    if (o.durationMs !== undefined) stopAt(playStart + o.durationMs);
    const setupSeconds = (playStart - setupStart) / 1000;
    await Promise.race([all, stopped]);
    if (deadlinePassed()) playEnd = performance.now();
    stopAll();
    await all;
    stage = "done";
    const playSeconds = Math.max(0.001, (playEnd - playStart) / 1000);
    const rate = o.pacing.length ? pacedRate(o.pacing) : null;
    return {
      game: o.game,
      rooms: o.rooms,
      playersPerRoom: o.players,
      spectatorsPerRoom: o.spectators,
      options: o.options,
      config: o.config,
      accounts: accounts.length,
      setupSeconds: round(setupSeconds),
      playSeconds: round(playSeconds),
      gamesCompleted: stats.gamesCompleted,
      gamesUnfinished: stats.gamesUnfinished,
      actions: stats.actions,
      actionsPerSecond: round(stats.actions / playSeconds),
      latencyMs: summarize(stats.latencies),
      turnLatencyMs: summarize(stats.turnLatencies),
      latencyByActionMs: Object.fromEntries([...stats.byAction].map(([type, ms]) => [type, summarize(ms)])),
      errors: stats.errorCount(),
      errorsByCode: stats.errorsByCode(),
      reconnects: { count: stats.reconnects, resumedWithEvents: stats.resumed },
      framesReceived: {
        players: stats.playerFrames,
        spectators: stats.spectatorFrames,
        perSecond: Math.round((stats.playerFrames + stats.spectatorFrames) / playSeconds),
        megabytes: round(stats.bytes / 1e6),
      },
      pacing:
        rate === null ? null : { perConnectionMessagesPerSecond: round(rate), ceilingActionsPerSecond: round(rate * o.rooms * o.players) },
      ...(stats.violations.length ? { protocolViolations: stats.violations } : {}),
    };
  } finally {
    if (ticker) clearInterval(ticker);
    for (const t of timers) clearTimeout(t);
    for (const b of bots) b.stopped = true;
    for (const s of sockets) s.terminate();
    o.onProgress?.(snapshot());
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Abnormal closes worth reconnecting after (going away, no close frame, server error, restart). */
const RECONNECTABLE = new Set([1001, 1006, 1011, 1012]);
/** Per player and game. */
const MAX_RECONNECTS = 3;

/** At most `n` holders at once; `acquire` resolves with an idempotent release. */
class Semaphore {
  private waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
