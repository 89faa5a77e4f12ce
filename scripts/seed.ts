/**
 * `npm run seed [-- --url http://127.0.0.1:8787] [--rounds 5]`: fills the local database of a running
 * `npm run dev` with something to explore, through the public API only:
 * - a fast universe (`seed-fast`, economy ×1000) that every seed player has joined, each with a
 *   metal mine under construction;
 * - finished Golf games: `--rounds` rounds of two-player games between the seed players (rated, 5
 *   each by default, the leaderboard's minimum, so history, replays and leaderboards have content)
 *   and one game of a seed player against two CPUs;
 * - the admin account of `.dev.vars` (created by the server at the first request), printed.
 * Running it again reuses the accounts and the universe and plays more games.
 */
import { readFileSync } from "node:fs";
import { Args } from "./lib/args";
import { type Account, Api, HttpError } from "./lib/http";
import { LoadStats, PlayerBot, runLoad } from "./lib/load";
import { defaultPacing } from "./lib/pacer";
import { RoomSocket } from "./lib/room-socket";

const PLAYERS = ["seed_ada", "seed_grace", "seed_alan", "seed_edsger"];
const PASSWORD = "seed-password";
const UNIVERSE = { id: "seed-fast", name: "Seed (economy ×1000)", settings: { economySpeed: 1000, researchSpeed: 1000 } };

const args = new Args();
const api = new Api(args.string("url", "http://127.0.0.1:8787"));
const log = (line: string) => process.stdout.write(`${line}\n`);

/** ADMIN_USERNAME / ADMIN_PASSWORD from the environment, else from .dev.vars (what the dev server reads). */
function adminCredentials(): { username: string; password: string } {
  let vars = "";
  try {
    vars = readFileSync(".dev.vars", "utf8");
  } catch {
    // no .dev.vars: only the environment can name the admin
  }
  const read = (name: string) => process.env[name] ?? vars.match(new RegExp(`^${name}=(.*)$`, "m"))?.[1]?.trim();
  const username = read("ADMIN_USERNAME");
  const password = read("ADMIN_PASSWORD");
  if (!username || !password) {
    throw new Error("no admin configured: `cp .dev.vars.example .dev.vars`, then restart `npm run dev` and seed again");
  }
  return { username, password };
}

async function login(username: string, password: string): Promise<Account> {
  const r = await api.request<{ user: { id: string }; accessToken: string }>("POST", "/v1/auth/login", { login: username, password });
  return { username, userId: r.user.id, accessToken: r.accessToken };
}

/** Registers, or logs in when the name is taken by an earlier seed. */
async function account(username: string): Promise<Account> {
  try {
    return await api.register(username, PASSWORD);
  } catch (e) {
    if (e instanceof HttpError && e.code === "conflict") return login(username, PASSWORD);
    throw e;
  }
}

/** Ignores the refusal that means "already done by an earlier seed". */
async function unlessDone<T>(codes: string[], step: () => Promise<T>): Promise<T | null> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof HttpError && codes.includes(e.code)) return null;
    throw e;
  }
}

async function seedUniverse(admin: Account, players: Account[]): Promise<void> {
  await unlessDone(["conflict"], () => api.request("POST", "/v1/admin/universes", UNIVERSE, admin.accessToken));
  for (const p of players) {
    await unlessDone(["already_joined"], () => api.request("POST", `/v1/universes/${UNIVERSE.id}/join`, {}, p.accessToken));
    const empire = await api.request<{ planets: { id: string }[] }>("GET", `/v1/universes/${UNIVERSE.id}/empire`, undefined, p.accessToken);
    const planet = empire.planets[0]?.id;
    if (planet) {
      const path = `/v1/universes/${UNIVERSE.id}/planets/${planet}/buildings/metal_mine`;
      await unlessDone(["insufficient_resources", "queue_full"], () => api.request("POST", path, undefined, p.accessToken));
    }
  }
  log(`universe  ${UNIVERSE.id}: ${players.length} empires (economy ×${UNIVERSE.settings.economySpeed})`);
}

/** Rounds of two-player games, rotating the pairings, so each player reaches the leaderboard's 5 games. */
async function seedRatedGames(players: Account[], rounds: number): Promise<void> {
  const [a, b, c, d] = players as [Account, Account, Account, Account];
  const pairings = [
    [a, b, c, d],
    [a, c, b, d],
    [a, d, b, c],
  ];
  for (let i = 0; i < rounds; i++) {
    const accounts = pairings[i % pairings.length] as Account[];
    const r = await runLoad({
      api,
      game: "golf",
      rooms: 2,
      players: 2,
      spectators: 0,
      options: { rounds: 1 },
      config: {},
      pacing: defaultPacing(),
      accounts,
    });
    if (r.gamesCompleted !== 2) throw new Error(`only ${r.gamesCompleted} of 2 games finished: ${JSON.stringify(r.errorsByCode)}`);
  }
  log(`golf      ${rounds * 2} finished two-player games (${rounds} each)`);
}

/** One seed player against two CPUs, played to the end by the load-test bot. */
async function seedCpuGame(host: Account): Promise<void> {
  const room = await api.createRoom(host.accessToken, { game: "golf", options: { rounds: 1 } });
  const sock = await RoomSocket.open(api.socketUrl(room.id), host.accessToken, { pacing: defaultPacing() });
  const over = new Promise<void>((resolve) => {
    const bot = new PlayerBot(sock, "golf", new LoadStats(), () => {}, resolve);
    bot.seat = 0;
  });
  for (const msg of [{ type: "join", mode: "play" }, { type: "add_cpu" }, { type: "add_cpu" }, { type: "start" }]) {
    const answer = await sock.request(msg);
    if (!answer.ok) throw new Error(`${msg.type} was refused: ${answer.code} ${answer.message}`);
  }
  await over;
  sock.close();
  log(`golf      1 finished game against 2 CPUs (room ${room.code})`);
}

try {
  const { username, password } = adminCredentials();
  const admin = await login(username, password);
  const players = await Promise.all(PLAYERS.map(account));
  await seedUniverse(admin, players);
  await seedRatedGames(players, args.number("rounds", 5, 1, 50));
  await seedCpuGame(players[0] as Account);
  log("");
  log(`admin     ${username} / ${password}   (POST /v1/auth/login {"login":"${username}","password":"${password}"})`);
  log(`players   ${PLAYERS.join(", ")}   password ${PASSWORD}`);
  log(`explore   ${api.baseUrl}/docs · GET /v1/leaderboards/golf · GET /v1/me/games · GET /v1/universes/${UNIVERSE.id}/highscore`);
} catch (e) {
  process.stderr.write(`seed: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof TypeError && String(e.cause ?? "").includes("ECONNREFUSED")) process.stderr.write("seed: is `npm run dev` running?\n");
  process.exit(1);
}
process.exit(0);
