/**
 * A Familiars room (docs/rules/tcg.md): seats with a deck choice on ready, then the table: both
 * boards, your hand and energy zone, and one button per legal move. Legality is the engine's own
 * (`legalTcgActions` on the state rebuilt from your view), so the buttons never offer a refusal;
 * forced choices (a new active, a prize card) are announced above them. Loaded on demand: the card
 * data and rules stay out of the first page load.
 */
import { useSignal } from "@preact/signals";
import type { TcgAction } from "../../../../src/games/tcg/actions";
import { card, familiar } from "../../../../src/games/tcg/cards";
import { legalTcgActions } from "../../../../src/games/tcg/rules";
import type { FamiliarView, PlayerView, TcgView } from "../../../../src/games/tcg/view";
import { stateFromView } from "../../../../src/games/tcg/view-state";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { RoomConnection } from "../../sockets/room";
import { ErrorLine, useLoad } from "../../ui/async";
import { EventLog, Joining, Seats, useRoomConnection } from "../golf/room";

const nameOf = (cardId: string) => card(cardId).name;

export function TcgRoomScreen({ id }: { id: string }) {
  const conn = useRoomConnection(id);
  const room = conn.room.value;
  const view = conn.tcgView.value;
  const you = conn.you.value;
  const seat = you?.mode === "play" ? (you.seat ?? null) : null;
  if (!room) return <Joining conn={conn} />;
  return (
    <div class="stack">
      <div class="row spread">
        <h1>
          Familiars · room <span class="code">{room.code}</span>
        </h1>
        <p>
          {room.status} · {room.spectators} watching
        </p>
      </div>
      <ErrorLine error={conn.error} />
      {room.status === "waiting" && <DeckChoice conn={conn} />}
      {view && room.status !== "waiting" && <TcgTable view={view} seat={seat} act={you?.canAct ? (a) => conn.act(a) : undefined} />}
      {conn.result.value && room.status !== "waiting" && (
        <p role="status">
          Game over: {view?.winner === null || view?.winner === undefined ? "a draw" : `${view.players[view.winner]?.name} wins`}
          {view?.end_reason ? ` (${view.end_reason.replaceAll("_", " ")})` : ""}.
        </p>
      )}
      <EventLog conn={conn} />
    </div>
  );
}

