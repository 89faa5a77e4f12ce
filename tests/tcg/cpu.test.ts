/** The Familiars CPUs (spec §17). */
import { describe, expect, it } from "vitest";
import { type TcgState, tcg } from "../../src/games/tcg/index";
import { tacticianWins } from "../../src/games/tcg/cpu/strength";
import { act, active, bench, board, inHand, scripted } from "./helpers";

describe("CPU opponents (§17)", () => {
  it("the tactician beats basic in at least 55 % of the spec's 200-game set", () => {
    const { wins, games } = tacticianWins();
    expect(wins / games).toBeGreaterThanOrEqual(0.55);
  }, 120_000);

  it("basic attacks for a knockout first, then evolves, benches, attaches, and ends with its best attack", () => {
    const ko = board({
      players: [
        { active: { card: "pebblepup", energy: ["tide", "tide"] }, hand: ["pebblepup"] },
        { active: { card: "zaplet", damage: 30 } },
      ],
    });
    expect(tcg.cpuMove(ko, 0, "basic", scripted())).toEqual({ type: "attack", index: 1 });
    const s = board({
      players: [{ active: { card: "cinderkit", entered: 1 }, hand: ["energy_ember", "emberbug", "ashlynx"] }, { active: "leviamaw_prime" }],
    });
    expect(tcg.cpuMove(s, 0, "basic", scripted())).toEqual({ type: "evolve", card: inHand(s, 0, "ashlynx"), target: active(s, 0).id });
    const noEvo = board({
      players: [{ active: "cinderkit", bench: ["sproutle"], hand: ["energy_ember", "emberbug"] }, { active: "leviamaw_prime" }],
    });
    const played = act(noEvo, 0, tcg.cpuMove(noEvo, 0, "basic", scripted())).state;
    expect(played.players[0].bench).toHaveLength(2);
    expect(tcg.cpuMove(played, 0, "basic", scripted())).toEqual({
      type: "attach_energy",
      card: inHand(noEvo, 0, "energy_ember"),
      target: active(noEvo, 0).id,
    });
    expect(bench(played, 0, 1)).toBeDefined();
  });

  it("the tactician plays Saboteur when the discard leaves the foe's strongest attack unpaid, whatever it could pay before", () => {
    const withFoeEnergy = (energy: string[]) =>
      board({ players: [{ active: "pebblepup", hand: ["saboteur"] }, { active: { card: "pebblepup", energy } }] });
    // One energy: Dig In [C C] was out of reach already, and stays so.
    const short = withFoeEnergy(["tide"]);
    expect(tcg.cpuMove(short, 0, "tactician", scripted())).toEqual({ type: "play_trainer", card: inHand(short, 0, "saboteur") });
    // Three: two are left, enough for Dig In, so Saboteur is held.
    expect(tcg.cpuMove(withFoeEnergy(["tide", "tide", "tide"]), 0, "tactician", scripted())).toEqual({ type: "end_turn" });
  });

  it("unknown profiles play basic; setup benches every other basic before confirming", () => {
    const s = board({ players: [{ active: { card: "pebblepup", energy: ["tide", "tide"] } }, { active: { card: "zaplet", damage: 30 } }] });
    expect(tcg.cpuMove(s, 0, "Nobody", scripted())).toEqual(tcg.cpuMove(s, 0, "basic", scripted()));
    const rigged = board({ players: [{ hand: ["cinderkit", "leviamaw_prime", "field_notes", "sproutle"] }, { active: "pebblepup" }] });
    let setup: TcgState = {
      ...rigged,
      phase: "setup",
      players: [{ ...rigged.players[0], ready: false }, rigged.players[1]] as typeof rigged.players,
    };
    const moves = [];
    for (let i = 0; i < 4; i++) {
      const move = tcg.cpuMove(setup, 0, "tactician", scripted());
      moves.push(move);
      setup = act(setup, 0, move).state;
      if (move.type === "end_turn") break;
    }
    expect(moves.map((m) => (m.type === "play_basic" ? setup.cards[m.card] : m.type))).toEqual([
      "leviamaw_prime",
      "cinderkit",
      "sproutle",
      "end_turn",
    ]);
  });
});
