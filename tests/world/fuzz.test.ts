import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { newCharacter, openWorld } from "./helpers";

const CODES = new Set([
  "invalid_json",
  "invalid_message",
  "message_too_large",
  "rate_limited",
  "unknown_command",
  "bad_arguments",
  "not_found",
  "no_previous_command",
  "cannot_go",
  "door_closed",
  "door_locked",
  "door_open",
  "no_key",
  "in_transit",
  "in_combat",
  "not_fighting",
  "cooldown",
  "dead",
  "not_allowed",
  "inventory_full",
  "too_heavy",
  "container_full",
  "cannot_equip",
  "cannot_use",
  "no_merchant",
  "insufficient_coins",
  "quest_unavailable",
  "muted",
  "not_online",
  "forbidden",
  "internal",
]);

/** Seeded malformed frames and commands: broken JSON, wrong shapes, odd text, huge frames, control characters, `!`, prefixes, ordinals. */
function frames(seed: number, n: number): string[] {
  const rng = createRng(seed);
  const words = [
    "get",
    "drop",
    "put",
    "give",
    "k",
    "a",
    "0.rat",
    "-1.x",
    "all.",
    "all",
    "in",
    "to",
    "from",
    "!",
    "'",
    ":",
    "kick",
    "setstat",
    "north",
    "ford",
    "\u0000",
    "\u202e",
    "💥",
    "%s",
    "{",
    "}",
    "qui",
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = Array.from({ length: rng.int(0, 6) }, () => rng.pick(words)).join(rng.pick([" ", "  ", "\t", ""]));
    switch (rng.int(0, 9)) {
      case 0:
        out.push(`{"type":"command","text":${JSON.stringify(text)}`);
        break;
      case 1:
        out.push(JSON.stringify({ type: rng.pick(["cmd", "", "command ", 7, null]), text }));
        break;
      case 2:
        out.push(JSON.stringify({ type: "command", text: rng.pick([123, null, ["look"], { a: 1 }, ""]) }));
        break;
      case 3:
        out.push(JSON.stringify({ type: "command", text: "x".repeat(rng.int(513, 9000)) }));
        break;
      case 4:
        out.push(JSON.stringify({ type: "command", text: text || "look", messageId: "m".repeat(rng.int(65, 80)) }));
        break;
      case 5:
        out.push(rng.pick(["", "null", "[]", "42", '"look"', "\u0000", "{}"]));
        break;
      case 6:
        out.push(JSON.stringify({ type: "ping", timestamp: rng.pick(["now", 1, null]) }));
        break;
      default:
        out.push(JSON.stringify({ type: "command", text: text.trim() ? text : "!", extra: rng.int(0, 1) ? 1 : undefined }));
    }
  }
  return out;
}

describe("world protocol fuzz (§10.4)", () => {
  it("5,000 malformed frames and commands: nothing crashes, every refusal has the documented shape, the socket stays open", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    let closed = false;
    ws.addEventListener("close", () => {
      closed = true;
    });
    const batch = frames(15, 5000);
    for (let i = 0; i < batch.length; i++) {
      ws.send(batch[i]!);
      if (i % 200 === 199) {
        ws.send(JSON.stringify({ type: "ping", timestamp: i }));
        await inbox.next((m) => m.type === "pong" && m.timestamp === i, 10_000);
      }
    }
    ws.send(JSON.stringify({ type: "ping", timestamp: -1 }));
    await inbox.next((m) => m.type === "pong" && m.timestamp === -1, 10_000);
    const errors = inbox.seen.filter((m) => m.type === "error");
    expect(errors.length).toBeGreaterThan(1000);
    for (const e of errors) {
      expect(CODES.has(e.code), `code ${e.code}`).toBe(true);
      expect(typeof e.message).toBe("string");
      expect(typeof e.serverTime).toBe("number");
    }
    expect(errors.some((e) => e.code === "internal")).toBe(false);
    expect(closed).toBe(false);
    ws.close(1000);
  }, 120_000);
});
