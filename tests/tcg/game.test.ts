/** Familiars setup, turns, actions, knockouts, forced actions and win conditions (spec §4–§8, §11, §12). */
import { describe, expect, it } from "vitest";
import {
  CARDS,
  createTcgGame,
  DEFAULT_RULES,
  legalTcgActions,
  parseTcgOptions,
  STARTER_DECKS,
  TYPES,
  tcg,
  validateDeck,
  viewTcg,
} from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import { act, active, bench, board, inHand, rejected, scripted, types } from "./helpers";

describe("cards and decks (§2, §3, §16)", () => {
  it("has 45 familiars, 12 trainers and 5 energies", () => {
    const count = (kind: string) => CARDS.filter((c) => c.kind === kind).length;
    expect([count("familiar"), count("trainer"), count("energy")]).toEqual([45, 12, 5]);
    const singe = CARDS.find((c) => c.id === "cinderkit");
    expect(singe?.kind === "familiar" && singe.attacks[1]).toEqual({
      name: "Singe",
      cost: ["E"],
      damage: 10,
      effect: { handler: "attack_coin_status", params: { status: "burned" } },
    });
  });

  it("every starter is a valid 40-card deck with 20 energy of its type", () => {
    for (const type of TYPES) {
      expect(STARTER_DECKS[type].cards).toHaveLength(40);
      expect(STARTER_DECKS[type].energy).toEqual({ [type]: 20 });
      expect(validateDeck(STARTER_DECKS[type], DEFAULT_RULES)).toEqual({ ok: true, errors: [] });
    }
  });

  it("lists every deck error in the spec's order", () => {
    const cards = ["nope", "nope", ...Array.from({ length: 5 }, () => "ashlynx"), "field_notes"];
    expect(validateDeck({ cards, energy: { plain: 3, ember: 2.5, tide: 1, grove: 1, volt: 1 } }, DEFAULT_RULES).errors).toEqual([
      { code: "unknown_card", card: "nope" },
      { code: "wrong_size" },
      { code: "too_many_copies", card: "ashlynx" },
      { code: "no_basic_familiar" },
      { code: "energy_bad_type", card: "plain" },
      { code: "energy_bad_type", card: "ember" },
      { code: "energy_wrong_size" },
      { code: "energy_too_many_types" },
    ]);
  });
});

describe("options (§4)", () => {
  it("fills defaults and rejects unknown keys and out-of-range values", () => {
    expect(parseTcgOptions({}).rules).toEqual(DEFAULT_RULES);
    expect(() => parseTcgOptions({ rules: { max_bench: 6 } })).toThrow();
    expect(() => parseTcgOptions({ rules: { turn_limit: 1 } })).toThrow();
    expect(() => parseTcgOptions({ rules: { bogus: 1 } as never })).toThrow();
    // prize_count + starting_hand_size > deck_size cannot happen within the ranges (10 + 10 ≤ 20), so there is no check for it.
    const extreme = { use_prizes: true, prize_count: 10, starting_hand_size: 10, deck_size: 20 };
    const twenty = { cards: STARTER_DECKS.ember.cards.slice(0, 20), energy: { ember: 20 } };
    const { state } = createTcgGame({ seed: 4, options: { rules: extreme, decks: [twenty, twenty] } });
    for (const p of state.players) {
      expect(p.hand).toHaveLength(10);
      expect(p.prizes).toHaveLength(10);
      expect(p.deck).toHaveLength(0);
    }
    expect(() => parseTcgOptions({ decks: [{ cards: ["cinderkit"], energy: { ember: 20 } }] })).toThrow();
  });

  it("is ranked only at default rules, and the summary hides decks", () => {
    const o = parseTcgOptions({ decks: [{ starter: "ember" }] });
    expect(tcg.isRanked?.(o)).toBe(true);
    expect(tcg.isRanked?.(parseTcgOptions({ rules: { max_bench: 4 } }))).toBe(false);
    expect(tcg.summary?.(o)).toEqual({ energy_mode: "pocket", target: 4, use_prizes: false, max_bench: 3, turn_limit: 30, ranked: true });
  });
});

