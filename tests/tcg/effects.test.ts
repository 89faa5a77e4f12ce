/** Every effect handler of spec §13, through the cards that carry it. */
import { describe, expect, it } from "vitest";
import { maxHp, retreatCost } from "../../src/games/tcg/index";
import { act, active, bench, board, HEADS, inHand, rejected, scripted, TAILS, types } from "./helpers";

describe("effect handlers (§13)", () => {
  it("deal_damage: raw recoil on self (Thunder Charge) and Static Field on the opponent's active", () => {
    const s = board({
      players: [
        { active: { card: "thunderam", stack: ["zaplet", "joltram"], energy: ["volt", "volt", "volt"] } },
        { active: "leviamaw_prime" },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 0 });
    expect(active(state, 0).damage).toBe(30);
    expect(active(state, 1).damage).toBe(120);
    const field = board({
      players: [
        { active: { card: "teslashell", stack: ["coilsnail"] }, bench: [{ card: "teslashell", stack: ["coilsnail"] }] },
        { active: "shellnip" },
      ],
    });
    rejected(field, 0, { type: "use_ability", familiar: bench(field, 0, 0).id }, "ability_unavailable");
    const used = act(field, 0, { type: "use_ability", familiar: active(field, 0).id }).state;
    expect(active(used, 1).damage).toBe(10);
    rejected(used, 0, { type: "use_ability", familiar: active(used, 0).id }, "ability_unavailable");
  });

  it("attack_damage: used by every attack with base > 0 (weakness applies)", () => {
    const s = board({ players: [{ active: { card: "zaplet", energy: ["volt"] } }, { active: "wisplet" }] });
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 1).damage).toBe(40);
  });

  it("heal: self (Antler Rush), all own (Verdant Pulse), chosen own (Healing Salve), never below 0", () => {
    const s = board({
      players: [{ active: { card: "canopystag_prime", energy: ["grove", "grove", "grove"], damage: 50 } }, { active: "leviamaw_prime" }],
    });
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 0).damage).toBe(30);
    const pulse = board({
      players: [
        { active: { card: "elderoak", stack: ["sproutle", "thornback"], damage: 10 }, bench: [{ card: "sproutle", damage: 40 }] },
        { active: "pebblepup" },
      ],
    });
    const healed = act(pulse, 0, { type: "use_ability", familiar: active(pulse, 0).id }).state;
    expect([active(healed, 0).damage, bench(healed, 0, 0).damage]).toEqual([0, 20]);
    const salve = board({
      players: [{ active: "pebblepup", bench: [{ card: "sproutle", damage: 40 }], hand: ["healing_salve"] }, { active: "pebblepup" }],
    });
    rejected(salve, 0, { type: "play_trainer", card: inHand(salve, 0, "healing_salve") }, "invalid_target");
    const after = act(salve, 0, { type: "play_trainer", card: inHand(salve, 0, "healing_salve"), target: bench(salve, 0, 0).id }).state;
    expect(bench(after, 0, 0).damage).toBe(10);
    expect(after.players[0].discard).toEqual([inHand(salve, 0, "healing_salve")]);
  });

  it("draw_cards: Field Notes draws one; a short deck draws what it can and never loses", () => {
    const s = board({ players: [{ active: "pebblepup", hand: ["wandering_mentor"], deck: ["cinderkit"] }, { active: "pebblepup" }] });
    const { state, events } = act(s, 0, { type: "play_trainer", card: inHand(s, 0, "wandering_mentor") });
    expect(state.players[0].hand.map((id) => state.cards[id])).toEqual(["cinderkit"]);
    expect(state.phase).toBe("main");
    expect(events.find((e) => e.type === "drew")?.data.count).toBe(1);
  });

  it("discard_from_hand: Mind Crush discards the opponent's hand card at rng.int(0, size−1)", () => {
    const s = board({
      players: [
        { active: { card: "astralwisp", stack: ["wisplet", "dreamwisp"], energy: ["mind", "mind", "mind"] } },
        { active: "leviamaw_prime", hand: ["cinderkit", "field_notes", "sproutle"] },
      ],
    });
    const { state, events } = act(s, 0, { type: "attack", index: 0 }, scripted([0.5]));
    const gone = events.find((e) => e.type === "hand_discarded");
    expect(gone?.data.cards).toEqual([{ id: "1c2", card: "field_notes" }]);
    expect(state.players[1].discard).toContain("1c2");
  });

  it("shuffle_deck: Fresh Start puts the hand into the deck, shuffles and draws 5", () => {
    const s = board({
      players: [
        { active: "pebblepup", hand: ["fresh_start", "cinderkit", "sproutle"], deck: ["zaplet", "zaplet", "zaplet", "zaplet"] },
        { active: "pebblepup" },
      ],
    });
    const { state, events } = act(s, 0, { type: "play_trainer", card: inHand(s, 0, "fresh_start") });
    expect(state.players[0].hand).toHaveLength(5);
    expect(state.players[0].deck).toHaveLength(1);
    expect(events.find((e) => e.type === "deck_shuffled")?.data).toEqual({ seat: 0, count: 6 });
    expect(state.players[0].flags.supporters_played).toBe(1);
    rejected(
      { ...state, players: [{ ...state.players[0], hand: [...state.players[0].hand, "0c1"] }, state.players[1]] },
      0,
      { type: "play_trainer", card: "0c1" },
      "supporter_limit",
    );
  });

  it("apply_status: Searing Horn burns the opponent's active; Snooze Slam puts the attacker to sleep", () => {
    const s = board({
      players: [{ active: { card: "kilnbeetle", stack: ["emberbug"], energy: ["ember", "ember", "ember"] } }, { active: "leviamaw_prime" }],
    });
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([TAILS])).state, 1).status).toEqual(["burned"]);
    const mole = board({ players: [{ active: { card: "dozemole", energy: ["grove", "grove", "grove"] } }, { active: "leviamaw_prime" }] });
    expect(active(act(mole, 0, { type: "attack", index: 0 }, scripted([TAILS])).state, 0).status).toEqual(["asleep"]);
  });

  it("remove_status: Cleansing Herb and Purify clear every status of the own active", () => {
    const s = board({
      players: [
        { active: { card: "torrentail", stack: ["puddlefin", "brookfin"], status: ["poisoned", "asleep"] }, hand: ["cleansing_herb"] },
        { active: "pebblepup" },
      ],
    });
    expect(active(act(s, 0, { type: "use_ability", familiar: active(s, 0).id }).state, 0).status).toEqual([]);
    expect(active(act(s, 0, { type: "play_trainer", card: inHand(s, 0, "cleansing_herb") }).state, 0).status).toEqual([]);
  });

  it("coin_flip_damage: Fire Fang adds 20 on heads", () => {
    const s = board({ players: [{ active: { card: "flarehound", energy: ["ember", "ember"] } }, { active: "leviamaw_prime" }] });
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([HEADS])).state, 1).damage).toBe(50);
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([TAILS])).state, 1).damage).toBe(30);
  });

  it("bench_damage: Maelstrom hits every opposing benched familiar, raw", () => {
    const s = board({
      players: [
        { active: { card: "leviamaw_prime", energy: ["tide", "tide", "tide"] } },
        { active: "leviamaw_prime", bench: ["sproutle", { card: "bastioncrab", stack: ["shellnip"], tools: ["stoneskin_ward"] }] },
      ],
    });
    const { state } = act(s, 0, { type: "attack", index: 1 });
    expect([bench(state, 1, 0).damage, bench(state, 1, 1).damage]).toEqual([10, 10]);
  });

  it("discard_energy: most recently attached first, of the given type (Inferno Roar), or from the opponent (Saboteur)", () => {
    const s = board({
      players: [
        { active: { card: "blazemane", stack: ["cinderkit", "ashlynx"], energy: ["ember", "ember", "tide", "ember"] } },
        { active: "leviamaw_prime" },
      ],
    });
    const roar = act(s, 0, { type: "attack", index: 1 }).state;
    const [e1, e2, t] = active(s, 0).energy as [string, string, string];
    expect(active(roar, 0).energy).toEqual([e1, e2, t]);
    const sab = board({
      players: [{ active: "pebblepup", hand: ["saboteur"] }, { active: { card: "pebblepup", energy: ["tide", "mind"] } }],
    });
    const after = act(sab, 0, { type: "play_trainer", card: inHand(sab, 0, "saboteur") }).state;
    expect(after.players[1].discard).toEqual([active(sab, 1).energy[1]]);
  });

  it("modify_hp: Oak Charm (holder) and Old Growth Grove (grove only) are static; removing the stadium can knock out", () => {
    const s = board({
      stadium: { card: "old_growth_grove", owner: 1 },
      players: [
        { active: { card: "sproutle", tools: ["oak_charm"], damage: 85 }, bench: ["pebblepup"], hand: ["windswept_pass"] },
        { active: "pebblepup" },
      ],
    });
    expect(maxHp(s, active(s, 0))).toBe(100);
    expect(maxHp(s, bench(s, 0, 0))).toBe(60);
    const { state, events } = act(s, 0, { type: "play_trainer", card: inHand(s, 0, "windswept_pass") });
    expect(types(events)).toContain("knocked_out");
    expect(state.players[1].points).toBe(1);
    expect(state.players[1].discard.map((id) => state.cards[id])).toEqual(["old_growth_grove"]);
  });

  it("modify_retreat_cost: Tailwind lasts the turn and expires at its end", () => {
    const s = board({ players: [{ active: { card: "shellnip", stack: [] }, bench: ["tuftbird"] }, { active: "pebblepup" }] });
    const wind = act(s, 0, { type: "use_ability", familiar: bench(s, 0, 0).id }).state;
    expect(retreatCost(wind, active(wind, 0))).toBe(1);
    const next = act(wind, 0, { type: "end_turn" }).state;
    expect(retreatCost(next, active(next, 0))).toBe(2);
  });

  it("devolve: Unravel returns the top card to hand, keeps damage and energy, clears status; a basic is unaffected", () => {
    const s = board({
      players: [
        { active: { card: "nightglimmer", stack: ["glimmerbat"], energy: ["mind", "mind", "mind"] } },
        { active: { card: "ashlynx", stack: ["cinderkit"], energy: ["ember"], status: ["poisoned"] } },
      ],
    });
    const { state, events } = act(s, 0, { type: "attack", index: 1 }, scripted([], TAILS));
    const f = active(state, 1);
    expect(state.cards[f.top]).toBe("cinderkit");
    expect(f.damage).toBe(30); // devolving cleared the poison before the checkup
    expect(f.energy).toHaveLength(1);
    expect(state.cards[state.players[1].hand[0] as string]).toBe("ashlynx");
    expect(events.find((e) => e.type === "devolved")?.data.card).toEqual({ id: active(s, 1).top, card: "ashlynx" });
    const basic = board({
      players: [
        { active: { card: "nightglimmer", stack: ["glimmerbat"], energy: ["mind", "mind", "mind"] } },
        { active: "leviamaw_prime" },
      ],
    });
    expect(types(act(basic, 0, { type: "attack", index: 1 }).events)).not.toContain("devolved");
  });

  it("attack_coin_status: Singe burns on heads only", () => {
    const s = board({ players: [{ active: { card: "cinderkit", energy: ["ember"] } }, { active: "leviamaw_prime" }] });
    expect(active(act(s, 0, { type: "attack", index: 1 }, scripted([HEADS, TAILS])).state, 1).status).toEqual(["burned"]);
    expect(active(act(s, 0, { type: "attack", index: 1 }, scripted([TAILS])).state, 1).status).toEqual([]);
  });
});
