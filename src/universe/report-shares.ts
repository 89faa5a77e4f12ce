/**
 * Shared battle reports (D1 `battle_reports`): a player's copy, frozen when shared, readable by
 * anyone holding its key. The key is 12 URL-safe characters (72 random bits).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { type BattleReportShareRow, battleReports } from "../db/schema/index";
import { ApiError } from "../http/errors";
import { randomToken } from "../lib/encoding";
import type { PlayerReport } from "./engine/missile-report";

export const REPORT_KEY_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export function reportShareOf(row: BattleReportShareRow) {
  return { key: row.key, reportId: row.reportId, createdAt: row.createdAt, url: `/v1/reports/${row.key}` };
}

/** The sharer's key for this report, drawn on the first share and the same on every later one. */
export async function shareReport(
  d: Db,
  input: { universeId: string; sharedBy: string; report: PlayerReport },
  now: number,
): Promise<{ row: BattleReportShareRow; created: boolean }> {
  const mine = and(
    eq(battleReports.universeId, input.universeId),
    eq(battleReports.sharedBy, input.sharedBy),
    eq(battleReports.reportId, input.report.id),
  );
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = (await d.select().from(battleReports).where(mine).limit(1))[0];
    if (existing) return { row: existing, created: false };
    const row: BattleReportShareRow = {
      key: randomToken(9),
      universeId: input.universeId,
      reportId: input.report.id,
      sharedBy: input.sharedBy,
      report: input.report,
      createdAt: now,
    };
    try {
      await d.insert(battleReports).values(row);
      return { row, created: true };
    } catch (e) {
      // A racing share of the same report, or (72 random bits) a key drawn twice: look again.
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error("could not draw a free report key");
}

export async function sharedReport(d: Db, key: string): Promise<BattleReportShareRow> {
  const row = REPORT_KEY_PATTERN.test(key)
    ? (await d.select().from(battleReports).where(eq(battleReports.key, key)).limit(1))[0]
    : undefined;
  if (!row) throw ApiError.of("not_found", "no battle report is shared under this key");
  return row;
}