describe("seat choices and public options (§16)", () => {
  it("a seat's deck is checked against the room's rules, folded into the options, and never shown", () => {
    const o = parseTcgOptions({ rules: { deck_size: 41 } });
    expect(tcg.parseSeatChoice?.(o, { starter: "tide" })).toEqual({ ok: true, choice: { starter: "tide" } });
    expect(tcg.parseSeatChoice?.(o, STARTER_DECKS.ember)).toMatchObject({ ok: false });
    expect(tcg.parseSeatChoice?.(o, { starter: "plain" })).toMatchObject({ ok: false });
    const list = { cards: [...STARTER_DECKS.ember.cards, "sproutle"], energy: { ember: 20 } };
    expect(tcg.parseSeatChoice?.(o, list)).toEqual({ ok: true, choice: list });
    const started = tcg.withSeatChoices?.(o, [null, list]) ?? o;
    expect(started.decks).toEqual([null, list]);
    expect(tcg.publicOptions?.(started)).toEqual({ rules: o.rules, decks: [null, "custom"] });
    expect(JSON.stringify(tcg.publicOptions?.(started))).not.toContain("sproutle");
  });
});

describe("setup (§5, §6)", () => {
  const seats = [0, 1].map((seat) => ({ seat, name: `P${seat}`, cpu: null }));

  it("draws starters, then the first-player coin, then deals; ids never encode the card", () => {
    const { state, events } = createTcgGame({ seed: 5 });
    expect(types(events).slice(0, 2)).toEqual(["setup_dealt", "coin_flip"]);
    for (const p of state.players) {
      expect(p.hand).toHaveLength(5);
      expect(p.deck).toHaveLength(35);
      expect(p.energy_deck).toHaveLength(20);
      expect(p.deck_label).toMatch(/^starter: /);
    }
    expect(Object.keys(state.cards)).toHaveLength(120);
    expect(Object.keys(state.cards).every((id) => /^[01]c\d+$/.test(id))).toBe(true);
    expect(state.phase).toBe("setup");
    expect(tcg.awaiting(state)).toEqual([0, 1]);
  });

  it("mulligans a hand without a basic, publicly, until it holds one", () => {
    let found = false;
    for (let seed = 1; seed < 200 && !found; seed++) {
      const { state, events } = createTcgGame({ seed, options: { rules: { starting_hand_size: 3 } } });
      const mulligan = events.find((e) => e.type === "mulligan");
      if (!mulligan) continue;
      found = true;
      expect((mulligan.data.cards as string[]).every((c) => CARDS.some((x) => x.id === c))).toBe(true);
      expect(events.find((e) => e.type === "setup_dealt")?.data.mulligans).toEqual(
        state.players.map((_, i) => events.filter((e) => e.type === "mulligan" && e.data.seat === i).length),
      );
    }
    expect(found).toBe(true);
  });

  it("classic mode shuffles the energy into a 60-card deck; prize mode sets prizes aside", () => {
    const classic = createTcgGame({ seed: 3, options: { rules: { energy_mode: "classic" } } }).state;
    expect(classic.players[0].deck.length + classic.players[0].hand.length).toBe(60);
    expect(classic.players[0].energy_deck).toEqual([]);
    const prizes = createTcgGame({ seed: 3, options: { rules: { use_prizes: true } } }).state;
    expect(prizes.players.map((p) => p.prizes.length)).toEqual([6, 6]);
  });

  it("placement: first basic active, then bench; hidden until both confirm; confirm needs an active", () => {
    const setup = tcg.setup({ seats, options: parseTcgOptions({ decks: [{ starter: "ember" }, { starter: "tide" }] }), rng: createRng(9) });
    let s = setup.state;
    rejected(s, 0, { type: "end_turn" }, "no_active");
    rejected(s, 0, { type: "attack", index: 0 }, "wrong_phase");
    const rng = createRng(1);
    for (const seat of [0, 1]) {
      const basic = legalTcgActions(s, seat).find((a) => a.type === "play_basic");
      if (!basic) throw new Error("a dealt hand holds a basic");
      s = act(s, seat, basic, rng).state;
    }
    expect(viewTcg(s, { kind: "seat", seat: 1 }).players[0]?.active).toBeNull();
    expect(viewTcg(s, { kind: "seat", seat: 0 }).players[0]?.active).not.toBeNull();
    s = act(s, 0, { type: "end_turn" }, rng).state;
    rejected(s, 0, { type: "end_turn" }, "not_your_turn");
    const { state, events } = act(s, 1, { type: "end_turn" }, rng);
    expect(types(events)).toEqual(["placed", "setup_revealed", "turn_start", "drew"]);
    expect(state.turn).toBe(1);
    expect(state.current).toBe(state.first);
    expect(state.players[state.first]?.energy_zone).toEqual([]);
    expect(state.players.every((p) => p.active?.entered_turn === 0)).toBe(true);
  });
});

