/**
 * Achievements: each is a condition on a player's totals for one game id, checked after every
 * counted game and unlocked once (the primary key of `player_achievements` decides).
 */
import type { StatsTotals } from "./compute";

export interface AchievementDef {
  key: string;
  title: string;
  description: string;
  /** Whether the totals after a game satisfy it. */
  holds(stats: StatsTotals): boolean;
  /** Only games whose adapter lists the key offer it; generic ones apply to every game. */
  generic: boolean;
}

const def = (key: string, title: string, description: string, holds: (s: StatsTotals) => boolean, generic = true): AchievementDef => ({
  key,
  title,
  description,
  holds,
  generic,
});

export const ACHIEVEMENTS: readonly AchievementDef[] = [
  def("first_win", "First win", "Win a game", (s) => s.gamesWon >= 1),
  def("wins_10", "Ten wins", "Win 10 games", (s) => s.gamesWon >= 10),
  def("wins_50", "Fifty wins", "Win 50 games", (s) => s.gamesWon >= 50),
  def("wins_100", "A hundred wins", "Win 100 games", (s) => s.gamesWon >= 100),
  def("streak_5", "On a roll", "Win 5 games in a row", (s) => s.bestStreak >= 5),
  def("streak_10", "Unstoppable", "Win 10 games in a row", (s) => s.bestStreak >= 10),
  def("perfect_round", "Perfect round", "Finish a round with a score of 0 or less", (s) => s.perfectRounds >= 1, false),
  def("negative_round", "Below zero", "Finish a round with a negative score", (s) => s.negativeRounds >= 1, false),
  def("knockouts_10", "Knockout artist", "Go out first in 10 rounds", (s) => s.knockouts >= 10, false),
  def("wolfpack", "Wolfpack", "Finish a round with two columns of paired jacks", (s) => s.wolfpacks >= 1, false),
];

const BY_KEY = new Map(ACHIEVEMENTS.map((a) => [a.key, a]));

export function achievementDef(key: string): AchievementDef | undefined {
  return BY_KEY.get(key);
}

/** Achievements a game offers: the generic ones plus those its stats adapter lists. */
export function offeredAchievements(adapterKeys: readonly string[]): AchievementDef[] {
  return ACHIEVEMENTS.filter((a) => a.generic || adapterKeys.includes(a.key));
}

/**
 * Keys whose condition holds for these totals. The recorder inserts all of them after each game
 * and the primary key keeps the first unlock, so an achievement added later is granted on the
 * player's next game.
 */
export function heldAchievements(stats: StatsTotals, adapterKeys: readonly string[]): string[] {
  return offeredAchievements(adapterKeys)
    .filter((a) => a.holds(stats))
    .map((a) => a.key);
}
