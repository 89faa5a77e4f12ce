/**
 * `npm run bench:profile`: where the served Worker's CPU time goes under one load class, so that
 * issue 13's gaps are closed from evidence. Serves the bundle on one workerd (as `bench:universe`)
 * with the V8 inspector on, sets up the universe workload (lib/universe-load.ts), samples the
 * Worker's isolate while C clients run the class for S seconds, and prints the functions with the
 * most self time, the share of idle, GC and program time, and the requests/s reached (lower than
 * unprofiled: sampling costs). Before that, an unprofiled run of the same length measures the
 * workerd process's CPU milliseconds per request (from /proc): unlike requests/s, that figure
 * barely moves when other jobs share the machine, so it compares changes made on a busy one.
 * The raw profile is written for Chrome DevTools with `--out`. With `--allocations`, one more phase
 * samples the heap and lists the bytes each function allocates per request (freed ones included).
 * With `--heap`, a heap snapshot of the isolate at the end tells what it holds, by kind and constructor.
 * With `--native`, one more runs under Linux `perf` and splits workerd's CPU per request into what
 * the runtime was doing, native code and kernel included (lib/native.ts); `--perf-out` keeps its
 * `perf` record for `perf report`.
 *
 * The room classes (`counter`, `golf`) play the `bench:rooms` shape instead: R rooms of 4 players
 * and 10 spectators, games started again until the time is up; "requests" are then actions.
 * The floor classes serve bench/floor instead, at the same shapes: `floor-rooms` (its turn rooms),
 * `floor-read` and `floor-write` (one DO row read or rewritten per request), so a CPU figure has
 * its floor's beside it, measured the same way. `--burst B` and `--pad N` give `floor-rooms` Golf's
 * shape, as `bench:rooms` does (bench/floor/index.ts).
 *
 * With `--against=<dir>` (another checkout of the project, e.g. `git worktree add /tmp/base <rev>`)
 * it profiles nothing: it serves both trees side by side and measures the class in alternating
 * windows (both trees, in alternating order, `--windows` times, after one unmeasured window), and
 * prints each window's CPU per request and the median of the paired ratios. This machine's speed
 * drifts by a third within a minute, so a change of a few percent shows only in pairs measured
 * seconds apart, never in two runs. A floor class compares the two trees' floors.
 *
 * With `--instructions` as well, both workerds run under callgrind and each window counts the
 * instructions they executed per request (lib/callgrind.ts): two copies of one tree read 0.98–1.00
 * over 3 windows of 30 s with one client, where CPU pairs read 0.93–1.10. `--keep-dumps` keeps each
 * window's callgrind file for `callgrind_annotate` (the native functions; JIT code shows as bare
 * addresses).
 *
 * Flags: --class=read|me|mix|healthz|counter|golf|floor-rooms|floor-read|floor-write --seconds=8
 *        --clients=32 --players=40 --shards=4
 *        --rooms=20 --burst=0 --pad=0 --top=30 --interval-us=200 --out=path.cpuprofile
 *        --against=<dir> --windows=6 --instructions --keep-dumps --allocations --native --perf-out=perf.data --heap
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import WebSocket from "ws";
import { Args } from "../scripts/lib/args";
import { Api } from "../scripts/lib/http";
import { type LoadOptions, registerAccounts, runId } from "../scripts/lib/load";
import { hit } from "./floor/clients";
import { floorFromPlay, loadFromPlay, measuredLoop } from "./lib/measure";
import { callgrindAvailable, underCallgrind } from "./lib/callgrind";
import { summarizeHeap } from "./lib/heap";
import { nativeProfile, perfAvailable, recordPerf } from "./lib/native";
import { machine, overRounds, progress, progressDone } from "./lib/stats";
import { BENCH_ADMIN, setUpUniverse, untilLabsReady } from "./lib/universe-load";
import { FLOOR_CONFIG, LOCAL_RUN_VARS, startWorkerd, workerdCpuMs, workerdPids } from "./lib/workerd";

const args = new Args();
const CLASS = args.string("class", "mix");
const SECONDS = args.number("seconds", 8);
const CLIENTS = args.number("clients", 32);
const TOP = args.number("top", 30);
const ROOMS = args.number("rooms", 20, 1, 500);
/**
 * The longest games each game allows: a room's next game means a new room, 14 joins and a start,
 * which `bench:rooms` leaves out of its figures, so a window of some seconds should be play.
 */
