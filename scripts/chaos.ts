/**
 * `npm run chaos -- [--kills 20] [--duration 60] [--seed N]`: the crash test. Serves the Worker on
 * one workerd with storage on disk, runs mixed load (universe builds, cancels and research; Counter
 * and Golf rooms with reconnects; quick matches), SIGKILLs workerd at seeded random moments and
 * serves the same storage again, then checks that nothing acknowledged was lost, nothing was
 * applied twice, due timers fired and every game replays. Prints JSON; exits 1 when any count is
 * above zero (or a check could not run). Progress goes to stderr. See README "Reliability".
 *
 * Flags: --kills 20 --duration 60 --seed N --universe-players 6 --fleet-players 4 --counter-rooms 3
 *        --golf-rooms 2 --quick-matchers 4 --drain 60 --timeout SECONDS --keep (keep the storage directory)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleWorker, LOCAL_RUN_VARS } from "../bench/lib/workerd";
import { createRng } from "../src/lib/rng";
import { Args } from "./lib/args";
import { type Account, Api } from "./lib/http";
import { registerAccounts, runId } from "./lib/load";
import { Cluster, sleep, Tally } from "./chaos/cluster";
import { FLEET_UNIVERSE_SETTINGS, FleetBots } from "./chaos/fleet-bot";
import { bounceConnections, type PlayedRoom, playGames, quickMatches } from "./chaos/rooms";
import { ChaosServer, freePort } from "./chaos/server";
import { UniverseBot } from "./chaos/universe-bot";
import { verifyGames } from "./chaos/verify-games";

const FLAGS = [
  "kills",
  "duration",
  "seed",
  "universe-players",
  "fleet-players",
  "counter-rooms",
  "golf-rooms",
  "quick-matchers",
  "drain",
  "timeout",
  "keep",
];
const args = new Args();
const unknown = args.unknown(FLAGS);
if (unknown.length) throw new Error(`unknown flags: ${unknown.map((f) => `--${f}`).join(" ")} (known: ${FLAGS.join(", ")})`);
const KILLS = args.number("kills", 20, 0, 1000);
const DURATION = args.number("duration", 60, 5, 3600);
const SEED = args.number("seed", Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1);
const UNIVERSE_PLAYERS = args.number("universe-players", 6, 0, 100);
const FLEET_PLAYERS = args.number("fleet-players", 4, 0, 50);
const COUNTER_ROOMS = args.number("counter-rooms", 3, 0, 50);
const GOLF_ROOMS = args.number("golf-rooms", 2, 0, 50);
const QUICK_MATCHERS = args.number("quick-matchers", 4, 0, 50);
const DRAIN = args.number("drain", 60, 0, 600);
/** Restarts take a few seconds each, checks up to 10 s more; past this the run is a failure. */
const TIMEOUT = args.number("timeout", DURATION + KILLS * 20 + DRAIN + 180, 30, 24 * 3600);

const ADMIN = { username: "chaos_admin", password: "chaos-admin-password" };
const VARS = {
  ...LOCAL_RUN_VARS,
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
};
/**
 * Fast builds (so completions fall due while the server is down), and income enough to keep the
 * bots building while the stock stays below capacity (10,000: over 15 minutes even if nothing were
 * spent), which keeps the ledger linear (see chaos/ledger.ts).
 */
const UNIVERSE_SETTINGS = {
  economySpeed: 50,
  researchSpeed: 2,
  shardCount: 2,
  basicIncome: { metal: 400, crystal: 200, deuterium: 200 },
  startingResources: { metal: 4000, crystal: 4000, deuterium: 4000 },
};

const log = (msg: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const rng = createRng(SEED);
const cluster = new Cluster();
const tally = new Tally();
const persistDir = mkdtempSync(join(tmpdir(), "orrery-chaos-"));
let server = null as ChaosServer | null;
let cleanup: () => void = () => {};

process.on("exit", () => cleanup());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    process.exit(130);
  });
}

