/**
 * `npm run loadtest -- --url http://127.0.0.1:8787 --rooms 3 --players 3 [--game golf|counter|tcg]
 *   [--spectators 0] [--duration 60] [--loop] [--rounds 1] [--options '{"max_turns":100}']
 *   [--unpaced] [--validate] [--json]`
 *
 * Bots register accounts, create rooms, claim seats and play real games over the public protocol
 * (HTTP + WebSocket) until the games end, or until --duration seconds of play have passed (--loop
 * starts a new game in a room whenever one ends, until then). Progress goes to stderr; the summary to stdout
 * (a table, or JSON with --json). Exits 1 when anything went wrong.
 *
 * Registration is limited per IP (RATE_LIMIT_AUTH_PER_MINUTE, 10 by default): 429s are waited out,
 * which makes a run against a stock `npm run dev` slow. For load tests start the server with
 *   npx wrangler dev --var ENVIRONMENT:development --var ENABLE_COUNTER_GAME:true --var RATE_LIMIT_AUTH_PER_MINUTE:100000
 * (ENABLE_COUNTER_GAME only for --game counter).
 */
import { Args } from "./lib/args";
import { Api } from "./lib/http";
import { type GameId, type LoadResult, type Progress, runId, runLoad } from "./lib/load";
import { defaultPacing } from "./lib/pacer";

const FLAGS = [
  "url",
  "rooms",
  "players",
  "game",
  "spectators",
  "duration",
  "loop",
  "rounds",
  "options",
  "turn-seconds",
  "unpaced",
  "validate",
  "json",
  "register-concurrency",
  "setup-concurrency",
  "stall-seconds",
  "help",
];

const USAGE = `usage: npm run loadtest -- [flags]
  --url URL                 server (default http://127.0.0.1:8787)
  --rooms N                 rooms (default 3)
  --players K               players per room (default 4; golf 2–6, counter 1–6, tcg 2 and the default)
  --game golf|counter|tcg   default golf (counter needs ENABLE_COUNTER_GAME=true); tcg bots play random legal moves
  --spectators S            spectators per room, each with its own account (default 0)
  --duration SEC            stop this long after the games start (unfinished games are reported)
  --loop                    with --duration: start a new game whenever one ends
  --rounds N                golf holes per game (default 1)
  --options JSON            game options, merged over the defaults above
  --turn-seconds N          room turn timer (default: the room's default, 60)
  --unpaced                 do not pace to the per-connection limit (30 messages / 10 s)
  --validate                check every server message against the protocol schema
  --json                    print the summary as JSON
  --register-concurrency N  registrations in flight (default 4)
  --setup-concurrency N     rooms being set up at once (default 8)
  --stall-seconds N         give up on a room with no event for this long (default 30)`;