const ROOM_CLASSES: Record<string, { game: "counter" | "golf"; options: Record<string, unknown> }> = {
  counter: { game: "counter", options: { target: 10_000, max_turns: 1_000 } },
  golf: { game: "golf", options: { rounds: 18 } },
};
const FLOOR = CLASS.startsWith("floor-");
const INSPECTOR_PORT = 9230 + (process.pid % 500);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A minimal Chrome DevTools Protocol session over the inspector's WebSocket. */
async function inspect(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { title?: string; webSocketDebuggerUrl: string }[];
  // Miniflare's own services have inspector targets too; the Worker's is named after it (orrery).
  const target = targets.find((t) => t.title?.includes("orrery")) ?? targets[0];
  if (!target) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, (params: unknown) => void>();
  ws.on("message", (data) => {
    const m = JSON.parse(String(data)) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
    if (m.id === undefined) {
      if (m.method) listeners.get(m.method)?.(m.params);
      return;
    }
    if (m.error) throw new Error(m.error.message);
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (r: unknown) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const on = (method: string, listener: (params: unknown) => void) => listeners.set(method, listener);
  return { title: target.title ?? "", send, on, close: () => ws.close() };
}

/**
 * Names a profiled function: the bundle is minified, so its position goes through the bundle's
 * source map to our file and line (and the function's own name, where the map has one).
 */
function frameNamer(sourceMap: string | undefined): (f: ProfileNode["callFrame"]) => string {
  const map = sourceMap ? new TraceMap(readFileSync(sourceMap, "utf8")) : null;
  return (f) => {
    const name = f.functionName || "(anonymous)";
    if (!f.url) return name;
    const at = map && f.url.endsWith("index.js") ? originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber }) : null;
    if (!at?.source) return `${name} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    const file = relative(process.cwd(), resolve(dirname(sourceMap as string), at.source)).replace(/^.*node_modules\//, "");
    return `${at.name ?? name} ${file}:${at.line}`;
  };
}

/** Self time per function (name, source line), and the runtime's own buckets. */
function summarizeProfile(p: Profile, nameOf: (f: ProfileNode["callFrame"]) => string) {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const f = byNode.get(id)?.callFrame;
    const key = f ? nameOf(f) : "?";
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const ms = (us: number) => Math.round(us / 100) / 10;
  const pct = (us: number) => Math.round((us / total) * 1000) / 10;
  const bucket = (name: string) => self.get(name) ?? 0;
  const idle = bucket("(idle)");
  const busy = total - idle;
  const top = [...self.entries()]
    .filter(([k]) => k !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([fn, us]) => ({ fn, selfMs: ms(us), ofBusyPercent: Math.round((us / busy) * 1000) / 10 }));
  return {
    sampledMs: ms(total),
    idlePercent: pct(idle),
    garbageCollectorPercent: pct(bucket("(garbage collector)")),
    programPercent: pct(bucket("(program)")),
    busyMs: ms(busy),
    top,
  };
}

interface Phase {
  figures: object;
  /** Requests, or room actions, made while measured. */
  requests: number;
  /** workerd CPU over the measured part. */
  cpuMs: number;
}

/**
 * One phase of the chosen class. `onMeasure` runs when measuring begins: at once for the universe
 * classes, and once the games are under way for the room classes, whose set-up (accounts, rooms,
 * joins) is left out of both the CPU figure and the profile.
 */
async function workload(url: string): Promise<(onMeasure?: () => unknown) => Promise<Phase>> {
  if (FLOOR) return floorWorkload(url);
  const room = ROOM_CLASSES[CLASS];
  if (room) {
    const api = new Api(url);
    const perRoom = 4 + 10;
    const options: Omit<LoadOptions, "accounts"> = {
      api,
      game: room.game,
      options: room.options,
      rooms: ROOMS,
      players: 4,
      spectators: 10,
      config: { turnSeconds: 600, graceSeconds: 600, idleSeconds: 600, maxSpectators: 50, messagesPer10s: 10_000 },
      pacing: [],
      loop: true,
      stallMs: 30_000,
      setupConcurrency: 8,
    };
    return async (onMeasure) => {
      // Accounts of their own each time: a phase stops its games mid-way, and their rooms stay live
      // against each host's limit of live rooms.
      const accounts = await registerAccounts(api, ROOMS * perRoom, `prof_${runId()}_`, 16, (n) =>
        progress(`registering accounts ${n}/${ROOMS * perRoom}`),
      );
      const { result, from, actions } = await loadFromPlay({ ...options, accounts, durationMs: SECONDS * 1000 }, onMeasure);
      if (!from) throw new Error("the games never got under way");
      return { figures: result, requests: actions, cpuMs: workerdCpuMs() - from.workerdMs };
    };
  }
  const load = await setUpUniverse(url, { players: args.number("players", 40), shards: args.number("shards", 4), clients: CLIENTS });
  if (CLASS === "mix") await untilLabsReady(load);
  const one = { read: load.read, me: load.me, mix: load.mix, healthz: () => hit(`${url}/healthz`, {}, "healthz") }[CLASS];
  if (!one) throw new Error(`--class must be read, me, mix, healthz, counter or golf, not ${CLASS}`);
  return async (onMeasure) => {
    await onMeasure?.();
    return measuredLoop(CLIENTS, SECONDS, one);
  };
}

/** The floor's shapes: its turn rooms as the room classes' (R × 4 players + 10 spectators), its rows as bench:universe's. */
function floorWorkload(url: string): (onMeasure?: () => unknown) => Promise<Phase> {
  const shards = args.number("shards", 4);
  const players = args.number("players", 40);
  const rows = (method: "GET" | "POST") => (client: number) =>
    hit(`${url}/rows/s${client % shards}/p${client % players}`, { method }, "row");
  const step = { "floor-read": rows("GET"), "floor-write": rows("POST") }[CLASS];
  if (CLASS !== "floor-rooms" && !step) throw new Error(`no floor class ${CLASS}: floor-rooms, floor-read or floor-write`);
  return async (onMeasure) => {
    await onMeasure?.();
    if (step) return measuredLoop(CLIENTS, SECONDS, step);
    const deadline = performance.now() + SECONDS * 1000;
    const { result, from } = await floorFromPlay(url, {
      rooms: ROOMS,
      players: 4,
      spectators: 10,
      turns: Number.MAX_SAFE_INTEGER,
      deadline,
      burst: args.number("burst", 0),
      pad: args.number("pad", 0),
    });
    return { figures: result, requests: result.actions, cpuMs: workerdCpuMs() - from.workerdMs };
  };
}

/**
 * `--against`: this tree and another, served side by side, measured in alternating windows: workerd
 * CPU ms per request, or with `--instructions` the instructions workerd executed per request,
 * counted by callgrind (lib/callgrind.ts).
 */
async function compare(against: string) {
  const counting = args.flag("instructions");
  // Under callgrind a request takes ~30 times as long, so a 2 s session cache would expire every few requests.
  const vars = FLOOR ? {} : { ...LOCAL_RUN_VARS, ...BENCH_ADMIN, ...(counting ? { SESSION_CACHE_MS: "60000" } : {}) };
  const config = FLOOR ? FLOOR_CONFIG : "wrangler.toml";
  if (counting && !callgrindAvailable()) throw new Error("--instructions needs valgrind (apt-get install valgrind)");
  progress("bundling and starting both trees…");
  const serve = async (configPath: string) => {
    const callgrind = counting ? underCallgrind(args.flag("keep-dumps")) : null;
    const server = await startWorkerd(vars, configPath);
    return { server, meter: callgrind?.meter() ?? null };
  };
  const here = await serve(config);
  const there = await serve(join(resolve(against), config));
  try {
    const measure = async (side: typeof here, run: Awaited<ReturnType<typeof workload>>) => {
      const p = await run(() => side.meter?.begin());
      const cost = side.meter ? side.meter.end() / 1e6 : p.cpuMs;
      return Math.round((cost / Math.max(1, p.requests)) * 1000) / 1000;
    };
    const runHere = await workload(here.server.url);
    const runThere = await workload(there.server.url);
    const windows: { here: number; there: number; ratio: number }[] = [];
    const count = args.number("windows", 6, 1, 50);
    for (let w = 0; w <= count; w++) {
      progress(`${CLASS}: window ${w}/${count} (0 is the unmeasured warm-up)…`);
      // Which tree goes first alternates, so neither always follows the other's load.
      let a: number;
      let b: number;
      if (w % 2) {
        a = await measure(here, runHere);
        b = await measure(there, runThere);
      } else {
        b = await measure(there, runThere);
        a = await measure(here, runHere);
      }
      if (w > 0) windows.push({ here: a, there: b, ratio: Math.round((a / b) * 1000) / 1000 });
    }
    progressDone();
    const unit = counting
      ? "millions of instructions workerd executed per request (room classes: per action), counted by callgrind"
      : "workerd CPU ms per request (room classes: per action)";
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          server: here.server.server,
          class: CLASS,
          here: process.cwd(),
          against: resolve(against),
          note: `${unit}, the two trees seconds apart in each window, in alternating order; ratio = here ÷ there (below 1: this tree is cheaper)`,
          [counting ? "instructionsPerRequest" : "cpuMsPerRequest"]: overRounds(windows),
          windows,
        },
        null,
        2,
      ),
    );
  } finally {
    await here.server.close();
    await there.server.close();
    here.meter?.remove();
    there.meter?.remove();
  }
}

interface AllocationNode {
  callFrame: ProfileNode["callFrame"];
  selfSize: number;
  children: AllocationNode[];
}

/**
 * `--allocations`: one more phase under V8's sampling heap profiler, counting what was freed since
 * too, so the figure is what each function allocates (the garbage collector's work), not what
 * stays alive. Bytes per request by allocating function, the largest first.
 */
async function allocationPhase(
  inspector: Awaited<ReturnType<typeof inspect>>,
  run: Awaited<ReturnType<typeof workload>>,
  nameOf: (f: ProfileNode["callFrame"]) => string,
) {
  await inspector.send("HeapProfiler.enable");
  progress(`sampling ${CLASS}'s allocations for ${SECONDS} s…`);
  const phase = await run(() =>
    inspector.send("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    }),
  );
  const { profile } = await inspector.send<{ profile: { head: AllocationNode } }>("HeapProfiler.stopSampling");
  const bySite = new Map<string, number>();
  const visit = (n: AllocationNode) => {
    const key = nameOf(n.callFrame);
    bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
    for (const c of n.children) visit(c);
  };
  visit(profile.head);
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  const perRequest = (bytes: number) => Math.round(bytes / Math.max(1, phase.requests));
  return {
    bytesPerRequest: perRequest(total),
    top: [...bySite.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([fn, bytes]) => ({ fn, bytesPerRequest: perRequest(bytes), percent: Math.round((bytes / total) * 1000) / 10 })),
  };
}

/**
 * `--heap`: after the phases, a snapshot of the isolate's heap (lib/heap.ts). Taking one runs a
 * full collection first, so it holds what is alive, not the garbage awaiting the next collection.
 */
async function heapSnapshot(inspector: Awaited<ReturnType<typeof inspect>>) {
  progress("taking a heap snapshot…");
  const chunks: string[] = [];
  inspector.on("HeapProfiler.addHeapSnapshotChunk", (p) => chunks.push((p as { chunk: string }).chunk));
  await inspector.send("HeapProfiler.enable");
  await inspector.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  return summarizeHeap(chunks.join(""), TOP);
}

/**
 * `--native`: one more phase with Linux `perf` sampling the workerd process (lib/native.ts), and
 * each bucket's share turned into CPU microseconds per request with the phase's own CPU figure.
 * Run the class's floor the same way (`--class floor-rooms|floor-read|floor-write --native`) and
 * compare the shares: this machine's speed drifts between runs, so microseconds from two runs do not.
 */
async function nativePhase(run: Awaited<ReturnType<typeof workload>>) {
  const dir = mkdtempSync(join(tmpdir(), "orrery-perf-"));
  const file = join(dir, "perf.data");
  const recording: { stop?: () => Promise<void> } = {};
  progress(`sampling ${CLASS} with perf for ${SECONDS} s…`);
  const phase = await run(() => {
    recording.stop = recordPerf(workerdPids(), file).stop;
  });
  await recording.stop?.();
  progress("reading the perf record…");
  const profile = await nativeProfile(file);
  const keep = args.string("perf-out", "");
  if (keep) copyFileSync(file, keep);
  rmSync(dir, { recursive: true, force: true });
  const cpuUsPerRequest = (phase.cpuMs / Math.max(1, phase.requests)) * 1000;
  const usPerRequest: Record<string, number> = {};
  for (const [bucket, percent] of Object.entries(profile.percent)) usPerRequest[bucket] = Math.round((percent / 100) * cpuUsPerRequest);
  return {
    note: "workerd CPU per request (room classes: per action) by what the sampled stacks were doing, innermost telling frame first; compare another run (the floor's) by `percent`: microseconds from two runs carry the machine's drift between them",
    requests: phase.requests,
    cpuUsPerRequest: Math.round(cpuUsPerRequest),
    samples: profile.samples,
    percent: profile.percent,
    usPerRequest,
    pauses: profile.pauses,
  };
}

async function main() {
  // Before the bundle, the server and the unprofiled phase, not after them.
  if (args.flag("native") && !perfAvailable()) {
    throw new Error("--native needs Linux perf, run as root or with perf_event_paranoid <= 1 (apt-get install linux-perf)");
  }
  progress("bundling and starting workerd with the inspector…");
  const server = FLOOR
    ? await startWorkerd({}, FLOOR_CONFIG, { inspectorPort: INSPECTOR_PORT })
    : await startWorkerd({ ...LOCAL_RUN_VARS, ...BENCH_ADMIN }, "wrangler.toml", { inspectorPort: INSPECTOR_PORT });
  try {
    const run = await workload(server.url);
    progress(`measuring ${CLASS} unprofiled for ${SECONDS} s…`);
    const plain = await run();
    const native = args.flag("native") ? await nativePhase(run) : undefined;
    const inspector = await inspect(INSPECTOR_PORT);
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: args.number("interval-us", 200) });
    progress(`profiling ${CLASS} for ${SECONDS} s…`);
    const profiled = await run(() => inspector.send("Profiler.start"));
    const { profile } = await inspector.send<{ profile: Profile }>("Profiler.stop");
    const nameOf = frameNamer(server.sourceMap);
    const allocations = args.flag("allocations") ? await allocationPhase(inspector, run, nameOf) : undefined;
    const heap = args.flag("heap") ? await heapSnapshot(inspector) : undefined;
    inspector.close();
    progressDone();
    const out = args.string("out", "");
    if (out) writeFileSync(out, JSON.stringify(profile));
    const report = {
      machine: machine(),
      server: server.server,
      target: inspector.title,
      class: CLASS,
      clients: CLIENTS,
      unprofiled: {
        figures: plain.figures,
        workerdCpuMs: plain.cpuMs,
        requests: plain.requests,
        cpuMsPerRequest: Math.round((plain.cpuMs / plain.requests) * 100) / 100,
      },
      profiled: profiled.figures,
      profile: summarizeProfile(profile, nameOf),
      ...(allocations ? { allocations } : {}),
      ...(heap ? { heap } : {}),
      ...(native ? { native } : {}),
      ...(out ? { written: out } : {}),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await server.close();
  }
}

const against = args.string("against", "");
await (against ? compare(against) : main());
