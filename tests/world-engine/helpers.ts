import { createRng, type Rng } from "../../src/lib/rng";
import type { Role } from "../../src/world/commands/table";
import { starterContent } from "../../src/world/content/starter";
import { advance, arrive, command, createArea, createCharacter, departed, enter, type StepResult, snapshot } from "../../src/world/engine";
import type { Outgoing, Request, ServerEvent } from "../../src/world/events";
import type { AreaState, Character } from "../../src/world/state";

export const content = starterContent();
export const T0 = 1_800_000_000_000;

/** A driven area: a clock, a seeded RNG, and every event and request it produced so far. */
export class Area {
  state: AreaState;
  now = T0;
  rng: Rng;
  out: Outgoing[] = [];
  requests: Request[] = [];
  private ids = 0;

  constructor(
    readonly area = "millbrook",
    seed = 7,
  ) {
    this.rng = createRng(seed);
    this.state = createArea(content, area, this.now, this.rng);
  }

  take(r: StepResult): StepResult {
    this.state = r.state;
    this.out.push(...r.out);
    this.requests.push(...r.requests);
    return r;
  }

  join(name: string, opts: { role?: Role; room?: string } = {}): Character {
    this.ids += 1;
    const id = `ch_${name.toLowerCase()}`;
    this.take(
      createCharacter({
        content,
        state: this.state,
        now: this.now,
        rng: this.rng,
        character: { id, account: `acct_${this.ids}`, name, stats: { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 } },
        role: opts.role ?? "player",
      }),
    );
    if (opts.room) this.teleport(id, opts.room);
    return this.char(id);
  }

  /** Test set-up only: puts a character in a room without the move rules. */
  teleport(id: string, room: string): void {
    const c = this.state.characters[id]!;
    c.room = room;
  }

  char(id: string): Character {
    return this.state.characters[id]!;
  }

  /** Runs a command and returns only the events it produced. */
  cmd(id: string, text: string) {
    const before = this.out.length;
    const r = command({ content, state: this.state, now: this.now, rng: this.rng, character: id, text });
    this.take(r);
    return { events: this.out.slice(before), error: r.error };
  }

  /** Moves the clock on by `ms`, firing every timer due on the way. */
  wait(ms: number) {
    const before = this.out.length;
    this.now += ms;
    this.take(advance({ content, state: this.state, now: this.now, rng: this.rng }));
    return this.out.slice(before);
  }

  to(id: string, events: Outgoing[] = this.out): ServerEvent[] {
    return events.filter((e) => e.to === id).map((e) => e.event);
  }

  texts(id: string, events: Outgoing[] = this.out): string[] {
    return this.to(id, events).flatMap((e) => (e.type === "message" || e.type === "combat" ? [e.text] : []));
  }

  npc(template: string, room?: string) {
    return Object.values(this.state.npcs).find((n) => n.template === template && (!room || n.room === room));
  }

  items(template: string) {
    return Object.values(this.state.items).filter((i) => i.template === template);
  }

  /** Carries out the last handover request: snapshot here, arrival in `to`, removal here (§12 steps 1–4). */
  handOver(id: string, to: Area): void {
    const request = [...this.requests].reverse().find((r) => r.kind === "handover" && r.character === id);
    if (request?.kind !== "handover") throw new Error(`no handover for ${id}`);
    const snap = snapshot(content, this.state, id);
    to.now = this.now;
    to.take(arrive({ content, state: to.state, now: to.now, rng: to.rng, snapshot: snap, room: request.room }));
    to.take(enter({ content, state: to.state, now: to.now, rng: to.rng, character: id, role: snap.character.role }));
    this.take(departed({ content, state: this.state, now: this.now, rng: this.rng, character: id, outcome: "ok" }));
  }

  /** Test set-up: gives a character a fresh item of `template`. */
  give(id: string, template: string): string {
    this.state.seq += 1;
    const itemId = `it_test_${this.state.seq}`;
    this.state.items[itemId] = {
      id: itemId,
      template,
      charges: content.items.get(template)!.use?.charges ?? null,
      decayAt: null,
      loc: { character: id, slot: null },
      arrival: this.state.seq,
      spawn: null,
    };
    return itemId;
  }
}

/** An RNG whose draws are scripted: `int(min, max)` returns the next queued value (clamped into range). */
export function scriptedRng(values: number[], fallback: Rng = createRng(1)): Rng {
  const queue = [...values];
  const int = (min: number, max: number) => {
    const v = queue.shift();
    return v === undefined ? fallback.int(min, max) : Math.min(max, Math.max(min, v));
  };
  return {
    next: () => fallback.next(),
    int,
    chance: (p) => fallback.chance(p),
    pick: (items) => items[int(0, items.length - 1)]!,
    shuffle: (items) => fallback.shuffle(items),
    save: () => fallback.save(),
  };
}
