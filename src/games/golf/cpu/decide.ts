/**
 * The CPU decision pipeline of spec §7.2, one action at a time: the runtime asks again after each
 * accepted action, so a turn is "start" (knock / flip / draw), then "place the drawn card", then,
 * in flip modes, "flip or skip". All randomness comes from the rng passed in.
 */
import type { Rng } from "../../../lib/rng";
import type { GolfAction } from "../actions";
import { type Card, JOKER, type Rank } from "../cards";
import { awaitingSeats } from "../rules";
import { columnPartner } from "../scoring";
import type { GolfState } from "../state";
import {
  bestSlot,
  chooseSlot,
  endgamePressure,
  estimateHand,
  goOutTolerance,
  isWastefulPair,
  leastBadSlot,
  placed,
  type RoundStage,
  roundStage,
  type SlotScore,
  value,
} from "./evaluate";
import { hasRank, hiddenCount, hiddenSlots, type Knowledge, knowledgeFor, opponents, ownHand, unseenFraction } from "./knowledge";
import type { CpuProfile } from "./profiles";

/** Two-card openings in different columns (§1.3), positions ascending. */
const INITIAL_PAIRS = [
  [0, 4],
  [2, 4],
  [1, 3],
  [1, 5],
  [0, 5],
  [2, 3],
];
/** Discards worth taking even when they would fill the last face-down slot. */
const SAFE_LAST_RANKS: readonly Rank[] = ["A", "2", "K", JOKER];
const TAKE_LIMIT: Record<RoundStage, number> = { early: 2, mid: 3, late: 4 };
/** Points a CPU gives up at most to keep a card the next player could pair. */
const DENIAL_COST = 2;

/** A legal action for `seat`, which must be awaited. */
export function golfCpuMove(s: GolfState, seat: number, profile: CpuProfile, rng: Rng): GolfAction {
  if (!awaitingSeats(s).includes(seat)) throw new Error(`Seat ${seat} has nothing to do now`);
  if (s.phase === "initial_flip") return { type: "flip_initial", positions: initialFlip(s.options.initial_flips, rng) };
  if (s.phase === "round_over") return { type: "next_round" };
  const k = knowledgeFor(s, seat);
  if (k.pendingFlip) return flipAfterDiscard(k, k.pendingFlip.optional, profile, rng);
  if (k.drawn) return placeDrawn(k, k.drawn.card, k.drawn.source, profile, rng);
  return startTurn(k, profile, rng);
}

/** The initial-flip phase only exists with 1 or 2 flips. */
function initialFlip(count: number, rng: Rng): number[] {
  return count === 2 ? [...rng.pick(INITIAL_PAIRS)] : [rng.int(0, 5)];
}

function startTurn(k: Knowledge, profile: CpuProfile, rng: Rng): GolfAction {
  if (shouldKnockEarly(k, profile, rng)) return { type: "knock_early" };
  if (shouldFlipAsAction(k, profile, rng)) return { type: "flip_as_action", position: flipChoice(k, rng) };
  return shouldTakeDiscard(k, profile, rng) ? { type: "draw_discard" } : { type: "draw_deck" };
}

/** Step 2. */
function shouldKnockEarly(k: Knowledge, profile: CpuProfile, rng: Rng): boolean {
  const hand = ownHand(k);
  const hidden = hiddenCount(hand);
  if (!k.options.knock_early || hidden < 1 || hidden > 2) return false;
  const projected = estimateHand(hand, k);
  if (projected > 10) return false;
  const others = opponents(k).map((seat) => k.hands[seat] as (Card | null)[]);
  const bestOpponent = Math.min(...others.map((h) => estimateHand(h, k)));
  let threshold = 5 + Math.floor(4 * profile.aggression);
  if (bestOpponent < projected) threshold -= 0.75 * (projected - bestOpponent);
  if (others.every((h) => estimateHand(h, k, 0) >= 25)) threshold += 5;
  if (projected > threshold) return false;
  const odds = projected <= 4 ? 0.35 : projected <= 6 ? 0.15 : projected <= 8 ? 0.06 : 0.02;
  return rng.chance(profile.aggression * odds);
}

