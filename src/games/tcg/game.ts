/** Familiars as a room-runtime game (spec §4, §14, §15, §17). */
import type { GameDefinition } from "../../rooms/game";
import { type TcgAction, tcgActionSchema } from "./actions";
import { CPU_PROFILES, tcgCpuMove, tcgTimeoutMove } from "./cpu/decide";
import { applyTcg, PLAYERS, setupTcg } from "./engine";
import { validateDeck } from "./decks";
import { type DeckChoice, deckChoiceSchema, deckLabel, isDefaultRules, summarize, type TcgOptions, tcgOptionsSchema } from "./options";
import { tcgResult } from "./result";
import { awaitingSeats, legalTcgActions } from "./rules";
import type { TcgState } from "./state";
import { projectTcgEvent, viewTcg } from "./view";

/**
 * The turn a clock belongs to. Once a turn has ended, forced choices already belong to the next
 * one, so a choice that directly precedes the same seat's turn shares that turn's clock (§15).
 */
function turnKey(s: TcgState): string {
  if (s.phase === "setup") return "setup";
  return String(s.turn_ending ? s.turn + 1 : s.turn);
}

export const tcg: GameDefinition<TcgState, TcgAction, TcgOptions> = {
  id: "tcg",
  title: "Familiars",
  minPlayers: PLAYERS,
  maxPlayers: PLAYERS,
  optionsSchema: tcgOptionsSchema,
  actionSchema: tcgActionSchema,
  cpuProfiles: CPU_PROFILES,
  setup: setupTcg,
  legalActions: legalTcgActions,
  apply: applyTcg,
  view: viewTcg,
  projectEvent: projectTcgEvent,
  awaiting: awaitingSeats,
  isOver: (s) => s.phase === "game_over",
  result: tcgResult,
  timeoutMove: tcgTimeoutMove,
  cpuMove: tcgCpuMove,
  summary: summarize,
  isRanked: isDefaultRules,
  // §15: 180 s turns; the third timeout of the whole game forfeits it.
  roomDefaults: { turnSeconds: 180, timeoutPolicy: "forfeit" },
  timeoutCounting: "game",
  turnKey,
  parseSeatChoice: (options, raw) => {
    const parsed = deckChoiceSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: "choose { starter: type } or one of your saved decks ({ deck: id })" };
    const choice = parsed.data;
    if ("starter" in choice) return { ok: true, choice };
    const verdict = validateDeck(choice, options.rules);
    return verdict.ok
      ? { ok: true, choice }
      : { ok: false, message: `the deck breaks this room's rules: ${verdict.errors.map((e) => e.code).join(", ")}` };
  },
  withSeatChoices: (options, choices) => ({
    ...options,
    decks: [0, 1].map((seat) => (choices[seat] as DeckChoice | null) ?? options.decks[seat] ?? null),
  }),
  // Deck lists stay private (§16): rooms show only "starter: type" or "custom".
  publicOptions: (options) => ({ rules: options.rules, decks: options.decks.map((d) => (d ? deckLabel(d) : null)) }),
};
