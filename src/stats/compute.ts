/**
 * Stats as pure functions: the per-player facts of one recorded game, how they add to a player's
 * totals, and the rating update. The recorder (`src/history/record.ts`) reads the totals, calls
 * `planGame`, and writes the result in the same D1 batch as the game record.
 */
import type { RecordedResult, RecordedSeat } from "../db/schema/history";
import { heldAchievements } from "./achievements";
import type { RoundFact, StatsAdapter } from "./adapters";
import { type Entrant, GLICKO2, type Rating, rateGame } from "./glicko2";
import { rankWithForfeits } from "./ranks";

export interface StatsTotals {
  gamesPlayed: number;
  gamesWon: number;
  /** Games with at least one other human seat, and those of them won. */
  humanGamesPlayed: number;
  humanGamesWon: number;
  roundsPlayed: number;
  roundsWon: number;
  /** Sum of round scores. */
  totalPoints: number;
  bestRound: number | null;
  worstRound: number | null;
  /** Best final score of a game played to its end. */
  bestGame: number | null;
  knockouts: number;
  /** Rounds scoring 0 or less, and those below 0. */
  perfectRounds: number;
  negativeRounds: number;
  wolfpacks: number;
  currentStreak: number;
  bestStreak: number;
  firstGameAt: number | null;
  lastGameAt: number | null;
  rating: number;
  ratingDeviation: number;
  volatility: number;
}

export const EMPTY_TOTALS: StatsTotals = {
  gamesPlayed: 0,
  gamesWon: 0,
  humanGamesPlayed: 0,
  humanGamesWon: 0,
  roundsPlayed: 0,
  roundsWon: 0,
  totalPoints: 0,
  bestRound: null,
  worstRound: null,
  bestGame: null,
  knockouts: 0,
  perfectRounds: 0,
  negativeRounds: 0,
  wolfpacks: 0,
  currentStreak: 0,
  bestStreak: 0,
  firstGameAt: null,
  lastGameAt: null,
  rating: GLICKO2.initial.rating,
  ratingDeviation: GLICKO2.initial.rd,
  volatility: GLICKO2.initial.volatility,
};

/** What one game means for one human player. */
export interface PlayerGame {
  userId: string;
  seat: number;
  /** Sole winner (a shared first place is not a win and ends the streak). */
  won: boolean;
  vsHumans: boolean;
  rounds: RoundFact[];
  /** Final score when the game ran to its end; null when it ended by forfeit. */
  gameScore: number | null;
  endedAt: number;
}

export interface RecordFacts {
  seats: readonly RecordedSeat[];
  result: RecordedResult;
  endedAt: number;
}

/** The human seats of a finished game with their facts; a user holding several seats counts once (the first). */
export function playerGames(record: RecordFacts, rounds: readonly RoundFact[][]): PlayerGame[] {
  const seen = new Set<string>();
  const humans = record.seats.filter((s) => s.userId !== null);
  const out: PlayerGame[] = [];
  for (const s of humans) {
    const userId = s.userId as string;
    if (seen.has(userId)) continue;
    seen.add(userId);
    out.push({
      userId,
      seat: s.seat,
      won: record.result.winnerSeat === s.seat,
      vsHumans: humans.some((o) => o.userId !== userId),
      rounds: [...(rounds[s.seat] ?? [])],
      gameScore: record.result.reason === "completed" ? (record.result.scores[s.seat] ?? null) : null,
      endedAt: record.endedAt,
    });
  }
  return out;
}

const bestOf = (a: number | null, b: number | null, better: "lower" | "higher"): number | null => {
  if (a === null) return b;
  if (b === null) return a;
  return better === "lower" ? Math.min(a, b) : Math.max(a, b);
};
const worstOf = (a: number | null, b: number | null, better: "lower" | "higher") => bestOf(a, b, better === "lower" ? "higher" : "lower");
const minOf = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
const maxOf = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));

