/**
 * `npm run bench:universe`: prints JSON.
 * 1. Pure engine: production evaluations/s and due completions processed/s for a shard of 5,000 planets.
 * 2. Combat (bench/combat.ts): battles/s, ms per battle and memory for 10k, 100k and 1M units per side.
 * 3. Served (Miniflare API, lib/workerd.ts): the floor (bench/floor) and the project, each on its own
 *    workerd, at the same concurrency, in rounds (see `servedBench`): requests/s and p50/p99 per
 *    route class, each ratio to its floor taken within a round, as a median over the rounds.
 *    Writes alone (the mix's builds, cancels and research) are read against the write floor, and
 *    the mix (half planet reads, half writes) against a floor mix of the same rolls (half row
 *    reads, half row rewrites).
 *    Auth and API rate limits are lifted for the run (their objects are still called).
 * 4. Fleets on one workerd (bench/fleets.ts): P players over S = 1 and S = 8 shards launching
 *    transports to each other; launches/s, arrivals/s, lateness p50/p99, conservation.
 *    `--fleets-only` runs just this phase, `--skip-fleets=1` leaves it out; `--fleet-players=` and
 *    `--fleet-seconds=` size it.
 *
 * Flags: --players=40 --clients=32 --shards=4 --seconds=4 --rounds=3 --planets=5000 --skip-combat=1 --skip-fleets=1 --engine-only=1
 */
import {
  advance,
  createEmpire,
  DEFAULT_SETTINGS,
  type Empire,
  executeCommand,
  planetProduction,
  seededRng,
  UniverseSettingsSchema,
} from "../src/universe/engine/index";
import { Args } from "../scripts/lib/args";
import { COMBAT_NOTE, combatBench } from "./combat";
import { fleetBench } from "./fleets";
import { BENCH_ENCODING, closedLoop, hit, type RouteFigure } from "./floor/clients";
import { measuredLoop } from "./lib/measure";
import { machine, overRounds, progress, progressDone, ratio } from "./lib/stats";
import { adminToken, BENCH_ADMIN, mixRoll, setUpUniverse, untilLabsReady } from "./lib/universe-load";
import { FLOOR_CONFIG, LOCAL_RUN_VARS, startWorkerd } from "./lib/workerd";

const args = new Args();
const PLANETS = args.number("planets", 5000);
const PLAYERS = args.number("players", 40);
const SECONDS = args.number("seconds", 4);

function engineBench() {
  const settings = UniverseSettingsSchema.parse({ economySpeed: 1, startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 } });
  const rng = seededRng(7);
  const t0 = Date.now();
  let empires: Empire[] = [];
  for (let i = 0; i < PLANETS; i++) {
    let n = 0;
    const created = createEmpire(
      { playerId: `p${i}`, coords: { galaxy: 1 + (i % 9), system: 1 + (Math.floor(i / 9) % 499), position: 4 + (i % 9) } },
      { now: t0, settings, newId: () => `p${i}-${n++}`, rng },
    );
    if (!created.ok) throw new Error(created.message);
    let empire = created.empire;
    const planetId = empire.planets[0]!.id;
    for (const object of ["metal_mine", "crystal_mine", "solar_plant"]) {
      const r = executeCommand(empire, { type: "queue_building", planetId, object }, { now: t0, settings, newId: () => `p${i}-${n++}` });
      if (r.ok) empire = r.empire;
    }
    empires.push(empire);
  }

  const evalStart = performance.now();
  let evaluations = 0;
  while (performance.now() - evalStart < 2000) {
    for (const e of empires) {
      planetProduction(e.planets[0]!, e.research, settings);
      evaluations++;
    }
  }
  const evalSeconds = (performance.now() - evalStart) / 1000;

  // Each empire's queue of three completes; `advance` to a time past all of them processes every due completion.
  const later = t0 + 24 * 3600_000;
  const advStart = performance.now();
  let completions = 0;
  empires = empires.map((e) => {
    const r = advance(e, { now: later, settings });
    completions += r.events.filter((ev) => ev.type === "building_complete").length;
    return r.empire;
  });
  const advSeconds = (performance.now() - advStart) / 1000;
  return {
    planets: PLANETS,
    productionEvaluationsPerSecond: Math.round(evaluations / evalSeconds),
    dueCompletionsProcessed: completions,
    dueCompletionsPerSecond: Math.round(completions / advSeconds),
    defaults: { economySpeed: DEFAULT_SETTINGS.economySpeed },
  };
}

const CLIENTS = args.number("clients", 32);
const SHARDS = args.number("shards", 4);

type Served = Awaited<ReturnType<typeof startWorkerd>>;

/** workerd CPU ms per request over a `measuredLoop`. */
function cpuPerRequest(loop: { requests: number; cpuMs: number }): number {
  return Math.round((loop.cpuMs / Math.max(1, loop.requests)) * 1000) / 1000;
}

