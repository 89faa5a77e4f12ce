/**
 * Getting an ended game into the D1 history. The intent is durable: the record timer is written
 * with the state that ended the game, so a crash before the write still records it. `recordGame`
 * is idempotent, so a retry after a lost answer records nothing twice.
 *
 * Failures are of two kinds. A transient one (D1 unreachable) is retried with backoff, 30 s
 * doubling up to an hour. One that can never succeed (a record the history rejects, a value over
 * D1's limits) is marked in `meta.recorded`, logged and counted once, and never retried.
 */
import { gameRecordFromRoom } from "../../src/history/from-room";
import { permanentRecordFailure, recordGame } from "../../src/history/record";
import { metrics } from "../../src/platform/metrics";
import { isClosed } from "../../src/rooms/runtime/commands";
import type { RoomDoc } from "../../src/rooms/runtime/model";
import { TIMER } from "../../src/rooms/runtime/timers";
import { retryDelayMs, type Timers } from "../kit";
import { readLog } from "./log";
import type { RoomStore } from "./store";
import { RECORD_KEY } from "./timers";

const RECORD_RETRY = { baseDelayMs: 30_000, maxDelayMs: 60 * 60 * 1000 };

export class RoomHistory {
  /** One write at a time: the alarm and the post-commit path may both ask for it. */
  private recording: Promise<void> | null = null;

  constructor(
    /** Read on every write: tests swap the object's env to simulate D1 outages. */
    private readonly env: () => Env,
    private readonly sql: SqlStorage,
    private readonly store: RoomStore,
    private readonly timers: Timers,
  ) {}

  /** A game that started and has ended (finished, or closed while playing) belongs in the history. */
  needsRecord(doc: RoomDoc): boolean {
    return doc.startedAt !== null && (doc.status === "finished" || isClosed(doc)) && this.store.getMeta("recorded") === null;
  }

  /** Call inside the transaction that persists `doc`. */
  scheduleIfEnded(doc: RoomDoc, now: number): void {
    if (this.needsRecord(doc) && !this.timers.get(RECORD_KEY)) this.timers.schedule(RECORD_KEY, now, TIMER.record, null);
  }

  record(): Promise<void> {
    this.recording ??= this.write().finally(() => {
      this.recording = null;
    });
    return this.recording;
  }

  private async write(): Promise<void> {
    const doc = this.store.getDoc();
    if (!doc || !this.needsRecord(doc)) return;
    const failures = Number(this.store.getMeta("record_failures") ?? 0);
    // Until the write succeeds, the timer stays behind, so an eviction mid-write retries too.
    this.timers.schedule(RECORD_KEY, Date.now() + retryDelayMs(RECORD_RETRY, failures + 1), TIMER.record, null);
    const input = gameRecordFromRoom(doc, readLog(this.sql));
    try {
      if (input) await recordGame(this.env(), input);
      this.store.setMeta("recorded", "1");
    } catch (e) {
      const permanent = permanentRecordFailure(e);
      console.error(
        JSON.stringify({
          level: "error",
          msg: permanent ? "room game can never be recorded; giving up" : "history write failed; will retry",
          room: doc.id,
          attempt: failures + 1,
          error: String(e),
        }),
      );
      metrics.inc("orrery_room_history_failures_total", "Failed attempts to record a room's game", {
        kind: permanent ?? "transient",
      });
      if (!permanent) {
        this.store.setMeta("record_failures", String(failures + 1));
        return;
      }
      this.store.setMeta("recorded", permanent);
    }
    this.timers.cancel(RECORD_KEY);
  }
}
