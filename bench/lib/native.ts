/**
 * Where a served workerd's CPU goes, native code and the kernel included: Linux `perf` samples
 * every thread of the workerd this process started, with call stacks, and each sample goes to one
 * bucket by the innermost frame that tells what it was doing (walking from the leaf towards the
 * event loop). The V8 profile (`bench:profile` without this) sees only JavaScript and charges a
 * native call to its JavaScript caller; callgrind (`--instructions`) counts instructions but not
 * the kernel's, nor what a cache miss costs. This is the view that compares a class with its floor
 * by what the runtime does for each: JavaScript, the runtime's API calls, socket sends, SQLite,
 * garbage collection, the input and output gates, network I/O and the event loop. Compare runs by
 * their shares: this machine's speed drifts between runs by more than some buckets' differences.
 * The same samples, in time order, show when the isolate's thread stopped for a collection and for
 * how long (`pausesOf`): the pauses every request on the isolate waits out, which set a p99.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { median } from "./stats";

/**
 * Buckets in the order a frame is tested against them: the first that matches names the sample.
 * Frames that match none (allocators, string and table helpers, libc) are walked past, so an
 * allocation is charged to what asked for it.
 */
const GC_FRAME =
  /v8::internal::(Heap::|Scavenger|MarkCompact|ConcurrentMarking|MinorMarkSweep|Sweeper|MarkingVisitor)|cppgc::internal::(Marker|Sweeper)/;
const BUCKETS: readonly { name: string; frame: RegExp }[] = [
  { name: "garbage collection", frame: GC_FRAME },
  { name: "SQLite (queries, transactions, commits)", frame: /sqlite3|SqliteDatabase::|ActorSqlite::/ },
  { name: "socket sends", frame: /WebSocket::send|WebSocketPipe|LegacyWebSocketAdapter::(send|pump)|WebSocketImpl::send/ },
  {
    name: "runtime API calls (headers, requests, attachments, RPC stubs…)",
    frame: /workerd::api::|workerd::jsg::(MethodCallback|PropertyGetterCallback|ConstructorCallback|StaticMethodCallback)/,
  },
  {
    name: "JavaScript (JIT code, builtins, V8 runtime calls)",
    frame: /\[unknown\] \((\/tmp\/perf-|\[JIT\])|Builtins_|v8::internal::Runtime_/,
  },
  { name: "input and output gates", frame: /workerd::(InputGate|OutputGate)/ },
  // Not `kj_rs_tokio::TokioAsyncIoContext`: every stack starts there.
  {
    name: "network I/O (hyper, tokio, socket streams)",
    frame: /kj_hyper|hyper::|mio::|AsyncIoStream|RustIo|UnixEventPort|tokio::(io|net|runtime::io)/,
  },
  {
    name: "event loop and promises",
    frame:
      /kj::_::(waitImpl|TransformPromiseNode|ChainPromiseNode|Event::|ForkHub|ExclusiveJoin|AdapterPromiseNode|PromiseAwaiter|Coroutine)|kj::TaskSet|IoContext::/,
  },
];
/** In practice `sendto`: libc's frames carry no frame pointers, so the stack ends there. */
const KERNEL = "kernel, outside any of the above";
const OTHER = "other";

export interface NativeProfile {
  samples: number;
  /** Bucket → share of the samples, in percent, largest first. */
  percent: Record<string, number>;
  /** The isolate's thread stopped for garbage collection (see `pausesOf`). */
  pauses: GcPauses;
}

/** Stretches of the isolate's thread doing nothing but collect garbage, by kind. */
export interface GcPauses {
  note: string;
  full: PauseFigures;
  young: PauseFigures;
  /** The longest stretches: seconds from the first sample, milliseconds, kind. */
  longest: { atS: number; ms: number; kind: "full" | "young" | "other" }[];
}

interface PauseFigures {
  count: number;
  medianMs: number;
  maxMs: number;
  /** Median time between two of them. */
  everyS: number | null;
}

interface Sample {
  tid: number;
  /** Milliseconds (perf's clock). */
  at: number;
  gc: "full" | "young" | "other" | null;
}

/** A sample's header line: command (it may hold spaces: `V8 DefaultWorke`), thread id, optionally the CPU, then the time in seconds. */
const HEADER = /^.*?\s(\d+)\s+(?:\[\d+\]\s+)?(\d+\.\d+):/;
const FULL_GC = /MarkCompactCollector|Heap::MarkCompact/;
/** Collection frames the buckets leave to others (the heap's bookkeeping around a collection). */
const IN_GC = /v8::internal::(GCTracer|IncrementalMarking)/;
const YOUNG_GC = /Scavenger|MinorMarkSweep/;

/** Whether `perf` is installed and may sample other processes here (root, or perf_event_paranoid ≤ 1). */
export function perfAvailable(): boolean {
  try {
    execFileSync("perf", ["--version"], { stdio: "ignore" });
  } catch {
    return false;
  }
  if (process.getuid?.() === 0) return true;
  try {
    return Number(readFileSync("/proc/sys/kernel/perf_event_paranoid", "utf8")) <= 1;
  } catch {
    return false;
  }
}

/** Starts sampling `pids` (999 Hz, call graphs) into `file`; `stop` ends it once the record is written. */
export function recordPerf(pids: number[], file: string): { stop: () => Promise<void> } {
  const perf: ChildProcess = spawn("perf", ["record", "-F", "999", "-g", "-p", pids.join(","), "-o", file], { stdio: "ignore" });
  return {
    async stop() {
      // A perf that already failed (no such process, no permission) would never emit `exit` again.
      if (perf.exitCode !== null || perf.signalCode !== null) return;
      const exited = once(perf, "exit");
      perf.kill("SIGINT");
      await exited;
    },
  };
}

/** Reads a record with `perf script` and sorts its samples into the buckets. */
export async function nativeProfile(file: string): Promise<NativeProfile> {
  const script = spawn("perf", ["script", "-i", file], { stdio: ["ignore", "pipe", "ignore"] });
  const counts = new Map<string, number>();
  const timeline: Sample[] = [];
  let header: RegExpExecArray | null = null;
  let frames: string[] = [];
  const close = () => {
    if (frames.length === 0) return;
    const bucket = bucketOf(frames);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    if (header) timeline.push({ tid: Number(header[1]), at: Number(header[2]) * 1000, gc: gcKind(frames) });
    frames = [];
  };
  // A sample is a header line, its frames (indented, the leaf first), then a blank line.
  for await (const line of createInterface({ input: script.stdout as NodeJS.ReadableStream })) {
    if (line.startsWith("\t") || line.startsWith(" ")) frames.push(line);
    else {
      close();
      if (line !== "") header = HEADER.exec(line);
    }
  }
  close();
  const samples = [...counts.values()].reduce((a, b) => a + b, 0);
  if (samples === 0) throw new Error(`perf recorded no samples in ${file}`);
  const percent: Record<string, number> = {};
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) percent[name] = Math.round((n / samples) * 1000) / 10;
  return { samples, percent, pauses: pausesOf(timeline) };
}

