/**
 * The room document and the game state in SQLite, with an in-memory copy. Writes happen inside
 * the caller's transaction; the copy is replaced only after they succeed, and dropped on any error
 * so the next read comes from storage.
 *
 * The document is written on every change, in two parts: the fields an action moves (`HOT`) go
 * with every change, and the rest of the document (seats, config, options…) to the `room` row only
 * when one of its fields changed. A change that logs actions (a move) carries the hot fields in its
 * last action row; one that logs nothing writes them to the small `room_hot` row. Loading lays the
 * newer of the two over the room row: `room_hot` when it was written after the last action row,
 * which its `actions` count tells (it counts that row), else the last row's.
 *
 * The log is written here too, in the same transaction: the game state is recovered from it.
 *
 * The game state is not written on every change: the log already holds every action, so the
 * `game` row is a snapshot taken every `SNAPSHOT_EVERY` actions (and at the setup and once the game
 * is over), and loading replays the actions logged after it.
 */
import { createRng, type RngState } from "../../src/lib/rng";
import type { AnyGameDefinition } from "../../src/rooms/game";
import type { LogEntry, Session } from "../../src/rooms/runtime/machine";
import type { RoomDoc } from "../../src/rooms/runtime/model";
import { appendLog, applyLogged } from "./log";
import type { Answered } from "./message-ids";

/**
 * Actions between two snapshots of the game state. Writing the state is most of a Golf action's
 * storage work (about 4 KB of JSON against one log row); loading replays at most this many
 * actions, a few microseconds each (`npm run bench:rooms` prints both sides).
 */
export const SNAPSHOT_EVERY = 16;

/**
 * The document's fields that most actions change. Documents are never changed in place, so a
 * field that is the same value as in the stored document did not change; the `room` row is
 * rewritten only when a field outside this list did.
 */
const HOT = ["seq", "actions", "decisions", "turns", "pausedTurns", "turnCounter", "lastActivityAt", "indexVersion"] as const;
type HotPart = Partial<Pick<RoomDoc, (typeof HOT)[number]>>;
const HOT_KEYS: ReadonlySet<string> = new Set(HOT);

