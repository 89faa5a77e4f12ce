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
 * 1d. The room's own JavaScript per Golf move, without I/O (lib/shell-cost.ts).
 * 2. Served: the floor (bench/floor: a bare turn room with hibernatable sockets, one SQLite row per
 *    action, per-viewer JSON) and the Worker bundle, each on its own workerd (Miniflare API, see
 *    lib/workerd.ts): R rooms × 4 bot players taking turns as fast as the room's per-connection
 *    limit lets them, plus spectators with their own accounts; a Counter game, then a Golf game, in
 *    every room; then a Familiars (tcg) game in every room with 2 bots playing random legal moves
 *    (scripts/lib/tcg-bot.ts) and the same spectators. Each project figure is compared with the
 *    floor's at the same shape (tcg with a 2-player floor run; Golf with a floor run whose seats
 *    all act at once as often as Golf's initial flips make them, see `burstOf`, and whose frames
 *    carry as many bytes as Golf's, see `padOf`).
 *
 * Flags: --rooms 20 --players 4 --spectators 10 --engine-seconds 5 --counter-turns 480
 *        --golf-rounds 3 --paced (keep the default per-connection limit and pace clients under it) --engine-only
 *        --rounds 5 --cold (no unmeasured warm-up round)
 *
 * The served part plays in rounds: each round runs the floor, then Counter, Golf, the two-player
 * floor and Familiars, and each ratio is taken within its round; the report gives each ratio's
 * median over the rounds with its min and max. The floor and the project are served side by side
 * (two workerds, one busy at a time), because this machine's speed drifts by a third within a
 * minute, which made a floor measured once beside games played a minute later an unstable
 * ratio. A first round warms both isolates' JIT (the project's bundle has far more code to compile
 * than the floor's) and is left out. The default lengths (480 Counter turns, 3 Golf holes) keep
 * each window at a few seconds, where a 1.5 s one moved with the ramp and the last rooms' tail.
 */
import { CPU_PROFILE_NAMES, cpuProfile, createGolfGame, golfCpuMove, applyGolf, awaitingSeats } from "../src/games/golf/index";
import { STRENGTH_GAMES, tacticianWins } from "../src/games/tcg/cpu/strength";
import { createRng, deriveSeed } from "../src/lib/rng";
import { Args } from "../scripts/lib/args";
import { Api } from "../scripts/lib/http";
import { type LoadOptions, type Progress, registerAccounts, runId } from "../scripts/lib/load";
import { defaultPacing, ROOM_RATE_LIMIT } from "../scripts/lib/pacer";
import { shellCost } from "./lib/shell-cost";
import { snapshotCost } from "./lib/snapshot-cost";
import { machine, overRounds, progress, progressDone, ratio } from "./lib/stats";
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
/** Without `--cold`, a first round (floor and project alike) is played unmeasured. */
const WARM = !args.flag("cold");
const ROUNDS = args.number("rounds", 5, 1, 20);
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
  "rounds",
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

/**
 * The floor at the same shape: R rooms × `players` + S spectators, COUNTER_TURNS actions per room;
 * with `burst`, in cycles of a burst (every seat acts at once) and `burst` actions taken in turn;
 * with `pad`, event frames and log rows filled out to that many bytes.
 */
async function floorRun(url: string, players: number, label: string, burst = 0, pad = 0) {
  progress(
    `${label}: the floor with ${players} players per room${burst ? `, a burst every ${burst} turns` : ""}${pad ? `, ${pad}-byte frames` : ""}…`,
  );
  const { result, from } = await floorFromPlay(url, {
    rooms: ROOMS,
    players,
    spectators: SPECTATORS,
    turns: COUNTER_TURNS,
    deadline: performance.now() + PHASE_SECONDS * 1000,
    burst,
    pad,
  });
  progressDone();
  return { ...result, cpu: cpuPerAction(from, result.actions) };
}

/** `runLoad`, with the CPU per action of its play (from the moment every room is under way). */
async function measuredLoad(options: LoadOptions, label: string) {
  const { result, from, actions } = await loadFromPlay({ ...options, onProgress: showProgress(label) });
  progressDone();
  return { ...result, cpu: from ? cpuPerAction(from, actions) : null };
}

type Latency = { p50: number; p99: number };
type Figures = { actionsPerSecond: number; latencyMs: Latency; turnLatencyMs?: Latency; cpu: CpuMark | null };

/**
 * Golf's shape for the floor: the actions taken in turn between two bursts where every seat acts
 * at once, so that the floor's share of burst actions is the game's (0: the game had none).
 */
function burstOf(game: { latencyMs: { count: number }; turnLatencyMs: { count: number } }, players: number): number {
  const inTurn = game.turnLatencyMs.count;
  const atOnce = game.latencyMs.count - inTurn;
  return atOnce > 0 ? Math.max(1, Math.round((players * inTurn) / atOnce)) : 0;
}

/**
 * Golf's bytes for the floor: the mean size of the frames Golf's sockets received (joins
 * included, about 1 % of them), which the floor's event frames are filled out to.
 */
