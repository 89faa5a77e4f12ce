import { z } from "zod";
import { BattleReportSchema, type BattleReport } from "./schema";

/*
 * A battle report as players keep it: the engine's report plus who fought where and when. One
 * record is built per battle; each player in it stores a copy in their own shard, so the id is
 * chosen from the cause (the arriving fleet) and storing a copy twice changes nothing.
 */

const coordinate = z.number().int().min(1).max(999);
const PartySchema = z.object({ playerId: z.string(), name: z.string() });
const TargetSchema = z.object({
  galaxy: coordinate,
  system: coordinate,
  position: coordinate,
  kind: z.enum(["planet", "moon"]),
  name: z.string().optional(),
});
const resources = z.object({ metal: z.number(), crystal: z.number(), deuterium: z.number() });

export const REPORT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,100}$/;

/** A moon destruction's attempt after the battle (§11): the chances, the draws and what they did. */
const MoonDestructionSchema = z.object({
  chance: z.number(),
  destructionRoll: z.number(),
  destroyed: z.boolean(),
  lossChance: z.number(),
  lossRoll: z.number(),
  deathstarsLost: z.boolean(),
});

export const StoredBattleReportSchema = z.object({
  id: z.string().regex(REPORT_ID_PATTERN),
  kind: z.literal("battle"),
  /** When the battle was fought (the fleet's arrival), ms epoch. */
  at: z.number().int(),
  target: TargetSchema,
  /** Index-aligned with `battle.participants.attackers` / `.defenders` (defender 0: the owner). */
  attackers: z.array(PartySchema),
  defenders: z.array(PartySchema),
  battle: BattleReportSchema,
  /** A moon destruction mission whose deathstars won the battle: the attempt that followed. */
  moonDestruction: MoonDestructionSchema.optional(),
});
export type StoredBattleReport = z.output<typeof StoredBattleReportSchema>;

export const ReportSummarySchema = z.object({
  id: z.string(),
  kind: z.literal("battle"),
  at: z.number().int(),
  role: z.enum(["attacker", "defender"]),
  target: TargetSchema,
  outcome: BattleReportSchema.shape.outcome,
  attackers: z.array(z.string()),
  defenders: z.array(z.string()),
  /** Resource value of the units each side lost (metal + crystal + deuterium). */
  lost: z.object({ attackers: z.number(), defenders: z.number() }),
  loot: resources,
  debris: resources,
  moonFormed: z.boolean(),
});
export type ReportSummary = z.output<typeof ReportSummarySchema>;

export type ReportRole = ReportSummary["role"];

export interface BattleRecordInput {
  id: string;
  at: number;
  target: StoredBattleReport["target"];
  attackers: StoredBattleReport["attackers"];
  defenders: StoredBattleReport["defenders"];
  battle: BattleReport;
  moonDestruction?: z.input<typeof MoonDestructionSchema>;
}

/** The record of one battle; throws when the parties do not match the battle's fleets. */
export function buildBattleRecord(input: BattleRecordInput): StoredBattleReport {
  const { battle } = input;
  if (input.attackers.length !== battle.participants.attackers.length || input.defenders.length !== battle.participants.defenders.length) {
    throw new RangeError("one party per fleet of the battle");
  }
  return StoredBattleReportSchema.parse({ ...input, kind: "battle" });
}

/** Each player in the battle and their side; a player with fleets on both sides cannot exist (no self-attack). */
export function reportRoles(record: StoredBattleReport): Map<string, ReportRole> {
  const roles = new Map<string, ReportRole>();
  for (const p of record.defenders) roles.set(p.playerId, "defender");
  for (const p of record.attackers) roles.set(p.playerId, "attacker");
  return roles;
}

const lostValue = (side: BattleReport["losses"]["attackers"]) =>
  side.reduce((s, p) => s + p.value.metal + p.value.crystal + p.value.deuterium, 0);

export function summarize(record: StoredBattleReport, role: ReportRole): ReportSummary {
  const { battle } = record;
  const names = (parties: StoredBattleReport["attackers"]) => [...new Set(parties.map((p) => p.name))];
  return {
    id: record.id,
    kind: record.kind,
    at: record.at,
    role,
    target: record.target,
    outcome: battle.outcome,
    attackers: names(record.attackers),
    defenders: names(record.defenders),
    lost: { attackers: lostValue(battle.losses.attackers), defenders: lostValue(battle.losses.defenders) },
    loot: battle.loot.total,
    debris: battle.debris,
    moonFormed: battle.moon.formed,
  };
}