async function main(): Promise<Record<string, unknown>> {
  log(`seed ${SEED}: bundling the Worker…`);
  const bundle = await bundleWorker();
  const srv = new ChaosServer(bundle, persistDir, await freePort(), VARS);
  server = srv;
  cleanup = () => {
    srv.killNow();
    bundle.remove();
    if (!args.flag("keep")) rmSync(persistDir, { recursive: true, force: true });
  };
  await srv.start();
  cluster.markUp();
  log(`serving on ${srv.url} (workerd pid ${srv.workerdPid}), storage in ${persistDir}`);
  const api = new Api(srv.url, { timeoutMs: 20_000 });

  const admin = await api.request<{ accessToken: string }>("POST", "/v1/auth/login", { login: ADMIN.username, password: ADMIN.password });
  const universe = `chaos-${runId()}`.toLowerCase().replace(/[^a-z0-9-]/g, "");
  await api.request("POST", "/v1/admin/universes", { id: universe, name: "Chaos", settings: UNIVERSE_SETTINGS }, admin.accessToken);

  const fleetUniverse = `${universe}-fleets`;
  await api.request("POST", "/v1/admin/universes", { id: fleetUniverse, name: "Chaos fleets", settings: FLEET_UNIVERSE_SETTINGS }, admin.accessToken);

  const needed = UNIVERSE_PLAYERS + FLEET_PLAYERS + 2 * (COUNTER_ROOMS + GOLF_ROOMS) + QUICK_MATCHERS;
  const accounts = await registerAccounts(api, needed, `chaos_${runId()}_`, 8);
  const take = (n: number) => accounts.splice(0, n);
  const universeBots = take(UNIVERSE_PLAYERS).map((a, i) => new UniverseBot(api, a, universe, createRng(SEED + 1 + i), cluster, tally));
  for (const bot of universeBots) await bot.join();
  const fleetBots = new FleetBots(api, fleetUniverse, createRng(SEED + 2000), cluster, tally);
  if (FLEET_PLAYERS > 1) await fleetBots.equip(take(FLEET_PLAYERS));
  log(`${UNIVERSE_PLAYERS} empires in ${universe}, ${FLEET_PLAYERS} fleet pilots in ${fleetUniverse}; starting load`);

  let loading = true;
  const playing = () => loading;
  const rooms: PlayedRoom[] = [];
  const pairs: { game: "counter" | "golf"; players: Account[] }[] = [
    ...Array.from({ length: COUNTER_ROOMS }, () => ({ game: "counter" as const, players: take(2) })),
    ...Array.from({ length: GOLF_ROOMS }, () => ({ game: "golf" as const, players: take(2) })),
  ];
  const universeLoad = Promise.all(universeBots.map((b) => b.run()));
  const fleetLoad = FLEET_PLAYERS > 1 ? fleetBots.run() : Promise.resolve();
  const roomLoad = Promise.all([
    ...pairs.map((p) => playGames(api, p.game, p.players, cluster, tally, rooms, playing)),
    quickMatches(api, take(QUICK_MATCHERS), cluster, tally, rooms, playing, 3),
  ]);
  const bouncing = bounceConnections(rooms, createRng(SEED + 1000), cluster);

  const start = Date.now();
  const meanUptime = (DURATION * 1000) / (KILLS + 1);
  let checkMs = 0;
  for (let k = 1; k <= KILLS; k++) {
    await sleep(Math.round(meanUptime * (0.5 + rng.next())));
    cluster.markDown();
    const killedAt = Date.now();
    await srv.kill();
    tally.kills++;
    // Sometimes straight back, sometimes after a pause long enough for timers to fall due.
    await sleep(rng.int(0, 1500));
    await srv.start();
    const restartedAt = Date.now();
    const checks = universeBots.map((b) => b.check(killedAt, restartedAt));
    cluster.markUp();
    await Promise.all(checks);
    checkMs += Date.now() - restartedAt;
    log(
      `kill ${k}/${KILLS}: down ${((restartedAt - killedAt) / 1000).toFixed(1)} s (workerd pid now ${srv.workerdPid}); ` +
        `checked in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s; lost ${tally.lost.length}, duplicated ${tally.duplicated.length}, late ${tally.lateTimers.length}`,
    );
  }
  const rest = start + DURATION * 1000 - Date.now();
  if (rest > 0) await sleep(rest);
  const loadSeconds = (Date.now() - start) / 1000;

  log("load over: finishing the games in progress…");
  loading = false;
  await Promise.race([roomLoad, sleep(DRAIN * 1000)]);
  const finalAt = Date.now();
  await Promise.all(universeBots.map((b) => b.check(finalAt, finalAt)));
  fleetBots.stop();
  await fleetLoad;
  const fleets = FLEET_PLAYERS > 1 ? await fleetBots.check() : null;
  cluster.stopping = true;
  await Promise.all([universeLoad, bouncing, Promise.race([roomLoad, sleep(5000)])]);
  log(`checking ${rooms.length} rooms' games…`);
  const games = await verifyGames(api, rooms, tally);

  const refused = Object.fromEntries([...tally.refused].sort((a, b) => b[1] - a[1]));
  const acknowledged = tally.acknowledged.universe + tally.acknowledged.rooms + tally.acknowledged.matchmaking;
  return {
    seed: SEED,
    server: `${srv.description}; run in its own process group with D1 and Durable Object storage on disk, SIGKILLed (workerd and its Node host) and served again on the same storage`,
    durationSeconds: Math.round(loadSeconds),
    kills: tally.kills,
    acknowledged,
    acknowledgedBy: { ...tally.acknowledged },
    lost: tally.lost.length,
    duplicated: tally.duplicated.length,
    lateTimers: tally.lateTimers.length,
    replayMismatches: tally.replayMismatches.length,
    harnessErrors: tally.harnessErrors.length,
    inDoubt: tally.inDoubt,
    timersDueWhileDown: tally.timersDueWhileDown,
    slowestTimerAfterRestartSeconds: Math.round(tally.slowestTimerMs / 100) / 10,
    meanCheckSecondsAfterRestart: KILLS ? Math.round(checkMs / KILLS / 100) / 10 : 0,
    fleets,
    rooms: rooms.length,
    gamesVerified: games.verified,
    gamesUnfinished: games.unfinished,
    reconnects: tally.reconnects,
    resumedFromLastSeq: tally.resumes,
    refused,
    findings: {
      lost: tally.lost.slice(0, 20),
      duplicated: tally.duplicated.slice(0, 20),
      lateTimers: tally.lateTimers.slice(0, 20),
      replayMismatches: tally.replayMismatches.slice(0, 20),
      harnessErrors: tally.harnessErrors,
    },
    ...(tally.harnessErrors.length ? { serverStderr: srv.stderrTail } : {}),
  };
}

const timeout = setTimeout(() => {
  log(`timed out after ${TIMEOUT} s`);
  process.stdout.write(`${JSON.stringify({ seed: SEED, error: `timed out after ${TIMEOUT} s`, kills: tally.kills }, null, 2)}\n`);
  process.exit(1);
}, TIMEOUT * 1000);
timeout.unref();

try {
  const report = await main();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const failed = ["lost", "duplicated", "lateTimers", "replayMismatches", "harnessErrors"].some((k) => (report[k] as number) > 0);
  await server?.kill();
  process.exit(failed ? 1 : 0);
} catch (e) {
  log(`failed: ${(e as Error).stack ?? String(e)}`);
  process.stdout.write(`${JSON.stringify({ seed: SEED, error: String(e), kills: tally.kills }, null, 2)}\n`);
  process.exit(1);
}
