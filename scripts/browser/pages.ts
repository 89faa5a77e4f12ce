/** Helpers shared by the browser flows: accounts through the UI, screenshots, waiting for text. */
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

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

/** The elements that reach past the page's right edge or their card's (on a phone, a layout that needs a sideways scroll). */
export async function overflowing(page: Page): Promise<string[]> {
  // Evaluated in the page (a string: this script is not compiled against the DOM).
  // Past the viewport, or into the padding of the card it sits in; only the outermost of them is
  // named (its descendants overflow because it does).
  return page.evaluate<string[]>(`(() => {
    const inner = (card) => {
      const style = getComputedStyle(card);
      return card.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    };
    const edge = (el) => {
      const card = el.closest(".card");
      return Math.min(document.documentElement.clientWidth, card ? inner(card) : Infinity);
    };
    const wide = (el) => el !== document.body && el.getBoundingClientRect().right > edge(el.parentElement ?? el) + 1;
    return [...document.querySelectorAll("body *")]
      .filter((el) => wide(el) && !wide(el.parentElement))
      .map((el) => {
        const by = Math.ceil(el.getBoundingClientRect().right - edge(el.parentElement ?? el));
        return el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + ' "' + el.textContent.trim().slice(0, 40) + '" (' + by + " px)";
      });
  })()`);
}

/** Roles a user acts on: each needs a name a screen reader can announce. */
const CONTROLS = "button|link|textbox|spinbutton|combobox|listbox|checkbox|radio|slider|searchbox|switch|tab|menuitem";
/** A control line of an aria snapshot with no quoted name after its role: `- spinbutton: "3"`, `- button`. */
const UNNAMED = new RegExp(`^\\s*- (${CONTROLS})(?: \\[[^\\]]*\\])?(?::.*)?$`);

/**
 * What a phone user or a screen-reader user would trip on in the screen as it stands: elements
 * reaching past the right edge, and controls without an accessible name. The names come from
 * Playwright's aria snapshot (the same computation getByRole and getByLabel use), so no axe.
 */
export async function audit(page: Page, where: string): Promise<string[]> {
  const problems = (await overflowing(page)).map((el) => `${where}: ${el} reaches past the viewport or its card`);
  const tree = await page.locator("body").ariaSnapshot();
  const lines = tree.split("\n");
  lines.forEach((line, i) => {
    if (UNNAMED.test(line)) problems.push(`${where}: an unnamed ${line.trim().slice(2)} (${lines.slice(i + 1, i + 3).join(" ").trim()})`);
  });
  return problems;
}

/** Fails on anything `audit` finds. */
export async function usable(page: Page, where: string): Promise<void> {
  const problems = await audit(page, where);
  if (problems.length) throw new Error(`on a ${await page.evaluate<number>("innerWidth")} px screen:\n${problems.join("\n")}`);
}

/** Presses Tab from wherever focus is until `target` has it (at most `presses` times): proof it is in the keyboard's reach. */
export async function tabTo(page: Page, target: Locator, presses = 40): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < presses; i++) {
    if (await target.evaluate((el: any) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press("Tab");
    path.push(await page.evaluate<string>("document.activeElement?.outerHTML.slice(0, 60) ?? 'nothing'"));
  }
  throw new Error(`Tab never reached ${target}; focus went:\n${path.join("\n")}`);
}
