/** The `basic` CPU (spec §17): greedy, the first step that applies, no randomness. */
import type { TcgAction } from "../actions";
import { type Attack, card, familiar, type TrainerCard } from "../cards";
import { canPayAttack } from "../combat";
import { type Familiar, inPlay, other, type Player, type TcgState, topCard } from "../state";
import { estimate, knocksOut } from "./estimate";
import { isLegal } from "./shared";

type Step = (s: TcgState, p: Player, them: Player) => TcgAction | undefined;

function first(s: TcgState, seat: number, candidates: TcgAction[]): TcgAction | undefined {
  return candidates.find((a) => isLegal(s, seat, a));
}

export function trainerIn(s: TcgState, p: Player, test: (t: TrainerCard) => boolean): string | undefined {
  return p.hand.find((id) => {
    const c = card(s.cards[id] as string);
    return c.kind === "trainer" && test(c);
  });
}

/** The energy a CPU attaches: the energy zone's card, else the first basic energy in hand. */
export function energyToAttach(s: TcgState, p: Player): string | undefined {
  return p.energy_zone[0] ?? p.hand.find((id) => card(s.cards[id] as string).kind === "energy");
}

const attackIndexes = (s: TcgState, p: Player): number[] => (p.active ? topCard(s, p.active).attacks.map((_, i) => i) : []);

const steps: Step[] = [
  (s, p, them) => {
    if (!p.active || !them.active) return undefined;
    const [me, foe] = [p.active, them.active];
    const index = attackIndexes(s, p).find(
      (i) => knocksOut(s, me, foe, topCard(s, me).attacks[i] as Attack) && isLegal(s, p.seat, { type: "attack", index: i }),
    );
    return index === undefined ? undefined : { type: "attack", index };
  },
  (s, p) => {
    for (const id of p.hand) {
      const c = familiar(s.cards[id] as string);
      if (!c || c.stage === "basic") continue;
      const found = first(
        s,
        p.seat,
        inPlay(p).map((f) => ({ type: "evolve", card: id, target: f.id })),
      );
      if (found) return found;
    }
    return undefined;
  },
  (s, p) =>
    first(
      s,
      p.seat,
      p.hand.map((id) => ({ type: "play_basic", card: id }) as TcgAction),
    ),
  (s, p) => {
    const energy = energyToAttach(s, p);
    if (!energy || !p.active) return undefined;
    const cannotPayLast = (f: Familiar) => !canPayAttack(s, f, topCard(s, f).attacks.at(-1) as Attack);
    const target = cannotPayLast(p.active) ? p.active : (p.bench.find(cannotPayLast) ?? p.active);
    return first(s, p.seat, [{ type: "attach_energy", card: energy, target: target.id }]);
  },
  (s, p, them) => {
    const active = p.active as Familiar;
    const play = (id: string | undefined, target?: string): TcgAction[] =>
      id ? [{ type: "play_trainer", card: id, ...(target ? { target } : {}) }] : [];
    const byId = (cardId: string) => trainerIn(s, p, (t) => t.id === cardId);
    return first(s, p.seat, [
      ...(active.damage >= 30 ? play(byId("healing_salve"), active.id) : []),
      ...(active.status.length > 0 ? play(byId("cleansing_herb")) : []),
      ...play(byId("field_notes")),
      ...(active.tools.length === 0
        ? play(
            trainerIn(s, p, (t) => t.trainer === "tool"),
            active.id,
          )
        : []),
      ...(s.stadium === null ? play(trainerIn(s, p, (t) => t.trainer === "stadium")) : []),
      ...(p.hand.length <= 4 ? play(byId("wandering_mentor")) : []),
      ...((them.active?.energy.length ?? 0) > 0 ? play(byId("saboteur")) : []),
    ]);
  },
  (s, p) =>
    first(
      s,
      p.seat,
      inPlay(p).map((f) => ({ type: "use_ability", familiar: f.id })),
    ),
  (s, p, them) => {
    if (!p.active || !them.active) return undefined;
    const [me, foe] = [p.active, them.active];
    let best: { index: number; damage: number } | undefined;
    for (const index of attackIndexes(s, p)) {
      if (!isLegal(s, p.seat, { type: "attack", index })) continue;
      const damage = estimate(s, me, foe, topCard(s, me).attacks[index] as Attack, "half");
      if (!best || damage >= best.damage) best = { index, damage };
    }
    return best && { type: "attack", index: best.index };
  },
];

export function basicMove(s: TcgState, seat: number): TcgAction {
  const p = s.players[seat] as Player;
  const them = s.players[other(seat)] as Player;
  for (const step of steps) {
    const action = step(s, p, them);
    if (action) return action;
  }
  return { type: "end_turn" };
}
