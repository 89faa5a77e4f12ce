/** The names of the built-in content packs (src/world/content/packs.ts), apart so that src/config.ts can check the var without loading content. */
export const CONTENT_PACKS = ["starter", "bench"] as const;
export type ContentPack = (typeof CONTENT_PACKS)[number];
