/**
 * The text world's socket for one character: typed events fold into signals the screen shows (the
 * log, the room, the stats). A `transfer` closes the socket with 4010 and partysocket reconnects to
 * the same URL, which the Worker routes to the character's new area; a `quit` ends it for good.
 */
import { signal } from "@preact/signals";
import type { ServerEvent } from "../../../src/world/events";
import { Socket } from "../sockets/socket";

export type Room = Extract<ServerEvent, { type: "room" }>;
export type LogLine = { id: number; category: string; text: string };
type Incoming =
  | ServerEvent
  | { type: "welcome"; character: { id: string; name: string }; area: string }
  | { type: "transfer"; area: string }
  | { type: "command_result" | "pong" };

/** Enough scrollback for a long fight without the page growing without bound. */
const LOG_LIMIT = 300;

export class WorldConnection {
  readonly log = signal<LogLine[]>([]);
  readonly room = signal<Room | null>(null);
  readonly stats = signal<Record<string, number | boolean | null>>({});
  readonly name = signal<string | null>(null);
  private readonly socket: Socket;
  private seq = 0;
  private lines = 0;

  constructor(readonly character: string) {
    this.socket = new Socket(
      `/v1/world/ws?character=${encodeURIComponent(character)}`,
      () => {},
      (data) => this.receive(JSON.parse(data) as Incoming),
    );
  }

  get status() {
    return this.socket.status;
  }

  get closeReason() {
    return this.socket.closeReason;
  }

  /** A command line; the messageId lets the area answer a resend rather than run it twice. */
  command(text: string): void {
    this.socket.send({ type: "command", text, messageId: `w${Date.now().toString(36)}${++this.seq}` });
  }

  close(): void {
    this.socket.close();
  }

  private say(category: string, text: string): void {
    this.log.value = [...this.log.value, { id: ++this.lines, category, text }].slice(-LOG_LIMIT);
  }

  private receive(e: Incoming): void {
    switch (e.type) {
      case "welcome":
        this.name.value = e.character.name;
        this.say("system", `${e.character.name} enters ${e.area}.`);
        return;
      case "room":
        this.room.value = e;
        this.say("room", `${e.name}\n${e.description}`);
        return;
      case "stat_update":
        this.stats.value = e.full ? e.stats : { ...this.stats.value, ...e.stats };
        return;
      case "message":
        this.say(e.category, e.text);
        return;
      case "combat":
        this.say("combat", e.text);
        return;
      case "effect":
        if (e.action !== "tick") this.say("info", `${e.effect.name}: ${e.action}${e.effect.stacks > 1 ? ` (×${e.effect.stacks})` : ""}`);
        return;
      case "respawn_countdown":
        this.say("system", `You will return in ${e.seconds_remaining} s…`);
        return;
      case "error":
        this.say("error", e.message);
        return;
      case "transfer":
        this.say("system", `Travelling to ${e.area}…`);
        return;
      case "quit":
        this.say("system", e.reason === "quit" ? "You leave the world." : `Disconnected: ${e.reason.replace("_", " ")}.`);
        this.socket.close();
        return;
    }
  }
}
