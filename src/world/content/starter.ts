/** The starter world of spec §13, bundled with the Worker. */
import millbrook from "./data/areas/millbrook.json";
import thornwood from "./data/areas/thornwood.json";
import effects from "./data/effects.json";
import items from "./data/items.json";
import npcs from "./data/npcs.json";
import quests from "./data/quests.json";
import world from "./data/world.json";
import { type Content, type ContentFiles, loadContent } from "./load";

export const STARTER_FILES: ContentFiles = {
  "world.json": world,
  "items.json": items,
  "effects.json": effects,
  "npcs.json": npcs,
  "quests.json": quests,
  "areas/millbrook.json": millbrook,
  "areas/thornwood.json": thornwood,
};

let cached: Content | null = null;

export function starterContent(): Content {
  cached ??= loadContent(STARTER_FILES);
  return cached;
}
