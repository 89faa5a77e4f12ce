/**
 * The server process of `npm run chaos` (started by server.ts, never by hand): serves an already
 * built bundle on one workerd with storage on disk, prints `ready {url, server}` on stdout, and runs until
 * it is killed. Its options arrive as JSON in CHAOS_SERVE.
 */
import { type Bundle, type ServeOptions, serveBundle } from "../../bench/lib/workerd";

export type ServeRequest = Pick<Bundle, "outdir" | "config" | "configPath"> & ServeOptions & { harnessPid: number };

const req = JSON.parse(process.env.CHAOS_SERVE ?? "null") as ServeRequest | null;
if (!req) throw new Error("CHAOS_SERVE is not set: this script is started by scripts/chaos/server.ts");
const served = await serveBundle({ ...req, remove: () => {} }, req);
process.stdout.write(`ready ${JSON.stringify({ url: served.url, server: served.server })}\n`);
setInterval(() => {
  // Runtime errors go to stderr, where the harness keeps the last few for its report.
  for (const line of served.errorLogs.splice(0)) process.stderr.write(`workerd error: ${line}\n`);
  // A harness that died without its exit handler (SIGKILL) must not leave a server behind:
  // pid 0 is this process group, workerd included.
  try {
    process.kill(req.harnessPid, 0);
  } catch {
    process.kill(0, "SIGKILL");
  }
}, 500);
