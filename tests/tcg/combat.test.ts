/** Familiars combat (spec §9), statuses and checkup (§10), with forced coin flips. */
import { describe, expect, it } from "vitest";
import { act, active, bench, board, HEADS, inHand, rejected, scripted, TAILS, types } from "./helpers";

describe("damage calculation (§9.2)", () => {
  it("adds the base damage to the defender", () => {
    const s = board({ players: [{ active: { card: "pebblepup", energy: ["ember", "ember"] } }, { active: "cinderkit" }] });
    const { state } = act(s, 0, { type: "attack", index: 1 });
    expect(active(state, 1).damage).toBe(30);
  });

  it("applies tool bonus, additive weakness, resistance and tool reduction in order, floored at 0", () => {
    // Emberbug (ember) 20 + Whetstone 10 → Sproutle (weak to ember) +20 = 50.
    let s = board({ players: [{ active: { card: "emberbug", energy: ["ember"], tools: ["whetstone"] } }, { active: "sproutle" }] });
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 1).damage).toBe(50);
    // Against Bastioncrab (resists ember) with Stoneskin Ward: 20 + 10 − 20 − 20 = 0.
    s = board({
      players: [
        { active: { card: "emberbug", energy: ["ember"], tools: ["whetstone"] } },
        { active: { card: "bastioncrab", stack: ["shellnip"], tools: ["stoneskin_ward"] } },
      ],
    });
    const { state, events } = act(s, 0, { type: "attack", index: 0 });
    expect(active(state, 1).damage).toBe(0);
    expect(types(events)).not.toContain("damage");
  });

  it("multiplies for weakness in multiplicative mode", () => {
    const s = board({
      rules: { weakness_mode: "multiplicative", weakness_multiplier: 3 },
      players: [{ active: { card: "emberbug", energy: ["ember"] } }, { active: "canopystag_prime" }],
    });
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 1).damage).toBe(60);
  });
});

describe("paying costs (§9.3)", () => {
  it("needs a distinct energy per typed symbol and any energy for C", () => {
    const s = board({
      players: [{ active: { card: "blazemane", stack: ["cinderkit", "ashlynx"], energy: ["ember", "tide"] } }, { active: "sproutle" }],
    });
    expect(act(s, 0, { type: "attack", index: 0 }).state.players[1].active?.damage ?? "ko").toBe("ko");
    rejected(s, 0, { type: "attack", index: 1 }, "insufficient_energy");
    const onlyTide = board({
      players: [{ active: { card: "ashlynx", stack: ["cinderkit"], energy: ["tide", "tide"] } }, { active: "sproutle" }],
    });
    rejected(onlyTide, 0, { type: "attack", index: 0 }, "insufficient_energy");
  });

  it("does not spend energy by attacking", () => {
    const s = board({ players: [{ active: { card: "cinderkit", energy: ["ember"] } }, { active: "pebblepup" }] });
    expect(active(act(s, 0, { type: "attack", index: 0 }).state, 0).energy).toHaveLength(1);
  });
});

describe("retreat (§9.4)", () => {
  it("discards the most recently attached energy, swaps, and clears status but keeps damage", () => {
    const s = board({
      players: [
        { active: { card: "shellnip", energy: ["tide", "ember", "volt"], damage: 30, status: ["poisoned"] }, bench: ["puddlefin"] },
        { active: "pebblepup" },
      ],
    });
    const old = active(s, 0);
    const { state } = act(s, 0, { type: "retreat", to: bench(s, 0, 0).id });
    expect(active(state, 0).id).toBe(bench(s, 0, 0).id);
    const moved = bench(state, 0, 0);
    expect(moved.id).toBe(old.id);
    expect(moved.energy).toEqual([old.energy[0]]);
    expect(moved.damage).toBe(30);
    expect(moved.status).toEqual([]);
    expect(state.players[0].discard).toEqual([old.energy[2], old.energy[1]]);
    rejected(state, 0, { type: "retreat", to: bench(state, 0, 0).id }, "already_retreated");
  });

  it("takes explicit energy, which must be exactly the cost", () => {
    const s = board({
      players: [{ active: { card: "cinderkit", energy: ["tide", "ember"] }, bench: ["puddlefin"] }, { active: "pebblepup" }],
    });
    const [first, second] = active(s, 0).energy as [string, string];
    rejected(s, 0, { type: "retreat", to: bench(s, 0, 0).id, energy: [first, second] }, "insufficient_energy");
    const { state } = act(s, 0, { type: "retreat", to: bench(s, 0, 0).id, energy: [first] });
    expect(bench(state, 0, 0).energy).toEqual([second]);
  });

  it("costs less with Windswept Pass and Featherdust, never below 0", () => {
    const s = board({
      stadium: { card: "windswept_pass", owner: 1 },
      players: [{ active: { card: "shellnip", energy: ["tide"] }, bench: ["puddlefin"], hand: ["featherdust"] }, { active: "pebblepup" }],
    });
    const dusted = act(s, 0, { type: "play_trainer", card: inHand(s, 0, "featherdust") }).state;
    const { state } = act(dusted, 0, { type: "retreat", to: bench(s, 0, 0).id });
    expect(bench(state, 0, 0).energy).toHaveLength(1);
  });

  it("is blocked by sleep and paralysis and by missing energy", () => {
    const asleep = board({
      players: [{ active: { card: "cinderkit", energy: ["ember"], status: ["asleep"] }, bench: ["puddlefin"] }, { active: "pebblepup" }],
    });
    rejected(asleep, 0, { type: "retreat", to: bench(asleep, 0, 0).id }, "status_prevents");
    const poor = board({ players: [{ active: "cinderkit", bench: ["puddlefin"] }, { active: "pebblepup" }] });
    rejected(poor, 0, { type: "retreat", to: bench(poor, 0, 0).id }, "insufficient_energy");
    rejected(poor, 0, { type: "retreat", to: active(poor, 0).id }, "invalid_target");
  });
});

