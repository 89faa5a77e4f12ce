/**
 * The web client's first-load JavaScript, gzipped: every script and modulepreload that
 * dist/web/index.html names (run `npm run build` first; `npm run size` does). The budget is 150 KB;
 * exits non-zero over it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 150 * 1024;
const dir = join(import.meta.dirname, "..", "dist", "web");
const html = readFileSync(join(dir, "index.html"), "utf8");
const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map(
  (m) => m[1] as string,
);
let raw = 0;
let gzip = 0;
for (const f of files) {
  const bytes = readFileSync(join(dir, f));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`first-load JS: ${files.length} file(s), ${kb(raw)} raw, ${kb(gzip)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (gzip > BUDGET_BYTES) process.exit(1);
