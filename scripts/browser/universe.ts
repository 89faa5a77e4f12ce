/**
 * A universe in the browser: the admin creates a fast one through the typed API client, a player
 * registers, enters it, queues a solar plant and a metal mine on the planet screen (a mine without
 * energy produces nothing), watches the queue count down and finish, and sees the metal rate rise,
 * all without a reload (the universe socket's pushes do it).
 */
import type { Browser } from "playwright-core";
import { createClient, ok } from "../../web/src/api/client";
import { ADMIN } from "./server";
import { DESKTOP, newPlayer, PHONE, register, screenshot, unique } from "./pages";

/** Fast enough that a level-1 mine takes a few seconds, slow enough to see its countdown. */
const SETTINGS = { economySpeed: 25, researchSpeed: 25 };

export async function universeFlow(browser: Browser, url: string): Promise<void> {
  const api = createClient(url);
  const admin = await ok(api.v1.auth.login.$post({ json: { login: ADMIN.username, password: ADMIN.password } }));
  const id = unique("fast").replace("_", "-");
  const asAdmin = { headers: { Authorization: `Bearer ${admin.accessToken}` } };
  await ok(api.v1.admin.universes.$post({ json: { id, name: "Browser test", settings: SETTINGS } }, asAdmin));

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
  await phone.ctx.close();
}
