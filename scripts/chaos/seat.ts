/**
 * One bot player in one room over the public protocol (scripts/lib's PlayerBot and mirrors), that
 * survives the server: whenever its socket drops it waits for the server, opens a new one and
 * resumes with `lastSeq`. It records every action the room acknowledged; on each rejoin the room's
 * `seq` must have kept the highest acknowledged one.
 */
import type { Account, Api } from "../lib/http";
import { type GameId, LoadStats, PlayerBot } from "../lib/load";
import { defaultPacing } from "../lib/pacer";
import { RoomSocket } from "../lib/room-socket";
import { type Cluster, sleep, type Tally } from "./cluster";

export class Seat {
  /** Actions the room acknowledged, in order. */
  readonly acked: unknown[] = [];
  /** Actions sent (acknowledged, refused or lost with a connection). */
  sent = 0;
  /** Highest `seq` an acknowledged action reached. */
  ackedSeq = 0;
  seat = -1;
  over = false;
  private bot: PlayerBot | null = null;
  private closing = false;

  constructor(
    private readonly api: Api,
    readonly account: Account,
    readonly roomId: string,
    private readonly game: GameId,
    private readonly cluster: Cluster,
    private readonly tally: Tally,
    private readonly stats = new LoadStats(),
  ) {}

  /** The game ended: this seat got `game_over`, or (having missed it while reconnecting) its view says so. */
  get gameOver(): boolean {
    return this.over || (this.bot?.mirror.over() ?? false);
  }

  get socket(): RoomSocket | null {
    return this.bot?.sock ?? null;
  }

  private async open(): Promise<RoomSocket> {
    return RoomSocket.open(this.api.socketUrl(this.roomId), this.account.accessToken, {
      pacing: defaultPacing(),
      connectTimeoutMs: 10_000,
    });
  }

  /** Connects and joins to play; retries through restarts. */
  async connect(): Promise<void> {
    const sock = await this.openWithRetry();
    this.bot = new PlayerBot(
      sock,
      this.game,
      this.stats,
      () => {},
      () => {
        this.over = true;
      },
      {
        sent: () => {
          this.sent++;
        },
        answered: (action, a) => {
          if (a.ok) {
            this.tally.acknowledged.rooms++;
            this.acked.push(action);
            this.ackedSeq = Math.max(this.ackedSeq, Number(a.result.seq ?? 0));
          } else if (a.code === "socket_closed") {
            this.tally.inDoubt++;
          } else {
            this.tally.refuse(`room_${a.code}`);
          }
        },
      },
    );
    await this.join(sock);
  }

  private async openWithRetry(): Promise<RoomSocket> {
    for (;;) {
      await this.cluster.waitUp();
      try {
        return await this.open();
      } catch (e) {
        if (this.cluster.stopping) throw e;
        await sleep(300);
      }
    }
  }

  /** Joins on a fresh socket (resuming from the last seq seen); the room must still hold every acknowledged action. */
  private async join(sock: RoomSocket): Promise<void> {
    const bot = this.bot as PlayerBot;
    sock.onClose = () => {
      if (!this.closing && sock === bot.sock && !this.gameOver) void this.reconnect();
    };
    const resume = sock.lastSeq > 0;
    const j = await sock.request({ type: "join", mode: "play", ...(resume ? { lastSeq: sock.lastSeq } : {}) });
    if (!j.ok) {
      if (j.code !== "socket_closed") this.tally.harness(`join ${this.roomId} refused: ${j.code}`);
      return; // a closed socket reconnects from its close handler
    }
    const seq = Number(j.result.seq ?? 0);
    if (seq < this.ackedSeq) {
      this.tally.find("lost", `room ${this.roomId}: rejoined at seq ${seq}, below the acknowledged seq ${this.ackedSeq}`);
    }
    if (j.result.resumed) this.tally.resumes++;
    this.seat = Number(j.result.seat ?? -1);
    bot.seat = this.seat;
    bot.tick();
  }

  private async reconnect(): Promise<void> {
    const bot = this.bot as PlayerBot;
    this.tally.reconnects++;
    let sock: RoomSocket;
    try {
      sock = await this.openWithRetry();
    } catch {
      return;
    }
    if (this.closing) {
      sock.close();
      return;
    }
    bot.attach(sock);
    await this.join(sock);
  }

  /** Drops the connection on purpose (as a phone losing signal would) and reconnects. */
  async bounce(): Promise<void> {
    const sock = this.socket;
    if (!sock?.open) return;
    sock.terminate();
  }

  /** Sends a control message (start, resign) on the current socket. */
  async send(msg: { type: string } & Record<string, unknown>) {
    return (this.socket as RoomSocket).request(msg);
  }

  close(): void {
    this.closing = true;
    if (this.bot) this.bot.stopped = true;
    this.socket?.close();
  }
}
