/**
 * The built-in content packs, compiled into the bundle; the `WORLD_CONTENT` var picks one (default
 * `starter`). An unknown name is a misconfiguration: the Worker refuses requests with 500
 * `misconfigured` (src/config.ts) and an area object refuses to load.
 */
import { MisconfiguredError } from "../../config";
import { benchFiles } from "./bench";
import { type Content, type ContentFiles, loadContent } from "./load";
import { CONTENT_PACKS, type ContentPack } from "./pack-names";
import { STARTER_FILES } from "./starter";

const FILES: Record<ContentPack, () => ContentFiles> = { starter: () => STARTER_FILES, bench: benchFiles };
const loaded = new Map<ContentPack, Content>();

export function isContentPack(name: string): name is ContentPack {
  return (CONTENT_PACKS as readonly string[]).includes(name);
}

/** The files of a pack (what `loadContent` validates). */
export function packFiles(pack: ContentPack): ContentFiles {
  return FILES[pack]();
}

/** The content the `WORLD_CONTENT` var selects, loaded once per isolate. */
export function worldContent(env: { WORLD_CONTENT?: string }): Content {
  const name = env.WORLD_CONTENT?.trim() || "starter";
  if (!isContentPack(name)) throw new MisconfiguredError(`WORLD_CONTENT must be one of ${CONTENT_PACKS.join(", ")}; got "${name}"`);
  const content = loaded.get(name) ?? loadContent(packFiles(name));
  loaded.set(name, content);
  return content;
}
