import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { createMatchedRoom } from "../../src/matchmaking/create-room";
import { ServerFrameSchema } from "../../src/rooms/protocol";
import { call, json, registerUser, type TestUser } from "../helpers/http";

export type Msg = Record<string, any> & { type: string };

export function roomStub(id: string) {
  return env.ROOMS.get(env.ROOMS.idFromString(id));
}

export async function createRoom(user: TestUser, body: Record<string, unknown>): Promise<any> {
  const res = await call("/v1/rooms", { token: user.accessToken, ip: user.ip, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

/** A Golf room as the matchmaker creates it for these players, due to start in 5 s. */
export async function matchedGolfRoom(players: TestUser[]): Promise<{ roomId: string; code: string }> {
  const roomId = env.ROOMS.newUniqueId().toString();
  const created = await createMatchedRoom(env, {
    roomId,
    game: "golf",
    players: players.map((u) => ({ userId: u.id, name: u.username })),
    startsAt: Date.now() + 5_000,
  });
  if (!created.ok) throw new Error(`matched room not created: ${JSON.stringify(created)}`);
  return { roomId, code: created.code };
}

export async function joinByCode(user: TestUser, code: string): Promise<Response> {
  return call("/v1/rooms/join", { token: user.accessToken, ip: user.ip, body: { code } });
}

export async function users(n: number, prefix = "r"): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => registerUser(prefix)));
}

let ids = 0;
/**
 * A Counter game between two connected humans, started: `mover` is the seat whose turn it is
 * (`moverUser` its account, to connect again), `waiting` the other.
 */
export async function counterForTwo(
  options?: Record<string, unknown>,
): Promise<{ room: any; mover: RoomClient; waiting: RoomClient; moverUser: TestUser }> {
  const [h, a] = await users(2);
  const room = await createRoom(h!, { game: "counter", ...(options ? { options } : {}) });
  const host = await connect(room.id, h!);
  await host.join();
  expect((await joinByCode(a!, room.code)).status).toBe(200);
  const guest = await connect(room.id, a!);
  await guest.join();
  await host.ok({ type: "start" });
  const current = ((await inspect(room.id)).state as { current: number }).current;
  return current === 0 ? { room, mover: host, waiting: guest, moverUser: h! } : { room, mover: guest, waiting: host, moverUser: a! };
}

