/**
 * `npm run world:validate [folder]`: loads the content files (default: the bundled starter world)
 * with the same loader the Worker uses, and prints the first refusal with its file, path and reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ContentError, loadContent } from "../../src/world/content/load";

const root = process.argv[2] ?? "src/world/content/data";

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}

const files: Record<string, unknown> = {};
for (const path of jsonFiles(root)) {
  const name = relative(root, path).split("\\").join("/");
  try {
    files[name] = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    console.error(`${name}: (root): not valid JSON: ${(error as Error).message}`);
    process.exit(1);
  }
}

try {
  const content = loadContent(files);
  console.log(
    `ok: ${content.areas.size} areas, ${content.rooms.size} rooms, ${content.items.size} items, ${content.npcs.size} NPCs, ${content.effects.size} effects, ${content.quests.size} quests`,
  );
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  process.exit(1);
}
