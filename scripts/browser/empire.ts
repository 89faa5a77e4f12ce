/**
 * Universe set-up shared by the universe flows: the admin's universe, players' typed clients,
 * entering a universe through the UI, and earning units the way any player does (buildings, then
 * research, then the shipyard order) through the public API, for the parts that are not the
 * screen under test.
 */
import type { Page } from "playwright-core";
import { type Client, createClient, ok } from "../../web/src/api/client";
import { unique } from "./pages";
import { ADMIN } from "./server";

type UniverseSettings = Parameters<Client["v1"]["admin"]["universes"]["$post"]>[0]["json"]["settings"];

/** The admin creates a universe called `name` (its id made from `prefix`); `asAdmin` signs further admin calls. */
export async function adminUniverse(url: string, prefix: string, name: string, settings: UniverseSettings) {
  const api = createClient(url);
  const admin = await ok(api.v1.auth.login.$post({ json: { login: ADMIN.username, password: ADMIN.password } }));
  const asAdmin = { headers: { Authorization: `Bearer ${admin.accessToken}` } };
  const id = unique(prefix).replace("_", "-");
  await ok(api.v1.admin.universes.$post({ json: { id, name, settings } }, asAdmin));
  return { id, asAdmin };
}

/** A typed client signed in as a player the flow registered (with `PASSWORD`). */
export async function signedIn(url: string, username: string): Promise<Client> {
  const login = await ok(createClient(url).v1.auth.login.$post({ json: { login: username, password: PASSWORD } }));
  return createClient(url, { token: () => login.accessToken });
}

export const PASSWORD = "correct horse battery";

/** Opens the universe list, enters `universe`, and lands on the homeworld (its coordinates in `h1 small`). */
export async function enter(page: Page, universe: string): Promise<void> {
  await page.getByRole("link", { name: "Universe", exact: true }).click();
  await page.getByRole("button", { name: `Enter ${universe}` }).click();
  await page.getByRole("heading", { name: "Empire" }).waitFor();
  await tab(page, "Homeworld");
  await page.locator("h1 small").first().waitFor();
}

/** A link of the universe's tab bar, by its label (Notifications carries an unread count, "(3)", after it). */
export async function tab(page: Page, name: string): Promise<void> {
  const label = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?: \\(\\d+\\))?$`);
  await page.getByRole("navigation", { name: "Universe" }).getByRole("link", { name: label }).click();
}

/** `[g:s:p]` in a heading, as the three fields of the dispatch form want them. */
export function coordsIn(text: string | null): { galaxy: string; system: string; position: string } {
  const [, galaxy = "", system = "", position = ""] = /\[(\d+):(\d+):(\d+)\]/.exec(text ?? "") ?? [];
  return { galaxy, system, position };
}

export interface BuildUp {
  /** Built one after the other on the homeworld, each waited for. */
  buildings: string[];
  /** Researched one after the other (at the homeworld's lab), each waited for. */
  research: string[];
  /** Ships and defences ordered at the end, and waited for. */
  units: Record<string, number>;
}

/** Takes the homeworld through `plan`, one step after the other (each step's requirements are the steps before it). */
export async function buildUp(api: Client, u: string, plan: BuildUp): Promise<void> {
  const empire = await ok(api.v1.universes[":u"].empire.$get({ param: { u } }));
  const p = empire.planets[0]?.id as string;
  const planet = () => ok(api.v1.universes[":u"].planets[":p"].$get({ param: { u, p } }));
  const research = () => ok(api.v1.universes[":u"].research.$get({ param: { u }, query: {} }));
  for (const object of plan.buildings) {
    await ok(api.v1.universes[":u"].planets[":p"].buildings[":object"].$post({ param: { u, p, object } }));
    await until(async () => (await planet()).buildQueue.length === 0);
  }
  for (const tech of plan.research) {
    await ok(api.v1.universes[":u"].research[":tech"].$post({ param: { u, tech }, json: { planet: p } }));
    await until(async () => (await research()).queue.length === 0);
  }
  for (const [unit, count] of Object.entries(plan.units)) {
    await ok(api.v1.universes[":u"].planets[":p"].shipyard.$post({ param: { u, p }, json: { unit, count } }));
  }
  await until(async () => {
    const now = await planet();
    const have = { ...now.ships, ...now.defenses } as Record<string, number>;
    return Object.entries(plan.units).every(([unit, count]) => (have[unit] ?? 0) >= count);
  });
}

export async function until(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error("timed out waiting for the build-up");
    await new Promise((r) => setTimeout(r, 250));
  }
}
