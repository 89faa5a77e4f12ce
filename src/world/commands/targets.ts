/** Target matching (spec §6.2): each query word a prefix of some keyword, `N.query` for the Nth match, `all[.query]`. */
import { CommandError } from "../events";
import type { Character, ItemInstance, Npc } from "../state";
import type { Tx } from "../tx";
import { canSee, floorItems, itemKeywords, npcKeywords, npcsIn } from "../world";

export type Candidate<T> = { value: T; keywords: string[] };

export function parseQuery(query: string): { n: number; words: string[]; all: boolean } {
  const q = query.trim().toLowerCase();
  if (q === "all") return { n: 1, words: [], all: true };
  if (q.startsWith("all.")) return { n: 1, words: q.slice(4).split(/\s+/).filter(Boolean), all: true };
  const m = /^(\d+)\.(.+)$/.exec(q);
  if (m) return { n: Number(m[1]), words: m[2]!.split(/\s+/).filter(Boolean), all: false };
  return { n: 1, words: q.split(/\s+/).filter(Boolean), all: false };
}

export function matches(words: string[], keywords: string[]): boolean {
  return words.length > 0 && words.every((w) => keywords.some((k) => k.startsWith(w)));
}

export function pick<T>(query: string, candidates: Candidate<T>[], what = "that"): T {
  const { n, words } = parseQuery(query);
  const hit = candidates.filter((c) => matches(words, c.keywords))[n - 1];
  if (!hit || n < 1) throw new CommandError("not_found", `You don't see ${what === "that" ? `"${query}"` : what} here.`);
  return hit.value;
}

/** `all` / `all.query`: every match, in order; a plain query: the one match. */
export function pickMany<T>(query: string, candidates: Candidate<T>[]): T[] {
  const { all, words } = parseQuery(query);
  if (!all) return [pick(query, candidates)];
  const hits = candidates.filter((c) => words.length === 0 || matches(words, c.keywords)).map((c) => c.value);
  if (hits.length === 0) throw new CommandError("not_found", `You don't see "${query}" here.`);
  return hits;
}

export const itemCandidates = (tx: Tx, items: ItemInstance[]): Candidate<ItemInstance>[] =>
  items.map((i) => ({ value: i, keywords: itemKeywords(tx, i) }));
export const npcCandidates = (tx: Tx, room: string): Candidate<Npc>[] =>
  npcsIn(tx.state, room).map((n) => ({ value: n, keywords: npcKeywords(tx, n) }));

export function characterCandidates(tx: Tx, viewer: Character, opts: { includeSelf?: boolean } = {}): Candidate<Character>[] {
  return tx
    .present(viewer.room)
    .filter((c) => (opts.includeSelf || c.id !== viewer.id) && canSee(viewer, c))
    .map((c) => ({ value: c, keywords: [c.name.toLowerCase()] }));
}

export const floorCandidates = (tx: Tx, room: string) => itemCandidates(tx, floorItems(tx.state, room));

export const isSelf = (query: string) => ["me", "self"].includes(query.trim().toLowerCase());
