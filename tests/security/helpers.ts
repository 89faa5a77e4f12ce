import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { SetupClient } from "../../scripts/fuzz/roles";
import { call, json, registerUser, type TestUser, uniqueIp } from "../helpers/http";

/** A raw WebSocket client: every frame it receives, and how it closed. */
export class Socket {
  readonly frames: string[] = [];
  closeInfo: { code: number; reason: string } | null = null;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      this.frames.push(String(e.data));
    });
    ws.addEventListener("close", (e) => {
      this.closeInfo = { code: e.code, reason: e.reason };
    });
  }

  /** Sends unless the socket is already closed on our side; reports whether it was sent. */
  trySend(data: string): boolean {
    try {
      this.ws.send(data);
      return true;
    } catch {
      return false;
    }
  }

  json(): Record<string, any>[] {
    return this.frames.filter((f) => f.startsWith("{")).map((f) => JSON.parse(f));
  }

  async waitFor(pred: (m: Record<string, any>) => boolean, timeoutMs = 5000): Promise<Record<string, any>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.json().find(pred);
      if (hit) return hit;
      if (this.closeInfo) throw new Error(`socket closed (${this.closeInfo.code}) while waiting`);
      if (Date.now() > deadline) throw new Error(`timed out; saw ${this.frames.join(" | ").slice(0, 500)}`);
      await sleep(10);
    }
  }

  async closed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closeInfo && Date.now() < deadline) await sleep(10);
    if (!this.closeInfo) throw new Error("socket did not close");
    return this.closeInfo;
  }

  close(): void {
    try {
      this.ws.close(1000, "bye");
    } catch {
      // already closed
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function upgrade(path: string, token: string): Promise<Response> {
  return SELF.fetch(`http://orrery.test${path}`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${token}`, "CF-Connecting-IP": uniqueIp() },
  });
}

export async function open(path: string, token: string): Promise<Socket> {
  const res = await upgrade(path, token);
  expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  return new Socket(ws);
}

/** A second session of the same account. */
export async function secondSession(user: TestUser): Promise<TestUser> {
  const res = await call("/v1/auth/login", { body: { login: user.username, password: user.password }, ip: user.ip });
  expect(res.status).toBe(200);
  const body = await json(res);
  return { ...user, accessToken: body.accessToken, refreshToken: body.refreshToken, sessionId: body.sessionId };
}

export function registry(userId: string) {
  return env.USER_SOCKETS.get(env.USER_SOCKETS.idFromName(userId));
}

/** Closes the sockets and waits until their objects have told the user's registry, so no call outlives the test. */
export async function closeAll(userIds: string[], sockets: { close(): void }[]): Promise<void> {
  for (const s of sockets) s.close();
  const deadline = Date.now() + 3000;
  for (const id of userIds) {
    while ((await registry(id).places()).length > 0 && Date.now() < deadline) await sleep(25);
  }
}

/** The fuzz fixture builder (scripts/fuzz/roles.ts) through SELF.fetch. */
export const testSetupClient: SetupClient<TestUser> = {
  async must(method, path, status, body, token) {
    const res = await call(path, { method, body, token });
    expect(res.status, `${method} ${path}`).toBe(status);
    return json(res);
  },
  register: (prefix) => registerUser(prefix),
  async loginAdmin() {
    const body = await testSetupClient.must("POST", "/v1/auth/login", 200, { login: "root_admin", password: "root-admin-password" });
    return { id: body.user.id, accessToken: body.accessToken, sessionId: body.sessionId };
  },
};
