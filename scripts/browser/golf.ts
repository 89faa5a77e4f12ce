/**
 * Golf in two browsers: ada (desktop) creates a 9-hole room with knock-early, grace (a 390 px
 * phone) joins by code, ada seats two CPUs and starts; both play every hole through the table's
 * buttons to the final standings. Grace reloads mid-game and must get her seat back; later her
 * socket drops (the test closes it in between, as a network would), the header says
 * "Reconnecting…", and the socket resumes from lastSeq. Then ada opens the replay and steps through it.
 */
import type { Browser, Locator, Page, WebSocketRoute } from "playwright-core";
import { DESKTOP, newPlayer, PHONE, register, screenshot, unique, usable } from "./pages";

const GAME_TIMEOUT_MS = 150_000;

export async function golfFlow(browser: Browser, url: string): Promise<void> {
  const a = await newPlayer(browser, url, DESKTOP);
  const b = await newPlayer(browser, url, PHONE);
  // Grace's room sockets pass through the test, which can drop them and sees whether joins resume.
  const live: WebSocketRoute[] = [];
  let resumed = 0;
  await b.ctx.routeWebSocket(/\/v1\/rooms\/[^/]+\/ws/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => {
      ws.send(m);
      if (typeof m === "string" && m.includes('"command":"join"') && m.includes('"resumed":true')) resumed++;
    });
    live.push(ws);
  });
  await Promise.all([register(a.page, unique("ada"), "sign-in"), register(b.page, unique("grace"))]);

  await a.page.getByRole("link", { name: "Golf", exact: true }).click();
  await a.page.getByRole("heading", { name: "Create a room" }).waitFor();
  await a.page.getByRole("checkbox", { name: /knock early/ }).check();
  await screenshot(a.page, "golf-lobby");
  await a.page.getByRole("button", { name: "Create room" }).click();
  await a.page.getByRole("heading", { name: /Seats/ }).waitFor();
  const code = (await a.page.locator(".code").textContent())?.trim() ?? "";

  await b.page.goto("/golf");
  await b.page.getByLabel("Room code").fill(code);
  await b.page.getByRole("button", { name: "Join", exact: true }).click();
  await b.page.getByRole("heading", { name: "Seats (2/6)" }).waitFor();
  await b.page.getByRole("button", { name: "I'm ready" }).click();

  await a.page.getByRole("button", { name: "Add a CPU" }).click();
  await a.page.getByRole("heading", { name: "Seats (3/6)" }).waitFor();
  await a.page.getByRole("button", { name: "Add a CPU" }).click();
  await a.page.getByRole("heading", { name: "Seats (4/6)" }).waitFor();
  // Remove one and add it back: the host's CPU controls both work.
  await a.page
    .getByRole("button", { name: /^Remove CPU/ })
    .first()
    .click();
  await a.page.getByRole("heading", { name: "Seats (3/6)" }).waitFor();
  await a.page.getByRole("button", { name: "Add a CPU" }).click();
  await a.page.getByRole("heading", { name: "Seats (4/6)" }).waitFor();
  await screenshot(a.page, "golf-seats");
  await a.page.getByRole("button", { name: "Start the game" }).click();

  let reloaded = false;
  let dropped = false;
  const shots = new Set<string>();
  await Promise.all([
    play(a.page, true, async (hole, phase) => {
      if (hole === 1 && phase === "turn" && !shots.has("table")) {
        shots.add("table");
        await screenshot(a.page, "golf-table");
      }
      if (phase === "round_over" && !shots.has("summary")) {
        shots.add("summary");
        await screenshot(a.page, "golf-round-summary");
      }
    }),
    play(b.page, false, async (hole, phase) => {
      if (hole === 1 && phase === "turn" && !shots.has("phone")) {
        shots.add("phone");
        await screenshot(b.page, "golf-table-phone");
        await usable(b.page, "the Golf table");
      }
      if (hole >= 2 && !reloaded) {
        reloaded = true;
        await b.page.reload();
        // Same seat after the reload: her hand is still "Your hand".
        await b.page.getByRole("region", { name: /^Your hand/ }).waitFor({ timeout: 15_000 });
        console.log("golf: grace reloaded on hole 2 and got her seat back");
      }
      if (hole >= 3 && !dropped) {
        dropped = true;
        for (const ws of live.splice(0)) await ws.close({ code: 4000, reason: "network drop (test)" });
        await b.page.getByText("Reconnecting…").waitFor({ timeout: 10_000 });
        await screenshot(b.page, "golf-reconnecting");
        await b.page.getByText("Reconnecting…").waitFor({ state: "hidden", timeout: 15_000 });
        const until = Date.now() + 5000;
        while (resumed === 0 && Date.now() < until) await b.page.waitForTimeout(50);
        if (resumed === 0) throw new Error("the dropped socket did not resume from lastSeq");
        console.log("golf: grace's socket dropped on hole 3, showed Reconnecting…, and resumed from lastSeq");
      }
    }),
  ]);
  if (!reloaded || !dropped) throw new Error("the game ended before the reload and drop steps");
  await a.page.getByRole("heading", { name: "Final standings" }).waitFor();
  await screenshot(a.page, "golf-standings");

  await a.page.getByRole("link", { name: "Watch the replay" }).click();
  await a.page.getByRole("button", { name: "Next frame" }).waitFor();
  for (let i = 0; i < 5; i++) await a.page.getByRole("button", { name: "Next frame" }).click();
  const slider = a.page.getByRole("slider");
  await slider.focus();
  await slider.press("End");
  await a.page.getByRole("heading", { name: "Final standings" }).waitFor();
  await slider.press("ArrowLeft");
  // The frame before the last is drawn (its page fetched): a table with every hand.
  await a.page
    .getByRole("region", { name: /'s hand/ })
    .first()
    .waitFor();
  await screenshot(a.page, "golf-replay");
  await a.page.getByRole("button", { name: "Create a share link" }).click();
  const link = await a.page.getByLabel("Share link").inputValue();
  // The share link works for someone else (grace's browser, no membership needed).
  await b.page.goto(new URL(link).pathname);
  await b.page.getByRole("button", { name: "Next frame" }).waitFor();

  await a.page.getByRole("link", { name: "History" }).click();
  await a.page
    .getByRole("link", { name: /^Replay of the game/ })
    .first()
    .waitFor();
  await screenshot(a.page, "history");
  await a.page.getByRole("link", { name: "Stats" }).click();
  await a.page.getByRole("heading", { name: "Your stats" }).waitFor();
  await a.page.getByRole("link", { name: "Leaderboards" }).click();
  await a.page.getByRole("heading", { name: "Golf leaderboard" }).waitFor();
  await a.page.getByRole("link", { name: "Account" }).click();
  await a.page
    .getByRole("button", { name: /^Revoke session/ })
    .first()
    .waitFor();
  await screenshot(a.page, "account");
  await a.ctx.close();
  await b.ctx.close();
}

type Phase = "turn" | "round_over";

/**
 * Plays one seat from what the screen says: turn up two cards, then draw from the deck and swap into
 * a face-down slot, knocking once one or two are left. The host moves finished holes on.
 */
async function play(page: Page, host: boolean, onStep: (hole: number, phase: Phase) => Promise<void>): Promise<void> {
  const deadline = Date.now() + GAME_TIMEOUT_MS;
  let last = "";
  let since = Date.now();
  while (Date.now() < deadline) {
    if (await page.getByRole("heading", { name: "Final standings" }).isVisible()) return;
    const hint =
      (await page
        .locator("p.hint")
        .textContent({ timeout: 200 })
        .catch(() => null)) ?? "";
    const holeText =
      (await page
        .locator("p.clock")
        .textContent({ timeout: 200 })
        .catch(() => null)) ?? "";
    const hole = Number(/Hole (\d+)/.exec(holeText)?.[1] ?? 0);
    const state = `${hole}|${hint}`;
    // A screen that has not changed for 3 s after our move: the move was lost or refused, so try again.
    if (state === last && Date.now() - since < 3000) {
      await page.waitForTimeout(60);
      continue;
    }
    since = Date.now();
    if (process.env.BROWSER_DEBUG) {
      const error = await page
        .locator("main .error")
        .first()
        .textContent({ timeout: 100 })
        .catch(() => "");
      console.log(`golf ${host ? "host" : "guest"} ${((Date.now() % 1e6) / 1000).toFixed(1)} ${state} ${error}`);
    }
    const faceDown = page.getByRole("button", { name: /^Your card \d: face down/ });
    const click = (l: Locator) => l.click({ timeout: 2000 });
    try {
      if (hint.startsWith("Choose")) {
        await click(page.getByRole("button", { name: /^Your card \d: face down/, pressed: false }).first());
      } else if (hint.startsWith("Your turn")) {
        await onStep(hole, "turn");
        const knock = page.getByRole("button", { name: /^Knock/ });
        // Face-down cards are not buttons before a draw: count them by their label.
        const hidden = await page.getByLabel(/^Your card \d: face down/).count();
        if (hidden <= 2 && (await knock.isVisible())) await click(knock);
        else await click(page.getByRole("button", { name: "Draw from deck" }));
      } else if (hint.startsWith("You hold")) {
        if ((await faceDown.count()) > 0) await click(faceDown.first());
        else await click(page.getByRole("button", { name: /^Your card 1/ }));
      } else if (hint.startsWith("Turn up")) {
        await click(faceDown.first());
      } else if (hint.startsWith("The hole is over")) {
        await onStep(hole, "round_over");
        if (host) await click(page.getByRole("button", { name: /Next hole|See the standings/ }));
      } else {
        await onStep(hole, "turn");
        await page.waitForTimeout(60);
      }
    } catch (e) {
      // The screen moved on under the click (a push re-rendered it): look again.
      console.log(`golf: ${host ? "host" : "guest"} retries after "${hint}": ${(e as Error).message.split("\n")[0]}`);
      continue;
    }
    last = state;
  }
  throw new Error("the Golf game did not finish in time");
}
