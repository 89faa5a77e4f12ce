/**
 * Malformed WebSocket frames for each socket kind: the room (`orrery.v1`, docs/rooms-protocol.md),
 * the universe shard (`snapshot`, `ping`) and the echo check (`whoami`, anything else echoed).
 * Pure and seeded like the requests: frame `n` draws from `deriveSeed(seed, "frame", kind, n)`.
 */
import { createRng, deriveSeed, type Rng } from "../../src/lib/rng";
import { deepJson, garbageText, hostileString, NUMBER_TOKENS, RawJson, randomBytes, stringify, wrongType } from "./values";

export const SOCKET_KINDS = ["room", "universe", "echo"] as const;
export type SocketKind = (typeof SOCKET_KINDS)[number];

export interface FuzzFrame {
  n: number;
  cls: string;
  data: string | Uint8Array;
  /** Sent this many times back to back without waiting (a flood); each copy counts as a frame. */
  repeat: number;
}

function messageId(rng: Rng): unknown {
  return rng.chance(0.8)
    ? `m${rng.int(0, 1e9)}`
    : rng.pick<unknown>([undefined, "", 7, null, "i".repeat(65), "i".repeat(10_240), ["m"], { m: 1 }]);
}

/** A room message that follows the protocol (a few change the room: the fuzz also plays). */
function validRoomMessage(rng: Rng): Record<string, unknown> {
  const id = `m${rng.int(0, 1e9)}`;
  return rng.pick<() => Record<string, unknown>>([
    () => ({
      type: "join",
      messageId: id,
      mode: rng.pick(["play", "watch"]),
      ...(rng.chance(0.5) ? { lastSeq: rng.int(0, 300) } : {}),
      ...(rng.chance(0.5) ? { batch: true } : {}),
    }),
    () => ({ type: "ping", messageId: id }),
    () => ({ type: "sync", messageId: id }),
    () => ({ type: "ready", messageId: id, ready: rng.chance(0.5) }),
    () => ({ type: "action", messageId: id, action: { type: "add", amount: rng.int(1, 10) } }),
    () => ({ type: "add_cpu", messageId: id }),
    () => ({ type: "remove_cpu", messageId: id, profile: "Counter" }),
    () => ({ type: "kick", messageId: id, userId: `u${rng.int(0, 100)}` }),
    () => ({ type: "start", messageId: id }),
    () => ({ type: rng.chance(0.5) ? "leave" : "resign", messageId: id }),
  ])();
}

function wrongRoomFields(rng: Rng): Record<string, unknown> {
  const msg: Record<string, unknown> = { ...validRoomMessage(rng) };
  const keys = Object.keys(msg);
  switch (rng.int(0, 4)) {
    case 0:
      msg.messageId = messageId(rng);
      if (msg.messageId === undefined) delete msg.messageId;
      break;
    case 1: {
      const k = rng.pick(keys.filter((key) => key !== "type").concat(["messageId"]));
      msg[k] = wrongType(rng, "unknown");
      break;
    }
    case 2:
      delete msg[rng.pick(keys.filter((key) => key !== "type").concat(["messageId"]))];
      break;
    case 3:
      msg[rng.pick(["__proto__", "seat", "userId", "role", "x".repeat(300)])] = rng.pick<unknown>([
        0,
        "admin",
        { admin: true },
        hostileString(rng),
      ]);
      break;
    default:
      msg.action = rng.pick<unknown>([
        { type: "add", amount: "1" },
        { type: "add", amount: 11 },
        { type: "add" },
        { type: "nuke" },
        [],
        hostileString(rng),
      ]);
  }
  return msg;
}

function hugeNumbers(rng: Rng, kind: SocketKind): string {
  const token = new RawJson(rng.pick(NUMBER_TOKENS));
  if (kind !== "room") return stringify({ type: rng.pick(["snapshot", "ping", "whoami"]), n: token });
  return stringify(
    rng.pick<Record<string, unknown>>([
      { type: "join", messageId: "m", lastSeq: token },
      { type: "action", messageId: "m", action: { type: "add", amount: token } },
      { type: "ready", messageId: "m", ready: token },
      { type: "kick", messageId: "m", userId: token },
      { type: "ping", messageId: token },
    ]),
  );
}

function valid(rng: Rng, kind: SocketKind): string {
  if (kind === "room") return stringify(validRoomMessage(rng));
  if (kind === "universe") return rng.pick(["snapshot", '{"type":"snapshot"}', "ping"]);
  return rng.pick(["whoami", "ping", "hello", hostileString(rng)]);
}

function wrongFields(rng: Rng, kind: SocketKind): string {
  if (kind === "room") return stringify(wrongRoomFields(rng));
  return rng.pick([
    () => stringify({ type: "snapshot", x: wrongType(rng, "unknown") }),
    () => rng.pick(["Snapshot", "snapshot ", " snapshot", "SNAPSHOT", "whoami\n", "Ping", "ping ", "snapshot\u0000"]),
    () => stringify({ type: "welcome", empire: {} }),
    () => stringify({ type: "error", code: "internal", message: "spoofed" }),
  ])();
}

const CLASSES: Record<string, (rng: Rng, kind: SocketKind) => string | Uint8Array> = {
  garbage: (rng) => garbageText(rng, rng.int(1, 2000)),
  binary: (rng) => randomBytes(rng, rng.int(1, 4000)),
  deep_json: (rng) => deepJson(rng, rng.pick([100, 1_000, 4_000, 200_000])),
  huge_number: hugeNumbers,
  unknown_type: (rng) =>
    stringify({ type: rng.pick<unknown>(["nuke", "JOIN", "__proto__", "", 1, null, [], "x".repeat(5000)]), messageId: messageId(rng) }),
  wrong_fields: wrongFields,
  json_scalar: (rng) => rng.pick(["null", "1", '"x"', "[]", "{}", "true", "1e400", "-0"]),
  long_string: (rng) => stringify({ type: "join", messageId: "m", mode: hostileString(rng) }),
  oversized: (rng) => "o".repeat(rng.pick([8_193, 65_536, 600_000, 1_100_000])),
  literal: (rng) => rng.pick(["ping", "pong", "", " ", "PING", "ping\n", "\u0000"]),
  valid,
};

export const FRAME_CLASSES = [...Object.keys(CLASSES), "flood"];

export function fuzzFrame(kind: SocketKind, seed: number, n: number): FuzzFrame {
  const rng = createRng(deriveSeed(seed, "frame", kind, n));
  const cls = rng.pick(FRAME_CLASSES);
  if (cls === "flood") {
    const inner = rng.pick(["garbage", "valid", "literal", "unknown_type"]);
    return { n, cls, data: (CLASSES[inner] as (typeof CLASSES)[string])(rng, kind), repeat: rng.int(5, 20) };
  }
  return { n, cls, data: (CLASSES[cls] as (typeof CLASSES)[string])(rng, kind), repeat: 1 };
}
