/**
 * Missiles and moons in the browser, in a one-system universe (every planet in range of the
 * missiles, and of a level-1 phalanx). A player on a phone gets a silo with two interplanetary
 * missiles and seven large cargos; the neighbour five rocket launchers (through the public API).
 * The player fires the missiles from the planet screen; the neighbour sees them coming on the
 * fleets screen, and both read the missile report. Then the admin hook gives the player a moon, the
 * cargos deploy there with what a lunar base and a sensor phalanx cost, and from the moon's screen
 * the player scans the homeworld while a transport flies to it (its ships and cargo show), and
 * tries the jump gate (refused as a sentence: no gate yet).
 */
import type { Browser, Page } from "playwright-core";
import { type Client, createClient, ok } from "../../web/src/api/client";
import { adminUniverse, buildUp, coordsIn, enter, signedIn, tab, until } from "./empire";
import { DESKTOP, newPlayer, PHONE, register, screenshot, unique, usable } from "./pages";

/**
 * Missiles fly (30 + 60 × systems) / 5 seconds: 6 s within the system, long enough to be seen
 * coming; a colony ship crosses the system in about 14 s, long enough to be scanned on its way,
 * and a large cargo flies to hold at a buddy's planet in about 6 s.
 */
const SETTINGS = {
  economySpeed: 10_000,
  researchSpeed: 10_000,
  fleetSpeedWar: 5,
  fleetSpeedPeaceful: 400,
  fleetSpeedHolding: 500,
  newbieProtection: false,
  defenseRepairRate: 0,
  galaxies: 1,
  systems: 1,
  startingResources: { metal: 1_000_000, crystal: 1_000_000, deuterium: 1_000_000 },
  shardCount: 2,
};
const MISSILES = 2;
/** Seven carry what the moon's buildings cost; the eighth flies the attack that becomes a union. */
const CARGOS = 8;
type Place = ReturnType<typeof coordsIn>;

export async function strikeFlow(browser: Browser, url: string): Promise<void> {
  const { id: u, asAdmin } = await adminUniverse(url, "strike", "Strike test", SETTINGS);
  const as = (username: string) => signedIn(url, username);

  const neighbourName = unique("nell");
  const neighbour = await newPlayer(browser, url, DESKTOP);
  await register(neighbour.page, neighbourName);
  await enter(neighbour.page, "Strike test");
  const target = coordsIn(await neighbour.page.locator("h1 small").first().textContent());
  const playerName = unique("mira");
  const { ctx, page } = await newPlayer(browser, url, PHONE);
  await register(page, playerName);
  await enter(page, "Strike test");
  const home = coordsIn(await page.locator("h1 small").first().textContent());
  const mine = await as(playerName);
  await Promise.all([
    buildUp(await as(neighbourName), u, {
      buildings: ["robot_factory", "robot_factory", "shipyard"],
      research: [],
      units: { rocket_launcher: 5 },
    }),
    // Missiles: silo 4, impulse drive 1 (energy 1, lab 2); large cargos: shipyard 4, combustion
    // drive 6; a colony ship: impulse drive 3, and astrophysics 1 (espionage 4, lab 3) for a colony.
    buildUp(mine, u, {
      buildings: ["robot_factory", "robot_factory", "shipyard", "shipyard", "shipyard", "shipyard"]
        .concat(["research_lab", "research_lab", "research_lab", "missile_silo", "missile_silo", "missile_silo", "missile_silo"]),
      research: ["energy_technology", "impulse_drive", "impulse_drive", "impulse_drive"]
        .concat(Array(6).fill("combustion_drive"), Array(4).fill("espionage_technology"), ["astrophysics"]),
      units: { interplanetary_missile: MISSILES, large_cargo: CARGOS, colony_ship: 1 },
    }),
  ]);

  // The neighbour watches the fleets screen: the missiles must show there as they fly.
  await tab(neighbour.page, "Fleets");
  await fire(page, target);
  const coming = neighbour.page.getByRole("listitem").filter({ hasText: `${MISSILES} missiles incoming from ${playerName}` });
  await coming.waitFor({ timeout: 10_000 });
  await screenshot(neighbour.page, "universe-missiles-incoming");
  await coming.waitFor({ state: "detached", timeout: 30_000 });

  // Both read the report: launched, intercepted (none: no anti-ballistic missiles) and what fell.
  for (const p of [page, neighbour.page]) {
    await tab(p, "Reports");
    await p.getByRole("link", { name: /Missile attack$/ }).first().click({ timeout: 20_000 });
    await p.getByRole("heading", { level: 1, name: /^Missile attack on / }).waitFor();
    await p.getByText(`${MISSILES} interplanetary missiles aimed at Rocket launcher: 0 intercepted`).waitFor();
    await p.getByText(/^Destroyed: Rocket launcher \d+/).waitFor();
  }
  await usable(page, "the missile report");
  console.log("strike: missiles fired from the planet screen, seen coming, and their report read by both players");

  await union(page, neighbour.page, mine, u, target, { mine: playerName, theirs: neighbourName });
  // Buddies (through the API: each asks the other), for an ACS defend.
  await ok(mine.v1.universes[":u"].buddies.$post({ param: { u }, json: { username: neighbourName } }));
  await ok((await as(neighbourName)).v1.universes[":u"].buddies.$post({ param: { u }, json: { username: playerName } }));
  await defend(page, neighbour.page, target, playerName);
  await moon(page, mine, u, asAdmin, home, target);
  await ctx.close();
  await neighbour.ctx.close();
}

