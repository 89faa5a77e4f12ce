/**
 * A universe's socket: on every connect it asks for a `welcome` snapshot (the whole empire), so a
 * reconnect resumes from fresh numbers; pushed events (a building finished, research done) call
 * `onEvent`, and notifications are kept for the bell.
 */
import { signal } from "@preact/signals";
import type { z } from "zod";
import type { EmpireSchema } from "../../../src/universe/schemas";
import { Socket } from "./socket";

export type Empire = z.output<typeof EmpireSchema>;
export type Notice = { kind: string; message: string; at: number };
type Coords = { galaxy: number; system: number; position: number };
/** Another player's fleet coming to one of our planets, as `fleet_incoming` announces it (no cargo; no ships if hostile). */
export type Incoming = {
  fleetId: string;
  ownerUsername: string;
  mission: string;
  ships?: Record<string, number>;
  origin: Coords;
  target: Coords & { kind: string };
  arrivalAt: number;
};

export class UniverseConnection {
  readonly empire = signal<Empire | null>(null);
  readonly notices = signal<Notice[]>([]);
  /** Announced arrivals, kept until they land (`fleet_incoming` comes once, not with the snapshot). */
  readonly incoming = signal<Incoming[]>([]);
  /** Bumped on every pushed event: screens refetch what they show. */
  readonly tick = signal(0);
  private readonly socket: Socket;

  constructor(readonly universeId: string) {
    this.socket = new Socket(
      `/v1/universes/${encodeURIComponent(universeId)}/ws`,
      () => this.socket.send({ type: "snapshot" }),
      (data) => this.receive(data),
    );
  }

  get status() {
    return this.socket.status;
  }

  close(): void {
    this.socket.close();
  }

  private receive(data: string): void {
    const m = JSON.parse(data) as {
      type: string;
      empire?: Empire;
      kind?: string;
      message?: string;
      at?: number;
      fleet?: Incoming;
      fleetId?: string;
    };
    if (m.type === "welcome" && m.empire) {
      this.empire.value = m.empire;
      return;
    }
    if (m.type === "error" || m.type === "pong") return;
    if (m.type === "notification") {
      this.notices.value = [{ kind: m.kind ?? "", message: m.message ?? "", at: m.at ?? Date.now() }, ...this.notices.value].slice(0, 50);
    }
    if (m.type === "fleet_incoming" && m.fleet) {
      const now = Date.now();
      this.incoming.value = [...this.incoming.value.filter((i) => i.arrivalAt > now), m.fleet];
    }
    if (m.type === "fleet_incoming_recalled") this.incoming.value = this.incoming.value.filter((i) => i.fleetId !== m.fleetId);
    this.tick.value++;
    // The event changed the empire: a fresh snapshot brings its numbers (rates, score) along.
    this.socket.send({ type: "snapshot" });
  }
}