function fail(message: string): never {
  process.stderr.write(`loadtest: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args: Args;
try {
  args = new Args();
} catch (e) {
  fail((e as Error).message);
}
if (args.flag("help")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const unknown = args.unknown(FLAGS);
if (unknown.length) fail(`unknown flag ${unknown.map((f) => `--${f}`).join(", ")}`);

const game = args.string("game", "golf") as GameId;
if (game !== "golf" && game !== "counter" && game !== "tcg") fail(`--game must be golf, counter or tcg, got ${game}`);
let settings: {
  url: string;
  rooms: number;
  players: number;
  spectators: number;
  duration: number | null;
  options: Record<string, unknown>;
  config: Record<string, unknown>;
};
try {
  const spectators = args.number("spectators", 0, 0, 500);
  let extra: Record<string, unknown> = {};
  if (args.has("options")) {
    const parsed = JSON.parse(args.string("options", "{}"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("--options must be a JSON object");
    extra = parsed;
  }
  settings = {
    url: args.string("url", "http://127.0.0.1:8787"),
    rooms: args.number("rooms", 3, 1, 10_000),
    players: game === "tcg" ? args.number("players", 2, 2, 2) : args.number("players", 4, game === "golf" ? 2 : 1, 6),
    spectators,
    duration: args.has("duration") ? args.number("duration", 60, 1, 86_400) : null,
    options: { ...(game === "golf" ? { rounds: args.number("rounds", 1, 1, 18) } : {}), ...extra },
    config: {
      ...(args.has("turn-seconds") ? { turnSeconds: args.number("turn-seconds", 60, 5, 3600) } : {}),
      ...(spectators > 50 ? { maxSpectators: spectators } : {}),
    },
  };
} catch (e) {
  fail((e as Error).message);
}
if (args.flag("loop") && settings.duration === null) fail("--loop needs --duration");

let hinted = false;
const api = new Api(settings.url, {
  onRateLimited: (path, waitMs) => {
    if (!hinted) {
      hinted = true;
      process.stderr.write(
        `\nloadtest: ${path} is rate limited (429); waiting ${Math.round(waitMs / 1000)} s between retries. ` +
          "Start the server with --var RATE_LIMIT_AUTH_PER_MINUTE:100000 for load tests.\n",
      );
    }
  },
});

// Fail fast with a readable message when the server is not there or does not offer the game.
try {
  const { games } = await api.games();
  const offered = games.find((g) => g.id === game);
  if (!offered) {
    fail(
      `the server does not offer ${game} (offers ${games.map((g) => g.id).join(", ")})` +
        (game === "counter" ? "; start it with --var ENABLE_COUNTER_GAME:true" : ""),
    );
  }
  if (settings.players < offered.minPlayers || settings.players > offered.maxPlayers) {
    fail(`${game} takes ${offered.minPlayers}–${offered.maxPlayers} players`);
  }
} catch (e) {
  fail(`cannot reach ${settings.url}: ${(e as Error).message}`);
}

const tty = process.stderr.isTTY === true;
let lastLine = 0;
function showProgress(p: Progress): void {
  const line =
    p.stage === "register"
      ? `registering bots ${p.accounts}/${p.accountsNeeded}`
      : p.stage === "setup"
        ? `setting up rooms ${p.roomsReady}/${p.rooms}`
        : `rooms done ${p.roomsDone}/${p.rooms}, games ${p.gamesCompleted}, actions ${p.actions} (${p.rate}/s), errors ${p.errors}`;
  const text = `[${p.elapsedSeconds.toFixed(1)}s] ${line}`;
  if (tty) process.stderr.write(`\r\x1b[2K${text}`);
  else if (p.stage === "done" || performance.now() - lastLine >= 5000) {
    lastLine = performance.now();
    process.stderr.write(`${text}\n`);
  }
}

const abort = new AbortController();
let stage: Progress["stage"] = "register";
process.on("SIGINT", () => {
  // During registration there is nothing to report yet; a second Ctrl-C always quits.
  if (abort.signal.aborted || stage === "register") process.exit(130);
  process.stderr.write("\nloadtest: stopping (Ctrl-C again to quit at once)…\n");
  abort.abort();
});

let result: LoadResult;
try {
  result = await runLoad({
    api,
    game,
    rooms: settings.rooms,
    players: settings.players,
    spectators: settings.spectators,
    options: settings.options,
    config: settings.config,
    pacing: args.flag("unpaced") ? [] : defaultPacing(),
    durationMs: settings.duration === null ? undefined : settings.duration * 1000,
    loop: args.flag("loop"),
    signal: abort.signal,
    validate: args.flag("validate"),
    namePrefix: `lt_${runId()}_`,
    registerConcurrency: args.number("register-concurrency", 4, 1, 256),
    setupConcurrency: args.number("setup-concurrency", 8, 1, 1000),
    stallMs: args.number("stall-seconds", 30, 1, 3600) * 1000,
    onProgress: (p) => {
      stage = p.stage;
      showProgress(p);
    },
  });
} catch (e) {
  process.stderr.write(`\nloadtest: ${(e as Error).message}\n`);
  process.exit(1);
}
if (tty) process.stderr.write("\n");

const summary = { url: settings.url, ...result };
if (args.flag("json")) {
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} else {
  const r = result;
  const rows: [string, string][] = [
    ["server", settings.url],
    ["game", `${r.game} ${JSON.stringify(r.options)}`],
    ["rooms", `${r.rooms} × ${r.playersPerRoom} players + ${r.spectatorsPerRoom} spectators (${r.accounts} accounts)`],
    ["setup", `${r.setupSeconds} s`],
    ["games completed", `${r.gamesCompleted} (unfinished ${r.gamesUnfinished})`],
    ["actions", `${r.actions} in ${r.playSeconds} s = ${r.actionsPerSecond}/s`],
    ["latency ms", `p50 ${r.latencyMs.p50}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}  (n=${r.latencyMs.count})`],
    ["frames received", `${r.framesReceived.players} players, ${r.framesReceived.spectators} spectators (${r.framesReceived.perSecond}/s)`],
    [
      "pacing",
      r.pacing
        ? `${r.pacing.perConnectionMessagesPerSecond} msgs/s per connection (ceiling ${r.pacing.ceilingActionsPerSecond} actions/s)`
        : "off",
    ],
    ["reconnects", `${r.reconnects.count} (${r.reconnects.resumedWithEvents} resumed from lastSeq)`],
    ["errors", String(r.errors)],
    ...Object.entries(r.errorsByCode).map(([code, n]): [string, string] => [`  ${code}`, String(n)]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n`);
}
process.exit(result.errors > 0 || result.gamesCompleted === 0 ? 1 : 0);
