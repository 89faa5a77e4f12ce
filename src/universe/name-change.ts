/**
 * Renaming a player in stored universe data (account deletion: src/universe/accounts.ts). Copies
 * of a name sit in many shapes: a report's `{playerId, name}` parties, an arrival's
 * `ownerUsername`, a notice's `by`, an espionage report's holders (`owner`), a notice's message
 * ("vega's fleet…"). The rule errs towards privacy: every string equal to the old name changes,
 * and every possessive "vega's" inside one, except under a key naming a place (`name`,
 * `planetName`, `moon_name`…), which a player chose and which is no copy of a username (a planet
 * may be called "vega"), unless its object is the player's own party (`{playerId, name}`).
 * Names are unique while their account lives and reserved after, so an equal string is this
 * player's.
 */
export interface NameChange {
  playerId: string;
  from: string;
  to: string;
}

const PERSON_KEYS = new Set(["username", "ownerUsername", "sellerName"]);

/** `text` with the player's name changed, or null when it holds none. */
export function renamedText(text: string, key: string, owner: Record<string, unknown>, change: NameChange): string | null {
  const place = /name$/i.test(key) && !PERSON_KEYS.has(key);
  if (place && owner.playerId !== change.playerId) return null;
  if (text === change.from) return change.to;
  // Notices open with the player's possessive: "vega's probes spied on…".
  const possessive = `${change.from}'s`;
  return text.includes(possessive) ? text.replaceAll(possessive, `${change.to}'s`) : null;
}

/** A JSON value with every copy of the player's name changed, or null when it holds none. */
export function renamedJson(value: unknown, change: NameChange): unknown | null {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item, i) => {
      const next = renamedEntry(item, String(i), value as unknown as Record<string, unknown>, change);
      if (next === null) return item;
      changed = true;
      return next;
    });
    return changed ? out : null;
  }
  if (value === null || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(record)) {
    const next = renamedEntry(item, key, record, change);
    if (next === null) continue;
    out ??= { ...record };
    out[key] = next;
  }
  return out;
}

function renamedEntry(item: unknown, key: string, owner: Record<string, unknown>, change: NameChange): unknown | null {
  return typeof item === "string" ? renamedText(item, key, owner, change) : renamedJson(item, change);
}

/** Stored text (a JSON document or plain text under `column`) with the player's name changed, or null when it holds none. */
export function renamedStored(text: string, column: string, row: Record<string, unknown>, change: NameChange): string | null {
  if (!text.includes(change.from)) return null;
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      const next = renamedJson(JSON.parse(text), change);
      return next === null ? null : JSON.stringify(next);
    } catch {
      // Not JSON after all: plain text.
    }
  }
  return renamedText(text, column, { playerId: row.player_id }, change);
}