describe("attack resolution (§9.1)", () => {
  it("a confused attacker flips: tails fails the attack with 30 self-damage and the turn still ends", () => {
    const s = board({ players: [{ active: { card: "pebblepup", energy: ["ember"], status: ["confused"] } }, { active: "cinderkit" }] });
    const { state, events } = act(s, 0, { type: "attack", index: 0 }, scripted([TAILS]));
    expect(active(state, 0).damage).toBe(30);
    expect(active(state, 1).damage).toBe(0);
    expect(state.current).toBe(1);
    expect(types(events)).toContain("turn_start");
    const hit = act(s, 0, { type: "attack", index: 0 }, scripted([HEADS])).state;
    expect(active(hit, 1).damage).toBe(10);
  });

  it("coin_flip_damage adds per heads before the damage step, and a 0 base deals nothing", () => {
    const s = board({ players: [{ active: { card: "burrowbun", energy: ["grove", "grove"] } }, { active: "pebblepup" }] });
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([HEADS, TAILS])).state, 1).damage).toBe(30);
    const miss = act(s, 0, { type: "attack", index: 0 }, scripted([TAILS, TAILS]));
    expect(active(miss.state, 1).damage).toBe(0);
  });

  it("the attack's effect skips a target already at lethal damage", () => {
    const s = board({
      players: [
        { active: { card: "kilnbeetle", stack: ["emberbug"], energy: ["ember", "ember", "ember"] } },
        { active: { card: "pebblepup", damage: 20 }, bench: ["tuftbird"] },
      ],
    });
    const { events } = act(s, 0, { type: "attack", index: 0 });
    expect(types(events)).not.toContain("status_changed");
    expect(types(events)).toContain("knocked_out");
  });
});

describe("statuses and checkup (§10)", () => {
  it("poison and burn damage, burn flip, in order, on both actives (current first)", () => {
    const s = board({
      players: [{ active: { card: "shellnip", status: ["poisoned", "burned"] } }, { active: { card: "pebblepup", status: ["burned"] } }],
    });
    const { state, events } = act(s, 0, { type: "end_turn" }, scripted([HEADS, TAILS]));
    expect(active(state, 0).damage).toBe(30);
    expect(active(state, 0).status).toEqual(["poisoned"]);
    expect(active(state, 1).damage).toBe(20);
    expect(active(state, 1).status).toEqual(["burned"]);
    const dmg = events.filter((e) => e.type === "damage").map((e) => [e.data.owner, e.data.kind]);
    expect(dmg).toEqual([
      [0, "poison"],
      [0, "burn"],
      [1, "burn"],
    ]);
  });

  it("sleep wakes on heads, at the very next checkup too", () => {
    const s = board({
      players: [{ active: { card: "dreamwisp", stack: ["wisplet"], energy: ["mind", "mind"] } }, { active: "pebblepup" }],
    });
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([HEADS])).state, 1).status).toEqual([]);
    expect(active(act(s, 0, { type: "attack", index: 0 }, scripted([TAILS])).state, 1).status).toEqual(["asleep"]);
  });

  it("paralysis lasts through its owner's next turn and ends at that turn's checkup", () => {
    const s = board({
      players: [{ active: { card: "frostling", energy: ["tide"] } }, { active: { card: "pebblepup", energy: ["tide"] } }],
    });
    const after = act(s, 0, { type: "attack", index: 0 }, scripted([HEADS])).state;
    expect(active(after, 1).status).toEqual(["paralyzed"]);
    rejected(after, 1, { type: "attack", index: 0 }, "status_prevents");
    const next = act(after, 1, { type: "end_turn" }).state;
    expect(active(next, 1).status).toEqual([]);
  });

  it("asleep, paralyzed and confused replace each other; poison combines; re-applying changes nothing", () => {
    const s = board({
      players: [{ active: { card: "wisplet", energy: ["mind"] } }, { active: { card: "pebblepup", status: ["poisoned", "asleep"] } }],
    });
    const { state } = act(s, 0, { type: "attack", index: 0 }, scripted([HEADS]));
    expect(active(state, 1).status).toEqual(["poisoned", "confused"]);
    const again = board({
      players: [{ active: { card: "wisplet", energy: ["mind"] } }, { active: { card: "pebblepup", status: ["confused"] } }],
    });
    const { events } = act(again, 0, { type: "attack", index: 0 });
    expect(events.filter((e) => e.type === "status_changed" && e.data.owner === 1)).toEqual([]);
  });

  it("status does nothing on the bench and evolving clears it", () => {
    const s = board({
      players: [
        { active: { card: "cinderkit", status: ["poisoned", "confused"], entered: 1 }, hand: ["ashlynx"] },
        { active: "pebblepup" },
      ],
    });
    const { state } = act(s, 0, { type: "evolve", card: inHand(s, 0, "ashlynx"), target: active(s, 0).id });
    expect(active(state, 0).status).toEqual([]);
  });
});