export function mid(prefix = "m"): string {
  ids += 1;
  return `${prefix}-${ids}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A test WebSocket client that records every message, validates it against the protocol, and waits for matches. */
export class RoomClient {
  readonly messages: Msg[] = [];
  readonly raw: string[] = [];
  /** Messages already returned by `waitFor` (each message is returned at most once). */
  private readonly consumed = new Set<number>();
  /** `waitFor` ignores messages before this index (see `skipAll`). */
  floor = 0;
  closeInfo: { code: number; reason: string } | null = null;
  /** Messages that did not match the protocol schema. */
  readonly violations: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const text = String(e.data);
      this.raw.push(text);
      const frame = text === "pong" ? { type: "heartbeat" } : (JSON.parse(text) as Msg);
      if (frame.type !== "heartbeat") {
        const checked = ServerFrameSchema.safeParse(frame);
        if (!checked.success) this.violations.push(text.slice(0, 300));
      }
      if (frame.type === "batch") this.messages.push(...(frame.messages as Msg[]));
      else this.messages.push(frame);
      this.wake();
    });
    ws.addEventListener("close", (e) => {
      this.closeInfo = { code: e.code, reason: e.reason };
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** The first not yet returned message that matches (waiting for it if needed). */
  async waitFor(pred: (m: Msg) => boolean, timeoutMs = 5000, what = "message"): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.violations.length) throw new Error(`server sent an off-protocol message: ${this.violations[0]}`);
      for (let i = this.floor; i < this.messages.length; i++) {
        const m = this.messages[i] as Msg;
        if (!this.consumed.has(i) && pred(m)) {
          this.consumed.add(i);
          return m;
        }
      }
      if (this.closeInfo) throw new Error(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}; unconsumed ${JSON.stringify(this.messages.flatMap((m, i) => (i >= this.floor && !this.consumed.has(i) ? [m.type] : [])))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  type(type: string, timeoutMs?: number): Promise<Msg> {
    return this.waitFor((m) => m.type === type, timeoutMs, type);
  }

  /** Sends a message with a fresh messageId (unless given) and waits for its answer. */
  async request(msg: Record<string, unknown>, timeoutMs?: number): Promise<Msg> {
    const messageId = (msg.messageId as string | undefined) ?? mid(String(msg.type));
    this.send({ ...msg, messageId });
    return this.waitFor(
      (m) => (m.type === "action_result" || m.type === "error") && m.messageId === messageId,
      timeoutMs,
      `answer to ${String(msg.type)}`,
    );
  }

  async ok(msg: Record<string, unknown>): Promise<Msg> {
    const res = await this.request(msg);
    expect(res, JSON.stringify(res)).toMatchObject({ type: "action_result", ok: true });
    return res;
  }

  async join(opts: { mode?: "play" | "watch"; lastSeq?: number; batch?: boolean } = {}): Promise<Msg> {
    return this.ok({ type: "join", ...opts });
  }

  async closed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closeInfo && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!this.closeInfo) throw new Error("socket did not close");
    return this.closeInfo;
  }

  /** From now on, `waitFor` only looks at messages that arrive later. */
  skipAll(): void {
    this.floor = this.messages.length;
  }

  /** Messages received from index `from` on. */
  since(from: number): Msg[] {
    return this.messages.slice(from);
  }

  close(): void {
    try {
      this.ws.close(1000, "bye");
    } catch {
      // already closed
    }
  }
}

export async function upgrade(roomId: string, user: TestUser, query = ""): Promise<Response> {
  return SELF.fetch(`http://orrery.test/v1/rooms/${roomId}/ws${query}`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${user.accessToken}`, "CF-Connecting-IP": user.ip },
  });
}

export async function connect(roomId: string, user: TestUser): Promise<RoomClient> {
  const res = await upgrade(roomId, user);
  expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  return new RoomClient(ws);
}

type RoomRpc = Pick<Room, "inspect" | "verifyReplay" | "room">;

function rpc(id: string): RoomRpc {
  return roomStub(id) as unknown as RoomRpc;
}

/** Everything inside the room object, hidden information included. */
export async function inspect(id: string): Promise<ReturnType<Room["inspect"]>> {
  return rpc(id).inspect();
}

export async function verifyReplay(id: string): Promise<ReturnType<Room["verifyReplay"]>> {
  return rpc(id).verifyReplay();
}

/**
 * Moves the room's due-later timers (all, or those of the given kinds) to now and runs the alarm,
 * instead of waiting for them.
 */
export async function fire(id: string, kinds?: string[]): Promise<void> {
  const stub = roomStub(id);
  await runInDurableObject(stub, (room: Room) => room.expediteTimers((t) => (kinds ? kinds.includes(t.kind) : t.key !== "index")));
  await runDurableObjectAlarm(stub);
}

/** Fires only the timer with this key. */
export async function fireKey(id: string, key: string): Promise<void> {
  const stub = roomStub(id);
  await runInDurableObject(stub, (room: Room) => room.expediteTimers((t) => t.key === key));
  await runDurableObjectAlarm(stub);
}

/**
 * Runs out the turn of the clock in `slot`: its one timer is fired until the step it stood for was
 * the timeout (a clock's timer first stands for each warning not yet sent).
 */
export async function expireTurn(id: string, slot = 0): Promise<void> {
  for (let step = 0; step < 4; step++) {
    const timer = (await inspect(id)).timers.find((t) => t.key === `turn:${slot}`);
    if (!timer) throw new Error(`no timer for the clock in slot ${slot}`);
    await fireKey(id, timer.key);
    if (timer.kind === "turn_timeout") return;
  }
  throw new Error(`the clock in slot ${slot} never reached its timeout`);
}

export async function timerKeys(id: string): Promise<string[]> {
  return (await inspect(id)).timers.map((t) => t.key);
}

/** Polls until `check` stops throwing (for the asynchronous D1 index). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
