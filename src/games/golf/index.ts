/** Golf: the public library API. See README.md for examples. */
export { type GolfAction, type GolfActionType, golfActionSchema } from "./actions";
export {
  type Card,
  type CardFace,
  cardValue,
  cardValueTable,
  JOKER,
  RANKS,
  type Rank,
  SUITS,
  type Suit,
} from "./cards";
export { golfCpuMove } from "./cpu/decide";
export { CPU_PROFILE_NAMES, CPU_PROFILES, type CpuProfile, cpuProfile, FALLBACK_PROFILE } from "./cpu/profiles";
export { thinkDelayMs } from "./cpu/timing";
export { buildDeck, copiesInDeck, deckColors } from "./deck";
export { applyGolf, createGolfGame, MAX_PLAYERS, MIN_PLAYERS, setupGolf } from "./engine";
export type { GolfEvent, GolfEventData, GolfEventType, RevealCause } from "./events";
export { golf } from "./game";
export {
  activeRules,
  DECK_COLORS,
  type DeckColor,
  DEFAULT_DECK_COLORS,
  type GolfOptions,
  type GolfOptionsInput,
  golfOptionsSchema,
  isStandardRules,
  parseGolfOptions,
} from "./options";
export { golfResult } from "./round";
export {
  type Adjustment,
  type AdjustedScores,
  applyRoundEndAdjustments,
  lowestSeats,
  type RoundEndOptions,
  type RoundEndRule,
} from "./round-end";
export { awaitingSeats, checkGolfAction, type GolfRejectCode, type GolfRejection, legalGolfActions } from "./rules";
export { COLUMNS, columnPartner, columnScore, pairBonus, type ScoringOptions, scoreHand } from "./scoring";
export { type GolfState, holesWon, type Phase, type PlayerState, type RoundResult, type Slot, totals } from "./state";
export { type GolfView, type HiddenCardView, projectGolfEvent, type SlotView, type TableView, viewGolf } from "./view";
