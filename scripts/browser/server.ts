/**
 * `wrangler dev` on a free loopback port with its own throwaway storage (migrations applied first),
 * serving the built web client from dist/web exactly as `npm run dev` does. Limits are raised and an
 * admin is named with `--var`, so the tests never depend on a developer's `.dev.vars`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../chaos/server";

export const ADMIN = { username: "browser_admin", password: "browser-admin-password" };

const VARS: Record<string, string> = {
  ENVIRONMENT: "development",
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
  RATE_LIMIT_API_PER_MINUTE: "100000",
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "100",
  LOGIN_MAX_FAILURES_PER_IP: "1000",
};

const root = join(import.meta.dirname, "..", "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");

export class DevServer {
  private child: ChildProcess | null = null;
  private readonly persist = mkdtempSync(join(tmpdir(), "orrery-browser-"));
  url = "";
  readonly log: string[] = [];

  async start(): Promise<void> {
    execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", this.persist], { cwd: root, stdio: "ignore" });
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const vars = Object.entries(VARS).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
    this.child = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", this.persist, ...vars], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on("data", (d: Buffer) => this.log.push(...d.toString().split("\n").filter(Boolean).slice(-50)));
    }
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${this.log.slice(-30).join("\n")}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`wrangler dev did not answer within 90 s:\n${this.log.slice(-30).join("\n")}`);
  }

  /** Stops wrangler and the workerd it spawned (its whole process group), then drops the storage. */
  stop(): void {
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(this.persist, { recursive: true, force: true });
  }
}