/**
 * An attack in flight (a large cargo: ten minutes at this war speed) becomes a union from the
 * movements list, inviting the neighbour by name; the neighbour finds it offered when picking
 * `acs_attack` in its dispatch. Then the attack is recalled, and home before the moon's turn.
 */
async function union(page: Page, other: Page, mine: Client, u: string, target: Place, names: { mine: string; theirs: string }) {
  const to = { galaxy: Number(target.galaxy), system: Number(target.system), position: Number(target.position), kind: "planet" as const };
  const planetId = (await ok(mine.v1.universes[":u"].empire.$get({ param: { u } }))).planets[0]?.id as string;
  const json = { from: planetId, to, mission: "attack" as const, ships: { large_cargo: 1 } };
  await ok(mine.v1.universes[":u"].fleets.$post({ param: { u }, header: {}, json }));
  await tab(page, "Fleets");
  const row = page.locator('li[data-fleet][data-state="outbound"]');
  await row.getByLabel(/^Invite players/).fill(names.theirs);
  await row.getByLabel(/^Invite players/).press("Enter");
  // The row itself is the confirmation: once the union is formed the list reloads, the fleet is
  // "in a union" and its invitation form (with its transient status line) goes away, sometimes
  // before a status line could be seen (a CI run missed it).
  await row.getByText("in a union", { exact: false }).waitFor();
  await usable(page, "the movements with a union");
  await screenshot(page, "universe-union");

  await tab(other, "Overview");
  await tab(other, "Fleets");
  await other.getByLabel("Mission").selectOption("acs_attack");
  const at = `${target.galaxy}:${target.system}:${target.position}`;
  const option = other.getByLabel("Union").locator("option", { hasText: `${names.mine}'s, at ${at} (planet)` });
  await option.waitFor({ state: "attached" });
  const offered = await option.textContent();
  console.log(`strike: an attack in flight became a union; the neighbour is offered it (${offered})`);

  await row.getByRole("button", { name: /^Recall the/ }).click();
  await page.getByText("No fleets in flight.").waitFor({ timeout: 60_000 });
}

/**
 * From the dispatch: one large cargo on an ACS defend at the buddy's planet, holding 2 hours; the
 * buddy's fleets screen lists it under the fleets holding at its planets; then it is recalled.
 */
