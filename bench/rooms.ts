/**
 * `npm run bench:rooms`: prints JSON (progress goes to stderr).
 * 1. Pure engine: full 9-hole Golf games per second with four CPU seats and default options,
 *    with the runtime's RNG streams (the game's own `createRng(seed)`, and `deriveSeed(seed, "cpu", n)`
 *    for the n-th CPU decision), and the process CPU time per game, which moves less than the
 *    rate on a shared machine.
 * 1b. Familiars (tcg): the spec's 200-game strength set (tactician vs basic), timed, giving engine
 *    games and actions per second and the tactician's win rate (spec §17 asks for at least 55 %).
 * 1c. State snapshots (lib/snapshot-cost.ts): the state bytes a room would write per action
 *    without them, against the replay a load pays per action since the last snapshot.
 * 2. Served: first the floor (bench/floor: a bare turn room with hibernatable sockets, one SQLite
 *    row per action, per-viewer JSON), then the Worker bundle, each on one workerd (Miniflare API,
 *    see lib/workerd.ts): R rooms × 4 bot players taking turns as fast as the room's
 *    per-connection limit lets them, plus spectators with their own accounts; a Counter game, then
 *    a short Golf game, in every room; then a Familiars (tcg) game in every room with 2 bots playing
 *    random legal moves (scripts/lib/tcg-bot.ts) and the same spectators. Each project figure is
 *    printed beside the floor's at the same shape (tcg beside a 2-player floor run).
 *
 * Flags: --rooms 20 --players 4 --spectators 10 --engine-seconds 5 --counter-turns 160
 *        --golf-rounds 3 --paced (keep the default per-connection limit and pace clients under it) --engine-only
 *        --cold (measure each phase's first run instead of a second one on a warm isolate)
 *
 * Each served phase (the floor's and each game's) is played twice by default, and the second run
 * is the one measured: the first warms the isolate's JIT (the project's bundle has far more code
 * to compile than the floor's, which put the first half-second of a cold run at half speed) and is
 * printed as `warmup`. The default lengths (480 Counter turns, 3 Golf holes) keep each measured
 * window at a few seconds, where a 1.5 s window moved with the ramp and the last rooms' tail.
 */
import { CPU_PROFILE_NAMES, cpuProfile, createGolfGame, golfCpuMove, applyGolf, awaitingSeats } from "../src/games/golf/index";
import { STRENGTH_GAMES, tacticianWins } from "../src/games/tcg/cpu/strength";
import { createRng, deriveSeed } from "../src/lib/rng";
import { Args } from "../scripts/lib/args";
import { Api } from "../scripts/lib/http";
import { type LoadOptions, type Progress, registerAccounts, runId } from "../scripts/lib/load";
import { defaultPacing, ROOM_RATE_LIMIT } from "../scripts/lib/pacer";
import { snapshotCost } from "./lib/snapshot-cost";
import { machine, progress, progressDone, ratio } from "./lib/stats";
import { type CpuMark, cpuPerAction, floorFromPlay, loadFromPlay } from "./lib/measure";
import { FLOOR_CONFIG, LOCAL_RUN_VARS, startWorkerd } from "./lib/workerd";

const args = new Args();
const ROOMS = args.number("rooms", 20, 1, 500);
const PLAYERS = args.number("players", 4, 2, 6);
const SPECTATORS = args.number("spectators", 10, 0, 50);
const ENGINE_SECONDS = args.number("engine-seconds", 5, 0.5, 120);
const COUNTER_TURNS = args.number("counter-turns", 480, 1, 1000);
const GOLF_ROUNDS = args.number("golf-rounds", 3, 1, 18);
const PHASE_SECONDS = args.number("phase-seconds", 75, 5, 3600);
const PACED = args.flag("paced");
/** Without `--cold`, every served phase (floor and project alike) first plays once unmeasured. */
const WARM = !args.flag("cold");
/** Familiars is a two-player game, whatever --players says for Counter and Golf. */
const TCG_PLAYERS = 2;
const unknown = args.unknown([
  "rooms",
  "players",
  "spectators",
  "engine-seconds",
  "counter-turns",
  "golf-rounds",
  "phase-seconds",
  "paced",
  "cold",
  "engine-only",
]);
if (unknown.length) throw new Error(`unknown flags: ${unknown.map((f) => `--${f}`).join(" ")}`);

