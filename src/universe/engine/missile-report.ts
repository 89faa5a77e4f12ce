import { z } from "zod";
import { DEFENSE_NAMES } from "./catalog-types";
import {
  REPORT_ID_PATTERN,
  type ReportRole,
  ReportSummarySchema,
  reportRoles,
  type StoredBattleReport,
  StoredBattleReportSchema,
  summarize,
} from "./combat/record";
import type { MissileImpact } from "./missiles";

/*
 * A missile attack's report (§13), kept beside battle reports: the same copies per player, the
 * same list and read routes, told apart by `kind`. It shows what the missiles did (intercepted,
 * got through, destroyed per defence type) and never what the planet still holds.
 */

const coordinate = z.number().int().min(1).max(999);
const PartySchema = z.object({ playerId: z.string(), name: z.string() });
const destroyedSchema = z.partialRecord(z.enum(DEFENSE_NAMES), z.number().int().min(1));

export const MissileReportSchema = z.object({
  id: z.string().regex(REPORT_ID_PATTERN),
  kind: z.literal("missile"),
  /** The impact, ms epoch. */
  at: z.number().int(),
  origin: z.object({ galaxy: coordinate, system: coordinate, position: coordinate }),
  target: z.object({ galaxy: coordinate, system: coordinate, position: coordinate, kind: z.literal("planet"), name: z.string() }),
  attacker: PartySchema,
  defender: PartySchema,
  launched: z.number().int().min(1),
  primary: z.enum(DEFENSE_NAMES).nullable(),
  /** Stopped by the target's anti-ballistic missiles, one each. */
  intercepted: z.number().int().min(0),
  hitting: z.number().int().min(0),
  /** Total damage of the missiles that got through. */
  damage: z.number().min(0),
  destroyed: destroyedSchema,
});
export type MissileReport = z.output<typeof MissileReportSchema>;

export const MissileReportSummarySchema = MissileReportSchema.pick({
  id: true,
  kind: true,
  at: true,
  target: true,
  launched: true,
  intercepted: true,
  destroyed: true,
}).extend({ role: z.enum(["attacker", "defender"]), attackers: z.array(z.string()), defenders: z.array(z.string()) });

/** Every report a player keeps: a battle, or a missile attack. */
export const PlayerReportSchema = z.discriminatedUnion("kind", [StoredBattleReportSchema, MissileReportSchema]);
export type PlayerReport = StoredBattleReport | MissileReport;

export const PlayerReportSummarySchema = z.discriminatedUnion("kind", [ReportSummarySchema, MissileReportSummarySchema]);
export type PlayerReportSummary = z.output<typeof PlayerReportSummarySchema>;

export interface MissileReportInput {
  /** The flight's id: a replayed impact builds the same report, stored once. */
  flightId: string;
  at: number;
  origin: MissileReport["origin"];
  target: Omit<MissileReport["target"], "kind">;
  attacker: MissileReport["attacker"];
  defender: MissileReport["defender"];
  launched: number;
  primary: MissileReport["primary"];
  impact: MissileImpact;
}

export function buildMissileReport(input: MissileReportInput): MissileReport {
  const { impact } = input;
  return MissileReportSchema.parse({
    id: `missile:${input.flightId}`,
    kind: "missile",
    at: input.at,
    origin: input.origin,
    target: { ...input.target, kind: "planet" },
    attacker: input.attacker,
    defender: input.defender,
    launched: input.launched,
    primary: input.primary,
    intercepted: impact.intercepted,
    hitting: impact.hitting,
    damage: impact.damage,
    destroyed: impact.destroyed,
  });
}

/** Each player's side in a report. */
export function playerRoles(report: PlayerReport): Map<string, ReportRole> {
  if (report.kind === "battle") return reportRoles(report);
  return new Map<string, ReportRole>([
    [report.defender.playerId, "defender"],
    [report.attacker.playerId, "attacker"],
  ]);
}

export function summarizeReport(report: PlayerReport, role: ReportRole): PlayerReportSummary {
  if (report.kind === "battle") return summarize(report, role);
  const { id, kind, at, target, launched, intercepted, destroyed } = report;
  const parties = { attackers: [report.attacker.name], defenders: [report.defender.name] };
  return { id, kind, at, role, target, launched, intercepted, destroyed, ...parties };
}
