/**
 * The server under test: one workerd (Miniflare API) on a fixed loopback port with its storage on
 * disk, run in its own process group (a Node process hosting Miniflare, and the workerd it spawns)
 * so that `kill()` can SIGKILL both at once, mid-write, and `start()` can serve the same storage
 * again on the same URL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Bundle } from "../../bench/lib/workerd";
import type { ServeRequest } from "./serve";

const START_TIMEOUT_MS = 90_000;

/** A free loopback port (the OS picks it; it stays ours for the run in practice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Pids and command names of the live processes in a process group (Linux /proc). */
function groupMembers(pgid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join("/proc", entry, "stat"), "utf8");
      // pid (comm) state ppid pgrp …: comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(")");
      const [state, , pgrp] = stat.slice(close + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") out.push({ pid: Number(entry), comm: stat.slice(stat.indexOf("(") + 1, close) });
    } catch {
      // the process exited while we looked
    }
  }
  return out;
}

export class ChaosServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private started = 0;
  /** The last lines the server printed on stderr (runtime errors), for the report. */
  readonly stderrTail: string[] = [];
  /** Pid of the workerd of the current run, once seen. */
  workerdPid: number | null = null;
  /** What serves the Worker, as the server process describes it. */
  description = "";

  constructor(
    private readonly bundle: Bundle,
    private readonly persistTo: string,
    readonly port: number,
    private readonly vars: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Serves the storage (the D1 migrations only on the first start) and resolves once it answers. */
  async start(): Promise<void> {
    if (this.child) throw new Error("the server is already running");
    const request: ServeRequest = {
      outdir: this.bundle.outdir,
      config: this.bundle.config,
      configPath: this.bundle.configPath,
      vars: this.vars,
      persistTo: this.persistTo,
      port: this.port,
      migrate: this.started === 0,
      harnessPid: process.pid,
    };
    const child = spawn(join(process.cwd(), "node_modules", ".bin", "tsx"), [join(import.meta.dirname, "serve.ts")], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CHAOS_SERVE: JSON.stringify(request), WRANGLER_SEND_METRICS: "false" },
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        this.stderrTail.push(line.slice(0, 300));
        if (this.stderrTail.length > 20) this.stderrTail.shift();
      }
    });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^ready (.*)\n/m.exec(out);
        if (line) {
          clearTimeout(timer);
          this.description = (JSON.parse(line[1] as string) as { server: string }).server;
          resolve();
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited during start (${signal ?? code}): ${this.stderrTail.slice(-5).join(" | ")}`));
      });
    }).catch(async (e) => {
      await this.kill();
      throw e;
    });
    this.started++;
    this.workerdPid = groupMembers(child.pid as number).find((p) => p.comm.startsWith("workerd"))?.pid ?? null;
  }

  /** SIGKILLs the whole process group (Node and workerd) and waits until none of it is left. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const pgid = child.pid as number;
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
    await this.exited;
    for (let i = 0; i < 100 && groupMembers(pgid).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const left = groupMembers(pgid);
    if (left.length) throw new Error(`processes survived SIGKILL: ${left.map((p) => `${p.pid} ${p.comm}`).join(", ")}`);
  }

  /** For exit handlers: the same kill, synchronously, without waiting. */
  killNow(): void {
    if (!this.child) return;
    try {
      process.kill(-(this.child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  }
}
