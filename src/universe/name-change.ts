/**
 * Renaming a player in stored universe data (account deletion: src/universe/accounts.ts). A
 * username may equal a game word (`crystal`, `attack`, `metal_mine`), so a value is never
 * renamed for being equal to the old name: only where a person's name is stored. These are all
 * the places the shards and system objects write one:
 * - JSON, under a key that names a person (PERSON_KEYS): an arrival's, fleet's, holder's,
 *   missile's or union's `ownerUsername`, a notice's `by`, an espionage report's holders'
 *   `owner`, a `username`, the `sellerName` of market effects sent before the market stopped
 *   copying names; and `name` in the player's own party `{playerId, name}` (reports' attackers,
 *   defenders; a missile report's attacker, defender). Any other `name` is a place's or a unit's.
 * - Plain columns (PLAIN_NAMES): the empire's `username`, keyed by its player id, and the
 *   message of the notices that open with the arriving fleet owner's possessive.
 * Names are unique while their account lives and reserved after, so a person's name equal to the
 * old one is this player's.
 */
export interface NameChange {
  playerId: string;
  from: string;
  to: string;
}

/** JSON keys whose string value is a person's name. */
const PERSON_KEYS = new Set(["username", "ownerUsername", "sellerName", "by", "owner"]);

/** Notices whose message opens with "<fleet owner>'s " (durable-objects/universe-shard/fleets.ts). */
const NOTICES_OPENING_WITH_OWNER = new Set(["fleet_delivered", "espionage_notice", "moon_destruction", "fleet_holding"]);

type Row = Record<string, unknown>;

/** Plain-text columns holding a person's name, by `table.column`: the renamed text, or null to keep it. */
const PLAIN_NAMES = new Map<string, (text: string, row: Row, change: NameChange) => string | null>([
  ["empires.username", (text, row, change) => (row.player_id === change.playerId && text === change.from ? change.to : null)],
  [
    "notifications.message",
    (text, row, change) =>
      typeof row.kind === "string" && NOTICES_OPENING_WITH_OWNER.has(row.kind) && text.startsWith(`${change.from}'s `)
        ? change.to + text.slice(change.from.length)
        : null,
  ],
]);

/** A JSON value with every person's name equal to the old one changed, or null when it holds none. */
export function renamedJson(value: unknown, change: NameChange): unknown | null {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = renamedJson(item, change);
      if (next === null) return item;
      changed = true;
      return next;
    });
    return changed ? out : null;
  }
  if (value === null || typeof value !== "object") return null;
  const record = value as Row;
  let out: Row | null = null;
  for (const [key, item] of Object.entries(record)) {
    const next =
      typeof item === "string" ? (isPersonName(key, record, change) && item === change.from ? change.to : null) : renamedJson(item, change);
    if (next === null) continue;
    out ??= { ...record };
    out[key] = next;
  }
  return out;
}

function isPersonName(key: string, owner: Row, change: NameChange): boolean {
  return PERSON_KEYS.has(key) || (key === "name" && owner.playerId === change.playerId);
}

/**
 * The text of `row[column]` in `table` with the player's name changed, or null to keep it: a JSON
 * document by its keys, a plain column only when it holds a person's name.
 */
export function renamedCell(table: string, column: string, row: Row, change: NameChange): string | null {
  const text = row[column];
  if (typeof text !== "string" || !text.includes(change.from)) return null;
  const plain = PLAIN_NAMES.get(`${table}.${column}`);
  if (plain) return plain(text, row, change);
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const next = renamedJson(value, change);
  return next === null ? null : JSON.stringify(next);
}
