/**
 * `npm run bench:world`: prints JSON (progress goes to stderr).
 * 1. Engine: commands per second in an area, and an area holding 500 NPCs: the timers it keeps
 *    while empty (only respawns and decay run there) and the cost of an hour of its alarm.
 * 2. Served (one workerd, the Worker bundle, `WORLD_CONTENT=bench`: the starter world plus six
 *    generated areas): N characters sending `look` in one area, then spread over the two starter
 *    areas, each under its per-connection command bucket; then handovers per second between
 *    Millbrook and the Thornwood (south from the gate, north back, reconnecting each time); then
 *    the characters spread over all 8 areas.
 *
 * Flags: --characters 20 --seconds 10 --handovers 40 --engine-only
 */
import WebSocket from "ws";
import { createRng } from "../src/lib/rng";
import { BENCH_AREAS, benchAreaId } from "../src/world/content/bench";
import { starterContent } from "../src/world/content/starter";
import { advance, command, createArea, createCharacter } from "../src/world/engine";
import type { AreaState } from "../src/world/state";
import { Args } from "../scripts/lib/args";
import { Api } from "../scripts/lib/http";
import { registerAccounts, runId } from "../scripts/lib/load";
import { machine, progress, progressDone, summarize } from "./lib/stats";
import { LOCAL_RUN_VARS, startWorkerd } from "./lib/workerd";

const args = new Args();
const CHARACTERS = args.number("characters", 20, 1, 200);
const SECONDS = args.number("seconds", 10, 1, 600);
const HANDOVERS = args.number("handovers", 40, 1, 1000);
const ENGINE_ONLY = args.flag("engine-only");
const unknown = args.unknown(["characters", "seconds", "handovers", "engine-only"]);
if (unknown.length) throw new Error(`unknown flags: ${unknown.map((f) => `--${f}`).join(" ")}`);

const content = starterContent();
const stats = { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 };

function engineBench() {
  const rng = createRng(1);
  let now = Date.now();
  let state: AreaState = createArea(content, "millbrook", now, rng);
  state = createCharacter({ content, state, now, rng, character: { id: "ch_b", account: "a", name: "Bench", stats }, role: "player" }).state;
  const texts = ["look", "east", "west", "inventory", "say hi", "stats"];
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    state = command({ content, state, now: now++, rng, character: "ch_b", text: texts[n % texts.length]! }).state;
    n++;
  }
  const commandsPerSecond = Math.round(n / ((performance.now() - start) / 1000));

  // 500 NPCs idling in an empty area: only respawn and decay rows may exist (§3).
  let crowded = createArea(content, "thornwood", now, rng);
  crowded = structuredClone(crowded);
  const template = Object.values(crowded.npcs)[0]!;
  for (let i = 0; i < 500; i++) crowded.npcs[`np_bench_${i}`] = { ...structuredClone(template), id: `np_bench_${i}`, spawn: null, arrival: 10_000 + i };
  const timersWhileEmpty = Object.keys(crowded.timers).length;
  const t0 = performance.now();
  const hour = advance({ content, state: crowded, now: now + 3_600_000, rng });
  const hourMs = performance.now() - t0;
  return {
    commandsPerSecond,
    area500Npcs: { npcs: Object.keys(crowded.npcs).length, timersWhileEmpty, eventsInAnHourEmpty: hour.out.length, alarmWorkForAnHourMs: Math.round(hourMs * 100) / 100 },
  };
}

interface Client {
  ws: WebSocket;
  pending: Map<string, (m: any) => void>;
  events: any[];
}

