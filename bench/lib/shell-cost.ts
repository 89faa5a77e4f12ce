/**
 * The room's own JavaScript per move, without I/O: recorded Golf games played again through the
 * functions a room object calls for each client move (durable-objects/room/room.ts `onCommand`):
 * the protocol's parse, the runtime's command, the store's write (its SQL handed to a stand-in
 * that does nothing), and the fan-out to 4 seats and 10 spectators (`Fanout`, sockets that only
 * count bytes). What is left of a served move's CPU is the runtime's work around it: the frame in,
 * the SQLite statement and commit, the gates and the sends, which the floor pays too.
 */
import { type Conn, Fanout, logEvents } from "../../durable-objects/room/broadcast";
import { RoomStore } from "../../durable-objects/room/store";
import { findGame } from "../../src/rooms/games";
import { ClientMessageSchema } from "../../src/rooms/protocol";
import { type Command, handleCommand } from "../../src/rooms/runtime/commands";
import type { Session } from "../../src/rooms/runtime/machine";
import type { RoomConfig, RoomDoc } from "../../src/rooms/runtime/model";
import { claimSeat, newRoom } from "../../src/rooms/runtime/seats";
import { notifications } from "../../src/rooms/runtime/view";
import { createRng, deriveSeed } from "../../src/lib/rng";

const USERS = [0, 1, 2, 3].map((i) => ({ userId: `00000000-0000-4000-8000-00000000000${i}`, name: `p${i}` }));
const CONFIG: RoomConfig = {
  turnSeconds: 600,
  timeoutPolicy: "cpu",
  graceSeconds: 600,
  idleSeconds: 600,
  maxSpectators: 50,
  messagesPer10s: 10_000,
};
const T0 = 1_800_000_000_000;

export function shellCost(games: number, profiles: string[]) {
  const game = findGame("golf");
  if (!game) throw new Error("no golf");
  const run = (doc: RoomDoc, session: Session | null, userId: string, cmd: Command, now: number) =>
    handleCommand({ game, doc, session, userId, spectator: false, now, newSeed: () => 7, pick: (u) => u[0] as string }, cmd);
  const start = () => {
    let doc = newRoom({
      id: "r",
      code: "BENCH",
      game: "golf",
      visibility: "private",
      options: game.optionsSchema.parse({}),
      config: CONFIG,
      creator: USERS[0] as (typeof USERS)[number],
      now: T0,
    });
    for (const u of USERS.slice(1)) {
      const c = claimSeat(doc, u, game.maxPlayers, T0);
      if (!c.ok) throw new Error(c.code);
      doc = c.doc;
    }
    const h = run(doc, null, USERS[0]?.userId as string, { type: "start" }, T0);
    if (!h.change?.session) throw new Error("the game did not start");
    return { doc: h.change.doc, session: h.change.session };
  };

  // One game's client messages, as the CPU players would send them.
  const script: { seat: number; text: string }[] = [];
  let { doc, session } = start();
  while (doc.status === "playing") {
    const seat = game.awaiting(session.state)[0] as number;
    const action = game.cpuMove(session.state, seat, profiles[seat] as string, createRng(deriveSeed(1, "cpu", script.length)));
    const h = run(doc, session, USERS[seat]?.userId as string, { type: "action", action }, T0 + script.length);
    if (!h.change?.session) throw new Error("a recorded move was refused");
    ({ doc, session } = { doc: h.change.doc, session: h.change.session });
    script.push({ seat, text: JSON.stringify({ type: "action", messageId: `m-${script.length}-0123456789`, action }) });
  }

  let bytes = 0;
  const sockets: Conn[] = [
    ...USERS.map((u) => ({ userId: u.userId, mode: "play" as const })),
    ...Array.from({ length: 10 }, (_, i) => ({ userId: `watcher-${i}`, mode: "watch" as const })),
  ].map(({ userId, mode }) => {
    const att = { userId, username: userId, role: "player" as const, sessionId: userId, connectedAt: T0, mode, batch: true as const };
    const ws = { readyState: 1, send: (t: string) => void (bytes += t.length), deserializeAttachment: () => att };
    return { ws: ws as unknown as WebSocket, att };
  });
  const sql = { exec: () => ({ toArray: () => [] }) } as unknown as SqlStorage;
  const parts = { parseUs: 0, commandUs: 0, writeUs: 0, fanOutUs: 0 };
  let moves = 0;
  const play = (timed: boolean) => {
    let { doc, session } = start();
    const store = new RoomStore(sql, () => game);
    store.write(doc, session, []);
    store.commit(doc, session);
    script.forEach(({ seat, text }, i) => {
      const now = T0 + i;
      const t0 = performance.now();
      const msg = ClientMessageSchema.parse(JSON.parse(text)) as { messageId: string; action: unknown };
      const t1 = performance.now();
      const h = run(doc, session, USERS[seat]?.userId as string, { type: "action", action: msg.action }, now);
      const change = h.change;
      if (!change?.session || !change.log || !h.answer.ok) throw new Error("a recorded move was refused");
      const answer = { type: "action_result", messageId: msg.messageId, command: "action", ok: true, result: h.answer.result } as const;
      game.awaiting(change.session.state);
      const t2 = performance.now();
      store.write(change.doc, change.session, change.log, {
        key: `msg:${USERS[seat]?.userId}:${msg.messageId}`,
        answer: JSON.stringify(answer),
      });
      store.commit(change.doc, change.session);
      const t3 = performance.now();
      const out = new Fanout(sockets, now);
      out.to(sockets[seat] as Conn, answer);
      const n = notifications(doc, change.doc);
      out.events(change.doc, game, logEvents(change.log));
      for (const t of n.turnStarts)
        out.all({
          type: "turn_start",
          seat: t.seat,
          userId: null,
          turnId: t.turnId,
          startedAt: t.startedAt,
          deadline: t.deadline,
          extended: t.extended,
          turnSeconds: 600,
        });
      out.flush();
      const t4 = performance.now();
      if (timed) {
        parts.parseUs += (t1 - t0) * 1000;
        parts.commandUs += (t2 - t1) * 1000;
        parts.writeUs += (t3 - t2) * 1000;
        parts.fanOutUs += (t4 - t3) * 1000;
        moves++;
      }
      ({ doc, session } = { doc: change.doc, session: change.session });
    });
  };
  for (let g = 0; g < Math.max(20, games / 5); g++) play(false);
  bytes = 0;
  for (let g = 0; g < games; g++) play(true);
  const per = (us: number) => Math.round((us / moves) * 100) / 100;
  return {
    game: "golf",
    note: "µs of the room's own JavaScript per client move, in this process's V8, the runtime's calls (SQL, sockets) standing in and doing nothing; what the room does between the frame in and the sends",
    movesPerGame: script.length,
    moves,
    usPerMove: per(parts.parseUs + parts.commandUs + parts.writeUs + parts.fanOutUs),
    parts: { parse: per(parts.parseUs), command: per(parts.commandUs), write: per(parts.writeUs), fanOut: per(parts.fanOutUs) },
    bytesSentPerMove: Math.round(bytes / moves),
  };
}
