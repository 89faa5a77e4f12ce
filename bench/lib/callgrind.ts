/**
 * Instructions executed by a served workerd, counted by valgrind's callgrind: the one figure of a
 * Worker's cost that this machine's load does not move (CPU milliseconds drift by a third within a
 * minute here, instruction counts by about a percent). workerd runs under callgrind with counting
 * off; `begin` zeroes the counters and switches counting on, `end` dumps them and answers the
 * instructions executed since, by every thread of that workerd.
 *
 * Under callgrind the Worker runs about 30 times slower, so time-based work (the session cache's
 * TTL, lease renewals, alarms) happens more often per request than in a normal run: compare two
 * trees counted the same way, not a count with a CPU figure.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { procFiles } from "./workerd";

export interface InstructionMeter {
  begin(): void;
  /** Instructions executed since `begin`. */
  end(): number;
  remove(): void;
}

/** Whether valgrind and callgrind_control are installed. */
export function callgrindAvailable(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    execFileSync("callgrind_control", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets Miniflare's workerd (`MINIFLARE_WORKERD_PATH`, read when it spawns one) to a wrapper that
 * runs it under callgrind; start the server right after, then `meter()` finds that process.
 */
export function underCallgrind(keep = false): { meter: () => InstructionMeter } {
  const dir = mkdtempSync(join(tmpdir(), "orrery-callgrind-"));
  const workerd = createRequire(import.meta.url).resolve("@cloudflare/workerd-linux-64/bin/workerd");
  const wrapper = join(dir, "workerd");
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=${dir}/cg.%p "${workerd}" "$@" 2>>${dir}/valgrind.log\n`,
  );
  chmodSync(wrapper, 0o755);
  process.env.MINIFLARE_WORKERD_PATH = wrapper;
  return {
    meter() {
      delete process.env.MINIFLARE_WORKERD_PATH;
      const pid = pidWithArgument(`--callgrind-out-file=${dir}/`);
      const control = (...flags: string[]) => execFileSync("callgrind_control", [...flags, String(pid)], { stdio: "ignore" });
      return {
        begin() {
          control("-z");
          control("-i", "on");
        },
        end() {
          control("-d");
          control("-i", "off");
          const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg.${pid}.`));
          const last = dumps.sort((a, b) => Number(a.split(".").pop()) - Number(b.split(".").pop())).at(-1);
          const totals = last ? /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, last), "utf8")) : null;
          if (!totals) throw new Error(`callgrind wrote no totals in ${dir}`);
          // Kept for `callgrind_annotate` (which native functions the instructions went to) when asked.
          if (keep) console.error(`callgrind dump: ${join(dir, last as string)}`);
          else for (const f of dumps) rmSync(join(dir, f));
          return Number(totals[1]);
        },
        remove: () => keep || rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

function pidWithArgument(argument: string): number {
  for (const [pid, cmdline] of procFiles("cmdline")) if (cmdline.split("\0").some((a) => a.startsWith(argument))) return pid;
  throw new Error(`no process runs with ${argument}`);
}