describe("turns and actions (§7, §8)", () => {
  it("the second player's turn flips one energy into the zone; it stays until attached", () => {
    const s = board({ turn: 1, players: [{ active: "pebblepup" }, { active: "pebblepup", energy_deck: ["energy_tide", "energy_tide"] }] });
    const t2 = act(s, 0, { type: "end_turn" }).state;
    expect(t2.players[1].energy_zone).toHaveLength(1);
    const t4 = act(act(t2, 1, { type: "end_turn" }).state, 0, { type: "end_turn" }).state;
    expect(t4.players[1].energy_zone).toHaveLength(1);
    expect(t4.players[1].energy_deck).toHaveLength(1);
  });

  it("deck-out: a player who cannot draw at the start of their turn loses", () => {
    const s = board({ players: [{ active: "pebblepup" }, { active: "pebblepup", deck: [] }] });
    const { state } = act(s, 0, { type: "end_turn" });
    expect([state.phase, state.winner, state.end_reason]).toEqual(["game_over", 0, "deck_out"]);
  });

  it("turn 1 rules: no energy (first_turn), attack allowed, no evolving on a first turn", () => {
    const s = board({
      turn: 1,
      players: [{ active: { card: "cinderkit", energy: ["ember"] }, hand: ["energy_ember", "ashlynx"] }, { active: "leviamaw_prime" }],
    });
    rejected(s, 0, { type: "attach_energy", card: inHand(s, 0, "energy_ember"), target: active(s, 0).id }, "first_turn");
    rejected(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: active(s, 0).id }, "first_turn");
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 1).damage).toBe(10);
    rejected({ ...s, rules: { ...s.rules, first_player_can_attack: false } }, 0, { type: "attack", index: 0 }, "first_turn");
  });

  it("rejects in the spec's order and consumes nothing", () => {
    const s = board({
      players: [
        {
          active: { card: "cinderkit", entered: 3 },
          bench: ["puddlefin", "sproutle", "zaplet"],
          hand: ["ashlynx", "pebblepup", "energy_ember", "energy_tide", "whetstone", "windswept_pass", "wandering_mentor"],
        },
        { active: "pebblepup" },
      ],
      stadium: { card: "windswept_pass", owner: 1 },
    });
    rejected(s, 1, { type: "end_turn" }, "not_your_turn");
    rejected(s, 0, { type: "select_prize", index: 0 }, "wrong_phase");
    rejected(s, 0, { type: "play_basic", card: "1c1" }, "card_not_found");
    rejected(s, 0, { type: "attack", index: 5 }, "invalid_index");
    rejected(s, 0, { type: "play_basic", card: inHand(s, 0, "ashlynx") }, "invalid_card");
    rejected(s, 0, { type: "play_basic", card: inHand(s, 0, "pebblepup") }, "bench_full");
    rejected(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: "1c1" }, "invalid_target");
    rejected(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: active(s, 0).id }, "cannot_evolve");
    rejected(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: bench(s, 0, 0).id }, "cannot_evolve");
    rejected(s, 0, { type: "attach_energy", card: inHand(s, 0, "whetstone"), target: active(s, 0).id }, "invalid_card");
    const attached = act(s, 0, { type: "attach_energy", card: inHand(s, 0, "energy_ember"), target: active(s, 0).id }).state;
    rejected(attached, 0, { type: "attach_energy", card: inHand(s, 0, "energy_tide"), target: active(s, 0).id }, "energy_limit");
    rejected(s, 0, { type: "play_trainer", card: inHand(s, 0, "whetstone") }, "invalid_target");
    rejected(s, 0, { type: "play_trainer", card: inHand(s, 0, "wandering_mentor"), target: active(s, 0).id }, "invalid_target");
    rejected(s, 0, { type: "play_trainer", card: inHand(s, 0, "windswept_pass") }, "stadium_rule");
    const tooled = act(s, 0, { type: "play_trainer", card: inHand(s, 0, "whetstone"), target: active(s, 0).id }).state;
    expect(active(tooled, 0).tools).toHaveLength(1);
    rejected(
      { ...tooled, players: [{ ...tooled.players[0], hand: [...tooled.players[0].hand, inHand(s, 0, "whetstone")] }, tooled.players[1]] },
      0,
      { type: "play_trainer", card: inHand(s, 0, "whetstone"), target: active(s, 0).id },
      "tool_limit",
    );
    rejected(s, 0, { type: "use_ability", familiar: active(s, 0).id }, "ability_unavailable");
    rejected(s, 0, { type: "attack", index: 0 }, "insufficient_energy");
  });

  it("evolve keeps damage, energy and tools and resets ability uses", () => {
    const s = board({
      players: [
        { active: { card: "cinderkit", damage: 20, energy: ["ember"], tools: ["whetstone"], entered: 1 }, hand: ["ashlynx"] },
        { active: "pebblepup" },
      ],
    });
    const { state } = act(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: active(s, 0).id });
    const f = active(state, 0);
    expect([state.cards[f.top], f.stack, f.damage, f.energy.length, f.tools.length, f.evolved_turn]).toEqual([
      "ashlynx",
      [active(s, 0).top],
      20,
      1,
      1,
      3,
    ]);
  });

  it("legalActions lists concrete actions accepted by apply, resign last", () => {
    const s = board({
      players: [
        { active: { card: "cinderkit", energy: ["ember"] }, bench: ["puddlefin"], hand: ["energy_ember", "healing_salve"] },
        { active: "pebblepup" },
      ],
    });
    const legal = tcg.legalActions(s, 0);
    expect(legal.at(-1)).toEqual({ type: "resign" });
    for (const a of legal) expect(tcg.apply(s, 0, a, scripted()).ok).toBe(true);
    expect(tcg.legalActions(s, 1)).toEqual([]);
  });
});

