import { z } from "zod";
import { deriveSeed } from "../../../lib/rng";
import type { Failure } from "../errors";
import { calculateFlight, FlightCalcQuerySchema } from "../fleet/calc";
import type { UniverseSettings } from "../settings";
import { runBattle } from "./battle";
import { BattleInputSchema, type BattleReport, BattleReportSchema } from "./schema";

export const SimulationRequestSchema = BattleInputSchema.extend({
  simulations: z.number().int().min(1).max(100).default(10),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Where the attack flies from and to: each attacker fleet's fuel and flight time (§8), as the flight calculator gives them. */
  flight: FlightCalcQuerySchema.pick({ from: true, to: true, speed: true, techs: true }).optional(),
});
export type SimulationRequest = z.output<typeof SimulationRequestSchema>;

const perUnit = z.record(z.string(), z.number());
const resources = z.object({ metal: z.number(), crystal: z.number(), deuterium: z.number() });
const sideLosses = z.object({ average: perUnit, worst: perUnit });

export const SimulationResultSchema = z.object({
  simulations: z.number().int(),
  seed: z.number().int(),
  /** Percent of the simulations won by each side, or drawn. */
  attackerWins: z.number(),
  defenderWins: z.number(),
  draws: z.number(),
  averageRounds: z.number(),
  losses: z.object({ attackers: sideLosses, defenders: sideLosses }),
  debris: resources,
  loot: resources,
  moonChance: z.number(),
  /** Per attacker fleet, when `flight` is given; null otherwise. */
  flights: z
    .array(
      z.object({
        distance: z.number(),
        durationSeconds: z.number(),
        roundTripSeconds: z.number(),
        fuel: z.number(),
        fuelCapacity: z.number(),
        fuelWithinCapacity: z.boolean(),
      }),
    )
    .nullable(),
  sample: BattleReportSchema,
});
export type SimulationResult = z.output<typeof SimulationResultSchema>;

const KINDS = ["metal", "crystal", "deuterium"] as const;

type Flights = SimulationResult["flights"];

/** Each attacker fleet's attack flight, through the flight calculator; its refusal when one cannot fly. */
function attackFlights(req: SimulationRequest, settings: UniverseSettings): Flights | Failure {
  if (!req.flight) return null;
  const flights: NonNullable<Flights> = [];
  for (const fleet of req.attackers) {
    const plan = calculateFlight({ ...req.flight, ships: fleet.ships, mission: "attack" }, settings);
    if (!plan.ok) return plan;
    const { distance, durationSeconds, roundTripSeconds, fuel, fuelCapacity, fuelWithinCapacity } = plan;
    flights.push({ distance, durationSeconds, roundTripSeconds: roundTripSeconds ?? 0, fuel, fuelCapacity, fuelWithinCapacity });
  }
  return flights;
}

/**
 * N battles with seeds derived from one seed: the same request always answers the same. Refused
 * (the flight calculator's failure) when `flight` is given and a fleet cannot make the trip.
 */
export function simulateBattles(req: SimulationRequest, settings: UniverseSettings): SimulationResult | Failure {
  const flights = attackFlights(req, settings);
  if (flights !== null && "ok" in flights) return flights;
  const { simulations, seed, flight: _flight, ...input } = req;
  const reports: BattleReport[] = [];
  for (let i = 0; i < simulations; i++) reports.push(runBattle(input, settings, deriveSeed(seed, "battle", i)));
  const pct = (o: BattleReport["outcome"]) => (100 * reports.filter((r) => r.outcome === o).length) / simulations;
  const losses = (side: "attackers" | "defenders") => {
    const sum: Record<string, number> = {};
    const worst: Record<string, number> = {};
    for (const r of reports) {
      const lost: Record<string, number> = {};
      for (const p of r.losses[side]) for (const [k, v] of Object.entries(p.units)) lost[k] = (lost[k] ?? 0) + v;
      for (const [k, v] of Object.entries(lost)) {
        sum[k] = (sum[k] ?? 0) + v;
        worst[k] = Math.max(worst[k] ?? 0, v);
      }
    }
    return { average: Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / simulations])), worst };
  };
  const mean = (get: (r: BattleReport) => { metal: number; crystal: number; deuterium: number }) =>
    Object.fromEntries(KINDS.map((k) => [k, reports.reduce((s, r) => s + get(r)[k], 0) / simulations])) as Record<
      (typeof KINDS)[number],
      number
    >;
  return {
    simulations,
    seed,
    attackerWins: pct("attacker"),
    defenderWins: pct("defender"),
    draws: pct("draw"),
    averageRounds: reports.reduce((s, r) => s + r.rounds.length, 0) / simulations,
    losses: { attackers: losses("attackers"), defenders: losses("defenders") },
    debris: mean((r) => r.debris),
    loot: mean((r) => r.loot.total),
    moonChance: reports.reduce((s, r) => s + r.moon.chance, 0) / simulations,
    flights,
    sample: reports[0] as BattleReport,
  };
}
