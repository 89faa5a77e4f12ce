/**
 * The room document and the game state in SQLite, with an in-memory copy. Writes happen inside
 * the caller's transaction; the copy is replaced only after they succeed, and dropped on any error
 * so the next read comes from storage.
 */
import type { RngState } from "../../src/lib/rng";
import type { Session } from "../../src/rooms/runtime/machine";
import type { RoomDoc } from "../../src/rooms/runtime/model";

export class RoomStore {
  private doc: RoomDoc | null | undefined;
  private session: Session | null | undefined;

  constructor(private readonly sql: SqlStorage) {}

  getDoc(): RoomDoc | null {
    if (this.doc === undefined) {
      const row = this.sql.exec<{ doc: string }>("SELECT doc FROM room WHERE id = 1").toArray()[0];
      this.doc = row ? (JSON.parse(row.doc) as RoomDoc) : null;
    }
    return this.doc;
  }

  getSession(): Session | null {
    if (this.session === undefined) {
      const row = this.sql.exec<{ state: string; rng: string }>("SELECT state, rng FROM game WHERE id = 1").toArray()[0];
      this.session = row ? { state: JSON.parse(row.state), rng: JSON.parse(row.rng) as RngState } : null;
    }
    return this.session;
  }

  /** Writes; call inside a transaction, then `commit` with the same values once it succeeded. */
  write(doc: RoomDoc, session: Session | undefined): void {
    this.sql.exec("INSERT INTO room (id, doc) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc", JSON.stringify(doc));
    if (session) {
      this.sql.exec(
        "INSERT INTO game (id, seed, state, rng) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seed = excluded.seed, state = excluded.state, rng = excluded.rng",
        doc.seed ?? 0,
        JSON.stringify(session.state),
        JSON.stringify(session.rng),
      );
    }
  }

  commit(doc: RoomDoc, session: Session | undefined): void {
    this.doc = doc;
    if (session) this.session = session;
  }

  forget(): void {
    this.doc = undefined;
    this.session = undefined;
  }

  getMeta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }
}