describe("knockouts, points and forced actions (§11)", () => {
  it("discards stack, top, energy, tools in order; the opponent scores the variant's points", () => {
    const s = board({
      players: [
        { active: { card: "stormroc_prime", energy: ["volt", "volt"] } },
        { active: { card: "ashlynx", stack: ["cinderkit"], energy: ["ember"], tools: ["oak_charm"], damage: 80 }, bench: ["sproutle"] },
      ],
    });
    const f = active(s, 1);
    const { state, events } = act(s, 0, { type: "attack", index: 0 });
    expect(state.players[1].discard).toEqual([...f.stack, f.top, ...f.energy, ...f.tools]);
    expect([state.players[0].points, state.players[0].knockouts]).toEqual([1, 1]);
    expect(state.current).toBe(0);
    expect(tcg.awaiting(state)).toEqual([1]);
    expect(events.find((e) => e.type === "forced")?.data).toEqual({ seat: 1, kind: "select_active", count: 1 });
    rejected(state, 1, { type: "end_turn" }, "forced_action_required");
    const next = act(state, 1, { type: "select_active", familiar: bench(s, 1, 0).id });
    expect(types(next.events)).toEqual(["active_selected", "turn_start", "drew"]);
    expect(next.state.current).toBe(1);
  });

  it("a self knockout scores for the opponent; prime and titan are worth 2 and 3", () => {
    const s = board({
      players: [
        { active: { card: "griffin_prime", energy: ["volt", "volt", "volt"], damage: 90 }, bench: ["pebblepup"] },
        { active: "leviamaw_prime" },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 1 });
    expect(state.players[1].points).toBe(2);
  });

  it("prize mode: the scorer takes prizes by position before the opponent selects an active", () => {
    const s = board({
      rules: { use_prizes: true },
      players: [
        { active: { card: "stormroc_prime", energy: ["volt", "volt"] }, prizes: ["zaplet", "field_notes", "sproutle"] },
        { active: { card: "sphinxara_prime", damage: 80 }, bench: ["wisplet"] },
      ],
    });
    let { state } = act(s, 0, { type: "attack", index: 0 });
    expect(viewTcg(state, { kind: "seat", seat: 0 }).forced).toEqual({ seat: 0, kind: "select_prize", count: 2 });
    rejected(state, 0, { type: "select_prize", index: 3 }, "invalid_index");
    state = act(state, 0, { type: "select_prize", index: 1 }).state;
    state = act(state, 0, { type: "select_prize", index: 0 }).state;
    expect(state.players[0].hand.map((id) => state.cards[id])).toEqual(["field_notes", "zaplet"]);
    expect(tcg.awaiting(state)).toEqual([1]);
  });
});

describe("win conditions (§12)", () => {
  it("points: reaching the target wins", () => {
    const s = board({
      players: [
        { active: { card: "stormroc_prime", energy: ["volt", "volt"] }, points: 3 },
        { active: { card: "zaplet" }, bench: ["sproutle"] },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 0 });
    expect([state.winner, state.end_reason]).toEqual([0, "points"]);
    expect(tcg.result(state)).toEqual({
      scores: [4, 0],
      winnerSeat: 0,
      ranks: [1, 2],
      extra: { end_reason: "points", turns: 3, knockouts: [1, 0] },
    });
  });

  it("no_familiars: knocking out the last familiar wins", () => {
    const s = board({ players: [{ active: { card: "stormroc_prime", energy: ["volt", "volt"] } }, { active: "zaplet" }] });
    expect(act(s, 0, { type: "attack", index: 0 }).state.end_reason).toBe("no_familiars");
  });

  it("both boards empty: more points wins, equal draws", () => {
    const s = board({
      players: [
        { active: { card: "griffin_prime", energy: ["volt", "volt", "volt"], damage: 90 } },
        { active: { card: "pebblepup", damage: 50 } },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 1 });
    expect([state.winner, state.end_reason]).toEqual([1, "no_familiars"]);
  });

  it("simultaneous: both reach the target with equal points → draw", () => {
    const s = board({
      players: [
        {
          active: { card: "thunderam", stack: ["zaplet", "joltram"], energy: ["volt", "volt", "volt"], damage: 110 },
          bench: ["zaplet"],
          points: 3,
        },
        { active: "pebblepup", bench: ["pebblepup"], points: 3 },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 0 });
    expect([state.winner, state.end_reason]).toEqual([null, "simultaneous"]);
    expect(tcg.result(state)?.ranks).toEqual([1, 1]);
  });

  it("turn limit: the game ends after turn_limit, more points wins", () => {
    const s = board({ turn: 30, players: [{ active: "pebblepup", points: 1 }, { active: "pebblepup" }] });
    const { state } = act(s, 0, { type: "end_turn" });
    expect([state.winner, state.end_reason]).toEqual([0, "turn_limit"]);
  });

  it("resignation from either seat at any time", () => {
    const s = board({ players: [{ active: "pebblepup" }, { active: "pebblepup" }] });
    const { state } = act(s, 1, { type: "resign" });
    expect([state.winner, state.end_reason]).toEqual([0, "resignation"]);
    rejected(state, 0, { type: "resign" }, "game_over");
  });
});

describe("turn boundary for the runtime (§15)", () => {
  it("changes when a turn begins; a forced choice after a turn ended belongs to the next turn", () => {
    const key = (s: Parameters<NonNullable<typeof tcg.turnKey>>[0]) => tcg.turnKey?.(s);
    const s = board({
      players: [{ active: { card: "stormroc_prime", energy: ["volt", "volt"] } }, { active: "zaplet", bench: ["sproutle"] }],
    });
    expect(key(s)).toBe("3");
    const after = act(s, 0, { type: "attack", index: 0 }).state;
    expect(tcg.awaiting(after)).toEqual([1]);
    expect(key(after)).toBe("4");
    const turn = act(after, 1, { type: "select_active", familiar: bench(s, 1, 0).id }).state;
    expect([turn.turn, key(turn)]).toEqual([4, "4"]);
    expect(key({ ...s, phase: "setup" })).toBe("setup");
  });
});

describe("timeout moves (§15)", () => {
  it("setup: the highest-HP basic, then end_turn; forced: the sturdiest bench and prize 0; main: end_turn", () => {
    const rigged = board({ players: [{ hand: ["cinderkit", "leviamaw_prime", "scorchdrake_prime"] }, { active: "pebblepup" }] });
    const setup = {
      ...rigged,
      phase: "setup" as const,
      players: [{ ...rigged.players[0], ready: false }, rigged.players[1]] as typeof rigged.players,
    };
    expect(tcg.timeoutMove(setup, 0, scripted())).toEqual({ type: "play_basic", card: inHand(setup, 0, "leviamaw_prime") });
    const forced = board({
      current: 1,
      players: [
        { bench: [{ card: "sproutle", damage: 10 }, "pebblepup", { card: "leviamaw_prime", damage: 80 }] },
        { active: "pebblepup" },
      ],
    });
    expect(tcg.timeoutMove(forced, 0, scripted())).toEqual({ type: "select_active", familiar: bench(forced, 0, 1).id });
    const main = board({ players: [{ active: "pebblepup" }, { active: "pebblepup" }] });
    expect(tcg.timeoutMove(main, 0, scripted())).toEqual({ type: "end_turn" });
    expect(() => tcg.timeoutMove(main, 1, scripted())).toThrow();
  });
});
