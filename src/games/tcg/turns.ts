/**
 * The turn cycle (spec §7), checkup (§10), knockouts and forced actions (§11) and the win check
 * (§12). All functions work on a state the engine has already cloned.
 */
import type { GameEvent } from "../../rooms/game";
import type { Rng } from "../../lib/rng";
import { draw, flip, removeStatus } from "./effects";
import { event, ref } from "./events";
import { target } from "./options";
import { isLethal } from "./stats";
import { type EndReason, type Familiar, freshFlags, inPlay, other, type Player, pendingForced, type TcgState, topCard } from "./state";

export function finish(s: TcgState, winner: number | null, reason: EndReason, events: GameEvent[]): void {
  s.phase = "game_over";
  s.winner = winner;
  s.end_reason = reason;
  s.turn_ending = false;
  events.push(event("game_over", { winner, reason }));
}

/** More points wins; equal points draw. */
function byPoints(s: TcgState): number | null {
  const [a, b] = s.players.map((p) => p.points) as [number, number];
  return a === b ? null : a > b ? 0 : 1;
}

/** §7 start of turn: flags, draw (deck-out loses), energy flip. */
export function startTurn(s: TcgState, seat: number, turn: number, events: GameEvent[]): void {
  const p = s.players[seat] as Player;
  s.turn = turn;
  s.current = seat;
  s.phase = "main";
  p.flags = freshFlags();
  for (const f of inPlay(p)) f.ability_uses = 0;
  events.push(event("turn_start", { seat, turn }));
  const firstOfGame = turn === 1;
  if (!(firstOfGame && !s.rules.first_player_draws)) {
    if (p.deck.length === 0) {
      finish(s, other(seat), "deck_out", events);
      return;
    }
    draw(s, p, 1, events);
  }
  const flipAllowed = !(firstOfGame && !s.rules.first_player_can_attach);
  if (s.rules.energy_mode === "pocket" && flipAllowed && p.energy_zone.length === 0 && p.energy_deck.length > 0) {
    const top = p.energy_deck.shift() as string;
    p.energy_zone.push(top);
    events.push(event("energy_flipped", { seat, card: ref(s, top) }));
  }
}

/** §10: the current player's active first; knockouts wait until both are done. */
function checkup(s: TcgState, rng: Rng, events: GameEvent[]): void {
  for (const seat of [s.current, other(s.current)]) {
    const f = (s.players[seat] as Player).active;
    if (!f) continue;
    const ctx = { s, rng, events };
    if (f.status.includes("poisoned")) addRaw(f, seat, s.rules.poison_damage, "poison", events);
    if (f.status.includes("burned")) {
      addRaw(f, seat, s.rules.burn_damage, "burn", events);
      if (flip(ctx, seat)) removeStatus(ctx, f, ["burned"]);
    }
    if (f.status.includes("asleep") && flip(ctx, seat)) removeStatus(ctx, f, ["asleep"]);
    if (f.status.includes("paralyzed") && seat === s.current) removeStatus(ctx, f, ["paralyzed"]);
  }
}

function addRaw(f: Familiar, owner: number, amount: number, kind: string, events: GameEvent[]): void {
  if (amount <= 0) return;
  f.damage += amount;
  events.push(event("damage", { familiar: f.id, owner, amount, kind, total: f.damage }));
}

/** What knocking `f` out scores (§11.1). */
export function knockoutValue(s: TcgState, f: Familiar): number {
  const variant = topCard(s, f).variant;
  return s.rules[variant === "normal" ? "points_normal" : variant === "prime" ? "points_prime" : "points_titan"];
}

/** §11.1 then §12. Returns whether the game ended. */
export function knockoutsAndWinCheck(s: TcgState, events: GameEvent[]): boolean {
  for (const seat of [s.current, other(s.current)]) {
    const p = s.players[seat] as Player;
    const scorer = s.players[other(seat)] as Player;
    for (const f of inPlay(p).filter((x) => isLethal(s, x))) {
      if (p.active?.id === f.id) p.active = null;
      else p.bench = p.bench.filter((x) => x.id !== f.id);
      p.discard.push(...f.stack, f.top, ...f.energy, ...f.tools);
      const points = knockoutValue(s, f);
      scorer.points += points;
      scorer.knockouts += 1;
      if (s.rules.use_prizes) scorer.prizes_owed = Math.min(scorer.prizes_owed + points, scorer.prizes.length);
      events.push(event("knocked_out", { familiar: f.id, card: ref(s, f.top), owner: seat, scorer: scorer.seat, points }));
    }
  }
  return winCheck(s, events);
}

function winCheck(s: TcgState, events: GameEvent[]): boolean {
  const goal = target(s.rules);
  const reached = s.players.map((p) => p.points >= goal);
  const empty = s.players.map((p) => inPlay(p).length === 0);
  if (empty[0] && empty[1]) {
    finish(s, byPoints(s), "no_familiars", events);
    return true;
  }
  const wins = [0, 1].filter((i) => reached[i] || empty[other(i)]);
  if (wins.length === 0) return false;
  if (wins.length === 1) {
    const w = wins[0] as number;
    finish(s, w, reached[w] ? "points" : "no_familiars", events);
    return true;
  }
  const winner = byPoints(s);
  finish(s, winner, winner === null ? "simultaneous" : "points", events);
  return true;
}

/**
 * §7 end of turn after `end_turn` or an attack whose knockouts were already processed:
 * modifiers expire, checkup, knockouts, turn limit; then forced actions, then the next turn.
 */
export function endTurn(s: TcgState, rng: Rng, events: GameEvent[]): void {
  for (const p of s.players) for (const f of inPlay(p)) f.modifiers = [];
  events.push(event("turn_end", { seat: s.current, turn: s.turn }));
  checkup(s, rng, events);
  if (knockoutsAndWinCheck(s, events)) return;
  if (s.rules.turn_limit > 0 && s.turn === s.rules.turn_limit) {
    finish(s, byPoints(s), "turn_limit", events);
    return;
  }
  s.turn_ending = true;
  advance(s, events);
}

/** Announces the next forced action, or starts the next turn once the ended one has none left. */
export function advance(s: TcgState, events: GameEvent[]): void {
  if (s.phase !== "main") return;
  const forced = pendingForced(s);
  if (forced) {
    events.push(event("forced", { ...forced }));
    return;
  }
  if (s.turn_ending) {
    s.turn_ending = false;
    startTurn(s, other(s.current), s.turn + 1, events);
  }
}