/** The seats, with the deck the ready button sends: a starter or one of your saved decks. */
function DeckChoice({ conn }: { conn: RoomConnection }) {
  const decks = useLoad(() => ok(api.v1.tcg.decks.$get()));
  const choice = useSignal("starter:ember");
  const list = decks.data.value;
  const parse = (v: string) => (v.startsWith("starter:") ? { starter: v.slice(8) } : { deck: v.slice(5) });
  return (
    <>
      <label>
        Your deck{" "}
        <select aria-label="Your deck" value={choice.value} onChange={(e) => (choice.value = e.currentTarget.value)}>
          {(list?.starters ?? []).map((s) => (
            <option key={s.starter} value={`starter:${s.starter}`}>
              Starter: {s.starter}
            </option>
          ))}
          {(list?.decks ?? []).map((d) => (
            <option key={d.id} value={`deck:${d.id}`}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <Seats conn={conn} readyChoice={() => parse(choice.value)} />
    </>
  );
}

export function TcgTable({ view, seat, act }: { view: TcgView; seat: number | null; act?: ((a: TcgAction) => void) | undefined }) {
  const legal = seat === null || !act ? [] : legalTcgActions(stateFromView(view), seat).filter((a) => a.type !== "resign");
  const me = seat === null ? null : (view.players[seat] ?? null);
  const others = view.players.filter((p) => p.seat !== seat);
  const forced = view.forced && view.forced.seat === seat ? view.forced : null;
  return (
    <section class="stack" aria-label="Familiars table">
      <p class="clock">
        Turn {view.turn} · {view.phase === "setup" ? "setup" : `${view.players[view.current]?.name}'s turn`}
        {view.stadium && ` · stadium: ${nameOf(view.stadium.card.card)}`}
      </p>
      {others.map((p) => (
        <Board key={p.seat} player={p} label={p.name} />
      ))}
      {me && <Board player={me} label="Your board" />}
      {me?.hand && (
        <section class="card" aria-label="Your hand">
          <h2>Your hand</h2>
          <ul class="tiles">
            {me.hand.map((r) => (
              <li key={r.id}>{nameOf(r.card)}</li>
            ))}
          </ul>
        </section>
      )}
      {legal.length > 0 && act && (
        <section class="card" aria-label="Your moves">
          {forced && (
            <h2 aria-live="polite">
              {forced.kind === "select_active" ? "Choose your new active familiar" : `Take ${forced.count} prize card(s)`}
            </h2>
          )}
          {view.phase === "setup" && <h2>Place your basic familiars, then confirm</h2>}
          <div class="row">
            {legal.map((a) => (
              <button key={JSON.stringify(a)} type="button" onClick={() => act(a)}>
                {describeAction(view, a)}
              </button>
            ))}
          </div>
        </section>
      )}
    </section>
  );
}

function Board({ player, label }: { player: PlayerView; label: string }) {
  return (
    <section class="card" aria-label={label}>
      <h2>
        {label} · {player.points} points
      </h2>
      <p>
        Hand {player.hand_count} · deck {player.deck_count} · prizes {player.prizes_count} · energy deck {player.energy_deck_count} ·
        discard {player.discard.length}
      </p>
      <p>Energy zone: {player.energy_zone.length ? player.energy_zone.map((r) => nameOf(r.card)).join(", ") : "empty"}</p>
      <p>Active: {player.active ? <FamiliarLine f={player.active} /> : "none"}</p>
      <p>
        Bench:{" "}
        {player.bench.length
          ? player.bench.map((f, i) => (
              <span key={f.id}>
                {i > 0 && "; "}
                <FamiliarLine f={f} />
              </span>
            ))
          : "empty"}
      </p>
    </section>
  );
}

function FamiliarLine({ f }: { f: FamiliarView }) {
  return (
    <span>
      <strong>{nameOf(f.card)}</strong> {f.max_hp - f.damage}/{f.max_hp} HP, {f.energy.length} energy
      {f.tools.length > 0 && `, ${f.tools.map((t) => nameOf(t.card)).join(", ")}`}
      {f.status.length > 0 && ` (${f.status.join(", ")})`}
    </span>
  );
}

/** A button's words: the cards by name, familiars by their top card. */
function describeAction(view: TcgView, a: TcgAction): string {
  const named = new Map<string, string>();
  for (const p of view.players) {
    for (const r of p.hand ?? []) named.set(r.id, nameOf(r.card));
    for (const r of p.energy_zone) named.set(r.id, nameOf(r.card));
    for (const f of p.active ? [p.active, ...p.bench] : p.bench) named.set(f.id, nameOf(f.card));
  }
  const n = (id: string | undefined) => (id === undefined ? "" : (named.get(id) ?? id));
  const active = view.players[view.current]?.active;
  switch (a.type) {
    case "play_basic":
      return `Play ${n(a.card)}`;
    case "evolve":
      return `Evolve ${n(a.target)} into ${n(a.card)}`;
    case "attach_energy":
      return `Attach ${n(a.card)} to ${n(a.target)}`;
    case "play_trainer":
      return a.target ? `Play ${n(a.card)} on ${n(a.target)}` : `Play ${n(a.card)}`;
    case "use_ability":
      return `Use ${n(a.familiar)}'s ability`;
    case "attack":
      return `Attack: ${(active && familiar(active.card)?.attacks[a.index]?.name) ?? `#${a.index + 1}`}`;
    case "retreat":
      return `Retreat to ${n(a.to)}`;
    case "select_active":
      return `New active: ${n(a.familiar)}`;
    case "select_prize":
      return `Prize card ${a.index + 1}`;
    case "end_turn":
      return view.phase === "setup" ? "Confirm setup" : "End turn";
    default:
      return a.type;
  }
}
