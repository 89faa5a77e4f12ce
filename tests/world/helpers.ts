import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { call, json, registerUser, type TestUser, uniqueIp } from "../helpers/http";
import { collect } from "../helpers/socket-inbox";

/** A character name nobody else in the suite uses: letters only (§1.5). */
export function characterName(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `W${[...bytes].map((b) => letters[b % 26]).join("")}`;
}

export async function newCharacter(user?: TestUser): Promise<{ user: TestUser; id: string; name: string }> {
  const u = user ?? (await registerUser("wld"));
  const res = await call("/v1/world/characters", { token: u.accessToken, body: { name: characterName() } });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { user: u, id: body.id, name: body.name };
}

export async function openWorld(token: string, character: string) {
  const res = await SELF.fetch(`http://orrery.test/v1/world/ws?character=${character}`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${token}`, "CF-Connecting-IP": uniqueIp() },
  });
  if (res.status !== 101) return { res, ws: null as never, inbox: null as never };
  const ws = res.webSocket!;
  const inbox = collect(ws);
  ws.accept();
  return { res, ws, inbox };
}

/** Sends a command and waits for its `command_result` or `error` (by messageId). */
export async function send(ws: WebSocket, inbox: ReturnType<typeof collect>, text: string): Promise<any> {
  const messageId = crypto.randomUUID();
  const answer = inbox.next((m) => m.messageId === messageId && (m.type === "command_result" || m.type === "error"));
  ws.send(JSON.stringify({ type: "command", text, messageId }));
  return answer;
}

export function areaStub(area: string) {
  return env.WORLD_AREAS.get(env.WORLD_AREAS.idFromName(area));
}

/** Sets an account's world role in D1, read at its next world entry (§9). */
export async function setRole(accountId: string, role: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO world_roles (account_id, role) VALUES (?, ?) ON CONFLICT(account_id) DO UPDATE SET role = excluded.role",
  )
    .bind(accountId, role)
    .run();
}

/** Enters the world with the character and waits for its full stats: `cmd` sends a command and answers its result. */
export async function enter(character: { user: { accessToken: string }; id: string }) {
  const { ws, inbox } = await openWorld(character.user.accessToken, character.id);
  await inbox.next((m) => m.type === "stat_update" && m.full);
  return { ws, inbox, cmd: (text: string) => send(ws, inbox, text) };
}

/** A new character whose account is a moderator, in the world: `mod` is the character, `m` its connection. */
export async function enterAsModerator() {
  const mod = await newCharacter();
  await setRole(mod.user.id, "moderator");
  return { mod, m: await enter(mod) };
}
