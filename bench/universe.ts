/**
 * `npm run bench:universe`: prints JSON.
 * 1. Pure engine: production evaluations/s and due completions processed/s for a shard of 5,000 planets.
 * 2. Combat (bench/combat.ts): battles/s, ms per battle and memory for 10k, 100k and 1M units per side.
 * 3. Served on one workerd (Miniflare API, lib/workerd.ts), the floor (bench/floor) first, then the
 *    project, at the same concurrency: requests/s and p50/p99 per route class, each beside its floor.
 *    Auth and API rate limits are lifted for the run (their objects are still called).
 * 4. Fleets on one workerd (bench/fleets.ts): P players over S = 1 and S = 8 shards launching
 *    transports to each other; launches/s, arrivals/s, lateness p50/p99, conservation.
 *    `--fleets-only` runs just this phase; `--fleet-players=` and `--fleet-seconds=` size it.
 *
 * Flags: --players=40 --clients=32 --shards=4 --seconds=8 --planets=5000 --skip-combat=1 --engine-only=1
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
import { closedLoop, hit, type RouteFigure } from "./floor/clients";
import { machine, progress, progressDone, ratio } from "./lib/stats";
import { FLOOR_CONFIG, LOCAL_RUN_VARS, startWorkerd } from "./lib/workerd";

const args = new Args();
const PLANETS = args.number("planets", 5000);
const PLAYERS = args.number("players", 40);
const SECONDS = args.number("seconds", 8);

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
const BENCH_ADMIN = { ADMIN_USERNAME: "bench_admin", ADMIN_PASSWORD: "bench-admin-password" };

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as any;
}

/** The floor (bench/floor): the Worker alone, and one DO RPC reading or rewriting one 2 KB row, spread like the players over the shards. */
async function floorBench() {
  progress("floor: bundling and starting workerd…");
  const server = await startWorkerd({}, FLOOR_CONFIG);
  try {
    const row = (client: number) => `${server.url}/rows/s${client % SHARDS}/p${client % PLAYERS}`;
    progress("floor: /healthz");
    const { healthz } = await closedLoop(CLIENTS, SECONDS, () => hit(`${server.url}/healthz`, {}, "healthz"));
    progress("floor: reads");
    const { read } = await closedLoop(CLIENTS, SECONDS, (c) => hit(row(c), {}, "read"));
    progress("floor: writes");
    const { write } = await closedLoop(CLIENTS, SECONDS, (c) => hit(row(c), { method: "POST" }, "write"));
    progressDone();
    return { server: server.server, healthz, read, write, serverErrorLogs: server.errorLogs };
  } finally {
    await server.close();
  }
}

interface Player {
  token: string;
  planet: string;
  /** Build-queue entries this player queued and may cancel. */
  queued: string[];
}

const BUILDINGS = ["metal_mine", "crystal_mine", "solar_plant", "deuterium_synthesizer", "robot_factory"];
const TECHS = ["energy_technology", "computer_technology"];

/**
 * The project on one workerd: N players over S shards. `/healthz`, `/v1/auth/me` and planet reads
 * alone, then a mix per request: 50 % planet reads, 20 % builds, 15 % cancels of a queued build,
 * 15 % research. A command the rules refuse (queue full, entry already done) is an answered
 * request: it costs the same round trip.
 */
