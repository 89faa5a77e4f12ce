/**
 * The text world in the browser: a player registers, creates a character, enters the world, runs
 * `look` (the room is described again in the log), walks through an exit by typing its direction
 * and sees the room panel change, recalls the last command with the up arrow, walks on south into another area (the socket follows the transfer), and leaves with `quit`. The
 * same screen is photographed on a phone.
 */
import type { Browser, Page } from "playwright-core";
import { DESKTOP, newPlayer, PHONE, register, screenshot, unique, usable } from "./pages";

/** Character names are letters only. */
const letters = (): string => Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

async function enterAs(page: Page, name: string): Promise<string> {
  await page.getByRole("link", { name: "World", exact: true }).click();
  await page.getByLabel("Character name").fill(name);
  await page.getByLabel("Character name").press("Enter");
  const shown = name[0]!.toUpperCase() + name.slice(1);
  await page.getByRole("button", { name: `Enter the world as ${shown}` }).click();
  await room(page).waitFor();
  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  return roomName(page);
}

const room = (page: Page) => page.getByRole("complementary", { name: "Room" }).getByRole("heading", { level: 2 });
const roomName = async (page: Page): Promise<string> => (await room(page).textContent()) ?? "";

/** Walks one exit by typing it, and waits for the room panel to show where it leads. */
async function go(page: Page, dir: string): Promise<string> {
  const from = await roomName(page);
  await command(page, dir);
  const until = Date.now() + 10_000;
  while ((await roomName(page)) === from && Date.now() < until) await page.waitForTimeout(50);
  const to = await roomName(page);
  if (to === from) throw new Error(`going ${dir} from ${from} did not change the room`);
  return to;
}

async function command(page: Page, text: string): Promise<void> {
  await page.getByLabel("Command").fill(text);
  await page.getByLabel("Command").press("Enter");
}

export async function worldFlow(browser: Browser, url: string): Promise<void> {
  const { ctx, page } = await newPlayer(browser, url, DESKTOP);
  await register(page, unique("wanda"));
  const start = await enterAs(page, letters());
  const log = page.getByRole("log", { name: "World log" });
  const described = () => log.locator("li.log-room").count();
  const before = await described();
  await command(page, "look");
  const until = Date.now() + 10_000;
  while ((await described()) === before && Date.now() < until) await page.waitForTimeout(50);
  if ((await described()) !== before + 1) throw new Error("`look` did not describe the room again");

  const exit = (await page.getByRole("button", { name: /^Go / }).first().textContent())?.split(" ")[0] ?? "";
  const chapel = await go(page, exit);
  console.log(`world: ${start} → ${exit} → ${chapel}`);
  await page.getByLabel("Command").press("ArrowUp");
  if ((await page.getByLabel("Command").inputValue()) !== exit) throw new Error("up arrow did not recall the last command");
  await page.getByLabel("Command").press("ArrowUp");
  if ((await page.getByLabel("Command").inputValue()) !== "look") throw new Error("second up arrow did not recall `look`");
  await page.getByLabel("Command").fill("");
  await screenshot(page, "world");

  // Back to the square, then south through the South Gate into the Thornwood, another area's
  // object: the socket is handed over (transfer, close 4010) and reconnects by itself.
  await go(page, "south");
  for (const dir of ["south", "south", "south"]) await go(page, dir);
  await log.getByText(/^Travelling to /).waitFor();
  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  await command(page, "look");
  await log
    .locator("li.log-room")
    .last()
    .getByText(await roomName(page))
    .waitFor();
  console.log(`world: south of the gate → ${await roomName(page)}`);
  await command(page, "quit");
  await page.getByRole("status").filter({ hasText: "Disconnected" }).waitFor();
  await ctx.close();

  const phone = await newPlayer(browser, url, PHONE);
  await register(phone.page, unique("wes"));
  await enterAs(phone.page, letters());
  await command(phone.page, "look");
  await phone.page.locator("li.log-room").nth(1).waitFor();
  await usable(phone.page, "the world screen");
  await screenshot(phone.page, "world-phone");
  await phone.ctx.close();
}
