/**
 * One reconnecting WebSocket to an object of the API (partysocket): the access token travels as a
 * subprotocol and is fetched fresh on every connect, and `status` drives the "reconnecting…" banner.
 * Closes that mean "do not come back" (revoked session, ban, kicked, left) stop the retries.
 */
import { signal } from "@preact/signals";
import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { freshToken } from "../session";

export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

/** 4401 session revoked, 4403 banned, 4004 kicked, 4005 left: the server will refuse us again. */
const FINAL_CLOSES = new Set([4401, 4403, 4004, 4005]);

/** Shown by the app shell while any socket is away. */
export const reconnecting = signal(0);

export class Socket {
  readonly status = signal<SocketStatus>("connecting");
  readonly closeReason = signal<string | null>(null);
  private readonly ws: ReconnectingWebSocket;
  private away = false;

  constructor(path: string, onOpen: () => void, onMessage: (data: string) => void) {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
    this.ws = new ReconnectingWebSocket(url, async () => ["orrery.v1", `bearer.${await freshToken()}`], {
      maxReconnectionDelay: 5000,
      minReconnectionDelay: 300,
      shouldReconnectOnClose: (e) => !FINAL_CLOSES.has(e.code),
    });
    this.ws.addEventListener("open", () => {
      this.setAway(false);
      this.status.value = "open";
      onOpen();
    });
    this.ws.addEventListener("close", (e) => {
      if (FINAL_CLOSES.has(e.code)) {
        this.closeReason.value = e.reason || `closed (${e.code})`;
        this.status.value = "closed";
        this.setAway(false);
        return;
      }
      if (this.status.value === "closed") return;
      this.status.value = "reconnecting";
      this.setAway(true);
    });
    this.ws.addEventListener("message", (e) => {
      if (typeof e.data === "string" && e.data !== "pong") onMessage(e.data);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  close(): void {
    this.status.value = "closed";
    this.setAway(false);
    this.ws.close();
  }

  private setAway(away: boolean): void {
    if (away === this.away) return;
    this.away = away;
    reconnecting.value += away ? 1 : -1;
  }
}
