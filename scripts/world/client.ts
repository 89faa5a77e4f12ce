/**
 * `npm run world:client -- --base http://localhost:8787 --token <accessToken> --character <id>`
 * A terminal client for the text world: shows events as text, keeps a command history (arrow
 * keys; saved in ~/.orrery-world-history), and follows `transfer` to the next area by reconnecting.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { Args } from "../lib/args";

const args = new Args();
const base = args.string("base", "http://localhost:8787");
const token = args.string("token", process.env.ORRERY_TOKEN ?? "");
const character = args.string("character", "");
if (!token || !character) {
  console.error("usage: npm run world:client -- --base <url> --token <accessToken> --character <id>");
  process.exit(2);
}

const HISTORY = join(homedir(), ".orrery-world-history");
const history = existsSync(HISTORY) ? readFileSync(HISTORY, "utf8").split("\n").filter(Boolean).reverse().slice(0, 500) : [];
const rl = createInterface({ input: process.stdin, output: process.stdout, history, historySize: 500, prompt: "> " });

let ws: WebSocket | null = null;
let seq = 0;

/** One event as a line of text. */
export function render(e: any): string | null {
  switch (e.type) {
    case "welcome":
      return `— ${e.character.name} enters ${e.area} —`;
    case "room":
      return [
        `\n${e.name}\n${e.description}`,
        `Exits: ${e.exits.map((x: any) => (x.door && x.door !== "open" ? `${x.direction} (${x.door})` : x.direction)).join(", ") || "none"}`,
        ...(e.characters.length ? [`Here: ${e.characters.map((c: any) => (c.status === "normal" ? c.name : `${c.name} (${c.status})`)).join(", ")}`] : []),
        ...(e.npcs.length ? [`You see: ${e.npcs.map((n: any) => n.name).join(", ")}`] : []),
        ...(e.items.length ? [`On the ground: ${e.items.map((i: any) => i.name).join(", ")}`] : []),
      ].join("\n");
    case "message":
    case "combat":
      return e.text;
    case "stat_update":
      return e.full || e.stats.hp !== undefined ? `[${Object.entries(e.stats).map(([k, v]) => `${k} ${v}`).join(" ")}]` : null;
    case "effect":
      return `(${e.effect.name}: ${e.action}${e.amount ? ` ${e.amount}` : ""})`;
    case "respawn_countdown":
      return `You will return in ${e.seconds_remaining}…`;
    case "error":
      return `! ${e.message}`;
    case "transfer":
      return `… travelling to ${e.area} …`;
    case "quit":
      return `— ${e.reason} —`;
    default:
      return null;
  }
}

function connect(): void {
  const url = `${base.replace(/^http/, "ws")}/v1/world/ws?character=${encodeURIComponent(character)}`;
  const socket = new WebSocket(url, ["orrery.v1", `bearer.${token}`]);
  ws = socket;
  socket.on("message", (data) => {
    const line = render(JSON.parse(String(data)));
    if (line) {
      process.stdout.write(`\r${line}\n`);
      rl.prompt(true);
    }
  });
  socket.on("close", (code) => {
    if (code === 4010) return void setTimeout(connect, 100);
    console.log(`\nconnection closed (${code})`);
    process.exit(0);
  });
  socket.on("error", (error) => console.error(`! ${error.message}`));
}

rl.on("line", (line) => {
  const text = line.trim();
  if (text) {
    appendFileSync(HISTORY, `${text}\n`);
    ws?.send(JSON.stringify({ type: "command", text, messageId: `c${++seq}` }));
  }
  rl.prompt();
});
rl.on("close", () => {
  ws?.send(JSON.stringify({ type: "command", text: "quit" }));
  setTimeout(() => process.exit(0), 300);
});

connect();
rl.prompt();