/** Whether the sample is inside a collection (any frame of it, not only the innermost telling one), and which kind. */
function gcKind(frames: readonly string[]): "full" | "young" | "other" | null {
  if (frames.some((f) => FULL_GC.test(f))) return "full";
  if (frames.some((f) => YOUNG_GC.test(f))) return "young";
  return frames.some((f) => GC_FRAME.test(f) || IN_GC.test(f)) ? "other" : null;
}

/**
 * The isolate's thread (the one sampled most) in garbage collection: runs of consecutive samples
 * there, each a pause of the JavaScript every request on the isolate waits for. A latency's tail
 * lines up with these (README, twelfth step); a full collection is the long kind.
 */
function pausesOf(timeline: readonly Sample[]): GcPauses {
  const perThread = new Map<number, number>();
  for (const s of timeline) perThread.set(s.tid, (perThread.get(s.tid) ?? 0) + 1);
  const isolate = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = timeline.filter((s) => s.tid === isolate).sort((a, b) => a.at - b.at);
  const stretches: { at: number; ms: number; kind: "full" | "young" | "other" }[] = [];
  let open: { from: number; to: number; kind: "full" | "young" | "other" } | null = null;
  const period = median(own.slice(1).map((s, i) => s.at - (own[i] as Sample).at)) ?? 1;
  const end = () => {
    if (open) stretches.push({ at: open.from, ms: open.to - open.from + period, kind: open.kind });
    open = null;
  };
  for (const s of own) {
    // A gap between two samples inside collections (the thread preempted) stays in the pause.
    if (s.gc === null) {
      end();
      continue;
    }
    if (!open) open = { from: s.at, to: s.at, kind: s.gc };
    else {
      open.to = s.at;
      // A stretch is as full as its fullest sample: a mark-compact ends with its sweeping.
      if (s.gc === "full" || (s.gc === "young" && open.kind === "other")) open.kind = s.gc;
    }
  }
  end();
  const start = own[0]?.at ?? 0;
  const figures = (kind: "full" | "young"): PauseFigures => {
    const list = stretches.filter((p) => p.kind === kind);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const every = median(list.slice(1).map((p, i) => p.at - (list[i] as { at: number }).at));
    return {
      count: list.length,
      medianMs: round(median(list.map((p) => p.ms)) ?? 0),
      maxMs: round(Math.max(0, ...list.map((p) => p.ms))),
      everyS: every === null ? null : Math.round(every / 10) / 100,
    };
  };
  return {
    note: "runs of consecutive samples of the isolate's thread (the one sampled most) in garbage collection, each a pause every request on the isolate waits out; full = a mark-compact, young = a scavenge",
    full: figures("full"),
    young: figures("young"),
    longest: [...stretches]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((p) => ({ atS: Math.round((p.at - start) / 10) / 100, ms: Math.round(p.ms), kind: p.kind })),
  };
}

function bucketOf(frames: readonly string[]): string {
  let kernel = false;
  for (const frame of frames) {
    if (frame.includes("[kernel.kallsyms]")) {
      kernel = true;
      continue;
    }
    for (const b of BUCKETS) if (b.frame.test(frame)) return b.name;
  }
  return kernel ? KERNEL : OTHER;
}