/** Totals after one more game (the rating is left alone; see `planGame`). */
export function addGame(prev: StatsTotals, g: PlayerGame, better: "lower" | "higher"): StatsTotals {
  const next: StatsTotals = { ...prev };
  next.gamesPlayed += 1;
  if (g.won) next.gamesWon += 1;
  if (g.vsHumans) {
    next.humanGamesPlayed += 1;
    if (g.won) next.humanGamesWon += 1;
  }
  for (const r of g.rounds) {
    next.roundsPlayed += 1;
    if (r.won) next.roundsWon += 1;
    next.totalPoints += r.score;
    next.bestRound = bestOf(next.bestRound, r.score, better);
    next.worstRound = worstOf(next.worstRound, r.score, better);
    if (r.knockout) next.knockouts += 1;
    if (r.score <= 0) next.perfectRounds += 1;
    if (r.score < 0) next.negativeRounds += 1;
    if (r.wolfpack) next.wolfpacks += 1;
  }
  next.bestGame = bestOf(next.bestGame, g.gameScore, better);
  next.currentStreak = g.won ? prev.currentStreak + 1 : 0;
  next.bestStreak = Math.max(prev.bestStreak, next.currentStreak);
  next.firstGameAt = minOf(prev.firstGameAt, g.endedAt);
  next.lastGameAt = maxOf(prev.lastGameAt, g.endedAt);
  return next;
}

export interface PlayerUpdate {
  userId: string;
  seat: number;
  before: StatsTotals;
  after: StatsTotals;
  /** Achievement keys that hold after the game (already-unlocked ones are kept by the database). */
  achievements: string[];
}

/**
 * Everything one counted game changes: each human's totals, Glicko-2 rating (pairwise against
 * every other seat, CPUs as fixed 1500/350 opponents, from the ratings before the game) and
 * achievements. `current` holds the totals read before the game; players new to it start empty.
 *
 * `absent` are human seats whose owner never moved (a CPU played them throughout): the game is
 * then unranked for everyone else, who beat or lost to a CPU rather than to them, and counts for
 * the absent players only, as a forfeit (ranked last, no win, no rounds, no game score), so
 * staying away never avoids a loss.
 */
export function planGame(
  current: ReadonlyMap<string, StatsTotals>,
  record: RecordFacts,
  rounds: readonly RoundFact[][],
  adapter: StatsAdapter,
  absent: readonly number[] = [],
): PlayerUpdate[] {
  const facts: RecordFacts =
    absent.length === 0
      ? record
      : { ...record, result: { ...record.result, ...rankWithForfeits(record.result.ranks, [...record.result.forfeited, ...absent]) } };
  const all = playerGames(facts, rounds);
  const games = absent.length === 0 ? all : all.filter((g) => absent.includes(g.seat)).map((g) => ({ ...g, gameScore: null }));
  const bySeat = new Map(games.map((g) => [g.seat, g]));
  const ratingOf = (userId: string): Rating => {
    const t = current.get(userId) ?? EMPTY_TOTALS;
    return { rating: t.rating, rd: t.ratingDeviation, volatility: t.volatility };
  };
  const entrants: Entrant[] = record.seats.map((s) => {
    const rank = facts.result.ranks[s.seat] as number;
    const mine = bySeat.get(s.seat);
    if (mine) return { rating: ratingOf(mine.userId), rank, fixed: false };
    // Humans the game does not count for take part as fixed opponents at their own rating.
    return { rating: s.userId === null ? GLICKO2.cpu : ratingOf(s.userId), rank, fixed: true };
  });
  // A second seat of the same user plays as a fixed opponent: it must not rate the user twice.
  const rated = rateGame(entrants);
  return games.map((g) => {
    const before = current.get(g.userId) ?? EMPTY_TOTALS;
    const after = addGame(before, g, adapter.better);
    const r = rated[g.seat];
    if (r) {
      after.rating = r.rating;
      after.ratingDeviation = r.rd;
      after.volatility = r.volatility;
    }
    return { userId: g.userId, seat: g.seat, before, after, achievements: heldAchievements(after, adapter.achievements) };
  });
}
