/**
 * The message ids a room answered in the last `messageIdRetentionMs`, so that a repeated id is
 * answered again and never applied twice.
 *
 * A move records its id and answer in its last action row, which it writes anyway: one page less
 * per move than a row in the kit's `_inbox`. Every other answer (an error, a lobby change that logs
 * nothing) goes to `_inbox`, as before.
 *
 * Storage decides what was answered: a key is answered when one of its rows is within the
 * retention, and that row's answer is the answer. Memory only spares the SQL for a new id, the
 * one case every message pays: it holds a 30-bit hash of each key answered within the retention,
 * with the second it was answered, read once per instance on its first command (the log only back
 * to the retention). Both fit V8's small integers, so an id costs only its hash-table entry: about
 * 50 bytes of heap for 18,000 ids in node, where the keys' strings took 275. Two keys that share
 * a hash cost the one that comes second two reads of storage; what storage holds for its own key
 * still answers each of them.
 */
import { LIMITS } from "../../src/rooms/runtime/model";

/** How far the log's times may run backwards between rows (see `load`). */
const OUT_OF_ORDER_MS = 60_000;
/** Seconds are counted from here, so that decades of them fit a small integer. */
const EPOCH_MS = Date.UTC(2026, 0, 1);

export interface Answered {
  key: string;
  /** The answer as sent (JSON). */
  answer: string;
}

/** FNV-1a over the key's UTF-16 units, cut to 30 bits: a small integer to V8. */
export function idHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

const secondOf = (ms: number): number => Math.floor((ms - EPOCH_MS) / 1000);

export class MessageIds {
  /** Hash → the second its key was answered, in the order answered, so that expiry trims from the front. */
  private answered: Map<number, number> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** The answer recorded for `key`, if it was answered within the retention. */
  answerOf(key: string, now: number): string | undefined {
    const since = now - LIMITS.messageIdRetentionMs;
    const second = this.load(now).get(idHash(key));
    // The second is rounded down: the rows tell the last one apart.
    return second !== undefined && second >= secondOf(since) ? this.storedAnswer(key, since) : undefined;
  }

  /** Records an answer that logged no action; call inside the transaction of its effect. */
  recordInInbox(m: Answered, now: number): void {
    // An id past the retention may still have its row until the next prune: it is answered afresh.
    this.sql.exec(
      `INSERT INTO _inbox (key, result, received_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET result = excluded.result, received_at = excluded.received_at`,
      m.key,
      m.answer,
      now,
    );
  }

  /** After the transaction that recorded `m` (in a log row or the inbox) committed. */
  remember(m: Answered, now: number): void {
    const table = this.load(now);
    const hash = idHash(m.key);
    table.delete(hash);
    table.set(hash, secondOf(now));
    this.expire(table, now);
  }

  /** Drops inbox rows past the retention (the log's rows stay: they are the game's record). */
  prune(now: number): void {
    this.sql.exec("DELETE FROM _inbox WHERE received_at < ?", now - LIMITS.messageIdRetentionMs);
    if (this.answered) this.expire(this.answered, now);
  }

  /** After a rolled-back transaction: the next check reads storage again. */
  forget(): void {
    this.answered = null;
  }

  private load(now: number): Map<number, number> {
    if (this.answered) return this.answered;
    const since = now - LIMITS.messageIdRetentionMs;
    const rows: { key: string; at: number }[] = this.sql
      .exec<{ key: string; at: number }>("SELECT key, received_at AS at FROM _inbox WHERE received_at >= ?", since)
      .toArray();
    // The log is read newest first and only as far back as the retention: `at` grows with `n`,
    // give or take a message that awaited something while a later one committed.
    for (const r of this.sql.exec<{ at: number; key: string | null }>("SELECT at, msg_key AS key FROM actions ORDER BY n DESC")) {
      if (r.at < since - OUT_OF_ORDER_MS) break;
      if (r.key !== null && r.at >= since) rows.push({ key: r.key, at: r.at });
    }
    rows.sort((a, b) => a.at - b.at);
    this.answered = new Map(rows.map((r) => [idHash(r.key), secondOf(r.at)]));
    return this.answered;
  }

  /**
   * The answer stored for `key` since `since`: its `_inbox` row, or else the newest action row
   * that carries it (a scan of the log, paid only by a repeated id or a shared hash). An id used
   * again after the retention may still have its old inbox row until the next prune, and its old
   * action row for good: only a row within the retention answers.
   */
  private storedAnswer(key: string, since: number): string | undefined {
    const inbox = this.sql
      .exec<{ result: string; at: number }>("SELECT result, received_at AS at FROM _inbox WHERE key = ?", key)
      .toArray()[0];
    if (inbox && inbox.at >= since) return inbox.result;
    const logged = this.sql
      .exec<{ answer: string | null; at: number }>(
        "SELECT msg_answer AS answer, at FROM actions WHERE msg_key = ? ORDER BY n DESC LIMIT 1",
        key,
      )
      .toArray()[0];
    return logged && logged.at >= since ? (logged.answer ?? undefined) : undefined;
  }

  private expire(table: Map<number, number>, now: number): void {
    const since = secondOf(now - LIMITS.messageIdRetentionMs);
    for (const [hash, second] of table) {
      if (second >= since) break;
      table.delete(hash);
    }
  }
}
