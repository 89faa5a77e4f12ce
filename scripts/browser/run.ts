/**
 * The browser tests (`npm run test:browser`, after `npm run build`): Debian's Chromium driven by
 * playwright-core against `wrangler dev` serving the built client. Golf, the universe (economy,
 * fleets, combat, missiles and moons), Familiars and the text world run side by side; screenshots
 * of the main screens land in docs/screenshots/ on every run.
 */
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { combatFlow } from "./combat";
import { fleetFlow } from "./fleets";
import { golfFlow } from "./golf";
import { SHOTS } from "./pages";
import { DevServer } from "./server";
import { strikeFlow } from "./strike";
import { tcgFlow } from "./tcg";
import { universeFlow } from "./universe";
import { worldFlow } from "./world";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** `BROWSER_FLOW=golf` (or `universe`, `fleets`, `combat`, `strike`, `tcg`, `world`) runs one flow; `fleets,world` runs those two. */
const ONLY = process.env.BROWSER_FLOW?.split(",");
const started = Date.now();
const server = new DevServer();
let failed = false;
try {
  mkdirSync(SHOTS, { recursive: true });
  await server.start();
  console.log(`server ${server.url} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const flows = Object.entries({ golf: golfFlow, universe: universeFlow, fleets: fleetFlow, combat: combatFlow, strike: strikeFlow, tcg: tcgFlow, world: worldFlow }).filter(
      ([name]) => !ONLY || ONLY.includes(name),
    );
    const results = await Promise.allSettled(
      flows.map(([name, flow]) =>
        flow(browser, server.url).then(() => console.log(`${name}: passed at ${((Date.now() - started) / 1000).toFixed(1)} s`)),
      ),
    );
    for (const r of results) {
      if (r.status === "rejected") {
        failed = true;
        console.error(r.reason);
      }
    }
  } finally {
    await browser.close();
  }
} catch (e) {
  failed = true;
  console.error(e);
  console.error(server.log.slice(-20).join("\n"));
} finally {
  server.stop();
}
console.log(
  `browser tests ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in docs/screenshots/`,
);
process.exit(failed ? 1 : 0);
