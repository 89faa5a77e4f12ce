/**
 * A universe in the browser: the admin creates a fast one through the typed API client, a player
 * registers, enters it, queues a solar plant and a metal mine on the planet screen (a mine without
 * energy produces nothing), watches the queue count down and finish, and sees the metal rate rise,
 * all without a reload (the universe socket's pushes do it). Then a player on a phone walks every
 * tab and main screen, each of which must fit 390 px and name every control.
 */
import type { Browser, Page } from "playwright-core";
import { adminUniverse, tab } from "./empire";
import { audit, DESKTOP, newPlayer, PHONE, register, screenshot, unique } from "./pages";

/** Fast enough that a level-1 mine takes a few seconds, slow enough to see its countdown. */
const SETTINGS = { economySpeed: 25, researchSpeed: 25 };

export async function universeFlow(browser: Browser, url: string): Promise<void> {
  await adminUniverse(url, "fast", "Browser test", SETTINGS);

  const { ctx, page } = await newPlayer(browser, url, DESKTOP);
  await register(page, unique("vera"));
  await page.getByRole("link", { name: "Universe", exact: true }).click();
  await page.getByRole("button", { name: "Enter Browser test" }).click();
  await page.getByRole("heading", { name: "Empire" }).waitFor();
  await screenshot(page, "universe-overview");

  await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Homeworld" }).click();
  const mine = page.locator('tr[data-object="metal_mine"]');
  await mine.waitFor();
  const rate = page.locator('small[data-rate="metal"]');
  const rateBefore = await rate.textContent();
  const level = Number(await mine.locator("td").first().textContent());
  await page
    .locator('tr[data-object="solar_plant"]')
    .getByRole("button", { name: /^Build Solar plant/ })
    .click();
  await page.getByRole("timer").first().waitFor();
  await mine.getByRole("button", { name: /^Build Metal mine/ }).click();
  await page.getByRole("button", { name: /^Cancel Metal mine/ }).waitFor();
  await screenshot(page, "universe-planet");
  // No reload from here: the push of the finished building refreshes the screen.
  await page.getByText("Nothing is being built.").waitFor({ timeout: 90_000 });
  const until = Date.now() + 10_000;
  while ((await rate.textContent()) === rateBefore && Date.now() < until) await page.waitForTimeout(100);
  const levelAfter = Number(await mine.locator("td").first().textContent());
  if (levelAfter !== level + 1) throw new Error(`metal mine level ${levelAfter}, expected ${level + 1}`);
  console.log(`universe: metal mine ${level} → ${levelAfter}, metal rate ${rateBefore} → ${await rate.textContent()}`);
  await screenshot(page, "universe-planet-built");

  await page.getByRole("link", { name: "Research" }).click();
  await page.getByRole("heading", { name: "Research" }).waitFor();
  await screenshot(page, "universe-research");
  await page.getByRole("link", { name: "Battle simulator" }).click();
  await page.getByLabel("Defender Armor technology").fill("3");
  await page.getByRole("button", { name: "Simulate" }).click();
  await page.getByText(/Attacker wins/).waitFor();
  await page.getByRole("table", { name: "Defender's losses" }).waitFor();
  await screenshot(page, "universe-simulator");
  await ctx.close();

  // The same planet on a phone.
  const phone = await newPlayer(browser, url, PHONE);
  await register(phone.page, unique("lin"));
  await phone.page.goto("/universe");
  await phone.page.getByRole("button", { name: "Enter Browser test" }).click();
  await phone.page.getByRole("heading", { name: "Empire" }).waitFor();
  await screenshot(phone.page, "universe-overview-phone");
  await sweep(phone.page);
  await phone.ctx.close();
}

/** The universe's tabs, then the main screens: each must fit a 390 px phone and name every control. */
const UNIVERSE_TABS = [
  "Overview",
  "Homeworld",
  "Research",
  "Fleets",
  "Market",
  "Galaxy",
  "Highscore",
  "Notifications",
  "Flight calculator",
  "Battle simulator",
  "Reports",
];
const MAIN_SCREENS = ["Golf", "Familiars", "History", "Stats", "Leaderboards", "Universe", "World", "Account"];

async function sweep(page: Page): Promise<void> {
  const problems: string[] = [];
  const settled = async () => {
    await page.locator("main h1").first().waitFor();
    await page.waitForTimeout(300);
  };
  for (const name of UNIVERSE_TABS) {
    await tab(page, name);
    await settled();
    problems.push(...(await audit(page, name)));
  }
  await tab(page, "Homeworld");
  await page.getByRole("link", { name: "Shipyard" }).click();
  await settled();
  problems.push(...(await audit(page, "Shipyard")));
  for (const name of MAIN_SCREENS) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
    await settled();
    problems.push(...(await audit(page, name)));
  }
  if (problems.length) throw new Error(`on a 390 px phone:\n${problems.join("\n")}`);
  console.log(`universe: ${UNIVERSE_TABS.length + 1 + MAIN_SCREENS.length} screens fit 390 px with every control named`);
}