function open(base: string, token: string, character: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    // As the project's clients (scripts/lib/room-socket.ts): no permessage-deflate, which workerd
    // would otherwise spend compressing every frame, and this process inflating it.
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/v1/world/ws?character=${character}`, ["orrery.v1", `bearer.${token}`], {
      perMessageDeflate: false,
    });
    const client: Client = { ws, pending: new Map(), events: [] };
    ws.on("message", (data) => {
      const m = JSON.parse(String(data));
      client.events.push(m);
      if (m.messageId && client.pending.has(m.messageId)) {
        client.pending.get(m.messageId)!(m);
        client.pending.delete(m.messageId);
      }
      if (m.type === "stat_update" && m.full) resolve(client);
    });
    ws.on("error", reject);
  });
}

let ids = 0;
function send(c: Client, text: string): Promise<any> {
  const messageId = `b${++ids}`;
  return new Promise((resolve) => {
    c.pending.set(messageId, resolve);
    c.ws.send(JSON.stringify({ type: "command", text, messageId }));
  });
}

/** Waits for the `transfer` a step across a border sends after its answer. */
async function transferred(c: Client): Promise<void> {
  const end = Date.now() + 10_000;
  while (!c.events.some((m) => m.type === "transfer")) {
    if (Date.now() > end) throw new Error("no transfer after a step across a border");
    await new Promise((res) => setTimeout(res, 10));
  }
}

/** The 8 areas of the bench pack, in walking order from Millbrook. */
const AREAS = ["millbrook", "thornwood", ...Array.from({ length: BENCH_AREAS }, (_, i) => benchAreaId(i + 1))];

type Leg = { step: string; crosses: boolean };

/** The steps from Millbrook's square or the Thornwood Trailhead into area `to` (an index of AREAS), and whether each crosses a border. */
function route(from: "millbrook" | "thornwood", to: number): Leg[] {
  const legs: Leg[] = [];
  if (to === 0) return from === "millbrook" ? legs : [{ step: "north", crosses: true }];
  if (from === "millbrook")
    legs.push({ step: "south", crosses: false }, { step: "south", crosses: false }, { step: "south", crosses: true });
  // East of the Trailhead: each generated area is four rooms, so every fourth step crosses.
  for (let i = 0; i < 1 + 4 * (to - 2) && to >= 2; i++) legs.push({ step: "east", crosses: i % 4 === 0 });
  return legs;
}

async function walk(base: string, c: Client, who: { token: string; id: string }, legs: Leg[]): Promise<Client> {
  let client = c;
  for (const leg of legs) {
    await send(client, leg.step);
    if (!leg.crosses) continue;
    await transferred(client);
    client = await open(base, who.token, who.id);
  }
  return client;
}

/** Each client sends `look` at most 9 times a second (its bucket refills 10/s) for `seconds`. */
async function drive(clients: Client[], seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < end) {
        const t = performance.now();
        const r = await send(c, "look");
        latencies.push(performance.now() - t);
        if (r.type === "error") errors++;
        await new Promise((res) => setTimeout(res, Math.max(0, 111 - (performance.now() - t))));
      }
    }),
  );
  return { commandsPerSecond: Math.round(latencies.length / seconds), errors, latencyMs: summarize(latencies) };
}

async function servedBench() {
  progress("building the Worker and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, WORLD_CONTENT: "bench" });
  try {
    const api = new Api(server.url);
    const accounts = await registerAccounts(api, CHARACTERS, `wb_${runId()}_`, 8, (n) => progress(`registering ${n}/${CHARACTERS}`));
    const letters = (i: number) => `Bench${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}${runId().replace(/[^a-z]/g, "x").slice(0, 4)}`;
    const chars = await Promise.all(
      accounts.map(async (a, i) => {
        const c = await api.request<{ id: string }>("POST", "/v1/world/characters", { name: letters(i).replace(/[^A-Za-z]/g, "").slice(0, 16) }, a.accessToken);
        return { token: a.accessToken, id: c.id };
      }),
    );
    progress("connecting…");
    const clients = await Promise.all(chars.map((c) => open(server.url, c.token, c.id)));
    progressDone();
    const oneArea = await drive(clients, SECONDS);

    // Spread over the areas: half walk to the Thornwood (a handover each) and reconnect there.
    const half = clients.slice(0, Math.floor(clients.length / 2));
    const moved: Client[] = [];
    for (const [i, c] of half.entries()) {
      await send(c, "south");
      await send(c, "south");
      await send(c, "south");
      moved.push(await open(server.url, chars[i]!.token, chars[i]!.id));
    }
    const spread = await drive([...moved, ...clients.slice(half.length)], SECONDS);

    // Handovers: one character crosses back and forth between the gate and the trailhead.
    let walker = moved[0] ?? clients[0]!;
    const t0 = performance.now();
    for (let i = 0; i < HANDOVERS; i++) {
      await send(walker, i % 2 === 0 ? "north" : "south");
      walker = await open(server.url, chars[0]!.token, chars[0]!.id);
    }
    const handoversPerSecond = Math.round((HANDOVERS / ((performance.now() - t0) / 1000)) * 10) / 10;

    // Across 8 areas: character i walks on to area i mod 8. The walker (character 0, bound for
    // Millbrook) is at the Trailhead after an even number of crossings, at the South Gate after an odd one.
    progress("spreading over 8 areas…");
    const at: { client: Client; from: "millbrook" | "thornwood" }[] = chars.map((_, i) =>
      i === 0
        ? { client: walker, from: HANDOVERS % 2 === 0 ? "thornwood" : "millbrook" }
        : i < half.length
          ? { client: moved[i]!, from: "thornwood" }
          : { client: clients[i]!, from: "millbrook" },
    );
    const eight = await Promise.all(at.map(({ client, from }, i) => walk(server.url, client, chars[i]!, route(from, i % AREAS.length))));
    progressDone();
    const acrossEight = await drive(eight, SECONDS);
    // The areas the connections were welcomed into, as the server said.
    const occupied = new Set(eight.map((c) => c.events.find((m) => m.type === "welcome")?.area)).size;
    for (const c of [...clients, ...moved, walker, ...eight]) c.ws.close();
    return {
      characters: CHARACTERS,
      seconds: SECONDS,
      oneArea,
      acrossAreas: { areas: 2, ...spread },
      handovers: { count: HANDOVERS, perSecond: handoversPerSecond },
      acrossEightAreas: { areas: occupied, ...acrossEight },
    };
  } finally {
    await server.close();
  }
}

const result: Record<string, unknown> = { machine: machine(), engine: engineBench() };
if (!ENGINE_ONLY) result.served = await servedBench();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