async function projectBench() {
  progress("project: bundling and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, ...BENCH_ADMIN });
  try {
    const url = server.url;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const admin = (await json(await post("/v1/auth/login", { login: BENCH_ADMIN.ADMIN_USERNAME, password: BENCH_ADMIN.ADMIN_PASSWORD }))).accessToken;
    const universe = `bench-${Date.now()}`;
    const settings = { economySpeed: 100, startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 }, shardCount: SHARDS };
    await json(await post("/v1/admin/universes", { id: universe, name: "Bench", settings }, admin));
    const players: Player[] = [];
    for (let i = 0; i < PLAYERS; i++) {
      progress(`project: joining players ${i + 1}/${PLAYERS}`);
      const reg = await json(await post("/v1/auth/register", { username: `bench_${universe.slice(-6)}_${i}`, password: "bench-password" }));
      const joined = await json(await post(`/v1/universes/${universe}/join`, {}, reg.accessToken));
      const planet = joined.empire.planets[0].id as string;
      // Research needs a lab: about 9 s to build at economy speed 100, so it is queued first.
      await json(await post(`/v1/universes/${universe}/planets/${planet}/buildings/research_lab`, {}, reg.accessToken));
      players.push({ token: reg.accessToken, planet, queued: [] });
    }
    const labReady = Date.now() + 10_000;
    const headers = (p: Player) => ({ Authorization: `Bearer ${p.token}`, "Content-Type": "application/json" });
    const planetUrl = (p: Player) => `${url}/v1/universes/${universe}/planets/${p.planet}`;
    const playerOf = (client: number, i: number) => players[(client + CLIENTS * i) % PLAYERS] as Player;

    progress("project: /healthz");
    const { healthz } = await closedLoop(CLIENTS, SECONDS, () => hit(`${url}/healthz`, {}, "healthz"));
    progress("project: /v1/auth/me");
    const { me } = await closedLoop(CLIENTS, SECONDS, (c, i) => hit(`${url}/v1/auth/me`, { headers: headers(playerOf(c, i)) }, "me"));
    progress("project: planet reads");
    const { read } = await closedLoop(CLIENTS, SECONDS, (c, i) => {
      const p = playerOf(c, i);
      return hit(planetUrl(p), { headers: headers(p) }, "read");
    });
    while (Date.now() < labReady) await new Promise((r) => setTimeout(r, 200));

    progress("project: the mix");
    const mix = await closedLoop(CLIENTS, SECONDS, async (c, i) => {
      const p = playerOf(c, i);
      const roll = (i * 7 + c * 13) % 20;
      if (roll < 10) return hit(planetUrl(p), { headers: headers(p) }, "read");
      const entry = p.queued.shift();
      if (roll < 13 && entry) {
        return hit(`${planetUrl(p)}/queue/${entry}`, { method: "DELETE", headers: headers(p) }, "cancel", [404, 409]);
      }
      if (roll < 16) {
        const tech = TECHS[i % TECHS.length];
        return hit(`${url}/v1/universes/${universe}/research/${tech}`, { method: "POST", headers: headers(p), body: JSON.stringify({ planet: p.planet }) }, "research", [409]);
      }
      const res = await fetch(`${planetUrl(p)}/buildings/${BUILDINGS[i % BUILDINGS.length]}`, { method: "POST", headers: headers(p) });
      if (res.ok) {
        const view = (await res.json()) as { buildQueue: { id: string }[] };
        const last = view.buildQueue.at(-1)?.id;
        if (last) p.queued.push(last);
      } else await res.arrayBuffer();
      return { kind: "build", ok: res.ok || res.status === 409 };
    });
    progressDone();
    return { server: server.server, players: PLAYERS, shards: SHARDS, healthz, me, read, mix, serverErrorLogs: server.errorLogs };
  } finally {
    await server.close();
  }
}

/** The fleet phase at S = 1 and S = 8 on one workerd, side by side. */
async function fleetsBench() {
  progress("building the Worker and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, ADMIN_USERNAME: "bench_admin", ADMIN_PASSWORD: "bench-admin-password" });
  progressDone();
  try {
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "bench_admin", password: "bench-admin-password" }),
    });
    const admin = (await json(login)).accessToken as string;
    const sized = { players: args.number("fleet-players", 32), seconds: args.number("fleet-seconds", 15) };
    const runs = [];
    for (const shards of [1, 8]) runs.push(await fleetBench(server.url, admin, { ...sized, shards }));
    return { server: server.server, runs };
  } finally {
    await server.close();
  }
}

/** Each project figure beside the floor figure it is read against. */
function compare(floor: Awaited<ReturnType<typeof floorBench>>, project: Awaited<ReturnType<typeof projectBench>>) {
  const against = (figure: RouteFigure | undefined, base: RouteFigure | undefined) =>
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
        }
      : null;
  return {
    note: "throughputRatio = project requests/s ÷ floor requests/s at the same concurrency (goal: reads ≥ 0.7, writes ≥ 0.5, /auth/me ≥ 0.8 × project /healthz); mix classes share the loop, so their requests/s add up",
    "GET /healthz vs floor /healthz": against(project.healthz, floor.healthz),
    "GET /v1/auth/me vs project /healthz": against(project.me, project.healthz),
    "GET planet (alone) vs read floor": against(project.read, floor.read),
    "mix: GET planet vs read floor": against(project.mix.read, floor.read),
    "mix: build vs write floor": against(project.mix.build, floor.write),
    "mix: cancel vs write floor": against(project.mix.cancel, floor.write),
    "mix: research vs write floor": against(project.mix.research, floor.write),
  };
}

async function servedBench() {
  const floor = await floorBench();
  const project = await projectBench();
  return { clients: CLIENTS, seconds: SECONDS, comparison: compare(floor, project), floor, project };
}

const fleetsOnly = args.flag("fleets-only");
const engine = fleetsOnly ? null : engineBench();
const combat = fleetsOnly || args.flag("skip-combat") ? null : { note: COMBAT_NOTE, battles: combatBench() };
const served = fleetsOnly || args.flag("engine-only") ? null : await servedBench();
const fleets = args.flag("engine-only") ? null : await fleetsBench();
console.log(JSON.stringify({ benchmark: "universe", machine: machine(), engine, combat, served, fleets }, null, 2));
process.exit(0);
