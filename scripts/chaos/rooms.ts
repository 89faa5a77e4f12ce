/**
 * Room play for `npm run chaos`: pairs of bots play Counter and Golf games back to back in private
 * rooms (one room per game), and other bots take quick matches. Every seat reconnects through
 * restarts (seat.ts); some also drop their connection on purpose. Finished games are verified at
 * the end (verify-games.ts).
 */
import type { Rng } from "../../src/lib/rng";
import { type Account, type Api, HttpError } from "../lib/http";
import type { GameId } from "../lib/load";
import { type Cluster, sleep, type Tally } from "./cluster";
import { Seat } from "./seat";

export interface PlayedRoom {
  roomId: string;
  seats: Seat[];
  /** A token that may read the game's record (a player's). */
  reader: Account;
  /** Whether the harness saw the game end. */
  over: boolean;
}

const OPTIONS: Record<GameId, Record<string, unknown>> = {
  counter: { target: 60, max_turns: 40 },
  golf: { rounds: 1 },
  tcg: {},
};
/** Long enough that no turn times out while the server is down and the bots reconnect. */
const CONFIG = { turnSeconds: 60, graceSeconds: 120 };

/** Retries an HTTP call through restarts; refusals (4xx) are thrown. */
async function http<T>(cluster: Cluster, call: () => Promise<T>): Promise<T> {
  for (;;) {
    await cluster.waitUp();
    try {
      return await call();
    } catch (e) {
      if ((e instanceof HttpError && e.status < 500) || cluster.stopping) throw e;
      await sleep(300);
    }
  }
}

/** Drops one random live connection now and then, while the server is up. */
export async function bounceConnections(rooms: PlayedRoom[], rng: Rng, cluster: Cluster): Promise<void> {
  while (!cluster.stopping) {
    await sleep(1500 + rng.int(0, 2500));
    const live = rooms.filter((r) => !r.over);
    if (!cluster.up || live.length === 0) continue;
    const seat = rng.pick(rng.pick(live).seats);
    await seat.bounce();
  }
}

/**
 * Plays games of `game` between `accounts` until `playing()` turns false, then finishes the one
 * in progress (the caller bounds that). Records every room in `rooms`.
 */
export async function playGames(
  api: Api,
  game: GameId,
  accounts: Account[],
  cluster: Cluster,
  tally: Tally,
  rooms: PlayedRoom[],
  playing: () => boolean,
): Promise<void> {
  const [host, ...guests] = accounts as [Account, ...Account[]];
  while (playing() && !cluster.stopping) {
    let room: { id: string; code: string };
    try {
      // Not retried blindly: a create whose answer was lost leaves a room we do not know.
      await cluster.waitUp();
      room = await api.createRoom(host.accessToken, { game, options: OPTIONS[game], config: CONFIG });
      for (const g of guests) await http(cluster, () => api.joinByCode(g.accessToken, room.code));
    } catch (e) {
      if (e instanceof HttpError && e.status < 500) tally.refuse(`room_setup_${e.code}`);
      else await leaveUnknownRooms(api, cluster, accounts, rooms);
      await sleep(500);
      continue;
    }
    const seats = accounts.map((a) => new Seat(api, a, room.id, game, cluster, tally));
    const played: PlayedRoom = { roomId: room.id, seats, reader: host, over: false };
    rooms.push(played);
    await Promise.all(seats.map((s) => s.connect()));
    // Start; a start lost with the connection is sent again until a game state arrives.
    while (!cluster.stopping && (seats[0]?.socket?.lastSeq ?? 0) === 0) {
      await cluster.waitUp();
      const a = await (seats[0] as Seat).send({ type: "start" });
      if (a.ok) break;
      if (a.code !== "socket_closed") {
        if ((seats[0]?.socket?.lastSeq ?? 0) > 0) break;
        tally.refuse(`room_start_${a.code}`);
      }
      await sleep(500);
    }
    while (!cluster.stopping && !seats.some((s) => s.gameOver)) await sleep(200);
    played.over = seats.some((s) => s.gameOver);
    // Leaving closes the finished room, which frees the players' live-room slots (at most 4 each).
    if (played.over) await Promise.all(seats.map((s) => s.send({ type: "leave" })));
    for (const s of seats) s.close();
  }
}

