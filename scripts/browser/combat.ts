/**
 * Spying and a battle in the browser: in a fast universe without newbie protection, a defender (on
 * a phone) gets five rocket launchers and an attacker three probes and twenty light fighters
 * (through the public API, to keep the run short). The attacker sends the probes from the fleets
 * screen and reads their report (resources, ships, defences) under the arrival notice, then
 * launches the attack from the same screen; the defender, already on
 * the reports screen, sees the report appear without a reload. Both open it (the defender by
 * keyboard) and read its rounds, losses and loot; the attacker shares it (by keyboard), and a
 * browser with no account opens the link.
 */
import type { Browser, Page } from "playwright-core";
import { adminUniverse, buildUp, coordsIn, enter, signedIn, tab } from "./empire";
import { DESKTOP, newPlayer, PHONE, register, screenshot, tabTo, unique, usable } from "./pages";

/**
 * Builds in a second or two, a war flight of a few seconds each way, and destroyed defences stay
 * destroyed (the repair roll would make the losses depend on the fleet id's seed).
 */
const SETTINGS = {
  economySpeed: 10_000,
  researchSpeed: 10_000,
  fleetSpeedWar: 1_000,
  newbieProtection: false,
  defenseRepairRate: 0,
  startingResources: { metal: 1_000_000, crystal: 1_000_000, deuterium: 1_000_000 },
  shardCount: 2,
};
const LAUNCHERS = 5;
const FIGHTERS = 20;
const PROBES = 3;
const whole = (n: number): string => n.toLocaleString("en");

export async function combatFlow(browser: Browser, url: string): Promise<void> {
  const { id: u } = await adminUniverse(url, "war", "Combat test", SETTINGS);
  const as = (username: string) => signedIn(url, username);

  const defenderName = unique("dora");
  const defender = await newPlayer(browser, url, PHONE);
  await register(defender.page, defenderName);
  await enter(defender.page, "Combat test");
  const target = coordsIn(await defender.page.locator("h1 small").first().textContent());
  const attackerName = unique("axel");
  const { ctx, page } = await newPlayer(browser, url, DESKTOP);
  await register(page, attackerName);
  await enter(page, "Combat test");
  await Promise.all([
    buildUp(await as(defenderName), u, { buildings: ["robot_factory", "robot_factory", "shipyard"], research: [], units: { rocket_launcher: LAUNCHERS } }),
    // Light fighters need shipyard 1 and combustion drive 1; probes shipyard 3, combustion drive 3
    // and espionage technology 2 (research lab 3).
    buildUp(await as(attackerName), u, {
      buildings: ["robot_factory", "robot_factory", "shipyard", "shipyard", "shipyard", "research_lab", "research_lab", "research_lab"],
      research: ["energy_technology", "combustion_drive", "combustion_drive", "combustion_drive", "espionage_technology", "espionage_technology"],
      units: { light_fighter: FIGHTERS, espionage_probe: PROBES },
    }),
  ]);
  // The defender waits on the reports screen: the battle's push must bring the report in.
  await tab(defender.page, "Reports");
  await defender.page.getByText("No battles yet.").waitFor();

  // First the probes: their report comes with the attacker's arrival notice.
  await tab(page, "Fleets");
  await dispatch(page, "Espionage probe", target, "espionage");
  await page.getByText(/^Espionage to .* launched/).waitFor();
  await tab(page, "Notifications");
  const spied = page.getByRole("region", { name: /^Espionage report of \[/ });
  await spied.waitFor({ timeout: 60_000 });
  const metal = Number((await spied.locator("dt", { hasText: /^Metal$/ }).locator("+ dd").textContent())?.replaceAll(",", ""));
  if (!(metal > 0)) throw new Error(`the probes saw ${metal} metal`);
  // Espionage technology 2 against 0 with three probes: ships and defences show, buildings do not.
  await spied.getByText("Ships: none").waitFor();
  await spied.getByText(`Defence: Rocket launcher ${LAUNCHERS}`).waitFor();
  await spied.getByText("Buildings: not seen").waitFor();
  await screenshot(page, "universe-espionage");
  console.log(`combat: the probes saw ${whole(metal)} metal and ${LAUNCHERS} rocket launchers`);
  // One fleet slot (computer technology 0): the probes must be home before the fighters leave.
  await tab(page, "Fleets");
  await page.getByText("No fleets in flight.").waitFor({ timeout: 60_000 });

  await dispatch(page, "Light fighter", target, "attack");
  await page.getByText(/^Attack to .* launched/).waitFor();
  await page.locator('li[data-fleet][data-state="returning"]').waitFor({ timeout: 60_000 });

  // The attacker's copy, from the list to the reader.
  await tab(page, "Reports");
  const read = await openReport(page, "attacker");
  console.log(`combat: ${read.rounds} round(s), loot ${read.loot}`);

  // Shared by keyboard alone (Tab from the "All reports" link, then Enter), then opened in a
  // browser that never logged in.
  await page.getByRole("link", { name: "All reports" }).focus();
  await tabTo(page, page.getByRole("button", { name: "Share this report" }));
  await page.keyboard.press("Enter");
  const link = await page.getByLabel("Share link").inputValue();
  await screenshot(page, "universe-report");
  if (!/\/reports\/[\w-]{12}$/.test(link)) throw new Error(`share link ${link}`);
  const stranger = await browser.newContext({ viewport: DESKTOP });
  const anon = await stranger.newPage();
  await anon.goto(link);
  const shared = await readReport(anon);
  if (shared.loot !== read.loot || shared.rounds !== read.rounds) throw new Error(`shared copy differs: ${JSON.stringify({ read, shared })}`);
  await anon.getByText(`Universe ${u}, shared`).waitFor();
  await screenshot(anon, "universe-report-shared");
  await stranger.close();

  // The defender's copy: it came in while the list was open, and is opened by keyboard.
  const theirs = await openReport(defender.page, "defender", { keyboard: true });
  if (theirs.loot !== read.loot) throw new Error(`the defender's copy says loot ${theirs.loot}, the attacker's ${read.loot}`);
  await usable(defender.page, "the battle report");
  await screenshot(defender.page, "universe-report-phone");
  console.log("combat: an attack launched from the fleets screen, its report read by both sides and through a share link");
  await ctx.close();
  await defender.ctx.close();
}

/** On the fleets screen: every ship of one kind, to the target's planet, on `mission`, once the flight figures are in. */
async function dispatch(page: Page, ship: string, target: ReturnType<typeof coordsIn>, mission: string): Promise<void> {
  await page.getByRole("button", { name: `All ${ship}` }).click();
  await page.getByLabel("Galaxy").fill(target.galaxy);
  await page.getByLabel("System").fill(target.system);
  await page.getByLabel("Position").fill(target.position);
  await page.getByLabel("Mission").selectOption(mission);
  await page.getByRole("definition").filter({ hasText: "deuterium" }).waitFor();
  await page.getByRole("button", { name: "Launch" }).click();
}

/** Waits for the battle in the reports list (`role` is the reader's side), opens it (by mouse or keyboard), and reads it. */
async function openReport(page: Page, role: "attacker" | "defender", by = { keyboard: false }): Promise<{ rounds: number; loot: string }> {
  const item = page.getByRole("listitem").filter({ hasText: `(${role};` });
  await item.waitFor({ timeout: 30_000 });
  const summary = (await item.textContent()) ?? "";
  // The defenders' side lost every launcher: 2,000 metal each.
  if (!summary.includes(`/ ${whole(LAUNCHERS * 2_000)})`)) throw new Error(`list entry: ${summary}`);
  const link = item.getByRole("link", { name: /Attackers won/ });
  if (by.keyboard) {
    // From the Reports tab, Tab until the report's link has focus, then Enter.
    await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: "Reports" }).focus();
    await tabTo(page, link);
    await page.keyboard.press("Enter");
  } else {
    await link.click();
  }
  return readReport(page);
}

