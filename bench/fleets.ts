/**
 * The fleet phase of `npm run bench:universe`, served on one workerd (lib/workerd.ts): P players
 * spread over S shards each keep one transport in the air, to a random other player, for the
 * measured seconds. Flights take the 1-second minimum (peaceful fleet speed 10,000), so the
 * figures measure the protocol: launches/s, arrival outcomes applied/s, and the lateness of each
 * arrival's outcome at its owner (the `fleet_arrived` frame's server time minus the arrival's due
 * time: the arrival owner's alarm, then the `arrived` effect back to the owner's shard). After the
 * run every fleet lands home and the conservation check compares the planets' stocks before and
 * after with the fuel burnt (stocks are above storage capacity, so nothing is produced).
 */
import WebSocket from "ws";
import { progress, progressDone, summarize } from "./lib/stats";

interface Player {
  token: string;
  planet: string;
  coords: { galaxy: number; system: number; position: number };
}

type Resources = { metal: number; crystal: number; deuterium: number };

async function ok(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as any;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fleetBench(url: string, admin: string, opts: { players: number; shards: number; seconds: number }) {
  const call = (path: string, token: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const universe = `fleets-${opts.shards}-${Date.now().toString(36)}`;
  const settings = {
    economySpeed: 10_000,
    researchSpeed: 10_000,
    fleetSpeedPeaceful: 10_000,
    startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 },
    shardCount: opts.shards,
  };
  await ok(await call("/v1/admin/universes", admin, { id: universe, name: universe, settings }));

  // Each player builds what a small cargo needs (shipyard 2, combustion drive 2) and one small
  // cargo: about 15 seconds, every step at the 1-second minimum.
  const until = async (path: string, token: string, body: unknown) => {
    for (;;) {
      const res = await call(path, token, body);
      await res.arrayBuffer();
      if (res.ok) return;
      await sleep(500);
    }
  };
  let ready = 0;
  const players: Player[] = await Promise.all(
    Array.from({ length: opts.players }, async (_, i) => {
      const reg = await ok(
        await fetch(`${url}/v1/auth/register`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ username: `fl_${universe.slice(-6)}_${opts.shards}_${i}`, password: "bench-password" }),
        }),
      );
      const joined = await ok(await call(`/v1/universes/${universe}/join`, reg.accessToken, {}));
      const home = joined.empire.planets[0];
      const p: Player = { token: reg.accessToken, planet: home.id, coords: home.coords };
      for (const object of ["research_lab", "robot_factory", "robot_factory", "shipyard", "shipyard"]) {
        await ok(await call(`/v1/universes/${universe}/planets/${p.planet}/buildings/${object}`, p.token, {}));
      }
      for (const tech of ["energy_technology", "combustion_drive", "combustion_drive"]) {
        await until(`/v1/universes/${universe}/research/${tech}`, p.token, { planet: p.planet });
      }
      await until(`/v1/universes/${universe}/planets/${p.planet}/shipyard`, p.token, { unit: "small_cargo", count: 1 });
      for (;;) {
        const view = await ok(await call(`/v1/universes/${universe}/planets/${p.planet}`, p.token));
        if ((view.ships?.small_cargo ?? 0) >= 1) break;
        await sleep(500);
      }
      progress(`S=${opts.shards}: ${++ready}/${opts.players} players with a small cargo`);
      return p;
    }),
  );
  progressDone();

  const stockOf = async (p: Player): Promise<Resources> =>
    (await ok(await call(`/v1/universes/${universe}/planets/${p.planet}`, p.token))).resources;
  const sum = (rs: Resources[]) => rs.reduce((n, r) => n + r.metal + r.crystal + r.deuterium, 0);
  const before = sum(await Promise.all(players.map(stockOf)));

  const lateness: number[] = [];
  const launchMs: number[] = [];
  let fuel = 0;
  let launches = 0;
  let arrivals = 0;
  let errors = 0;
  const due = new Map<string, number>();
  const sockets = players.map((p) => {
    // As the project's clients (scripts/lib/room-socket.ts): no permessage-deflate, which workerd
    // would otherwise spend compressing every frame, and this process inflating it.
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/universes/${universe}/ws`, ["orrery.v1", `bearer.${p.token}`], {
      perMessageDeflate: false,
    });
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type !== "fleet_arrived") return;
      arrivals++;
      const at = due.get(frame.fleet.id);
      if (at !== undefined) lateness.push(frame.serverTime - at);
    });
    return ws;
  });
  await Promise.all(sockets.map((ws) => new Promise((r) => ws.once("open", r))));

  const start = performance.now();
  const end = Date.now() + opts.seconds * 1000;
  const ticker = setInterval(() => progress(`S=${opts.shards}: ${launches} launches, ${arrivals} arrivals, ${errors} errors`), 500);
  await Promise.all(
    players.map(async (p, i) => {
      let k = i;
      while (Date.now() < end) {
        const target = players[(i + 1 + (k++ % (players.length - 1))) % players.length]!;
        const t0 = performance.now();
        const res = await call(`/v1/universes/${universe}/fleets`, p.token, {
          from: p.planet,
          to: { ...target.coords, kind: "planet" },
          mission: "transport",
          ships: { small_cargo: 1 },
          cargo: { metal: 1000, crystal: 0, deuterium: 0 },
        });
        const fleet = (await res.json()) as { id: string; fuel: number; arrivalAt: number; returnAt: number };
        if (res.status !== 201) {
          errors++;
          await sleep(250);
          continue;
        }
        launchMs.push(performance.now() - t0);
        launches++;
        fuel += fleet.fuel;
        due.set(fleet.id, fleet.arrivalAt);
        // One fleet slot: wait for it to be home before the next launch.
        await sleep(Math.max(0, fleet.returnAt - Date.now()));
        for (;;) {
          const mine = await ok(await call(`/v1/universes/${universe}/fleets`, p.token));
          if (mine.fleets.length === 0) break;
          await sleep(100);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(ticker);
  progressDone();
  for (const ws of sockets) ws.close();
  const after = sum(await Promise.all(players.map(stockOf)));
  return {
    shards: opts.shards,
    players: opts.players,
    seconds: Math.round(elapsed * 10) / 10,
    launchesPerSecond: Math.round((launches / elapsed) * 10) / 10,
    arrivalsAppliedPerSecond: Math.round((arrivals / elapsed) * 10) / 10,
    launchLatencyMs: summarize(launchMs),
    arrivalLatenessMs: summarize(lateness),
    errors,
    conservation: { before, after, fuelBurnt: fuel, conserved: before - after === fuel },
  };
}
