/**
 * Which actions are legal, and why not (spec §1.3–§1.6, §2.1, §9). `legalGolfActions` is derived
 * from `checkGolfAction`, so the list a client sees and what `apply` accepts cannot drift apart.
 */
import type { GolfAction } from "./actions";
import { faceDownCount, type GolfState, type PlayerState } from "./state";

/** Stable rejection codes. */
export type GolfRejectCode =
  | "invalid_seat"
  | "game_over"
  | "wrong_phase"
  | "not_your_turn"
  | "already_flipped"
  | "wrong_flip_count"
  | "duplicate_positions"
  | "invalid_position"
  | "card_face_up"
  | "flip_pending"
  | "no_flip_pending"
  | "flip_required"
  | "already_drawn"
  | "not_drawn"
  | "discard_empty"
  | "must_swap_discard"
  | "cannot_cancel_deck_draw"
  | "cancel_used"
  | "rule_disabled"
  | "knock_not_allowed"
  | "illegal_action";

export type GolfRejection = { code: GolfRejectCode; message: string };

const no = (code: GolfRejectCode, message: string): GolfRejection => ({ code, message });

function isPosition(p: number): boolean {
  return Number.isInteger(p) && p >= 0 && p < 6;
}

function checkFaceDown(player: PlayerState, position: number): GolfRejection | null {
  if (!isPosition(position)) return no("invalid_position", "Positions are 0–5");
  if (player.hand[position]?.faceUp) return no("card_face_up", `Position ${position} is already face-up`);
  return null;
}

/** Null when `seat` may take `action` now, otherwise why not. */
export function checkGolfAction(s: GolfState, seat: number, action: GolfAction): GolfRejection | null {
  const player = s.players[seat];
  if (!Number.isInteger(seat) || !player) return no("invalid_seat", `No seat ${seat} in this game`);
  if (s.phase === "game_over") return no("game_over", "The game is over");

  switch (action.type) {
    case "flip_initial": {
      if (s.phase !== "initial_flip") return no("wrong_phase", "Initial flips happen at the start of a round");
      if (player.flipped) return no("already_flipped", "You already made your initial flip");
      const n = s.options.initial_flips;
      if (action.positions.length !== n) return no("wrong_flip_count", `Flip exactly ${n} card(s)`);
      if (!action.positions.every(isPosition)) return no("invalid_position", "Positions are 0–5");
      if (new Set(action.positions).size !== n) return no("duplicate_positions", "Flip different cards");
      return null;
    }
    case "next_round":
      return s.phase === "round_over" ? null : no("wrong_phase", "The round is not over");
    default:
      if (s.phase !== "playing" && s.phase !== "final_turn") return no("wrong_phase", "No turns are being played");
      if (seat !== s.current) return no("not_your_turn", "It is not your turn");
      return checkTurnAction(s, player, action);
  }
}

function checkTurnAction(s: GolfState, player: PlayerState, action: GolfAction): GolfRejection | null {
  const { drawn, pendingFlip } = s;
  if (pendingFlip && action.type !== "flip_card" && action.type !== "skip_flip") {
    return no("flip_pending", "Flip a face-down card first");
  }
  switch (action.type) {
    case "draw_deck":
      return drawn ? no("already_drawn", "You already drew this turn") : null;
    case "draw_discard":
      if (drawn) return no("already_drawn", "You already drew this turn");
      return s.discard.length === 0 ? no("discard_empty", "The discard pile is empty") : null;
    case "swap":
      if (!drawn) return no("not_drawn", "Draw a card first");
      return isPosition(action.position) ? null : no("invalid_position", "Positions are 0–5");
    case "discard":
      if (!drawn) return no("not_drawn", "Draw a card first");
      return drawn.source === "discard" ? no("must_swap_discard", "A card taken from the discard pile must be swapped in") : null;
    case "cancel_draw":
      if (!drawn) return no("not_drawn", "Nothing to put back");
      if (drawn.source === "deck") return no("cannot_cancel_deck_draw", "A deck draw cannot be undone");
      return s.cancelledDraw ? no("cancel_used", "A draw can be undone once per turn") : null;
    case "flip_card":
      if (!pendingFlip) return no("no_flip_pending", "Nothing asks for a flip now");
      return checkFaceDown(player, action.position);
    case "skip_flip":
      if (!pendingFlip) return no("no_flip_pending", "Nothing asks for a flip now");
      return pendingFlip.optional ? null : no("flip_required", "This flip is not optional");
    case "flip_as_action":
      if (!s.options.flip_as_action) return no("rule_disabled", "Flip as action is not enabled");
      if (drawn) return no("already_drawn", "You already drew this turn");
      return checkFaceDown(player, action.position);
    case "knock_early": {
      if (!s.options.knock_early) return no("rule_disabled", "Early knock is not enabled");
      if (drawn) return no("already_drawn", "You already drew this turn");
      const hidden = faceDownCount(player.hand);
      return hidden === 1 || hidden === 2 ? null : no("knock_not_allowed", "Knocking early needs exactly 1 or 2 face-down cards");
    }
    default:
      return no("illegal_action", `Unknown action ${JSON.stringify((action as { type?: unknown }).type)}`);
  }
}

const POSITIONS = [0, 1, 2, 3, 4, 5];

function combinations(k: number, from = 0): number[][] {
  if (k === 0) return [[]];
  return POSITIONS.slice(from).flatMap((p) => combinations(k - 1, p + 1).map((rest) => [p, ...rest]));
}

function candidates(s: GolfState): GolfAction[] {
  if (s.phase === "initial_flip") {
    return combinations(s.options.initial_flips).map((positions) => ({ type: "flip_initial", positions }));
  }
  return [
    { type: "next_round" },
    { type: "draw_deck" },
    { type: "draw_discard" },
    { type: "discard" },
    { type: "cancel_draw" },
    { type: "skip_flip" },
    { type: "knock_early" },
    ...POSITIONS.flatMap((position): GolfAction[] => [
      { type: "swap", position },
      { type: "flip_card", position },
      { type: "flip_as_action", position },
    ]),
  ];
}

/** Initial flips are listed once, with positions in ascending order (any order is accepted). */
export function legalGolfActions(s: GolfState, seat: number): GolfAction[] {
  return candidates(s).filter((action) => checkGolfAction(s, seat, action) === null);
}

/** Seats the game waits for: unflipped seats, the current player, or anyone to start the next round. */
export function awaitingSeats(s: GolfState): number[] {
  switch (s.phase) {
    case "initial_flip": {
      const seats: number[] = [];
      for (const p of s.players) if (!p.flipped) seats.push(p.seat);
      return seats;
    }
    case "playing":
    case "final_turn":
      return [s.current];
    case "round_over":
      return s.players.map((p) => p.seat);
    case "game_over":
      return [];
  }
}