async function defend(page: Page, other: Page, target: Place, mine: string): Promise<void> {
  await tab(page, "Fleets");
  await page.getByLabel(/^Large cargo \(have/).fill("1");
  await page.getByLabel("Galaxy").fill(target.galaxy);
  await page.getByLabel("System").fill(target.system);
  await page.getByLabel("Position").fill(target.position);
  await page.getByLabel("Mission").selectOption("acs_defend");
  await page.getByLabel("Hold for").selectOption("2");
  await page.getByRole("definition").filter({ hasText: "deuterium" }).waitFor();
  await usable(page, "the dispatch of an ACS defend");
  await page.getByRole("button", { name: "Launch" }).click();
  await page.getByText(/^Acs defend to .* launched/).waitFor();
  await page.locator('li[data-fleet][data-state="holding"]').getByText("holding at the target").waitFor({ timeout: 30_000 });
  await tab(other, "Overview");
  await tab(other, "Fleets");
  const held = other.locator("li[data-holding]").filter({ hasText: `${mine} [` });
  await held.getByText("1 × Large cargo", { exact: false }).waitFor();
  await held.getByText(/^leaves in 1h 5\dm$/).waitFor();
  await screenshot(other, "universe-holding");
  await page.getByRole("button", { name: /^Recall the acs_defend/ }).click();
  await page.getByText("No fleets in flight.").waitFor({ timeout: 60_000 });
  console.log("strike: an ACS defend dispatched with its hold time, listed as holding at the buddy's planet, and recalled");
}

/** From the homeworld's screen: the missiles at the neighbour, aimed at its rocket launchers. */
async function fire(page: Page, target: ReturnType<typeof coordsIn>): Promise<void> {
  // The planet screen loaded before the missiles were built: open it again.
  await tab(page, "Overview");
  await tab(page, "Homeworld");
  const form = page.getByRole("region", { name: "Interplanetary missiles" });
  await form.getByLabel("Galaxy").fill(target.galaxy);
  await form.getByLabel("System").fill(target.system);
  await form.getByLabel("Position").fill(target.position);
  await form.getByLabel(/^Missiles/).fill(String(MISSILES));
  await form.getByLabel("Primary target").selectOption({ label: "Rocket launcher" });
  await usable(page, "the missile launch");
  await form.getByLabel("Primary target").press("Tab");
  await page.keyboard.press("Enter");
  await form
    .getByRole("status")
    .filter({ hasText: `${MISSILES} missiles fired at` })
    .waitFor()
    .catch(async (e) => {
      throw new Error(`the missiles did not fire: ${await form.textContent()}`, { cause: e });
    });
  await screenshot(page, "universe-missiles-fired");
}

async function moon(page: Page, mine: Client, u: string, asAdmin: { headers: Record<string, string> }, home: Place, neighbour: Place) {
  const api = createClient(new URL(page.url()).origin);
  const planetId = (await ok(mine.v1.universes[":u"].empire.$get({ param: { u } }))).planets[0]?.id as string;
  const granted = await ok(api.v1.admin.universes[":u"].moons.$post({ param: { u }, json: { planetId, diameter: 8000 } }, asAdmin));
  const moonId = granted.id;
  const to = { galaxy: Number(home.galaxy), system: Number(home.system), position: Number(home.position) };
  // What a lunar base and a sensor phalanx cost, and two scans, on the cargos that stay on the moon.
  const cargo = { metal: 40_000, crystal: 80_000, deuterium: 45_000 };
  await ok(
    mine.v1.universes[":u"].fleets.$post({
      param: { u },
      header: {},
      json: { from: planetId, to: { ...to, kind: "moon" }, mission: "deploy", ships: { large_cargo: CARGOS }, cargo },
    }),
  );
  const moonView = () => ok(mine.v1.universes[":u"].planets[":p"].$get({ param: { u, p: moonId } }));
  await until(async () => ((await moonView()).ships.large_cargo ?? 0) === CARGOS);
  for (const object of ["lunar_base", "sensor_phalanx"]) {
    await ok(mine.v1.universes[":u"].planets[":p"].buildings[":object"].$post({ param: { u, p: moonId, object } }));
    await until(async () => (await moonView()).buildQueue.length === 0);
  }
  // A colony ship leaves the homeworld for a free position: the phalanx sees it on its way, cargo and all.
  const taken = [home.position, neighbour.position].map(Number);
  const free = [4, 5, 6, 7, 8, 9, 10, 11, 12].find((p) => !taken.includes(p)) as number;
  await ok(
    mine.v1.universes[":u"].fleets.$post({
      param: { u },
      header: {},
      json: {
        from: planetId,
        to: { ...to, position: free, kind: "planet" },
        mission: "colonise",
        ships: { colony_ship: 1 },
        cargo: { metal: 0, crystal: 0, deuterium: 1_000 },
      },
    }),
  );

  // The galaxy view shows the moon beside its planet.
  await tab(page, "Galaxy");
  await page.locator(`[data-moon="${moonId}"]`).getByText("moon Moon (8,000 km)").waitFor();
  await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Moon" }).first().click();
  const phalanx = page.getByRole("region", { name: "Sensor phalanx" });
  await phalanx.getByText("Level 1: reaches 0 systems either side.", { exact: false }).waitFor();
  await phalanx.getByRole("button", { name: "Scan" }).click();
  const seen = phalanx.getByRole("listitem").filter({ hasText: "Colonise of" });
  await seen.getByText("1 × Colony ship", { exact: false }).waitFor();
  await seen.getByText("Cargo 0 metal, 0 crystal, 1,000 deuterium", { exact: false }).waitFor();
  await usable(page, "the moon");
  await screenshot(page, "universe-moon-phalanx");

  // The jump gate: to a second moon, on the colony, once it is founded. Neither moon has a gate
  // (hyperspace technology 7 and 8 million resources on each), so the jump is refused as a sentence.
  await until(async () => (await ok(mine.v1.universes[":u"].empire.$get({ param: { u } }))).planets.length === 3, 40_000);
  const colony = (await ok(mine.v1.universes[":u"].empire.$get({ param: { u } }))).planets.find((p) => p.coords.position === free);
  await ok(api.v1.admin.universes[":u"].moons.$post({ param: { u }, json: { planetId: colony?.id as string, diameter: 5000 } }, asAdmin));
  // An admin's grant pushes no event (a battle's moon comes with its report): load the empire afresh.
  await page.reload();
  const tabs = page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Moon" });
  await tabs.nth(1).waitFor();
  await tabs.first().click();
  const gate = page.getByRole("region", { name: "Jump gate" });
  await gate.getByText("This moon has no jump gate yet.").waitFor();
  await gate.getByLabel("To moon").selectOption({ label: `Moon [1:1:${free}]` });
  await gate.getByLabel(/^Large cargo/).fill("1");
  await gate.getByRole("button", { name: "Jump" }).click();
  await gate.getByRole("alert").getByText("Both moons need a jump gate, and both must be yours.").waitFor();
  await usable(page, "the jump gate");
  console.log("strike: the moon in the galaxy view; a phalanx scan saw the colony ship and its cargo; the jump refused (no gates)");
}