/** Step 3. Never on the last face-down card: that would go out blind. */
function shouldFlipAsAction(k: Knowledge, profile: CpuProfile, rng: Rng): boolean {
  const hidden = hiddenCount(ownHand(k));
  if (!k.options.flip_as_action || profile.aggression > 0.6 || hidden < 2) return false;
  if (k.discardTop && value(k.discardTop, k) <= 2) return false;
  return rng.chance((1 - profile.aggression) * 0.25 * (hidden >= 4 ? 1.5 : 1));
}

/** Step 4. A discard is only taken when some position wants it, since it cannot be discarded again. */
function shouldTakeDiscard(k: Knowledge, profile: CpuProfile, rng: Rng): boolean {
  const top = k.discardTop;
  const slot = top && bestSlot(k, top, profile);
  if (!top || !slot) return false;
  const hand = ownHand(k);
  const v = value(top, k);
  if (hiddenCount(hand) === 1 && slot.hidden && k.finisher === null && !SAFE_LAST_RANKS.includes(top.rank)) {
    const limit = profile.aggression > 0.6 ? 18 : profile.aggression > 0.3 ? 16 : 14;
    if (estimateHand(placed(hand, slot.position, top), k) > limit) return false;
  }
  if (autoTake(k, top, profile)) return true;
  if (v <= 5 && rng.chance(profile.unpredictability)) return rng.chance(0.5);
  if (v <= TAKE_LIMIT[roundStage(k)]) return true;
  const pressure = endgamePressure(k);
  if (pressure > 0 && v <= Math.min(7, 3 + Math.floor(6 * pressure))) return true;
  return worstUnpaired(hand, k) > v + 1;
}

/** The highest value among face-up cards not paired in their column; -Infinity if there are none. */
function worstUnpaired(hand: readonly (Card | null)[], k: Knowledge): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < hand.length; i++) {
    const c = hand[i];
    if (c && !hasRank(hand[columnPartner(i)], c.rank)) worst = Math.max(worst, value(c, k));
  }
  return worst;
}

function autoTake(k: Knowledge, card: Card, profile: CpuProfile): boolean {
  const o = k.options;
  const hand = ownHand(k);
  if (card.rank === JOKER || card.rank === "K") return true;
  // One-eyed jacks (worth 0 under their rule) and ten-penny tens (worth 1).
  if ((card.rank === "J" || card.rank === "10") && value(card, k) <= 1) return true;
  // Face-up cards of the rank, and whether one of them sits over a face-down partner; one loop
  // rather than filter and some with a closure each, as this runs at most turns.
  let sameRankVisible = 0;
  let pairable = false;
  for (let i = 0; i < hand.length; i++) {
    if (!hasRank(hand[i], card.rank)) continue;
    sameRankVisible++;
    if (hand[columnPartner(i)] === null) pairable = true;
  }
  if (profile.aggression > 0.5 && sameRankVisible >= 2 && (o.four_of_a_kind || (o.wolfpack && card.rank === "J"))) {
    return true;
  }
  return value(card, k) > 0 && pairable;
}

/** Steps 5–6. */
function placeDrawn(k: Knowledge, card: Card, source: "deck" | "discard", profile: CpuProfile, rng: Rng): GolfAction {
  const hand = ownHand(k);
  const v = value(card, k);
  // Usable face-down slots are only listed for a card that may be placed at random.
  if (v >= 2 && v <= 7) {
    const hidden = usableHidden(hand, card, k);
    if (hidden.length >= 2 && rng.chance(profile.unpredictability)) return swap(rng.pick(hidden));
  }
  const chase = blackjackChase(k, card);
  if (chase !== null) return swap(chase);
  const slot = chooseSlot(k, card, profile, rng);
  if (source === "discard") return swap(slot?.position ?? forcedSlot(k, card, rng));
  if (slot) return holdOut(k, card, slot, profile, rng) ? { type: "discard" } : swap(slot.position);
  const denial = denialSlot(k, card, profile);
  return denial === null ? { type: "discard" } : swap(denial);
}

/** Face-down positions where `card` would not make a wasteful pair. */
function usableHidden(hand: readonly (Card | null)[], card: Card, k: Knowledge): number[] {
  const out: number[] = [];
  for (let i = 0; i < hand.length; i++) if (hand[i] === null && !isWastefulPair(card, hand[columnPartner(i)] ?? null, k)) out.push(i);
  return out;
}