function padOf(game: { framesReceived: { players: number; spectators: number; megabytes: number } }): number {
  const frames = game.framesReceived.players + game.framesReceived.spectators;
  return frames > 0 ? Math.round((game.framesReceived.megabytes * 1e6) / frames) : 0;
}

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
      ? {
          cpuMsPerAction: project.cpu.workerdMs,
          floorCpuMsPerAction: floor.cpu.workerdMs,
          cpuRatio: ratio(floor.cpu.workerdMs, project.cpu.workerdMs),
        }
      : {}),
    // Golf's initial flips come from every seat at once: the actions taken in turn, on their own.
    ...(project.turnLatencyMs && project.turnLatencyMs.p99 !== project.latencyMs.p99
      ? {
          turnP99Ms: project.turnLatencyMs.p99,
          turnP99Ratio: ratio(project.turnLatencyMs.p99, (floor.turnLatencyMs ?? floor.latencyMs).p99),
        }
      : {}),
  };
}

async function servedBench() {
  // Floor and project are served side by side and played in rounds, each round the floor's run
  // then the project's games at once: this machine's speed drifts by a third within a minute, so
  // a floor measured once, before everything else, made ratios of runs far apart.
  progress("floor: bundling and starting workerd…");
  const floorServer = await startWorkerd({}, FLOOR_CONFIG);
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
    const deadline = () => performance.now() + PHASE_SECONDS * 1000;
    const round = async (label: string) => {
      const floor = await floorRun(floorServer.url, PLAYERS, label);
      const counter = await measuredLoad(
        { ...common, game: "counter", options: { target: 10_000, max_turns: COUNTER_TURNS }, deadline: deadline() },
        `${label}: counter`,
      );
      const golf = await measuredLoad(
        { ...common, game: "golf", options: { rounds: GOLF_ROUNDS }, deadline: deadline() },
        `${label}: golf`,
      );
      // Golf's own floor: the same share of actions made by every seat at once, and Golf's bytes per frame.
      const golfFloor = await floorRun(floorServer.url, PLAYERS, label, burstOf(golf, PLAYERS), padOf(golf));
      const floorTwo = PLAYERS === TCG_PLAYERS ? floor : await floorRun(floorServer.url, TCG_PLAYERS, label);
      const tcg = await measuredLoad({ ...common, players: TCG_PLAYERS, game: "tcg", options: {}, deadline: deadline() }, `${label}: tcg`);
      return { floor, golfFloor, floorTwo, counter, golf, tcg };
    };
    const warmup = WARM ? await round("warm-up") : null;
    const rounds: Awaited<ReturnType<typeof round>>[] = [];
    for (let r = 1; r <= ROUNDS; r++) rounds.push(await round(`round ${r}/${ROUNDS}`));
    const floorOf = { counter: "floor", golf: "golfFloor", tcg: "floorTwo" } as const;
    const per = (game: "counter" | "golf" | "tcg") => rounds.map((r) => against(r[game], r[floorOf[game]]));
    const golfAgainstTurnFloor = rounds.map((r) => against(r.golf, r.floor));
    return {
      comparison: {
        note: "each ratio is taken within one round (the floor's run and the project's games a few seconds apart), then its median over the rounds, with min and max; a warm-up round (unless --cold) is played first and left out. throughputRatio = project actions/s ÷ floor actions/s; p99Ratio = project p99 ÷ floor p99 (goal: ≥ 0.8 and ≤ 1.5); golf is measured against a floor with Golf's shape: each round, the floor's run again in cycles of a burst (every seat acts at once; the run opens with one in every room, as the games all start together) and B actions taken in turn, B set so that the floor's share of burst actions is the share of Golf's actions that were initial flips in that round's Golf run, and its event frames and log rows filled out to the mean size of the frames Golf's sockets received in that run (golfFloorPad bytes); golfAgainstTurnFloor is Golf against the strictly turn-based floor; turnP99Ratio compares the actions taken in turn alone, on both sides; cpuRatio = floor ÷ project workerd CPU per action (load-robust)",
        rounds: ROUNDS,
        counter: overRounds(per("counter")),
        golf: overRounds(per("golf")),
        golfAgainstTurnFloor: overRounds(golfAgainstTurnFloor),
        golfFloorBurst: rounds.map((r) => r.golfFloor.burst),
        golfFloorPad: rounds.map((r) => r.golfFloor.pad),
        tcg: overRounds(per("tcg")),
      },
      perRound: { counter: per("counter"), golf: per("golf"), golfAgainstTurnFloor, tcg: per("tcg") },
      warmup: warmup
        ? {
            floorActionsPerSecond: warmup.floor.actionsPerSecond,
            counterActionsPerSecond: warmup.counter.actionsPerSecond,
            golfActionsPerSecond: warmup.golf.actionsPerSecond,
            tcgActionsPerSecond: warmup.tcg.actionsPerSecond,
          }
        : null,
      floorServer: floorServer.server,
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
      lastRound: rounds[rounds.length - 1],
      serverErrorLogs: [...floorServer.errorLogs, ...server.errorLogs],
    };
  } finally {
    await server.close();
    await floorServer.close();
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
progress("engine: the room's own JavaScript per Golf move…");
const shell = shellCost(200, CPU_PROFILE_NAMES.slice(0, 4));
progressDone();
const served = args.flag("engine-only") ? null : await servedBench();
console.log(JSON.stringify({ benchmark: "rooms", machine: machine(), engine, tcg: tcgEngine, snapshots, shell, served }, null, 2));
process.exit(0);
