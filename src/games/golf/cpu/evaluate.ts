/**
 * How a CPU values hands and where a drawn card would go (spec §7.2 step 5). Face-down cards count
 * as their expected value; nothing here looks at a card the seat cannot see.
 */
import type { Rng } from "../../../lib/rng";
import { type Card, cardValue, type Rank } from "../cards";
import { COLUMNS, columnPartner, columnScore, pairBonus, scoreHand } from "../scoring";
import { hasRank, hiddenCount, type Knowledge, opponents, ownHand, unseenFraction } from "./knowledge";
import type { CpuProfile } from "./profiles";

/** Average value of an unknown card. */
const EXPECTED_HIDDEN = 4.5;
/** Cards worth this much never go into a face-down slot unless they pair. */
const HIGH_CARD = 8;
/** Candidates within this many points of the best count as a tie for personality tie-breaks. */
const TIE_WINDOW = 2;
/** Score given to moves that must not be made. */
const FORBIDDEN = Number.NEGATIVE_INFINITY;

/** A hand's score with each face-down card counted as `hiddenValue`; exact once all are known. */
export function estimateHand(hand: readonly (Card | null)[], k: Knowledge, hiddenValue = EXPECTED_HIDDEN): number {
  return estimateOf(handColumns(hand, k, hiddenValue), k);
}

/** A hand valued once, so that trying a card at each position re-estimates one column. */
type HandColumns = {
  hand: readonly (Card | null)[];
  /** Each face-up card's value by position; face-down positions hold the hidden value. */
  values: number[];
  /** The rank each column pairs, or null. */
  pairs: (Rank | null)[];
  /** Each column's estimate before the bonuses for pairs across columns: a pair's score, else its two values. */
  columns: number[];
  /** How many columns pair: below two, no placement can earn a pair bonus without making a pair. */
  pairCount: number;
  /** The columns' estimates added up. */
  sum: number;
};

/**
 * Scoring a card's placements took seven whole-hand estimates, the CPU's most frequent work. With
 * the values kept, `estimateWith` gives `estimateHand(placed(hand, position, card), k)` from one
 * column, and no card in the hand is valued or checked for a pair twice (the six placements
 * looked up a column's pair about fifteen times). Every term is a whole or half point, so these
 * sums are exact whatever the order of addition. Fixed-size literals rather than arrays grown by
 * push: this runs for every card a CPU considers, and allocation was a large part of its cost.
 */
function handColumns(hand: readonly (Card | null)[], k: Knowledge, hiddenValue = EXPECTED_HIDDEN): HandColumns {
  const values = [
    valueAt(hand, 0, k, hiddenValue),
    valueAt(hand, 1, k, hiddenValue),
    valueAt(hand, 2, k, hiddenValue),
    valueAt(hand, 3, k, hiddenValue),
    valueAt(hand, 4, k, hiddenValue),
    valueAt(hand, 5, k, hiddenValue),
  ];
  const pairs = [pairAt(hand, 0), pairAt(hand, 1), pairAt(hand, 2)];
  const columns = [columnAt(hand, values, pairs, 0, k), columnAt(hand, values, pairs, 1, k), columnAt(hand, values, pairs, 2, k)];
  const pairCount = (pairs[0] === null ? 0 : 1) + (pairs[1] === null ? 0 : 1) + (pairs[2] === null ? 0 : 1);
  return { hand, values, pairs, columns, pairCount, sum: (columns[0] as number) + (columns[1] as number) + (columns[2] as number) };
}

function valueAt(hand: readonly (Card | null)[], position: number, k: Knowledge, hiddenValue: number): number {
  const card = hand[position] ?? null;
  return card === null ? hiddenValue : value(card, k);
}

/** The rank `column` pairs, or null. */
function pairAt(hand: readonly (Card | null)[], column: number): Rank | null {
  const top = hand[column] ?? null;
  return top !== null && hasRank(hand[column + 3], top.rank) ? top.rank : null;
}

