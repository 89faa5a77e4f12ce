/**
 * The load-test bot (scripts/lib/tcg-bot.ts) against the pure engine, fed the way a room feeds it:
 * its seat's projected events, and a fresh view whenever it asks for one (`sync`).
 */
import { describe, expect, it } from "vitest";
import { type TcgOptionsInput, parseTcgOptions, projectTcgEvent, tcg, viewTcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import { TcgMirror } from "../../scripts/lib/tcg-bot";

function play(seed: number, options: TcgOptionsInput = {}) {
  const rng = createRng(seed);
  const seats = [0, 1].map((seat) => ({ seat, name: `P${seat}`, cpu: null }));
  let state = tcg.setup({ seats, options: parseTcgOptions(options), rng }).state;
  const bots = [new TcgMirror(seed), new TcgMirror(seed + 1)];
  for (const [seat, b] of bots.entries()) b.reset(viewTcg(state, { kind: "seat", seat }));
  let actions = 0;
  let syncs = 0;
  while (!tcg.isOver(state)) {
    bots.forEach((b, seat) => {
      if (b.needsSync(seat)) {
        syncs++;
        b.reset(viewTcg(state, { kind: "seat", seat }));
      }
    });
    const awaited = tcg.awaiting(state);
    // Every awaited bot has a move: none waits for news that will never come.
    const moves = awaited.map((seat) => {
      const move = bots[seat]?.choose(seat) ?? null;
      if (move === null) throw new Error(`seat ${seat} has no move at action ${actions}`);
      return [seat, move] as const;
    });
    const [seat, action] = moves[actions % moves.length] as (typeof moves)[number];
    const result = tcg.apply(state, seat, action, rng);
    if (!result.ok) throw new Error(`refused ${JSON.stringify(action)}: ${result.code} ${result.message}`);
    expect(action).not.toEqual({ type: "resign" });
    state = result.state;
    actions++;
    for (const e of result.events) {
      bots.forEach((b, s) => {
        const seen = projectTcgEvent(e, { kind: "seat", seat: s });
        if (seen) b.apply(seen);
      });
    }
    if (actions > 5000) throw new Error("the game did not end");
  }
  expect(bots.every((b) => b.over())).toBe(true);
  return { actions, syncs };
}

describe("tcg load-test bot", () => {
  it("plays only legal moves from its own view and never misses its turn (60 games, varied rules)", () => {
    const variants: TcgOptionsInput[] = [
      {},
      { rules: { use_prizes: true } },
      { rules: { energy_mode: "classic", max_bench: 5 } },
      { rules: { first_player_can_attach: true, supporters_per_turn: 3, max_tools_per_familiar: 2 } },
    ];
    let actions = 0;
    let syncs = 0;
    for (let k = 0; k < 60; k++) {
      const game = play(1000 + k, variants[k % variants.length]);
      actions += game.actions;
      syncs += game.syncs;
    }
    expect(actions).toBeGreaterThan(60 * 20);
    // Re-reading the view costs at most a few syncs per action.
    expect(syncs).toBeLessThan(actions * 3);
  });
});