export class RoomStore {
  private doc: RoomDoc | null | undefined;
  private session: Session | null | undefined;
  /** The last action the stored snapshot includes; undefined until it is read or written. */
  private snapshotThrough: number | undefined;
  private writtenThrough: number | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly gameOf: (doc: RoomDoc) => AnyGameDefinition,
  ) {}

  getDoc(): RoomDoc | null {
    if (this.doc === undefined) {
      const row = this.sql
        .exec<{ doc: string; hot: string | null; last_n: number | null; logged_hot: string | null }>(
          `SELECT r.doc, h.hot, a.n AS last_n, a.hot AS logged_hot FROM room r
           LEFT JOIN room_hot h ON h.id = 1
           LEFT JOIN (SELECT n, hot FROM actions ORDER BY n DESC LIMIT 1) a
           WHERE r.id = 1`,
        )
        .toArray()[0];
      this.doc = row ? withHot(JSON.parse(row.doc) as RoomDoc, newerHot(row)) : null;
    }
    return this.doc;
  }

  getSession(): Session | null {
    if (this.session === undefined) {
      const row = this.sql.exec<{ state: string; rng: string; through: number }>("SELECT state, rng, through FROM game WHERE id = 1").toArray()[0];
      this.snapshotThrough = row?.through;
      this.session = row ? this.replayTail({ state: JSON.parse(row.state), rng: JSON.parse(row.rng) as RngState }, row.through) : null;
    }
    return this.session;
  }

  /**
   * Writes the document, the change's `log` and, when due, the game snapshot; call inside a
   * transaction, then `commit` with the same values once it succeeded. A `message` (the client
   * message that made the change, with its answer) goes in the last log row; the caller records it
   * elsewhere when the change logs nothing.
   */
  write(doc: RoomDoc, session: Session | undefined, log: readonly LogEntry[] = [], message?: Answered): void {
    const stored = this.doc;
    if (!stored || !onlyHotChanged(stored, doc)) {
      this.sql.exec("INSERT INTO room (id, doc) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc", JSON.stringify(doc));
    }
    const hot = JSON.stringify(hotPart(doc));
    if (log.length > 0) appendLog(this.sql, log, { hot, message });
    else this.sql.exec("INSERT INTO room_hot (id, hot) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET hot = excluded.hot", hot);
    const setup = log[0]?.source === "setup";
    this.writtenThrough = undefined;
    if (!session) return;
    const through = doc.actions - 1;
    const due = setup || doc.status !== "playing" || this.snapshotThrough === undefined || through - this.snapshotThrough >= SNAPSHOT_EVERY;
    if (!due) return;
    this.sql.exec(
      `INSERT INTO game (id, seed, state, rng, through) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET seed = excluded.seed, state = excluded.state, rng = excluded.rng, through = excluded.through`,
      doc.seed ?? 0,
      JSON.stringify(session.state),
      JSON.stringify(session.rng),
      through,
    );
    this.writtenThrough = through;
  }

  commit(doc: RoomDoc, session: Session | undefined): void {
    this.doc = doc;
    if (session) this.session = session;
    if (this.writtenThrough !== undefined) this.snapshotThrough = this.writtenThrough;
    this.writtenThrough = undefined;
  }

  forget(): void {
    this.doc = undefined;
    this.session = undefined;
    this.snapshotThrough = undefined;
    this.writtenThrough = undefined;
  }

  getMeta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }

  /** The snapshot brought up to the last logged action: the engine is deterministic, RNG included. */
  private replayTail(snapshot: Session, through: number): Session {
    const tail = this.sql
      .exec<{ n: number; seat: number; action: string }>("SELECT n, seat, action FROM actions WHERE n > ? ORDER BY n", through)
      .toArray();
    if (tail.length === 0) return snapshot;
    const doc = this.getDoc();
    if (!doc) throw new Error("room log without a room document");
    const rng = createRng(snapshot.rng);
    const actions = tail.map((a) => ({ n: a.n, seat: a.seat, action: JSON.parse(a.action) as unknown }));
    const replayed = applyLogged(this.gameOf(doc), snapshot.state, rng, actions);
    if (!replayed.ok) throw new Error(`room log: action ${replayed.n} does not replay (${replayed.code})`);
    return { state: replayed.state, rng: rng.save() };
  }
}

function hotPart(doc: RoomDoc): HotPart {
  const hot: Record<string, unknown> = {};
  for (const k of HOT) if (doc[k] !== undefined) hot[k] = doc[k];
  return hot as HotPart;
}

/**
 * The hot fields last written: `room_hot` if it came after the last action row (a row logged as
 * action n leaves `actions` at n + 1, so a `room_hot` written before it counts at most n), else
 * that row's. Rows logged before room migration 104 have none.
 */
function newerHot(row: { hot: string | null; last_n: number | null; logged_hot: string | null }): HotPart | null {
  const hot = row.hot === null ? null : (JSON.parse(row.hot) as HotPart);
  if (row.logged_hot === null || row.last_n === null) return hot;
  if (hot && (hot.actions ?? 0) > row.last_n) return hot;
  return JSON.parse(row.logged_hot) as HotPart;
}

/** The room row's document with the hot fields laid over it (an absent one is absent). */
function withHot(doc: RoomDoc, hot: HotPart | null): RoomDoc {
  if (!hot) return doc;
  const out: Record<string, unknown> = { ...doc };
  for (const k of HOT) {
    if (hot[k] === undefined) delete out[k];
    else out[k] = hot[k];
  }
  return out as unknown as RoomDoc;
}

function onlyHotChanged(stored: RoomDoc, doc: RoomDoc): boolean {
  const a = stored as unknown as Record<string, unknown>;
  const b = doc as unknown as Record<string, unknown>;
  for (const k in b) if (!HOT_KEYS.has(k) && b[k] !== a[k]) return false;
  for (const k in a) if (!HOT_KEYS.has(k) && !(k in b)) return false;
  return true;
}