/** One column's part of the estimate, before the bonuses for pairs across columns. */
function columnAt(
  hand: readonly (Card | null)[],
  values: readonly number[],
  pairs: readonly (Rank | null)[],
  column: number,
  k: Knowledge,
): number {
  // Only a pair scores other than its two values.
  if (pairs[column] !== null) return columnScore(hand[column] as Card, hand[column + 3] as Card, k.options);
  return (values[column] as number) + (values[column + 3] as number);
}

/** The hand's estimate: its columns and the bonuses for pairs across them. */
function estimateOf(h: HandColumns, k: Knowledge): number {
  return h.sum + pairBonusWith(h, -1, null, k);
}

/**
 * `estimateHand(placed(hand, position, card), k)`, from what the card's column scores with it
 * there (`estimate`) and the rank it pairs, if any; the caller has both at hand.
 */
function estimateWith(h: HandColumns, position: number, estimate: number, paired: Rank | null, k: Knowledge): number {
  const column = position % 3;
  return h.sum - (h.columns[column] as number) + estimate + pairBonusWith(h, column, paired, k);
}

/** `pairBonus` for the columns' paired ranks, with `column` pairing `paired` instead (-1: none changed). */
function pairBonusWith(h: HandColumns, column: number, paired: Rank | null, k: Knowledge): number {
  const replaced = column < 0 ? null : (h.pairs[column] ?? null);
  const count = h.pairCount - (replaced === null ? 0 : 1) + (paired === null ? 0 : 1);
  // Both bonuses need two paired columns, which most hands never have.
  if (count < 2) return 0;
  const ranks: Rank[] = [];
  for (let c = 0; c < 3; c++) {
    const rank = c === column ? paired : (h.pairs[c] ?? null);
    if (rank !== null) ranks.push(rank);
  }
  return pairBonus(ranks, k.options);
}

export function value(card: Card, k: Knowledge): number {
  return cardValue(card, k.options);
}

/**
 * Points per reshuffle a CPU concedes to get a stalled round moving. When the good cards are all in
 * hands, the circulating ones are all bad and nobody would ever fill a face-down slot: without
 * this, such a round never ends.
 */
const STALL_CONCESSION = 10;

/**
 * 12 + int(8 × aggression): the worst score a CPU accepts when a swap would fill its last face-down
 * slot, raised while the round is stalled.
 */
export function goOutTolerance(profile: CpuProfile, k: Knowledge): number {
  return 12 + Math.floor(8 * profile.aggression) + STALL_CONCESSION * k.reshuffles;
}

/** 0 while nobody is close to going out, rising as the nearest opponent runs out of face-down cards. */
export function endgamePressure(k: Knowledge): number {
  if (k.finisher !== null) return 1;
  const fewest = Math.min(...opponents(k).map((seat) => hiddenCount(k.hands[seat] as (Card | null)[])));
  return Math.max(0, (3 - fewest) / 3);
}

export type RoundStage = "early" | "mid" | "late";

/** By the average number of face-down cards per player. */
export function roundStage(k: Knowledge): RoundStage {
  const hidden = k.hands.reduce((sum, hand) => sum + hiddenCount(hand), 0) / k.hands.length;
  return hidden >= 4.5 ? "early" : hidden >= 2.5 ? "mid" : "late";
}

export type SlotScore = { position: number; score: number; hidden: boolean; pairs: boolean };

/** A pair that scores worse than the two cards unpaired, e.g. 2 over 2 under standard rules. */
export function isWastefulPair(card: Card, partner: Card | null, k: Knowledge): boolean {
  return partner !== null && partner.rank === card.rank && columnScore(card, partner, k.options) > value(card, k) + value(partner, k);
}

export function placed(hand: readonly (Card | null)[], position: number, card: Card): (Card | null)[] {
  const after = hand.slice();
  after[position] = card;
  return after;
}

