/**
 * The server process of `npm run chaos` (started by server.ts, never by hand): serves an already
 * built bundle on one workerd with storage on disk, prints `ready {url, server}` on stdout, and runs until
 * it is killed. Its options arrive as JSON in CHAOS_SERVE.
 */
import { type Bundle, type ServeOptions, serveBundle } from "../../bench/lib/workerd";

export type ServeRequest = Pick<Bundle, "outdir" | "config" | "configPath"> & ServeOptions;

const req = JSON.parse(process.env.CHAOS_SERVE ?? "null") as ServeRequest | null;
if (!req) throw new Error("CHAOS_SERVE is not set: this script is started by scripts/chaos/server.ts");
const served = await serveBundle({ ...req, remove: () => {} }, req);
process.stdout.write(`ready ${JSON.stringify({ url: served.url, server: served.server })}\n`);
// Runtime errors go to stderr, where the harness keeps the last few for its report.
setInterval(() => {
  for (const line of served.errorLogs.splice(0)) process.stderr.write(`workerd error: ${line}\n`);
}, 500);
