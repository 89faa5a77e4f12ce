/**
 * Fleets in the browser: in a fast universe, a player gets small cargos the way any player does
 * (robotics, shipyard, lab, energy and combustion research, then the shipyard order, through the
 * public API to keep the run short), then, on the fleets screen, picks the ships, a neighbour's
 * planet and `transport`, sees the flight figures before launch, launches, and watches the fleet
 * go out and come home in the movements list. The neighbour's browser shows it as incoming. Then
 * the market: an offer at the guidance price, bought from the neighbour's phone.
 */
import type { Browser } from "playwright-core";
import { adminUniverse, buildUp, coordsIn, enter, signedIn } from "./empire";
import { DESKTOP, newPlayer, PHONE, register, screenshot, unique } from "./pages";

/** Builds in a second or two, research as fast, and a peaceful flight of about ten seconds each way. */
const SETTINGS = {
  economySpeed: 10_000,
  researchSpeed: 10_000,
  fleetSpeedPeaceful: 500,
  startingResources: { metal: 1_000_000, crystal: 1_000_000, deuterium: 1_000_000 },
  shardCount: 2,
};

export async function fleetFlow(browser: Browser, url: string): Promise<void> {
  const { id: u } = await adminUniverse(url, "fleet", "Fleet test", SETTINGS);

  // The neighbour: registered and joined in a phone browser, watching its fleet movements.
  const neighbour = await newPlayer(browser, url, PHONE);
  await register(neighbour.page, unique("nell"));
  await enter(neighbour.page, "Fleet test");
  const nellHome = await neighbour.page.locator("h1 small").first().textContent();
  await neighbour.page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Fleets" }).click();
  await neighbour.page.getByRole("heading", { name: "Incoming" }).waitFor();

  const { ctx, page } = await newPlayer(browser, url, DESKTOP);
  const name = unique("fenn");
  await register(page, name);
  await enter(page, "Fleet test");
  // What it takes to own small cargos: shipyard 2 and combustion drive 2.
  await buildUp(await signedIn(url, name), u, {
    buildings: ["robot_factory", "robot_factory", "shipyard", "shipyard", "research_lab"],
    research: ["energy_technology", "combustion_drive", "combustion_drive"],
    units: { small_cargo: 3 },
  });

  await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Fleets" }).click();
  await page.getByRole("button", { name: "All Small cargo" }).click();
  const { galaxy, system, position } = coordsIn(nellHome);
  await page.getByLabel("Galaxy").fill(galaxy);
  await page.getByLabel("System").fill(system);
  await page.getByLabel("Position").fill(position);
  await page.getByLabel("Mission").selectOption("transport");
  await page.getByLabel(/^Metal \(have/).fill("1000");
  const figures = page.getByRole("definition").filter({ hasText: "deuterium" });
  await figures.waitFor();
  await screenshot(page, "universe-fleet-dispatch");
  await page.getByRole("button", { name: "Launch" }).click();
  await page.getByText(/Transport to .* launched/).waitFor();

  const fleet = page.locator("li[data-fleet]");
  await fleet.filter({ hasText: "arrives in" }).waitFor();
  await neighbour.page.locator("li[data-incoming]").waitFor({ timeout: 10_000 });
  await screenshot(neighbour.page, "universe-fleet-incoming-phone");
  await screenshot(page, "universe-fleet-movements");
  await page.locator('li[data-fleet][data-state="returning"]').waitFor({ timeout: 60_000 });
  await page.getByText("No fleets in flight.").waitFor({ timeout: 60_000 });
  console.log("fleets: transport launched from the dispatch screen, seen incoming, delivered and home");

  // The market: an offer at the guidance price, bought from the neighbour's phone, in both histories.
  await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Market" }).click();
  await page.getByRole("button", { name: "Ask the guidance price" }).click();
  await page.getByRole("button", { name: "Offer", exact: true }).click();
  await page.getByText(/^Offered 3,000 metal for/).waitFor();
  await page.locator("li[data-offer]").waitFor({ timeout: 15_000 });
  await screenshot(page, "universe-market");
  await neighbour.page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Market" }).click();
  await neighbour.page
    .getByRole("button", { name: /^Buy 3,000 metal for/ })
    .first()
    .click();
  await neighbour.page.getByText("No open offers.").waitFor({ timeout: 15_000 });
  await page.getByLabel("Only my trades").check();
  await page.getByText(/you sold/).waitFor({ timeout: 15_000 });
  console.log("fleets: a market offer made, bought from another browser, and in the seller's history");
  await ctx.close();
  await neighbour.ctx.close();
}
