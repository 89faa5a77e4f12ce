/**
 * One engine step: a private copy of the area state plus what the step produced. Every public
 * engine function clones the state into a Tx, mutates only the copy, and returns it, so callers
 * see states that never change under them and a failed command (a thrown CommandError) leaves
 * nothing behind.
 */
import type { Rng } from "../lib/rng";
import type { Content } from "./content/load";
import type { MessageCategory, Outgoing, Request, ServerEvent } from "./events";
import type { AreaState, Character, Timer, TimerKind } from "./state";

/** A character somewhere in the world, as the directory knows it (for `who`). */
export interface OnlineEntry {
  name: string;
  level: number;
  area: string;
  room: string;
  account: string;
  stasis: boolean;
  invisible: boolean;
  role: string;
}

export class Tx {
  readonly out: Outgoing[] = [];
  readonly requests: Request[] = [];
  /** The whole world's online list when the shell has it; `who` falls back to this area. */
  online: OnlineEntry[] | null = null;

  constructor(
    readonly content: Content,
    readonly state: AreaState,
    readonly now: number,
    readonly rng: Rng,
  ) {}

  get settings() {
    return this.content.settings;
  }

  nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  newId(prefix: "it" | "np"): string {
    return `${prefix}_${this.state.area}_${this.nextSeq().toString(36)}`;
  }

  send(to: string, event: ServerEvent): void {
    if (this.state.characters[to] && this.state.characters[to].status !== "offline") this.out.push({ to, event });
  }

  message(to: string, category: MessageCategory, text: string, from?: string): void {
    this.send(to, { type: "message", category, text, ...(from ? { from } : {}) });
  }

  /** Every character present in the room (stasis and dead included), except `except`. */
  present(room: string, except: string | null = null): Character[] {
    return Object.values(this.state.characters)
      .filter((c) => c.room === room && c.id !== except && isPresent(c))
      .sort((a, b) => a.arrival - b.arrival);
  }

  toRoom(room: string, event: ServerEvent, except: string | null = null): void {
    for (const c of this.present(room, except)) this.send(c.id, event);
  }

  roomMessage(room: string, category: MessageCategory, text: string, except: string | null = null): void {
    this.toRoom(room, { type: "message", category, text }, except);
  }

  schedule(key: string, at: number, kind: TimerKind, payload: Record<string, unknown> = {}): void {
    this.state.timers[key] = { at, kind, payload } satisfies Timer;
  }

  cancel(key: string): void {
    delete this.state.timers[key];
  }

  cancelPrefix(prefix: string): void {
    for (const key of Object.keys(this.state.timers)) if (key.startsWith(prefix)) delete this.state.timers[key];
  }
}

/** In the room as far as others can tell: not offline, and not between areas. */
export function isPresent(c: Character): boolean {
  return c.status !== "offline" && c.status !== "departing";
}

/** «a fat garden rat» → «A fat garden rat» at the start of a sentence. */
export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
