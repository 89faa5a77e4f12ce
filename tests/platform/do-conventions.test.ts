import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Sentinel } from "../../durable-objects/sentinel";
import { call, registerUser } from "../helpers/http";

function sentinel(name: string) {
  return env.SENTINEL.get(env.SENTINEL.idFromName(name));
}

describe("object migrations", () => {
  it("runs every migration once in the constructor and records it", async () => {
    const stub = sentinel(`mig-${crypto.randomUUID()}`);
    const applied = await stub.migrations();
    expect(applied.map((m) => m.version)).toEqual([1, 2, 100]);
    await evictDurableObject(stub);
    expect(await stub.migrations()).toEqual(applied);
  });
});

describe("timed events behind the single alarm", () => {
  it("points the alarm at the earliest event, fires due events, and cancels", async () => {
    const stub = sentinel(`timers-${crypto.randomUUID()}`);
    const now = Date.now();
    const alarmAt = () => runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    await stub.scheduleAdd("late", now + 3_600_000, "t", 100);
    await stub.scheduleAdd("early", now + 600_000, "t", 1);
    await stub.scheduleAdd("doomed", now + 60_000, "t", 1000);
    expect(await alarmAt()).toBe(now + 60_000);
    expect(await stub.cancel("doomed")).toBe(true);
    expect(await alarmAt()).toBe(now + 600_000);

    // Rescheduling the same key moves it rather than adding a second event.
    await stub.scheduleAdd("early", now - 1, "t", 1);
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 1, applications: 1 });
    expect((await stub.pending()).map((e) => e.key)).toEqual(["late"]);
    const next = await runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm());
    expect(next).toBe(now + 3_600_000);
    await stub.cancel("late");
    expect(await runInDurableObject(stub, (_: Sentinel, state) => state.storage.getAlarm())).toBeNull();
  });

  it("applies an event once even when the alarm is delivered twice", async () => {
    const stub = sentinel(`twice-${crypto.randomUUID()}`);
    await stub.scheduleAdd("once", Date.now() - 5, "t", 7);
    await runInDurableObject(stub, async (instance: Sentinel) => {
      await instance.alarm();
      await instance.alarm();
    });
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 7, applications: 1 });
  });

  it("fires an event that fell due while the object was evicted", async () => {
    const stub = sentinel(`evict-${crypto.randomUUID()}`);
    await stub.scheduleAdd("restart", Date.now() + 50, "t", 3);
    await evictDurableObject(stub);
    await new Promise((r) => setTimeout(r, 80));
    await runDurableObjectAlarm(stub);
    expect(await stub.tally("t")).toEqual({ total: 3, applications: 1 });
  });

  it("fires on its own when set a few milliseconds ahead", async () => {
    const stub = sentinel(`self-${crypto.randomUUID()}`);
    await stub.scheduleAdd("soon", Date.now() + 20, "t", 5);
    let tally = { total: 0, applications: 0 };
    for (let i = 0; i < 50 && tally.applications === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      tally = await stub.tally("t");
    }
    expect(tally).toEqual({ total: 5, applications: 1 });
  });
});

async function openSocket(path: string, protocols: string[] | null, ip = "10.9.9.9") {
  const headers: Record<string, string> = { Upgrade: "websocket", "CF-Connecting-IP": ip };
  if (protocols) headers["Sec-WebSocket-Protocol"] = protocols.join(", ");
  return SELF.fetch(`http://orrery.test${path}`, { headers });
}

function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.addEventListener("message", (e) => resolve(String(e.data)), { once: true }));
}

describe("authenticated, hibernatable WebSockets", () => {
  it("refuses an upgrade without a token or with a bad token", async () => {
    const none = await openSocket("/v1/ws/echo", null);
    expect(none.status).toBe(401);
    expect(none.webSocket).toBeNull();
    const bad = await openSocket("/v1/ws/echo", ["orrery.v1", "bearer.invalid"]);
    expect(bad.status).toBe(401);
  });

  it("refuses a plain GET with upgrade_required", async () => {
    const u = await registerUser("ws");
    const res = await call("/v1/ws/echo", { token: u.accessToken });
    expect(res.status).toBe(426);
  });

  it("keeps the identity across hibernation and answers heartbeats", async () => {
    const u = await registerUser("ws");
    const res = await openSocket("/v1/ws/echo", ["orrery.v1", `bearer.${u.accessToken}`]);
    expect(res.status).toBe(101);
    expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("orrery.v1");
    const ws = res.webSocket!;
    ws.accept();

    ws.send("whoami");
    const before = JSON.parse(await nextMessage(ws));
    expect(before).toMatchObject({ type: "identity", userId: u.id, username: u.username, role: "player" });

    ws.send("ping");
    expect(await nextMessage(ws)).toBe("pong");

    await evictDurableObject(env.SENTINEL.get(env.SENTINEL.idFromName(`echo:${u.id}`)));
    ws.send("whoami");
    const after = JSON.parse(await nextMessage(ws));
    expect(after).toEqual(before);
    ws.close(1000, "done");
  });

  it("accepts the token as a query parameter fallback", async () => {
    const u = await registerUser("wsq");
    const res = await openSocket(`/v1/ws/echo?access_token=${u.accessToken}`, null);
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    ws.send("whoami");
    expect(JSON.parse(await nextMessage(ws)).userId).toBe(u.id);
    ws.close(1000, "done");
  });
});