function engineBench() {
  const profiles = CPU_PROFILE_NAMES.slice(0, 4);
  const players = profiles.map((name) => ({ name, cpu: name }));
  let games = 0;
  let actions = 0;
  let rounds = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const end = start + ENGINE_SECONDS * 1000;
  while (performance.now() < end) {
    const seed = 0x5eed + games;
    const game = createGolfGame({ players, seed });
    let state = game.state;
    let decisions = 0;
    while (state.phase !== "game_over") {
      // The runtime gives every awaited CPU seat a timer; between holes all are awaited and the first one moves.
      const seat = awaitingSeats(state)[0] as number;
      const rng = createRng(deriveSeed(seed, "cpu", decisions++));
      const action = golfCpuMove(state, seat, cpuProfile(profiles[seat] as string), rng);
      const res = applyGolf(state, seat, action, game.rng);
      if (!res.ok) throw new Error(`CPU move refused: ${res.code} (${JSON.stringify(action)})`);
      state = res.state;
      actions++;
    }
    rounds += state.history.length;
    games++;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    game: "golf",
    seats: 4,
    cpuProfiles: profiles,
    options: "defaults (9 holes, 1 pack, 2 initial flips, flip mode never)",
    games,
    seconds: Math.round(seconds * 100) / 100,
    gamesPerSecond: Math.round((games / seconds) * 10) / 10,
    cpuMsPerGame: Math.round((cpuMs / Math.max(1, games)) * 1000) / 1000,
    actionsPerSecond: Math.round(actions / seconds),
    actionsPerGame: Math.round(actions / Math.max(1, games)),
    holesPerGame: rounds / Math.max(1, games),
  };
}

function tcgBench() {
  const start = performance.now();
  const { wins, actions } = tacticianWins();
  const seconds = (performance.now() - start) / 1000;
  return {
    game: "tcg",
    seats: 2,
    cpuProfiles: ["tactician", "basic"],
    options: "defaults, starters per spec §17 (game k: seed k, tactician in seat k mod 2)",
    games: STRENGTH_GAMES,
    seconds: Math.round(seconds * 100) / 100,
    gamesPerSecond: Math.round((STRENGTH_GAMES / seconds) * 10) / 10,
    actionsPerSecond: Math.round(actions / seconds),
    actionsPerGame: Math.round(actions / STRENGTH_GAMES),
    tacticianWins: wins,
    tacticianWinRate: Math.round((wins / STRENGTH_GAMES) * 1000) / 1000,
    tacticianTarget: 0.55,
  };
}

function showProgress(label: string) {
  return (p: Progress) => {
    if (p.stage === "register") progress(`${label}: registering ${p.accounts}/${p.accountsNeeded}`);
    else if (p.stage === "setup") progress(`${label}: setting up rooms ${p.roomsReady}/${p.rooms}, errors ${p.errors}`);
    else
      progress(
        `${label}: ${p.roomsDone}/${p.rooms} rooms done, ${p.actions} actions (${p.rate}/s), ${p.errors} errors, ${p.elapsedSeconds}s`,
      );
  };
}

/** The floor at the same shape: R rooms × `players` + S spectators, COUNTER_TURNS actions per room. */
async function floorBench(players: number) {
  progress("floor: bundling and starting workerd…");
  const server = await startWorkerd({}, FLOOR_CONFIG);
  try {
    const play = () =>
      floorFromPlay(server.url, {
        rooms: ROOMS,
        players,
        spectators: SPECTATORS,
        turns: COUNTER_TURNS,
        deadline: performance.now() + PHASE_SECONDS * 1000,
      });
    let warmup: { actions: number; actionsPerSecond: number } | null = null;
    if (WARM) {
      progress(`floor: warming up with ${players} players per room…`);
      const { result } = await play();
      warmup = { actions: result.actions, actionsPerSecond: result.actionsPerSecond };
    }
    progress(`floor: playing with ${players} players per room…`);
    const { result: run, from } = await play();
    progressDone();
    return { server: server.server, warmup, ...run, cpu: cpuPerAction(from, run.actions), serverErrorLogs: server.errorLogs };
  } finally {
    await server.close();
  }
}

/**
 * `runLoad`, with the CPU per action of its play (from the moment every room is under way); unless
 * `--cold`, after an unmeasured run of the same load.
 */
async function measuredLoad(options: () => LoadOptions, label: string) {
  let warmup: { actions: number; actionsPerSecond: number } | null = null;
  if (WARM) {
    const { result } = await loadFromPlay({ ...options(), onProgress: showProgress(`${label} (warm-up)`) });
    warmup = { actions: result.actions, actionsPerSecond: result.actionsPerSecond };
  }
  const { result, from, actions } = await loadFromPlay({ ...options(), onProgress: showProgress(label) });
  progressDone();
  return { warmup, ...result, cpu: from ? cpuPerAction(from, actions) : null };
}

type Latency = { p50: number; p99: number };
type Figures = { actionsPerSecond: number; latencyMs: Latency; turnLatencyMs?: Latency; cpu: CpuMark | null };

function against(project: Figures, floor: Figures) {
  return {
    actionsPerSecond: project.actionsPerSecond,
    floorActionsPerSecond: floor.actionsPerSecond,
    throughputRatio: ratio(project.actionsPerSecond, floor.actionsPerSecond),
    p50Ms: project.latencyMs.p50,
    p99Ms: project.latencyMs.p99,
    floorP50Ms: floor.latencyMs.p50,
    floorP99Ms: floor.latencyMs.p99,
    p99Ratio: ratio(project.latencyMs.p99, floor.latencyMs.p99),
    // workerd CPU per action, floor ÷ project (1 = as cheap as the floor): unlike actions/s it holds
    // when the load generator, on the same cores, takes a different share.
    ...(project.cpu && floor.cpu
      ? { cpuMsPerAction: project.cpu.workerdMs, floorCpuMsPerAction: floor.cpu.workerdMs, cpuRatio: ratio(floor.cpu.workerdMs, project.cpu.workerdMs) }
      : {}),
    // The floor's actions all take turns; Golf's initial flips come from every seat at once.
    ...(project.turnLatencyMs && project.turnLatencyMs.p99 !== project.latencyMs.p99
      ? { turnP99Ms: project.turnLatencyMs.p99, turnP99Ratio: ratio(project.turnLatencyMs.p99, floor.latencyMs.p99) }
      : {}),
  };
}

