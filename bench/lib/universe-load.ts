/**
 * The universe's served workload, shared by `bench:universe` (figures) and `bench:profile` (where
 * the time goes): N players over S shards, each with a research lab queued, and the mix of
 * requests (50 % planet reads, 20 % builds, 15 % cancels of a queued build, 15 % research).
 * A command the rules refuse (queue full, entry already done) is an answered request: it costs the
 * same round trip.
 */
import { benchFetch, hit, type Sample } from "../floor/clients";
import { progress } from "./stats";

export const BENCH_ADMIN = { ADMIN_USERNAME: "bench_admin", ADMIN_PASSWORD: "bench-admin-password" };

const BUILDINGS = ["metal_mine", "crystal_mine", "solar_plant", "deuterium_synthesizer", "robot_factory"];
const TECHS = ["energy_technology", "computer_technology"];

interface Player {
  token: string;
  planet: string;
  /** Build-queue entries this player queued and may cancel. */
  queued: string[];
}

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as any;
}

export interface UniverseLoad {
  /** Research needs the lab queued at set-up: the mix should start after this time (ms epoch). */
  labReady: number;
  /** `/v1/auth/me` as the client's player of this step. */
  me(client: number, i: number): Promise<Sample>;
  /** A planet read as the client's player of this step. */
  read(client: number, i: number): Promise<Sample>;
  /** One request of the mix. */
  mix(client: number, i: number): Promise<Sample>;
  /** One of the mix's writes (a cancel, research or build, in the mix's proportions among them). */
  write(client: number, i: number): Promise<Sample>;
}

/** The bench admin's access token on the served Worker at `url`. */
export async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: BENCH_ADMIN.ADMIN_USERNAME, password: BENCH_ADMIN.ADMIN_PASSWORD }),
  });
  return (await json(res)).accessToken as string;
}

/** Creates a universe of `players` players over `shards` shards on the served Worker at `url` (which needs BENCH_ADMIN's vars). */
export async function setUpUniverse(url: string, o: { players: number; shards: number; clients: number }): Promise<UniverseLoad> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const admin = await adminToken(url);
  const universe = `bench-${Date.now()}`;
  const settings = { economySpeed: 100, startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 }, shardCount: o.shards };
  await json(await post("/v1/admin/universes", { id: universe, name: "Bench", settings }, admin));
  const players: Player[] = [];
  for (let i = 0; i < o.players; i++) {
    progress(`project: joining players ${i + 1}/${o.players}`);
    const reg = await json(await post("/v1/auth/register", { username: `bench_${universe.slice(-6)}_${i}`, password: "bench-password" }));
    const joined = await json(await post(`/v1/universes/${universe}/join`, {}, reg.accessToken));
    const planet = joined.empire.planets[0].id as string;
    // Research needs a lab: about 9 s to build at economy speed 100, so it is queued first.
    await json(await post(`/v1/universes/${universe}/planets/${planet}/buildings/research_lab`, {}, reg.accessToken));
    players.push({ token: reg.accessToken, planet, queued: [] });
  }
  const headers = (p: Player) => ({ Authorization: `Bearer ${p.token}`, "Content-Type": "application/json" });
  const planetUrl = (p: Player) => `${url}/v1/universes/${universe}/planets/${p.planet}`;
  const playerOf = (client: number, i: number) => players[(client + o.clients * i) % o.players] as Player;
  const read = (client: number, i: number) => {
    const p = playerOf(client, i);
    return hit(planetUrl(p), { headers: headers(p) }, "read");
  };
  /** A write of the mix for its roll (10–19): a cancel when there is a queued build, research or a build. */
  const write = async (client: number, i: number, roll: number): Promise<Sample> => {
    const p = playerOf(client, i);
    const entry = p.queued.shift();
    if (roll < 13 && entry) {
      return hit(`${planetUrl(p)}/queue/${entry}`, { method: "DELETE", headers: headers(p) }, "cancel", [404, 409]);
    }
    if (roll < 16) {
      const tech = TECHS[i % TECHS.length];
      const init = { method: "POST", headers: headers(p), body: JSON.stringify({ planet: p.planet }) };
      return hit(`${url}/v1/universes/${universe}/research/${tech}`, init, "research", [409]);
    }
    const res = await benchFetch(`${planetUrl(p)}/buildings/${BUILDINGS[i % BUILDINGS.length]}`, { method: "POST", headers: headers(p) });
    if (res.ok) {
      const view = (await res.json()) as { buildQueue: { id: string }[] };
      const last = view.buildQueue.at(-1)?.id;
      if (last) p.queued.push(last);
    } else await res.arrayBuffer();
    return { kind: "build", ok: res.ok || res.status === 409 };
  };
  return {
    labReady: Date.now() + 10_000,
    me: (client, i) => hit(`${url}/v1/auth/me`, { headers: headers(playerOf(client, i)) }, "me"),
    read,
    mix(client, i) {
      const roll = mixRoll(client, i);
      return roll < 10 ? read(client, i) : write(client, i, roll);
    },
    write: (client, i) => write(client, i, 10 + (mixRoll(client, i) % 10)),
  };
}

/**
 * Which request of the mix client `client` makes at its i-th step, out of 20: below 10 a planet
 * read, then a cancel (10–12, when it has a queued build), research (13–15) or a build. The floor
 * mix (bench/universe.ts) follows the same rolls, with one row read or rewritten.
 */
export function mixRoll(client: number, i: number): number {
  return (i * 7 + client * 13) % 20;
}

/** Waits until the players' labs are built, so research requests are real commands. */
export async function untilLabsReady(load: UniverseLoad): Promise<void> {
  while (Date.now() < load.labReady) await new Promise((r) => setTimeout(r, 200));
}