/** Chasing wolfpack / four of a kind: a first pair of a rank that a second pair would pay off. */
function pursuitBonus(card: Card, after: readonly (Card | null)[], profile: CpuProfile, k: Knowledge): number {
  const rewarded = k.options.four_of_a_kind || (k.options.wolfpack && card.rank === "J");
  if (profile.aggression <= 0.5 || !rewarded || unseenFraction(k, card.rank) === 0) return 0;
  const pairsOfRank = COLUMNS.filter(([t, b]) => hasRank(after[t], card.rank) && hasRank(after[b], card.rank)).length;
  return pairsOfRank === 1 ? 3 : 0;
}

/** A face-up card over a face-down one may still be paired later; pair hunters value that. */
function pairPotential(card: Card, profile: CpuProfile, k: Knowledge): number {
  return profile.pairHope * unseenFraction(k, card.rank) * 0.25 * Math.min(value(card, k), 6);
}

/** What scoring a card's placements needs, worked out once per card. */
type Placement = {
  k: Knowledge;
  card: Card;
  profile: CpuProfile;
  hand: readonly (Card | null)[];
  columns: HandColumns;
  before: number;
  faceDown: number;
  v: number;
  revealBonus: number;
  /** Depends on the card alone: worked out for the first position that asks. */
  potential: number | undefined;
};

function placementOf(k: Knowledge, card: Card, profile: CpuProfile): Placement {
  const hand = ownHand(k);
  const columns = handColumns(hand, k);
  // Trailing the leader makes revealing (and so finishing sooner with a known hand) more attractive.
  const behind = leaderTotal(k) + 10 < (k.totals[k.seat] as number);
  return {
    k,
    card,
    profile,
    hand,
    columns,
    before: estimateOf(columns, k),
    faceDown: hiddenCount(hand),
    v: value(card, k),
    revealBonus: (behind ? 1 : 0.5) + (STALL_CONCESSION / 3) * k.reshuffles,
    potential: undefined,
  };
}

/**
 * Step 5: the value of putting the card at `position`: point gain (face-down slots at their
 * expected value, discounted by how far the profile trusts them), weighted for pairs or for
 * spreading good cards, plus reveal, pair-potential and pursuit bonuses, minus 100 for going out
 * above the tolerance. FORBIDDEN for wasteful pairs, 8+ cards into face-down slots without a pair,
 * and swaps that change nothing. A plain number rather than a `SlotScore`: only the chosen
 * position becomes an object (six objects per card considered were most of a CPU's allocation).
 */
function positionScore(p: Placement, position: number): number {
  const { k, card, profile, hand, columns: h, v } = p;
  const current = hand[position] ?? null;
  const partnerAt = columnPartner(position);
  const partner = hand[partnerAt] ?? null;
  const hidden = current === null;
  const pairs = partner !== null && partner.rank === card.rank;
  // The card's column once it is placed (symmetric in its two cards, so the card may stand on top);
  // `isWastefulPair` in terms of it and the values at hand.
  const unpaired = v + (h.values[partnerAt] as number);
  const column = pairs ? columnScore(card, partner, k.options) : unpaired;
  const highIntoHidden = hidden && !pairs && v >= HIGH_CARD && k.reshuffles === 0;
  // Swapping a face-up card for its twin changes nothing; valuing it (for a pair or four being
  // chased) let two CPUs trade equal cards through the discard pile forever.
  const noOp = current !== null && current.rank === card.rank && h.values[position] === v;
  if ((pairs && column > unpaired) || highIntoHidden || noOp) return FORBIDDEN;

  let score = p.before - estimateWith(h, position, column, pairs ? card.rank : null, k);
  if (hidden && !pairs) score *= 0.5 + profile.swapThreshold / 16;
  if (score > 0 && pairs) score *= 1 + profile.pairHope;
  else if (score > 0 && v <= 2) score *= 2 - profile.pairHope;
  if (hidden) score += p.revealBonus;
  if (pairs) score += pursuitBonus(card, placed(hand, position, card), profile, k);
  else if (partner === null && v > 2) score += p.potential ??= pairPotential(card, profile, k);
  const goesOut = hidden && p.faceDown === 1 && k.finisher === null;
  if (goesOut && scoreHand(placed(hand, position, card) as Card[], k.options) > goOutTolerance(profile, k)) score -= 100;
  return score;
}