function swap(position: number): GolfAction {
  return { type: "swap", position };
}

/** With one face-down card left, a card that makes exactly 21 turns the hand into 0 under blackjack. */
function blackjackChase(k: Knowledge, card: Card): number | null {
  if (!k.options.blackjack || k.finisher !== null) return null;
  const hand = ownHand(k);
  const [last, ...more] = hiddenSlots(hand);
  if (last === undefined || more.length > 0) return null;
  if (estimateHand(hand, k, 0) < 15) return null;
  return estimateHand(placed(hand, last, card), k) === 21 ? last : null;
}

/** Step 6: a discard-pile card must go somewhere even when no position wants it. */
function forcedSlot(k: Knowledge, card: Card, rng: Rng): number {
  const hand = ownHand(k);
  const hidden = usableHidden(hand, card, k);
  if (hidden.length > 0) return rng.pick(hidden);
  const costs = [0, 1, 2, 3, 4, 5].map((position) => estimateHand(placed(hand, position, card), k));
  // The first of the cheapest, as the scan left to right always picked.
  return costs.indexOf(Math.min(...costs));
}

/**
 * Pair hunters sometimes pass on a medium card for a face-down slot, hoping for a pair later;
 * never once the deck has gone around, when waiting only stalls the round.
 */
function holdOut(k: Knowledge, card: Card, slot: SlotScore, profile: CpuProfile, rng: Rng): boolean {
  if (profile.pairHope <= 0.6 || !slot.hidden || slot.pairs || value(card, k) < 5 || k.reshuffles > 0) return false;
  const hand = ownHand(k);
  // The face-up cards whose column partner is face-down: how likely each is still to be paired.
  let targets = 0;
  let unseen = 0;
  for (let i = 0; i < hand.length; i++) {
    const c = hand[i];
    if (c && hand[columnPartner(i)] === null) {
      targets++;
      unseen += unseenFraction(k, c.rank);
    }
  }
  if (targets === 0) return false;
  const remaining = unseen / targets;
  let chance = profile.pairHope * remaining;
  if (roundStage(k) === "late" || endgamePressure(k) > 0) chance *= 0.3;
  return chance > 0.5 && rng.chance(chance);
}

/** Keeps a cheap card rather than hand the next player a pair. */
function denialSlot(k: Knowledge, card: Card, profile: CpuProfile): number | null {
  const v = value(card, k);
  if (v <= 0 || v > 4 + 4 * profile.aggression) return null;
  const next = (k.seat + 1) % k.hands.length;
  if (next === k.finisher) return null;
  const theirs = k.hands[next] as (Card | null)[];
  const couldPair = theirs.some((c, i) => hasRank(c, card.rank) && !hasRank(theirs[columnPartner(i)], card.rank));
  const slot = couldPair ? leastBadSlot(k, card, profile) : null;
  return slot && slot.score > -DENIAL_COST ? slot.position : null;
}

/** Step 7. Never flips a last card blind when the expected result is past the go-out tolerance. */
function flipAfterDiscard(k: Knowledge, optional: boolean, profile: CpuProfile, rng: Rng): GolfAction {
  if (optional) {
    const hidden = hiddenCount(ownHand(k));
    if (hidden === 1 && k.finisher === null && estimateHand(ownHand(k), k) > goOutTolerance(profile, k)) {
      return { type: "skip_flip" };
    }
    const skip = hidden === 1 ? 0.2 + 0.2 * (1 - profile.aggression) : hidden >= 3 ? 0.05 : 0.1;
    if (rng.chance(skip + 0.15 * profile.unpredictability)) return { type: "skip_flip" };
  }
  return { type: "flip_card", position: flipChoice(k, rng) };
}

/** A face-down card whose column partner is showing (a pair could appear), else any face-down card. */
function flipChoice(k: Knowledge, rng: Rng): number {
  const hand = ownHand(k);
  const hidden = hiddenSlots(hand);
  const besideVisible = hidden.filter((i) => hand[columnPartner(i)] !== null);
  return rng.pick(besideVisible.length > 0 ? besideVisible : hidden);
}
