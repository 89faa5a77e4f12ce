/**
 * How a game's action log is stored in D1. A room game can log up to 20,000 actions (the runtime's
 * cap), so the log is kept compact: one tuple per action, `[seat, source, action, ms since the
 * previous action]`, instead of an object with repeated keys and absolute times. A log whose text
 * is longer than `LOG_CHUNK_CHARS` goes to `game_log_chunks` in pieces, so no D1 value comes near
 * D1's 2 MB limit however long the game was (budget in docs/replays.md).
 */
import type { CompactAction, RecordedAction, StoredLog } from "../db/schema/history";

type Source = RecordedAction["source"];
const CODE: Record<Source, string> = { human: "h", cpu: "c", timeout: "t" };
const SOURCE: Record<string, Source> = { h: "human", c: "cpu", t: "timeout" };

/**
 * Characters per chunk (and the most a log keeps inline). A character is at most 4 UTF-8 bytes
 * (JSON escapes keep it to ASCII in practice), so a chunk stays under 1.6 MB, below D1's 2 MB.
 */
export const LOG_CHUNK_CHARS = 400_000;

export interface EncodedLog {
  inline: StoredLog;
  chunks: string[];
  /** UTF-8 size of the compact log (what a user's import quota counts). */
  bytes: number;
}

export function encodeLog(actions: readonly RecordedAction[], startedAt: number, chunkChars = LOG_CHUNK_CHARS): EncodedLog {
  let previous = startedAt;
  const a = actions.map((x): CompactAction => {
    const dt = x.at - previous;
    previous = x.at;
    return [x.seat, CODE[x.source], x.action, dt];
  });
  const compact = { v: 1 as const, t0: startedAt, a };
  const text = JSON.stringify(compact);
  const bytes = new TextEncoder().encode(text).byteLength;
  if (text.length <= chunkChars) return { inline: compact, chunks: [], bytes };
  const chunks = split(text, chunkChars);
  return { inline: { v: 1, chunks: chunks.length }, chunks, bytes };
}

/** Pieces of at most `size` UTF-16 units, never cutting a surrogate pair (each piece stays valid text). */
function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Whether the stored log lives in `game_log_chunks`. */
export function isChunked(stored: StoredLog): stored is { v: 1; chunks: number } {
  return !Array.isArray(stored) && "chunks" in stored;
}

/** The actions of a stored log; `chunks` are the chunk texts in order when the log is chunked. */
export function decodeLog(stored: StoredLog, chunks: readonly string[] = []): RecordedAction[] {
  if (Array.isArray(stored)) return stored;
  const compact = isChunked(stored) ? (JSON.parse(chunks.join("")) as { t0: number; a: CompactAction[] }) : stored;
  let at = compact.t0;
  return compact.a.map(([seat, source, action, dt]) => {
    at += dt;
    return { seat, source: SOURCE[source] as Source, action, at };
  });
}
