/**
 * The message ids a room answered in the last `messageIdRetentionMs`, so that a repeated id is
 * answered again and never applied twice.
 *
 * A move records its id and answer in its last action row, which it writes anyway: one page less
 * per move than a row in the kit's `_inbox`. Every other answer (an error, a lobby change that logs
 * nothing) goes to `_inbox`, as before. The ids live in memory too, read once per instance on its
 * first command, so the check for a new id costs no SQL; the newest rows of the log are read only
 * back to the retention. Only the ids and their times stay in memory: an answer is read back from
 * its row when its id comes again, which only a client's retry does. Held with its answer, an id
 * took about 580 bytes of V8 heap, and 300 without (a user's uuid and a bot's message id): a room
 * at one message a second kept 2 MB for its hour, in an isolate that many rooms share.
 */
import { LIMITS } from "../../src/rooms/runtime/model";

/** How far the log's times may run backwards between rows (see `load`). */
const OUT_OF_ORDER_MS = 60_000;

export interface Answered {
  key: string;
  /** The answer as sent (JSON). */
  answer: string;
}

export class MessageIds {
  /** Key → when it was answered, in the order answered, so that expiry trims from the front. */
  private answered: Map<string, number> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** The answer recorded for `key`, if it was answered within the retention. */
  answerOf(key: string, now: number): string | undefined {
    const at = this.load(now).get(key);
    return at !== undefined && at >= now - LIMITS.messageIdRetentionMs ? this.storedAnswer(key, at) : undefined;
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
    table.delete(m.key);
    table.set(m.key, now);
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

  private load(now: number): Map<string, number> {
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
    this.answered = new Map(rows.map((r) => [r.key, r.at]));
    return this.answered;
  }

  /**
   * The answer stored with `key` at `at`: its `_inbox` row, or else the action row that carries it
   * (a scan of the log, paid only by a repeated id). An id answered again after the retention may
   * still have its old inbox row until the next prune: the time tells the two apart.
   */
  private storedAnswer(key: string, at: number): string | undefined {
    const inbox = this.sql
      .exec<{ result: string; at: number }>("SELECT result, received_at AS at FROM _inbox WHERE key = ?", key)
      .toArray()[0];
    if (inbox?.at === at) return inbox.result;
    const logged = this.sql
      .exec<{ answer: string | null }>("SELECT msg_answer AS answer FROM actions WHERE msg_key = ? ORDER BY n DESC LIMIT 1", key)
      .toArray()[0];
    return logged?.answer ?? inbox?.result;
  }

  private expire(table: Map<string, number>, now: number): void {
    const since = now - LIMITS.messageIdRetentionMs;
    for (const [key, at] of table) {
      if (at >= since) break;
      table.delete(key);
    }
  }
}
