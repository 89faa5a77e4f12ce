/** Helpers shared by the browser flows: accounts through the UI, screenshots, waiting for text. */
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";

export const SHOTS = join(import.meta.dirname, "..", "..", "docs", "screenshots");
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

export async function newPlayer(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: url, viewport });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  return { ctx, page };
}

/** Registers through the sign-in screen, by keyboard for the fields (as a screen-reader user would). */
export async function register(page: Page, username: string, shot?: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("correct horse battery");
  if (shot) await screenshot(page, shot);
  await page.getByLabel("Password").press("Enter");
  await page.getByRole("heading", { name: `Welcome, ${username}` }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export const unique = (prefix: string): string => `${prefix}_${Date.now().toString(36).slice(-6)}`;

/** The elements that reach past the page's right edge (on a phone, a layout that needs a sideways scroll). */
export async function overflowing(page: Page): Promise<string[]> {
  // Evaluated in the page (a string: this script is not compiled against the DOM).
  return page.evaluate<string[]>(`[...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + "." + el.className)`);
}

/** Fails when the page needs a sideways scroll (`where` names the screen in the error). */
export async function fitsWidth(page: Page, where: string): Promise<void> {
  const wide = await overflowing(page);
  if (wide.length) throw new Error(`${where} is wider than the viewport: ${wide.join(", ")}`);
}
