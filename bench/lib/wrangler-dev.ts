import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Starts `wrangler dev` on a private port and state directory with the given vars, applies the
 * local D1 migrations first, and stops it (and removes its state) on close.
 */
export async function startWranglerDev(vars: Record<string, string>, port: number): Promise<{ url: string; close(): void }> {
  const state = mkdtempSync(join(tmpdir(), "orrery-bench-"));
  const bin = join(process.cwd(), "node_modules", ".bin", "wrangler");
  await new Promise<void>((resolve, reject) => {
    const p = spawn(bin, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
      stdio: "ignore",
      env: { ...process.env, CI: "true" },
    });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrations exited ${code}`))));
  });
  const args = ["dev", "--port", String(port), "--persist-to", state, "--ip", "127.0.0.1"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn(bin, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CI: "true" },
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 90 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    close() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}
