/** Familiars, the trading-card game: the public library API (spec: docs/rules/tcg.md). */
export { type TcgAction, type TcgActionType, tcgActionSchema } from "./actions";
export { CARDS, type Card, card, type ElementType, type FamiliarCard, findCard, TYPES } from "./cards";
export { CPU_PROFILES, tcgCpuMove, tcgTimeoutMove } from "./cpu/decide";
export { type Deck, type DeckError, type DeckErrorCode, type DeckList, STARTER_DECKS, validateDeck } from "./decks";
export { applyTcg, createTcgGame, setupTcg } from "./engine";
export { tcg } from "./game";
export {
  DEFAULT_RULES,
  type DeckChoice,
  isDefaultRules,
  parseTcgOptions,
  type RulesConfig,
  type TcgOptions,
  type TcgOptionsInput,
  tcgOptionsSchema,
} from "./options";
export { tcgResult } from "./result";
export { awaitingSeats, checkAction, legalTcgActions } from "./rules";
export { maxHp, retreatCost } from "./stats";
export { type Familiar, findFamiliar, inPlay, pendingForced, type Player, type TcgState } from "./state";
export { projectTcgEvent, type TcgView, viewTcg } from "./view";
