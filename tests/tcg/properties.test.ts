/**
 * Familiars over many whole games: no viewer ever receives a hidden card (spec §14), replays
 * rebuild the same state, and the CPUs only play legal moves.
 */
import { describe, expect, it } from "vitest";
import { inPlay, type TcgState, tcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import type { GameEvent, Viewer } from "../../src/rooms/game";
import { type Policy, playGame } from "./play";

const VIEWERS: Viewer[] = [{ kind: "seat", seat: 0 }, { kind: "seat", seat: 1 }, { kind: "spectator" }];

/** Instance ids the viewer may not know now: decks, prizes, energy decks, other hands, setup boards. */
function hiddenFrom(s: TcgState, viewer: Viewer): Set<string> {
  const hidden = new Set<string>();
  for (const p of s.players) {
    for (const id of [...p.deck, ...p.prizes, ...p.energy_deck]) hidden.add(id);
    const own = viewer.kind === "seat" && viewer.seat === p.seat;
    if (!own) {
      for (const id of p.hand) hidden.add(id);
      if (s.phase === "setup") for (const f of inPlay(p)) hidden.add(f.id);
    }
  }
  return hidden;
}

/** Instance ids inside a serialized payload. */
function idsIn(json: string): string[] {
  return json.match(/"[01]c\d+"/g)?.map((m) => m.slice(1, -1)) ?? [];
}

const POLICIES: Policy[] = ["random", "basic", "tactician", "timeout"];

describe("visibility over 1,000 random games (§14)", () => {
  it("no view or event a seat or spectator receives names a card hidden from it", () => {
    const rules = [{}, { use_prizes: true }, { energy_mode: "classic" as const }, { max_bench: 5, turn_limit: 12 }];
    let steps = 0;
    for (let game = 0; game < 1000; game++) {
      const driver = createRng(game);
      let before: TcgState | null = null;
      const check = (state: TcgState, events: GameEvent[]): void => {
        steps += 1;
        for (const viewer of VIEWERS) {
          const hiddenNow = hiddenFrom(state, viewer);
          for (const id of idsIn(JSON.stringify(tcg.view(state, viewer)))) {
            if (hiddenNow.has(id)) throw new Error(`game ${game}: view for ${JSON.stringify(viewer)} leaks ${id}`);
          }
          // An event may name a card that moved between hidden and public in this step, never one hidden throughout.
          const hiddenBefore = before ? hiddenFrom(before, viewer) : hiddenNow;
          for (const e of events) {
            const projected = tcg.projectEvent(e, viewer);
            if (!projected) continue;
            for (const id of idsIn(JSON.stringify(projected))) {
              if (hiddenNow.has(id) && hiddenBefore.has(id))
                throw new Error(`game ${game}: ${e.type} for ${JSON.stringify(viewer)} leaks ${id}`);
            }
          }
        }
        before = state;
      };
      playGame(
        {
          seed: game,
          driverSeed: game + 7,
          options: { rules: rules[game % rules.length] },
          policies: [driver.pick(POLICIES), driver.pick(POLICIES)],
        },
        check,
      );
    }
    expect(steps).toBeGreaterThan(10_000);
  }, 300_000);
});

describe("replay and determinism", () => {
  it("replaying setup and the log with the seed rebuilds the final state", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { final, log } = playGame({ seed, driverSeed: seed, policies: ["tactician", "random"] });
      const rng = createRng(seed);
      const seats = [0, 1].map((seat) => ({ seat, name: `P${seat}`, cpu: null }));
      let state = tcg.setup({ seats, options: tcg.optionsSchema.parse({}), rng }).state;
      for (const [seat, action] of log) {
        const r = tcg.apply(state, seat, action, rng);
        if (!r.ok) throw new Error(r.code);
        state = r.state;
      }
      expect(state).toEqual(final);
    }
  });

  it("CPU moves are legal and deterministic for a given stream", () => {
    const { final, log } = playGame({ seed: 42, driverSeed: 1, policies: ["tactician", "basic"] });
    const again = playGame({ seed: 42, driverSeed: 1, policies: ["tactician", "basic"] });
    expect(again.log).toEqual(log);
    expect(tcg.isOver(final)).toBe(true);
  });
});