function slotScore(p: Placement, position: number, score: number): SlotScore {
  const partner = p.hand[columnPartner(position)] ?? null;
  return { position, score, hidden: p.hand[position] === null, pairs: partner !== null && partner.rank === p.card.rank };
}

/** The lowest total among the opponents. */
function leaderTotal(k: Knowledge): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (let seat = 0; seat < k.totals.length; seat++) if (seat !== k.seat) lowest = Math.min(lowest, k.totals[seat] as number);
  return lowest;
}

/** Every position's `positionScore`, by position, as a fixed-size literal (see `handColumns`). */
function positionScores(p: Placement): number[] {
  return [positionScore(p, 0), positionScore(p, 1), positionScore(p, 2), positionScore(p, 3), positionScore(p, 4), positionScore(p, 5)];
}

/** The first of the highest scores above `floor`, as a position; -1 if none is above it. */
function bestPosition(scores: readonly number[], floor: number): number {
  let best = -1;
  for (let position = 0; position < scores.length; position++) {
    const score = scores[position] as number;
    if (score > floor && (best < 0 || score > (scores[best] as number))) best = position;
  }
  return best;
}

/** The first of the highest-scoring positions scoring above `floor`, or null. */
function highest(p: Placement, floor: number): SlotScore | null {
  const scores = positionScores(p);
  const best = bestPosition(scores, floor);
  return best < 0 ? null : slotScore(p, best, scores[best] as number);
}

/** The best worthwhile position for `card`, ignoring personality tie-breaks; null if none helps. */
export function bestSlot(k: Knowledge, card: Card, profile: CpuProfile): SlotScore | null {
  return highest(placementOf(k, card, profile), 0);
}

/** The least bad allowed position for `card`, however poor; null if every position is forbidden. */
export function leastBadSlot(k: Knowledge, card: Card, profile: CpuProfile): SlotScore | null {
  return highest(placementOf(k, card, profile), FORBIDDEN);
}

/** Step 5 with the personality tie-breaks among near-equal candidates. */
export function chooseSlot(k: Knowledge, card: Card, profile: CpuProfile, rng: Rng): SlotScore | null {
  const p = placementOf(k, card, profile);
  const scores = positionScores(p);
  const best = bestPosition(scores, 0);
  if (best < 0) return null;
  // Worthwhile positions near enough to the best for a tie-break; most cards have one clear best.
  const floor = (scores[best] as number) - TIE_WINDOW;
  const close: SlotScore[] = [];
  for (let position = 0; position < scores.length; position++) {
    const score = scores[position] as number;
    if (score > 0 && score >= floor) close.push(slotScore(p, position, score));
  }
  if (close.length < 2) return close[0] as SlotScore;
  if (profile.unpredictability > 0.1 && rng.chance(profile.unpredictability)) return rng.pick(close);
  // The first of the highest-scoring candidates the personality prefers, else the best.
  let preferred: SlotScore | null = null;
  for (const s of close) if (prefers(profile, s) && (preferred === null || s.score > preferred.score)) preferred = s;
  return preferred ?? slotScore(p, best, scores[best] as number);
}

/** Careful players prefer face-up slots, closers face-down ones, pair hunters pairs; the rest have no taste. */
function prefers(profile: CpuProfile, s: SlotScore): boolean {
  if (profile.swapThreshold <= 4) return !s.hidden;
  if (profile.aggression > 0.7) return s.hidden;
  return profile.pairHope > 0.6 && s.pairs;
}
