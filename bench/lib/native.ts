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
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

/**
 * Buckets in the order a frame is tested against them: the first that matches names the sample.
 * Frames that match none (allocators, string and table helpers, libc) are walked past, so an
 * allocation is charged to what asked for it.
 */
const BUCKETS: readonly { name: string; frame: RegExp }[] = [
  {
    name: "garbage collection",
    frame:
      /v8::internal::(Heap::|Scavenger|MarkCompact|ConcurrentMarking|MinorMarkSweep|Sweeper|MarkingVisitor)|cppgc::internal::(Marker|Sweeper)/,
  },
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
}

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
  let samples = 0;
  let frames: string[] = [];
  const close = () => {
    if (frames.length === 0) return;
    samples += 1;
    const bucket = bucketOf(frames);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    frames = [];
  };
  // A sample is a header line, its frames (indented, the leaf first), then a blank line.
  for await (const line of createInterface({ input: script.stdout as NodeJS.ReadableStream })) {
    if (line.startsWith("\t") || line.startsWith(" ")) frames.push(line);
    else close();
  }
  close();
  if (samples === 0) throw new Error(`perf recorded no samples in ${file}`);
  const percent: Record<string, number> = {};
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) percent[name] = Math.round((n / samples) * 1000) / 10;
  return { samples, percent };
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
