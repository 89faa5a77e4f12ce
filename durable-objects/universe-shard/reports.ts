import type { ReportRole, StoredBattleReport } from "../../src/universe/engine/combat/record";
import {
  type MissileReport,
  type PlayerReport,
  type PlayerReportSummary,
  playerRoles,
  summarizeReport,
} from "../../src/universe/engine/missile-report";
import type { DoMigration } from "../kit";
import { storeNotification } from "./notifications";

/*
 * Battle and missile reports of the players of this shard: one copy per player, so each side of a battle can
 * list, read and delete its own. The copy is keyed (player, report id) and written with INSERT OR
 * IGNORE, so a retried arrival or a redelivered report stores it once.
 */

/** Versions 120+ are this file's, clear of the shard's own migrations (100+). */
export const REPORT_MIGRATIONS: DoMigration[] = [
  {
    version: 120,
    name: "battle_reports",
    sql: `CREATE TABLE battle_reports (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      player_id TEXT NOT NULL,
      id TEXT NOT NULL,
      role TEXT NOT NULL,
      at INTEGER NOT NULL,
      body TEXT NOT NULL,
      UNIQUE (player_id, id)
    );
    CREATE INDEX battle_reports_player ON battle_reports (player_id, seq);`,
  },
];

export interface ReportPage {
  reports: PlayerReportSummary[];
  /** Cursor for the next (older) page; null on the last. */
  nextBefore: number | null;
}

export interface StoredCopy {
  role: ReportRole;
  report: PlayerReport;
}

/**
 * Stores the copies of `record` for those of `playerIds` that fought in it, each with a
 * `battle_report` (or `missile_report`) notification; returns the players that got a new copy.
 * Runs inside the caller's transaction.
 */
export function saveReport(sql: SqlStorage, record: PlayerReport, playerIds: readonly string[]): string[] {
  const roles = playerRoles(record);
  const body = JSON.stringify(record);
  const stored: string[] = [];
  for (const playerId of new Set(playerIds)) {
    const role = roles.get(playerId);
    if (!role) continue;
    const inserted = sql
      .exec(
        "INSERT INTO battle_reports (player_id, id, role, at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq",
        playerId,
        record.id,
        role,
        record.at,
        body,
      )
      .toArray();
    if (inserted.length === 0) continue;
    const note = record.kind === "missile" ? missileNote(record, role) : battleNote(record, role);
    storeNotification(sql, playerId, note.kind, note.message, note.data, record.at);
    stored.push(playerId);
  }
  return stored;
}

export const reportNotificationKind = (record: PlayerReport) => (record.kind === "missile" ? "missile_report" : "battle_report");

const where = (t: PlayerReport["target"]) => `[${t.galaxy}:${t.system}:${t.position}]`;

function battleNote(record: StoredBattleReport, role: ReportRole) {
  const { outcome } = record.battle;
  const data = { reportId: record.id, role, outcome };
  return { kind: reportNotificationKind(record), message: `battle at ${where(record.target)}: ${outcomeFor(role, outcome)}`, data };
}

function missileNote(record: MissileReport, role: ReportRole) {
  const destroyed = Object.values(record.destroyed).reduce((s, n) => s + n, 0);
  const message =
    `${record.launched} interplanetary missiles hit ${where(record.target)}: ` +
    `${record.intercepted} intercepted, ${destroyed} defences destroyed`;
  const data = { reportId: record.id, role, launched: record.launched, intercepted: record.intercepted, destroyed: record.destroyed };
  return { kind: reportNotificationKind(record), message, data };
}

function outcomeFor(role: ReportRole, outcome: StoredBattleReport["battle"]["outcome"]): string {
  if (outcome === "draw") return "draw";
  return (outcome === "attacker") === (role === "attacker") ? "won" : "lost";
}

export function listReports(sql: SqlStorage, playerId: string, opts: { before?: number | undefined; limit: number }): ReportPage {
  const rows = sql
    .exec<{ seq: number; role: string; body: string }>(
      "SELECT seq, role, body FROM battle_reports WHERE player_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      playerId,
      opts.before ?? Number.MAX_SAFE_INTEGER,
      opts.limit + 1,
    )
    .toArray();
  const page = rows.slice(0, opts.limit);
  return {
    reports: page.map((r) => summarizeReport(JSON.parse(r.body) as PlayerReport, r.role as ReportRole)),
    nextBefore: rows.length > opts.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

export function readReport(sql: SqlStorage, playerId: string, id: string): StoredCopy | null {
  const row = sql
    .exec<{ role: string; body: string }>("SELECT role, body FROM battle_reports WHERE player_id = ? AND id = ?", playerId, id)
    .toArray()[0];
  return row ? { role: row.role as ReportRole, report: JSON.parse(row.body) as PlayerReport } : null;
}
