/**
 * The Golf table drawn from a `GolfView`: every hand, the draw pile and the discard. Used live
 * (with `act`, the seat's moves) and by the replay viewer (omniscient frames, no moves).
 */
import { useSignal } from "@preact/signals";
import type { Card, GolfAction, GolfView } from "../../../src/games/golf/index";

type Slot = GolfView["players"][number]["hand"][number];
const SUITS: Record<string, string> = { hearts: "♥", diamonds: "♦", clubs: "♣", spades: "♠" };

export const cardName = (c: Card): string => (c.rank === "★" ? "Joker" : `${c.rank}${SUITS[c.suit] ?? ""}`);
const red = (c: Card) => c.suit === "hearts" || c.suit === "diamonds";

function CardFace({ slot, label, onPick, picked }: { slot: Slot; label: string; onPick?: (() => void) | undefined; picked?: boolean }) {
  const shown = "rank" in slot && slot.faceUp;
  const text = "rank" in slot ? cardName(slot) : "";
  const cls = `card-face ${shown ? "up" : "down"} ${"rank" in slot && red(slot) ? "red" : ""} ${picked ? "picked" : ""}`;
  const name = `${label}: ${shown ? text : "face down"}`;
  return onPick ? (
    <button type="button" class={cls} aria-label={name} aria-pressed={picked} onClick={onPick}>
      {shown ? text : ""}
    </button>
  ) : (
    <span class={cls} role="img" aria-label={name}>
      {shown || "rank" in slot ? text : ""}
    </span>
  );
}