/**
 * The reader's content: the outcome in the heading, a section per round with both sides' fire,
 * the defender's launchers lost, and the loot (at most what the fighters' holds take, 50 each).
 */
async function readReport(page: Page): Promise<{ rounds: number; loot: string }> {
  await page.getByRole("heading", { level: 1, name: /^Battle at .* Attackers won$/ }).waitFor();
  const rounds = Number(/(\d+) rounds?/.exec((await page.getByText(/\d+ rounds?$/).textContent()) ?? "")?.[1]);
  if (!(rounds >= 1)) throw new Error(`rounds: ${rounds}`);
  for (let r = 1; r <= rounds; r++) {
    const round = page.getByRole("region", { name: `Round ${r}` });
    await round.getByText(/^Attackers fire \d+ shots, \d+ hits/).waitFor();
    await round.getByRole("table", { name: `Units in round ${r}` }).waitFor();
  }
  const attackers = page.getByRole("region", { name: "Attackers" });
  const defenders = page.getByRole("region", { name: "Defenders" });
  await attackers.getByText(`Units: Light fighter ${FIGHTERS}`).waitFor();
  await defenders.getByText(`Units: Rocket launcher ${LAUNCHERS}`).waitFor();
  await defenders.getByText(new RegExp(`^Lost: Rocket launcher ${LAUNCHERS} \\(worth `)).waitFor();
  const loot = (await page.locator("dt", { hasText: /^Loot$/ }).locator("+ dd").textContent()) ?? "";
  const [metal = 0, crystal = 0, deuterium = 0] = (/^([\d,]+) metal, ([\d,]+) crystal, ([\d,]+) deuterium$/.exec(loot) ?? [])
    .slice(1)
    .map((n) => Number(n.replaceAll(",", "")));
  const total = metal + crystal + deuterium;
  if (metal <= 0 || total > FIGHTERS * 50) throw new Error(`loot: ${loot}`);
  return { rounds, loot };
}