/** One round of the floor (bench/floor): the Worker alone, and one DO RPC reading or rewriting one 2 KB row, spread like the players over the shards. */
async function floorRound(server: Served, label: string) {
  const row = (client: number) => `${server.url}/rows/s${client % SHARDS}/p${client % PLAYERS}`;
  progress(`${label}: floor /healthz`);
  const healthz = await measuredLoop(CLIENTS, SECONDS, () => hit(`${server.url}/healthz`, {}, "healthz"));
  progress(`${label}: floor reads`);
  const read = await measuredLoop(CLIENTS, SECONDS, (c) => hit(row(c), {}, "read"));
  progress(`${label}: floor writes`);
  const write = await measuredLoop(CLIENTS, SECONDS, (c) => hit(row(c), { method: "POST" }, "write"));
  progress(`${label}: floor mix`);
  // The project mix's rolls, so reads and writes come in the same proportions and order.
  const mix = await closedLoop(CLIENTS, SECONDS, (c, i) => (mixRoll(c, i) < 10 ? hit(row(c), {}, "read") : hit(row(c), { method: "POST" }, "write")));
  progressDone();
  return {
    healthz: healthz.figures.healthz,
    read: read.figures.read,
    write: write.figures.write,
    mix,
    cpu: { healthz: cpuPerRequest(healthz), read: cpuPerRequest(read), write: cpuPerRequest(write) },
  };
}

/** One round of the project, the workload of lib/universe-load.ts: `/healthz`, `/v1/auth/me` and planet reads alone, the mix, then writes alone. */
async function projectRound(server: Served, load: Awaited<ReturnType<typeof setUpUniverse>>, label: string) {
  progress(`${label}: project /healthz`);
  const healthz = await measuredLoop(CLIENTS, SECONDS, () => hit(`${server.url}/healthz`, {}, "healthz"));
  progress(`${label}: project /v1/auth/me`);
  const me = await measuredLoop(CLIENTS, SECONDS, load.me);
  progress(`${label}: project planet reads`);
  const read = await measuredLoop(CLIENTS, SECONDS, load.read);
  progress(`${label}: project mix`);
  const mix = await closedLoop(CLIENTS, SECONDS, load.mix);
  // After the mix, whose figures stay comparable with earlier runs; the queues it leaves behind
  // keep completing (and publishing scores) during this phase, as they would in play.
  progress(`${label}: project writes`);
  const writes = await measuredLoop(CLIENTS, SECONDS, load.write);
  progressDone();
  return {
    healthz: healthz.figures.healthz,
    me: me.figures.me,
    read: read.figures.read,
    writes: writes.figures,
    mix,
    cpu: { healthz: cpuPerRequest(healthz), me: cpuPerRequest(me), read: cpuPerRequest(read), writes: cpuPerRequest(writes) },
  };
}