async function servedBench() {
  const floor = await floorBench(PLAYERS);
  const floorTwo = PLAYERS === TCG_PLAYERS ? floor : await floorBench(TCG_PLAYERS);
  progress("building the Worker and starting workerd…");
  const server = await startWorkerd(LOCAL_RUN_VARS);
  try {
    const api = new Api(server.url);
    const perRoom = PLAYERS + SPECTATORS;
    const t0 = performance.now();
    const accounts = await registerAccounts(api, ROOMS * perRoom, `bench_${runId()}_`, 16, (n) =>
      progress(`registering accounts ${n}/${ROOMS * perRoom}`),
    );
    progressDone();
    const registerSeconds = (performance.now() - t0) / 1000;
    // Turn clocks far longer than any benchmark turn, so no timer fires and no CPU takes a seat.
    // The per-connection message limit is raised for these rooms so the figures measure the
    // runtime, not the limit; `--paced` keeps the default limit and paces clients under it.
    const config = {
      turnSeconds: 600,
      graceSeconds: 600,
      idleSeconds: 600,
      maxSpectators: Math.max(50, SPECTATORS),
      ...(PACED ? {} : { messagesPer10s: 10_000 }),
    };
    const pacing = PACED ? defaultPacing() : [];
    const common: Omit<LoadOptions, "game" | "options"> = {
      api,
      rooms: ROOMS,
      players: PLAYERS,
      spectators: SPECTATORS,
      config,
      pacing,
      accounts,
      stallMs: 30_000,
      setupConcurrency: 8,
    };
    const counter = await measuredLoad(
      () => ({
        ...common,
        game: "counter",
        options: { target: 10_000, max_turns: COUNTER_TURNS },
        deadline: performance.now() + PHASE_SECONDS * 1000,
      }),
      "counter",
    );
    const golf = await measuredLoad(
      () => ({ ...common, game: "golf", options: { rounds: GOLF_ROUNDS }, deadline: performance.now() + PHASE_SECONDS * 1000 }),
      "golf",
    );
    const tcg = await measuredLoad(
      () => ({ ...common, players: TCG_PLAYERS, game: "tcg", options: {}, deadline: performance.now() + PHASE_SECONDS * 1000 }),
      "tcg",
    );
    return {
      comparison: {
        note: "every figure is the second of two runs of its phase (the first warms the isolate; see `warmup`) unless --cold; throughputRatio = project actions/s ÷ floor actions/s; p99Ratio = project p99 ÷ floor p99 (goal: ≥ 0.8 and ≤ 1.5); turnP99Ratio leaves out the actions every seat makes at once (Golf's initial flips, the next-hole vote), which the strictly turn-based floor never has; cpuRatio = floor ÷ project workerd CPU per action (load-robust)",
        counter: against(counter, floor),
        golf: against(golf, floor),
        tcg: against(tcg, floorTwo),
      },
      floor,
      ...(floorTwo === floor ? {} : { floorTwoPlayers: floorTwo }),
      server: server.server,
      url: server.url,
      accounts: { registered: accounts.length, seconds: Math.round(registerSeconds * 100) / 100, passwordIterations: 1000 },
      rateLimit: {
        server: PACED
          ? `${ROOM_RATE_LIMIT.messages} messages per ${ROOM_RATE_LIMIT.windowMs / 1000} s per connection (the room default)`
          : "raised to 10000 messages per 10 s per connection through the room config `messagesPer10s`",
        client: PACED
          ? "paced: each connection stays under the default limit (≤30 per 10.25 s, ≤2 per 0.684 s), so actions/s is capped by pacing"
          : "unpaced: clients act as fast as the server answers",
      },
      latencyNote:
        "latency: from sending an `action` to the actor receiving its `action_result`; tcg bots also send a `sync` before most moves (not counted as actions)",
      counter,
      golf,
      tcg,
      serverErrorLogs: server.errorLogs,
    };
  } finally {
    await server.close();
  }
}

progress("engine: playing 9-hole CPU Golf games…");
const engine = engineBench();
progressDone();
progress("engine: playing the 200 Familiars strength games…");
const tcgEngine = tcgBench();
progressDone();
progress("engine: what the rooms' state snapshots save and cost…");
const snapshots = [snapshotCost("golf", CPU_PROFILE_NAMES.slice(0, 4), 30), snapshotCost("tcg", ["tactician", "basic"], 20)];
progressDone();
const served = args.flag("engine-only") ? null : await servedBench();
console.log(JSON.stringify({ benchmark: "rooms", machine: machine(), engine, tcg: tcgEngine, snapshots, served }, null, 2));
process.exit(0);
