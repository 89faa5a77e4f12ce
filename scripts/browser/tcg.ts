/**
 * Familiars against a CPU: ada creates a room (2 points to win), picks the tide starter, adds a
 * CPU, readies and starts; she places her basics, confirms the setup, and plays through the
 * table's buttons (attacks first, then forced choices, energy, basics, end of turn) until the game
 * ends. The hand, the energy zone and an attack button must have been on screen (within at most
 * three games: the deck is shuffled anew each time, and a CPU can win before she can ever attack).
 */
import type { Browser, Page } from "playwright-core";
import { DESKTOP, newPlayer, register, screenshot, unique } from "./pages";

const GAME_TIMEOUT_MS = 150_000;
/** Which button to press when several are offered, first match wins. */
const PREFERENCE = [/^Attack: /, /^New active: /, /^Prize card /, /^Attach /, /^Play /, /^Evolve /, /^Confirm setup$/, /^End turn$/];

/** A game can end before the human's familiar ever has the energy for an attack: then another is played. */
const MAX_GAMES = 3;

export async function tcgFlow(browser: Browser, url: string): Promise<void> {
  const { page } = await newPlayer(browser, url, DESKTOP);
  await register(page, unique("tcg"));
  const ends: string[] = [];
  for (let game = 1; game <= MAX_GAMES; game++) {
    const seen = await oneGame(page, game === 1);
    const end = (await page.getByText(/^Game over:/).textContent()) ?? "";
    if (seen.attack) {
      console.log(`tcg: game over after ${seen.clicks} clicks (${seen.attacks} attacks) in game ${game}`);
      return;
    }
    ends.push(`game ${game}: ${seen.clicks} clicks; ${end}`);
  }
  throw new Error(`no attack button was ever offered in ${MAX_GAMES} games (${ends.join(" / ")})`);
}

async function oneGame(page: Page, first: boolean): Promise<{ attack: boolean; attacks: number; clicks: number }> {
  await page.getByRole("link", { name: "Familiars", exact: true }).click();
  await page.getByLabel("Points to win").fill("2");
  await page.getByRole("button", { name: "Create room" }).click();
  await page.getByRole("heading", { name: /Seats/ }).waitFor();
  await page.getByLabel("Your deck").selectOption("starter:tide");
  await page.getByRole("button", { name: "Add a CPU" }).click();
  await page.getByRole("heading", { name: "Seats (2/2)" }).waitFor();
  await page.getByRole("button", { name: "I'm ready" }).click();
  await page.getByText("· ready").waitFor();
  await page.getByRole("button", { name: "Start the game" }).click();
  await page.getByRole("region", { name: "Your hand" }).waitFor({ timeout: 15_000 });
  if (first) await screenshot(page, "tcg-setup");
  const seen = await play(page);
  if (seen.attack) await screenshot(page, "tcg-game-over");
  return seen;
}

async function play(page: Page): Promise<{ attack: boolean; attacks: number; clicks: number }> {
  const until = Date.now() + GAME_TIMEOUT_MS;
  const seen = { attack: false, attacks: 0, clicks: 0 };
  let shot = false;
  while (Date.now() < until) {
    if (await page.getByText(/^Game over:/).isVisible()) return seen;
    const moves = page.getByRole("region", { name: "Your moves" }).getByRole("button");
    const labels = await moves.allTextContents().catch(() => [] as string[]);
    const pick = PREFERENCE.map((re) => labels.find((l) => re.test(l))).find((l) => l !== undefined);
    if (!pick) {
      await page.waitForTimeout(100);
      continue;
    }
    if (pick.startsWith("Attack: ")) {
      seen.attack = true;
      seen.attacks++;
      if (!shot) {
        shot = true;
        // The energy zone is on the table in pocket mode (the default).
        await page
          .getByRole("region", { name: "Your board" })
          .getByText(/^Energy zone:/)
          .waitFor();
        await screenshot(page, "tcg-table");
      }
    }
    await moves
      .filter({ hasText: pick })
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    seen.clicks++;
    // The move's events bring a fresh view: wait until the buttons change or a moment passes.
    await page.waitForTimeout(150);
  }
  await screenshot(page, "tcg-stalled");
  const clock = await page.locator(".clock").textContent().catch(() => null);
  throw new Error(`the Familiars game did not end in time (${seen.clicks} clicks; table says: ${clock})`);
}