/**
 * A setup that died with the server may have left a waiting room behind that nobody knows about;
 * it would hold one of each player's 4 live-room slots until it expires, so the players leave it.
 */
async function leaveUnknownRooms(api: Api, cluster: Cluster, accounts: Account[], rooms: PlayedRoom[]): Promise<void> {
  const known = new Set(rooms.map((r) => r.roomId));
  for (const a of accounts) {
    try {
      const active = await http(cluster, () =>
        api.request<{ rooms: { id: string }[] }>("GET", "/v1/rooms/me/active", undefined, a.accessToken),
      );
      for (const r of active.rooms.filter((r) => !known.has(r.id))) {
        await http(cluster, () => api.request("POST", `/v1/rooms/${r.id}/leave`, undefined, a.accessToken));
      }
    } catch {
      // best effort: at worst the room expires on its own
    }
  }
}

interface MatchStatus {
  state: "idle" | "queued" | "matched";
  roomId?: string;
  roomReady?: boolean;
}

/**
 * Quick matches: every account queues for Golf (an acknowledged enqueue must show as queued or
 * matched on every later poll, restarts included, until its room exists), plays a few turns in
 * the matched room and resigns (its seat plays on as a CPU).
 */
export async function quickMatches(
  api: Api,
  accounts: Account[],
  cluster: Cluster,
  tally: Tally,
  rooms: PlayedRoom[],
  playing: () => boolean,
  maxMatches: number,
): Promise<void> {
  await Promise.all(
    accounts.map(async (account) => {
      const call = <T>(method: "GET" | "POST", path = "/v1/matchmaking/golf") =>
        api.request<T>(method, path, undefined, account.accessToken);
      for (let n = 0; n < maxMatches && playing() && !cluster.stopping; n++) {
        try {
          await cluster.waitUp();
          await call<MatchStatus>("POST");
          tally.acknowledged.matchmaking++;
        } catch (e) {
          // A lost answer: the enqueue may have happened; a second one then says so.
          const again = e instanceof HttpError && (e.code === "already_queued" || e.code === "already_matched");
          if (!again) {
            if (e instanceof HttpError && e.status < 500) tally.refuse(`matchmaking_${e.code}`);
            else tally.inDoubt++;
            await sleep(1000);
            n--;
            continue;
          }
        }
        let status: MatchStatus;
        for (;;) {
          await sleep(1000);
          if (cluster.stopping) return;
          if (!playing()) {
            await api.request("DELETE", "/v1/matchmaking/golf", undefined, account.accessToken).catch(() => {});
            return;
          }
          try {
            status = await http(cluster, () => call<MatchStatus>("GET"));
          } catch {
            continue;
          }
          if (status.state === "idle") {
            tally.find("lost", `quick-match ticket of ${account.username} acknowledged, but the queue shows idle`);
            break;
          }
          if (status.state === "matched" && status.roomReady && status.roomId) break;
        }
        if (status.state !== "matched" || !status.roomId) continue;
        const seat = new Seat(api, account, status.roomId, "golf", cluster, tally);
        const played: PlayedRoom = { roomId: status.roomId, seats: [seat], reader: account, over: false };
        rooms.push(played);
        await seat.connect();
        const until = Date.now() + 20_000;
        while (seat.acked.length < 6 && Date.now() < until && !cluster.stopping && !seat.gameOver) await sleep(250);
        for (let tries = 0; tries < 20 && !cluster.stopping && !seat.gameOver; tries++) {
          await cluster.waitUp();
          const a = await seat.send({ type: "resign" });
          if (a.ok || a.code !== "socket_closed") break;
          await sleep(500);
        }
        seat.close();
      }
    }),
  );
}
