import { describe, expect, it } from "vitest";
import { counter } from "../../src/games/counter/index";
import { gameRegistry, listGames } from "../../src/games/registry";
import { createRng } from "../../src/lib/rng";
import type { SeatInfo, Viewer } from "../../src/rooms/game";

const seats = (n: number): SeatInfo[] => Array.from({ length: n }, (_, seat) => ({ seat, name: `P${seat}`, cpu: null }));

function start(n: number, options = {}) {
  const rng = createRng(11);
  return { ...counter.setup({ seats: seats(n), options: counter.optionsSchema.parse(options), rng }), rng };
}

describe("counter", () => {
  it("takes turns adding 1–10 and rejects everything else with stable codes", () => {
    const { state, rng } = start(2);
    expect(counter.awaiting(state)).toEqual([0]);
    expect(counter.legalActions(state, 0)).toHaveLength(10);
    expect(counter.legalActions(state, 1)).toEqual([]);
    const bad = (seat: number, amount: number) => {
      const r = counter.apply(state, seat, { type: "add", amount }, rng);
      return r.ok ? "ok" : r.code;
    };
    expect(bad(1, 3)).toBe("not_your_turn");
    expect(bad(0, 0)).toBe("invalid_amount");
    expect(bad(0, 11)).toBe("invalid_amount");
    expect(bad(0, 2.5)).toBe("invalid_amount");
    const r = counter.apply(state, 0, { type: "add", amount: 7 }, rng);
    if (!r.ok) throw new Error(r.code);
    expect(r.state).toMatchObject({ total: 7, turns: 1, current: 1 });
    expect(r.events).toEqual([{ type: "added", data: { seat: 0, amount: 7, total: 7 } }]);
    expect(state.total).toBe(0);
  });

  it("shows each secret only to its own seat (and omniscient replays)", () => {
    const { state, events } = start(3);
    const secrets = state.players.map((p) => p.secret);
    const secretsIn = (viewer: Viewer) =>
      (counter.view(state, viewer) as { players: { secret?: number }[] }).players.map((p) => p.secret ?? null);
    expect(secretsIn({ kind: "seat", seat: 1 })).toEqual([null, secrets[1], null]);
    expect(secretsIn({ kind: "spectator" })).toEqual([null, null, null]);
    expect(secretsIn({ kind: "omniscient" })).toEqual(secrets);
    expect(events.map((e) => counter.projectEvent(e, { kind: "seat", seat: 2 }))).toEqual([null, null, events[2]]);
    expect(events.map((e) => counter.projectEvent(e, { kind: "spectator" }))).toEqual([null, null, null]);
    for (const seat of [0, 2]) {
      const json = JSON.stringify(counter.view(state, { kind: "seat", seat }));
      expect(json).not.toContain(`"secret":${secrets[1]}`);
    }
  });

  it("ends at the target with the biggest contributor winning, or at the turn limit", () => {
    const cpu = createRng(4);
    const play = (options: object, n: number) => {
      let { state, rng } = start(n, options);
      while (!counter.isOver(state)) {
        const seat = counter.awaiting(state)[0] as number;
        const r = counter.apply(state, seat, counter.cpuMove(state, seat, "Counter", cpu), rng);
        if (!r.ok) throw new Error(r.code);
        state = r.state;
      }
      return state;
    };
    const byTarget = play({ target: 50 }, 3);
    expect(byTarget.total).toBeGreaterThanOrEqual(50);
    const result = counter.result(byTarget);
    expect(result?.scores).toEqual(byTarget.players.map((p) => p.tally));
    const best = Math.max(...(result?.scores ?? []));
    const leaders = result?.scores.filter((s) => s === best).length;
    expect(result?.winnerSeat).toBe(leaders === 1 ? result?.scores.indexOf(best) : null);
    expect(counter.awaiting(byTarget)).toEqual([]);

    const byTurns = play({ target: 10_000, max_turns: 5 }, 1);
    expect(byTurns).toMatchObject({ turns: 5 });
    expect(counter.result(byTurns)?.winnerSeat).toBe(0);
    expect(() => counter.timeoutMove(byTurns, 0, cpu)).toThrow();
  });
});

describe("game registry", () => {
  it("lists counter only when enabled", () => {
    expect(Object.keys(gameRegistry).sort()).toEqual(["counter", "golf", "tcg"]);
    expect(listGames(false).map((g) => g.id)).toEqual(["golf", "tcg"]);
    expect(listGames(true).map((g) => g.id)).toEqual(["golf", "tcg", "counter"]);
  });
});