export function GolfTable({ view, seat, act }: { view: GolfView; seat: number | null; act?: (a: GolfAction) => void }) {
  // Initial-flip picks of this hole; once they are sent, they stay until the server's reveal arrives.
  const chosen = useSignal<{ round: number; positions: number[] }>({ round: 0, positions: [] });
  const picks = chosen.value.round === view.round ? chosen.value.positions : [];
  const me = seat === null ? undefined : view.players[seat];
  const myTurn = seat !== null && view.currentSeat === seat;
  const drawnByMe = view.drawn && view.drawn.seat === seat ? view.drawn : null;
  const flipping = view.pendingFlip?.seat === seat ? view.pendingFlip : null;
  const o = view.table.options;
  const initial = view.phase === "initial_flip" && me && !me.flipped;
  const sent = initial && picks.length >= o.initial_flips;

  const pick = (position: number, slot: Slot): (() => void) | undefined => {
    if (!act || !me) return undefined;
    if (initial && !sent && !slot.faceUp)
      return () => {
        const next = picks.includes(position) ? picks.filter((p) => p !== position) : [...picks, position];
        chosen.value = { round: view.round, positions: next };
        if (next.length >= o.initial_flips) act({ type: "flip_initial", positions: [...next].sort((a, b) => a - b) });
      };
    if (!myTurn) return undefined;
    if (drawnByMe) return () => act({ type: "swap", position });
    if (flipping && !slot.faceUp) return () => act({ type: "flip_card", position });
    if (o.flip_as_action && !view.drawn && !flipping && !slot.faceUp) return () => act({ type: "flip_as_action", position });
    return undefined;
  };

  const hint = !act
    ? null
    : sent
      ? "Turning your cards up…"
      : initial
        ? `Choose ${o.initial_flips - picks.length} card(s) of yours to turn up.`
        : view.phase === "round_over"
          ? "The hole is over."
          : !myTurn
            ? view.currentSeat === null
              ? "Waiting…"
              : `${view.players[view.currentSeat]?.name}'s turn.`
            : drawnByMe
              ? `You hold ${drawnByMe.card ? cardName(drawnByMe.card) : "a card"}: pick a card of yours to swap it with${drawnByMe.source === "deck" ? ", or discard it" : ""}.`
              : flipping
                ? `Turn up a face-down card${flipping.optional ? ", or skip" : ""}.`
                : "Your turn: draw from the deck or take the discard.";

  return (
    <div class="table">
      <div class="piles">
        <div>
          <span class="card-face down" role="img" aria-label={`Draw pile: ${view.deckSize} cards`} />
          <small>{view.deckSize} in deck</small>
        </div>
        <div>
          {view.discardTop ? (
            <CardFace slot={{ ...view.discardTop, faceUp: true }} label="Discard pile top" />
          ) : (
            <span class="card-face empty" role="img" aria-label="Discard pile: empty" />
          )}
          <small>discard</small>
        </div>
        {view.drawn && (
          <div>
            {view.drawn.card ? (
              <CardFace slot={{ ...view.drawn.card, faceUp: true }} label={`Drawn by ${view.players[view.drawn.seat]?.name}`} />
            ) : (
              <span class="card-face down" role="img" aria-label={`${view.players[view.drawn.seat]?.name} drew a card`} />
            )}
            <small>drawn</small>
          </div>
        )}
      </div>
      {hint && (
        <p class="hint" role="status" aria-live="polite">
          {hint}
        </p>
      )}
      {act && myTurn && (
        <div class="row moves">
          {!view.drawn && !flipping && (
            <>
              <button type="button" onClick={() => act({ type: "draw_deck" })}>
                Draw from deck
              </button>
              <button type="button" disabled={!view.discardTop} onClick={() => act({ type: "draw_discard" })}>
                Take discard
              </button>
              {o.knock_early && (
                <button type="button" onClick={() => act({ type: "knock_early" })}>
                  Knock (turn up the rest)
                </button>
              )}
            </>
          )}
          {drawnByMe?.source === "deck" && (
            <button type="button" onClick={() => act({ type: "discard" })}>
              Discard it
            </button>
          )}
          {drawnByMe?.source === "discard" && (
            <button type="button" onClick={() => act({ type: "cancel_draw" })}>
              Put it back
            </button>
          )}
          {flipping?.optional && (
            <button type="button" onClick={() => act({ type: "skip_flip" })}>
              Skip the flip
            </button>
          )}
        </div>
      )}
      {act && view.phase === "round_over" && (
        <button type="button" onClick={() => act({ type: "next_round" })}>
          {view.round >= view.rounds ? "See the standings" : "Next hole"}
        </button>
      )}
      <div class="hands">
        {view.players.map((p) => (
          <section
            key={p.seat}
            class={`hand ${view.currentSeat === p.seat ? "current" : ""} ${p.seat === seat ? "mine" : ""}`}
            aria-label={`${p.seat === seat ? "Your hand" : `${p.name}'s hand`}${view.currentSeat === p.seat ? " (to play)" : ""}`}
          >
            <h3>
              {p.name} {p.cpu && <small>(CPU)</small>} {view.currentSeat === p.seat && <span class="turn-dot">● to play</span>}
            </h3>
            <div class="cards">
              {p.hand.map((slot, i) => (
                <CardFace
                  key={i}
                  slot={slot}
                  label={`${p.seat === seat ? "Your card" : `${p.name}'s card`} ${i + 1}`}
                  onPick={p.seat === seat ? pick(i, slot) : undefined}
                  picked={p.seat === seat && Boolean(initial) && picks.includes(i)}
                />
              ))}
            </div>
            <small>
              total {p.total} · holes won {p.holesWon}
            </small>
          </section>
        ))}
      </div>
    </div>
  );
}

/** The hole just played: raw hand scores, adjustments, and who won it. */
export function RoundSummary({ view }: { view: GolfView }) {
  const r = view.lastRound;
  if (!r) return null;
  return (
    <section class="card" aria-labelledby="round-title">
      <h2 id="round-title">
        Hole {r.round} of {view.rounds}
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Player</th>
            <th scope="col">Hand</th>
            <th scope="col">Hole score</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {view.players.map((p) => (
            <tr key={p.seat}>
              <th scope="row">
                {p.name} {r.winners.includes(p.seat) && "🏆"} {r.finisher === p.seat && "(went out)"}
              </th>
              <td>{r.raw[p.seat]}</td>
              <td>{r.scores[p.seat]}</td>
              <td>{p.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Final standings: rank, name, total and holes won. */
export function Standings({ names, scores, ranks, holesWon }: { names: string[]; scores: number[]; ranks: number[]; holesWon?: number[] }) {
  const order = names.map((_, i) => i).sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0));
  return (
    <section class="card standings" aria-labelledby="standings-title">
      <h2 id="standings-title">Final standings</h2>
      <ol>
        {order.map((s) => (
          <li key={s}>
            <strong>{names[s]}</strong> — {scores[s]} points{holesWon ? `, ${holesWon[s]} holes won` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