/** The fleet phase at S = 1 and S = 8 on one workerd, side by side. */
async function fleetsBench() {
  progress("building the Worker and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, ...BENCH_ADMIN });
  progressDone();
  try {
    const admin = await adminToken(server.url);
    const sized = { players: args.number("fleet-players", 32), seconds: args.number("fleet-seconds", 15) };
    const runs = [];
    for (const shards of [1, 8]) runs.push(await fleetBench(server.url, admin, { ...sized, shards }));
    return { server: server.server, runs };
  } finally {
    await server.close();
  }
}

/** The classes as one: requests/s add up, latencies are the slowest class's (a bound, not a percentile of the union). */
function sumFigures(figures: (RouteFigure | undefined)[]): RouteFigure | undefined {
  const all = figures.filter((f): f is RouteFigure => !!f);
  if (all.length === 0) return undefined;
  const worst = (k: "p50" | "p99") => Math.max(...all.map((f) => f.latencyMs[k]));
  return {
    perSecond: all.reduce((n, f) => n + f.perSecond, 0),
    latencyMs: { count: all.reduce((n, f) => n + f.latencyMs.count, 0), p50: worst("p50"), p99: worst("p99"), max: Math.max(...all.map((f) => f.latencyMs.max)) },
    failed: all.reduce((n, f) => n + f.failed, 0),
  };
}

/** Each project figure beside the floor figure it is read against, within one round. */
function compare(floor: Awaited<ReturnType<typeof floorRound>>, project: Awaited<ReturnType<typeof projectRound>>) {
  const against = (figure: RouteFigure | undefined, base: RouteFigure | undefined, cpu?: { project: number; floor: number }) =>
    figure && base
      ? {
          perSecond: figure.perSecond,
          floorPerSecond: base.perSecond,
          throughputRatio: ratio(figure.perSecond, base.perSecond),
          p50Ms: figure.latencyMs.p50,
          p99Ms: figure.latencyMs.p99,
          floorP99Ms: base.latencyMs.p99,
          p99Ratio: ratio(figure.latencyMs.p99, base.latencyMs.p99),
          failed: figure.failed,
          ...(cpu ? { cpuMsPerRequest: cpu.project, floorCpuMsPerRequest: cpu.floor, cpuRatio: ratio(cpu.floor, cpu.project) } : {}),
        }
      : null;
  return {
    "GET /healthz vs floor /healthz": against(project.healthz, floor.healthz, { project: project.cpu.healthz, floor: floor.cpu.healthz }),
    "GET /v1/auth/me vs project /healthz": against(project.me, project.healthz, { project: project.cpu.me, floor: project.cpu.healthz }),
    "GET planet (alone) vs read floor": against(project.read, floor.read, { project: project.cpu.read, floor: floor.cpu.read }),
    "writes alone (build, cancel, research) vs write floor": against(sumFigures([project.writes.build, project.writes.cancel, project.writes.research]), floor.write, {
      project: project.cpu.writes,
      floor: floor.cpu.write,
    }),
    "mix: GET planet vs floor mix reads": against(project.mix.read, floor.mix.read),
    "mix: writes (build, cancel, research) vs floor mix writes": against(sumFigures([project.mix.build, project.mix.cancel, project.mix.research]), floor.mix.write),
    "mix: build vs floor mix writes": against(project.mix.build, floor.mix.write),
    "mix: cancel vs floor mix writes": against(project.mix.cancel, floor.mix.write),
    "mix: research vs floor mix writes": against(project.mix.research, floor.mix.write),
  };
}

const ROUNDS = args.number("rounds", 3, 1, 20);

/**
 * The floor and the project served side by side (two workerds, one busy at a time) and measured in
 * rounds, each round the floor's phases then the project's: each ratio is taken within a round and
 * reported as its median over the rounds with min and max, because this machine's speed drifts by
 * a third within a minute. A first round warms both isolates and is left out.
 */
async function servedBench() {
  progress("floor: bundling and starting workerd…");
  const floorServer = await startWorkerd({}, FLOOR_CONFIG);
  progress("project: bundling and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, ...BENCH_ADMIN });
  try {
    const load = await setUpUniverse(server.url, { players: PLAYERS, shards: SHARDS, clients: CLIENTS });
    await untilLabsReady(load);
    await floorRound(floorServer, "warm-up");
    await projectRound(server, load, "warm-up");
    const rounds: ReturnType<typeof compare>[] = [];
    let last: { floor: Awaited<ReturnType<typeof floorRound>>; project: Awaited<ReturnType<typeof projectRound>> } | null = null;
    for (let r = 1; r <= ROUNDS; r++) {
      const floor = await floorRound(floorServer, `round ${r}/${ROUNDS}`);
      const project = await projectRound(server, load, `round ${r}/${ROUNDS}`);
      rounds.push(compare(floor, project));
      last = { floor, project };
    }
    const classes = Object.keys(rounds[0] ?? {}) as (keyof ReturnType<typeof compare>)[];
    const comparison = Object.fromEntries(
      classes.map((k) => [k, overRounds(rounds.map((r) => r[k]).filter((v): v is NonNullable<typeof v> => v !== null))]),
    );
    return {
      clients: CLIENTS,
      seconds: SECONDS,
      rounds: ROUNDS,
      comparison: {
        note: "each ratio is taken within one round (the floor's phases, then the project's) and given as its median over the rounds with min and max, after an unmeasured warm-up round; throughputRatio = project requests/s ÷ floor requests/s at the same concurrency (goal: reads ≥ 0.7, writes ≥ 0.5, /auth/me ≥ 0.8 × project /healthz); cpuRatio = floor ÷ project workerd CPU ms per request, where a class ran alone (load-robust: it does not count the load generator's share of the cores); the mix is compared with the floor mix: the same clients and rolls (half reads, half writes), a floor row read or rewritten for each; its write classes share the loop, so their requests/s add up (the summed line takes the slowest class's p50 and p99)",
        ...comparison,
      },
      perRound: rounds,
      floorServer: floorServer.server,
      server: server.server,
      encoding: BENCH_ENCODING,
      players: PLAYERS,
      shards: SHARDS,
      lastRound: last,
      serverErrorLogs: [...floorServer.errorLogs, ...server.errorLogs],
    };
  } finally {
    await server.close();
    await floorServer.close();
  }
}

const fleetsOnly = args.flag("fleets-only");
const engine = fleetsOnly ? null : engineBench();
const combat = fleetsOnly || args.flag("skip-combat") ? null : { note: COMBAT_NOTE, battles: combatBench() };
const served = fleetsOnly || args.flag("engine-only") ? null : await servedBench();
const fleets = args.flag("engine-only") || args.flag("skip-fleets") ? null : await fleetsBench();
console.log(JSON.stringify({ benchmark: "universe", machine: machine(), engine, combat, served, fleets }, null, 2));
process.exit(0);
