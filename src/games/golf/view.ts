/**
 * Per-viewer projections (spec §9). Face-down cards never leave the server, not even to their
 * owner: a face-down slot is `{ faceUp: false, deckId }` (the back colour, which anyone at a real
 * table can see). A deck draw is shown only to the drawer; everyone else learns a card was drawn.
 * Spectators see what every player sees. Omniscient viewers (replays) see everything.
 */
import type { GameEvent, GameResult, Viewer } from "../../rooms/game";
import { type Card, cardValueTable, type Rank } from "./cards";
import { deckColors } from "./deck";
import { activeRules, type DeckColor, type GolfOptions, isStandardRules } from "./options";
import { golfResult } from "./round";
import { awaitingSeats } from "./rules";
import { type GolfState, holesWon, type Phase, type RoundResult, totals } from "./state";

export type HiddenCardView = { faceUp: false; deckId: number };
/** Face-up cards, and for omniscient viewers face-down ones too (then with `faceUp: false`). */
export type SlotView = (Card & { faceUp: boolean }) | HiddenCardView;

/** What follows from the options alone: the same for every viewer and every state of a game. */
export type TableView = {
  options: GolfOptions;
  activeRules: string[];
  ranked: boolean;
  cardValues: Record<Rank, number>;
  deckColors: DeckColor[];
};

export type GolfView = {
  viewer: Viewer;
  table: TableView;
  phase: Phase;
  round: number;
  rounds: number;
  dealer: number;
  /** Null outside `playing` / `final_turn`. */
  currentSeat: number | null;
  awaiting: number[];
  finisher: number | null;
  reshuffles: number;
  deckSize: number;
  discardTop: Card | null;
  discardSize: number;
  /** `card` is present when the viewer may see it: always for discard-pile draws, else only the drawer. */
  drawn: { seat: number; source: "deck" | "discard"; card?: Card } | null;
  pendingFlip: { seat: number; optional: boolean } | null;
  players: {
    seat: number;
    name: string;
    cpu: string | null;
    hand: SlotView[];
    flipped: boolean;
    total: number;
    holesWon: number;
  }[];
  lastRound: RoundResult | null;
  result: GameResult | null;
  /** Deck order, top last: omniscient viewers only. */
  deck?: Card[];
};

// Views are built for every connection on every update, and all states of a game share one options
// object, so the table part is built once per game and shared by its views (read-only snapshots).
const tables = new WeakMap<GolfOptions, TableView>();

function tableView(o: GolfOptions): TableView {
  let table = tables.get(o);
  if (!table) {
    table = {
      options: o,
      activeRules: activeRules(o),
      ranked: isStandardRules(o),
      cardValues: cardValueTable(o),
      deckColors: deckColors(o),
    };
    tables.set(o, table);
  }
  return table;
}

function seesDeckDraw(viewer: Viewer, drawer: number): boolean {
  return viewer.kind === "omniscient" || (viewer.kind === "seat" && viewer.seat === drawer);
}

export function viewGolf(s: GolfState, viewer: Viewer): GolfView {
  const omniscient = viewer.kind === "omniscient";
  const playerTotals = totals(s);
  const playerHolesWon = holesWon(s);
  const turnPhase = s.phase === "playing" || s.phase === "final_turn";
  const drawn = s.drawn;
  return {
    viewer,
    table: tableView(s.options),
    phase: s.phase,
    round: s.round,
    rounds: s.options.rounds,
    dealer: s.dealer,
    currentSeat: turnPhase ? s.current : null,
    awaiting: awaitingSeats(s),
    finisher: s.finisher,
    reshuffles: s.reshuffles,
    deckSize: s.deck.length,
    discardTop: s.discard.at(-1) ?? null,
    discardSize: s.discard.length,
    drawn:
      drawn &&
      (drawn.source === "discard" || seesDeckDraw(viewer, s.current)
        ? { seat: s.current, source: drawn.source, card: drawn.card }
        : { seat: s.current, source: drawn.source }),
    pendingFlip: s.pendingFlip && { seat: s.current, optional: s.pendingFlip.optional },
    players: s.players.map((p) => ({
      seat: p.seat,
      name: p.name,
      cpu: p.cpu,
      hand: p.hand.map(({ card, faceUp }) => (faceUp || omniscient ? { ...card, faceUp } : { faceUp: false, deckId: card.deckId })),
      flipped: p.flipped,
      total: playerTotals[p.seat] as number,
      holesWon: playerHolesWon[p.seat] as number,
    })),
    lastRound: s.history.at(-1) ?? null,
    result: s.phase === "game_over" ? golfResult(s) : null,
    ...(omniscient ? { deck: s.deck } : {}),
  };
}

/** Strips the two kinds of hidden identity events carry: the deal, and a deck draw seen by others. */
export function projectGolfEvent(event: GameEvent, viewer: Viewer): GameEvent {
  if (viewer.kind === "omniscient") return event;
  if (event.type === "round_started") return { type: event.type, data: omit(event.data, "hands") };
  if (event.type === "drew" && event.data.source === "deck" && !seesDeckDraw(viewer, event.data.seat as number)) {
    return { type: event.type, data: omit(event.data, "card") };
  }
  return event;
}

function omit(data: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => k !== key));
}
