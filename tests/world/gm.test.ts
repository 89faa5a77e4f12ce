import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import type { WorldArea } from "../../durable-objects/world-area/area";
import { areaStub, enter, enterAsModerator, newCharacter, openWorld, setRole } from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new character walked from Millbrook's square to the Thornwood trailhead, connected there. */
async function inThornwood(role?: string) {
  const c = await newCharacter();
  if (role) await setRole(c.user.id, role);
  const p = await enter(c);
  for (const step of ["south", "south"]) await p.cmd(step);
  p.ws.send(JSON.stringify({ type: "command", text: "south" }));
  await p.inbox.next((m) => m.type === "transfer");
  return { ...c, p: await enter(c) };
}

async function arm(area: string, step: FaultStep): Promise<void> {
  await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.arm(step));
}

/** Waits until the armed crash has happened (a call that meets the crash itself fails, and is tried again). */
async function crashed(area: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const pending = await runInDurableObject(areaStub(area), (instance: WorldArea) => instance.faults.pending()).catch(() => null);
    if (pending?.length === 0) return;
    await sleep(50);
  }
  throw new Error(`no crash in ${area}`);
}

/** Both areas' outbox rows made due and their alarms run, until neither has a row left. */
async function drain(timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    let left = 0;
    for (const area of ["millbrook", "thornwood"]) {
      left += await runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) => {
        state.storage.sql.exec("UPDATE _outbox SET next_at = ? WHERE next_at > ?", Date.now(), Date.now());
        state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'outbox' AND at > ?", Date.now(), Date.now());
        return state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox").one().n;
      }).catch(() => 1);
      await runDurableObjectAlarm(areaStub(area)).catch(() => null);
    }
    if (left === 0) return;
    await sleep(100);
  }
  throw new Error("outbox rows left undelivered");
}

/** The actor's `world.gm` audit entries, oldest first: [text, outcome, area]. */
async function audited(accountId: string): Promise<[string, string, string][]> {
  const rows = await env.DB.prepare("SELECT details FROM audit_log WHERE action = 'world.gm' AND actor_id = ? ORDER BY id")
    .bind(accountId)
    .all<{ details: string }>();
  return rows.results.map((r) => JSON.parse(r.details)).map((d) => [d.text, d.outcome, d.area]);
}

describe("the GM audit goes through the area's outbox (§9)", () => {
  it.each<FaultStep>(["after_commit", "before_ack"])(
    "a crash at %s after the effect neither loses nor duplicates the audit entry",
    async (step) => {
      const { mod, m } = await enterAsModerator();
      const a = await newCharacter();
      const p = await enter(a);
      await arm("millbrook", step);
      m.ws.send(JSON.stringify({ type: "command", text: `warn ${a.name} crash test` }));
      // The effect committed before the crash: the warning was sent.
      await p.inbox.next((x) => x.type === "message" && x.text === "[Warning] crash test");
      await crashed("millbrook");
      await drain();
      await drain();
      expect(await audited(mod.user.id)).toEqual([[`warn ${a.name} crash test`, "ok", "millbrook"]]);
    },
  );
});

describe("GM commands reach characters in other areas (§9, §12)", () => {
  it("a broadcast reaches the other areas even when the directory names one that cannot load", async () => {
    const admin = await newCharacter();
    await setRole(admin.user.id, "admin");
    const g = await enter(admin);
    // Listed before the live rows: its area's failed call once ended the broadcast and cancelled the calls still on their way.
    const ghost = await newCharacter();
    await env.DB.prepare("INSERT INTO world_presence (account_id, character_id, area, since) VALUES (?, ?, 'nowhere', ?)")
      .bind(ghost.user.id, ghost.id, Date.now())
      .run();
    const far = await inThornwood();
    expect(await g.cmd("broadcast the bridge is out")).toMatchObject({ type: "command_result" });
    const heard = { type: "message", category: "broadcast", text: "the bridge is out" };
    expect(await far.p.inbox.next((x) => x.type === "message" && x.category === "broadcast")).toMatchObject(heard);
    expect(await g.inbox.next((x) => x.type === "message" && x.category === "broadcast")).toMatchObject(heard);
    await env.DB.prepare("DELETE FROM world_presence WHERE account_id = ?").bind(ghost.user.id).run();
    g.ws.close(1000);
    far.p.ws.close(1000);
  });

  it("where in another area keeps the role rule: a moderator finds a player there, not another moderator", async () => {
    const { m } = await enterAsModerator();
    const far = await inThornwood();
    const peer = await inThornwood("moderator");
    expect(await m.cmd(`where ${far.name}`)).toMatchObject({ type: "command_result" });
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name}: thornwood/tw_trailhead, online.`);
    await m.cmd(`where ${peer.name}`);
    expect(await m.inbox.next((x) => x.type === "error")).toMatchObject({ code: "forbidden" });
    m.ws.close(1000);
    far.p.ws.close(1000);
    peer.p.ws.close(1000);
  });

  it("where for a character of another area is audited with its real outcome: ok, forbidden, not_online, failed", async () => {
    const { mod, m } = await enterAsModerator();
    const far = await inThornwood();
    const peer = await inThornwood("moderator");
    // A presence row naming an area no object can load: the lookup there fails.
    const ghost = await newCharacter();
    await env.DB.prepare("INSERT INTO world_presence (account_id, character_id, area, since) VALUES (?, ?, 'nowhere', ?)")
      .bind(ghost.user.id, ghost.id, Date.now())
      .run();

    expect(await m.cmd(`where ${far.name}`)).toMatchObject({ type: "command_result" });
    expect(await m.cmd(`where ${peer.name}`)).toMatchObject({ type: "error", code: "forbidden" });
    expect(await m.cmd("where Nobodyhere")).toMatchObject({ type: "error", code: "not_online" });
    expect(await m.cmd(`where ${ghost.name}`)).toMatchObject({ type: "error", code: "internal" });
    await drain();
    expect(await audited(mod.user.id)).toEqual([
      [`where ${far.name}`, "ok", "millbrook"],
      [`where ${peer.name}`, "forbidden", "millbrook"],
      ["where Nobodyhere", "not_online", "millbrook"],
      [`where ${ghost.name}`, "failed", "millbrook"],
    ]);
    m.ws.close(1000);
    far.p.ws.close(1000);
    peer.p.ws.close(1000);
  });

  it("a moderator in Millbrook warns, mutes and kicks a player in the Thornwood; permissions are the target's; each is audited once where it landed", async () => {
    const { mod, m } = await enterAsModerator();
    const far = await inThornwood();
    const peer = await inThornwood("moderator");

    expect(await m.cmd(`warn ${far.name} mind your manners`)).toMatchObject({ type: "command_result" });
    await far.p.inbox.next((x) => x.type === "message" && x.text === "[Warning] mind your manners");
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is warned.`);

    expect(await m.cmd(`mute ${far.name} 5`)).toMatchObject({ type: "command_result" });
    expect(await far.p.cmd("say hello")).toMatchObject({ type: "error", code: "muted" });
    expect(await m.cmd(`unmute ${far.name}`)).toMatchObject({ type: "command_result" });
    expect(await far.p.cmd("say hello")).toMatchObject({ type: "command_result" });

    // Equal role where the target is: refused there, and the refusal carries the command's messageId.
    expect(await m.cmd(`kick ${peer.name}`)).toMatchObject({ type: "error", code: "forbidden" });
    expect(peer.p.inbox.closed).toBeNull();
    // Not in the world anywhere: refused here.
    expect(await m.cmd("warn Nobodyhere hello")).toMatchObject({ type: "error", code: "not_online" });

    const closed = new Promise<number>((resolve) => far.p.ws.addEventListener("close", (e) => resolve(e.code)));
    expect(await m.cmd(`kick ${far.name} spamming`)).toMatchObject({ type: "command_result" });
    expect(await far.p.inbox.next((x) => x.type === "quit")).toMatchObject({ reason: "kicked" });
    expect(await closed).toBe(4003);
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is kicked.`);
    expect(await env.DB.prepare("SELECT * FROM world_presence WHERE character_id = ?").bind(far.id).first()).toBeNull();
    // Kicked, so no longer in the world: a second kick is not_online.
    expect(await m.cmd(`kick ${far.name}`)).toMatchObject({ type: "error", code: "not_online" });

    await drain();
    expect(await audited(mod.user.id)).toEqual([
      [`warn ${far.name} mind your manners`, "ok", "thornwood"],
      [`mute ${far.name} 5`, "ok", "thornwood"],
      [`unmute ${far.name}`, "ok", "thornwood"],
      [`kick ${peer.name}`, "forbidden", "thornwood"],
      ["warn Nobodyhere hello", "not_online", "millbrook"],
      [`kick ${far.name} spamming`, "ok", "thornwood"],
      [`kick ${far.name}`, "not_online", "millbrook"],
    ]);
    m.ws.close(1000);
    peer.p.ws.close(1000);
  });

  it("a game master in Millbrook heals, setstats and summons a player in the Thornwood; an admin's setrole reaches an account anywhere", async () => {
    const gm = await newCharacter();
    await setRole(gm.user.id, "game_master");
    const g = await enter(gm);
    const far = await inThornwood();

    expect(await g.cmd(`setstat ${far.name} hp 1`)).toMatchObject({ type: "command_result" });
    await far.p.inbox.next((x) => x.type === "stat_update" && x.stats.hp === 1);
    expect(await g.cmd(`heal ${far.name}`)).toMatchObject({ type: "command_result" });
    await far.p.inbox.next((x) => x.type === "stat_update" && x.stats.hp === 11);
    await g.inbox.next((x) => x.type === "message" && x.text === `${far.name} is healed.`);
    expect(await g.cmd(`setstat ${far.name} coins 77`)).toMatchObject({ type: "command_result" });
    await far.p.inbox.next((x) => x.type === "stat_update" && x.stats.coins === 77);
    expect(await g.cmd(`setstat ${far.name} str 40`)).toMatchObject({ type: "error", code: "bad_arguments" });
    expect(await g.cmd(`revive ${far.name}`)).toMatchObject({ type: "error", code: "not_allowed" });

    // summon: handed over from the Thornwood to the GM's room in Millbrook.
    expect(await g.cmd(`summon ${far.name}`)).toMatchObject({ type: "command_result" });
    await far.p.inbox.next((x) => x.type === "message" && x.text === `${gm.name} summons you.`);
    expect(await far.p.inbox.next((x) => x.type === "transfer")).toMatchObject({ area: "millbrook", room: "mb_square" });
    const back = await openWorld(far.user.accessToken, far.id);
    expect(await back.inbox.next((x) => x.type === "welcome")).toMatchObject({ area: "millbrook" });
    const room = await back.inbox.next((x) => x.type === "room");
    expect(room).toMatchObject({ id: "mb_square" });
    expect(room.characters.map((c: any) => c.name)).toContain(gm.name);
    expect(await back.inbox.next((x) => x.type === "stat_update" && x.full)).toMatchObject({ stats: { coins: 77, hp: 11 } });

    // setrole is an admin's; the role is the account's, in D1, whatever area the character is in.
    const root = await newCharacter();
    await setRole(root.user.id, "admin");
    const r = await enter(root);
    expect(await g.cmd(`setrole ${far.name} moderator`)).toMatchObject({ type: "error", code: "forbidden" });
    expect(await r.cmd(`setrole ${far.name} moderator`)).toMatchObject({ type: "command_result" });
    expect(await r.cmd("setrole Nobodyhere moderator")).toMatchObject({ type: "error", code: "not_found" });
    const role = await env.DB.prepare("SELECT role FROM world_roles WHERE account_id = ?").bind(far.user.id).first<{ role: string }>();
    expect(role?.role).toBe("moderator");

    await drain();
    expect(await audited(gm.user.id)).toEqual([
      [`setstat ${far.name} hp 1`, "ok", "thornwood"],
      [`heal ${far.name}`, "ok", "thornwood"],
      [`setstat ${far.name} coins 77`, "ok", "thornwood"],
      [`setstat ${far.name} str 40`, "bad_arguments", "thornwood"],
      [`revive ${far.name}`, "not_allowed", "thornwood"],
      [`summon ${far.name}`, "ok", "thornwood"],
    ]);
    expect(await audited(root.user.id)).toEqual([
      [`setrole ${far.name} moderator`, "ok", "millbrook"],
      ["setrole Nobodyhere moderator", "not_found", "millbrook"],
    ]);
    for (const s of [g, r, back]) s.ws.close(1000);
  });

  it("the target's area crashing after applying an order: applied once, audited once, the actor told when the retry lands", async () => {
    const { mod, m } = await enterAsModerator();
    const far = await inThornwood();
    const orders = () =>
      runInDurableObject(areaStub("thornwood"), (_: unknown, state: DurableObjectState) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _inbox WHERE key LIKE 'order:%'").one().n,
      );
    const before = await orders();
    await arm("thornwood", "after_apply");
    // The answer never came: the command is answered, and the actor told the order is on its way.
    expect(await m.cmd(`mute ${far.name} 7`)).toMatchObject({ type: "command_result" });
    await crashed("thornwood");
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is in another area; the order will reach them.`);
    await drain();
    // The retry is answered from the Thornwood's inbox: the stored outcome, nothing applied again.
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is muted for 7 minutes.`);
    await drain();
    expect(await orders()).toBe(before + 1);
    expect(m.inbox.seen.filter((x) => x.type === "message" && x.text === `${far.name} is muted for 7 minutes.`)).toHaveLength(1);
    expect(await audited(mod.user.id)).toEqual([[`mute ${far.name} 7`, "ok", "thornwood"]]);
    // The mute was committed before the crash and is durable: the reconnected character is muted.
    const again = await enter(far);
    expect(await again.cmd("say hello")).toMatchObject({ type: "error", code: "muted" });
    again.ws.close(1000);
    m.ws.close(1000);
  });

  it("the target's area crashing between applying an order and sending its text: the target gets the text once, at its next connection", async () => {
    const { mod, m } = await enterAsModerator();
    const far = await inThornwood();
    const warning = "[Warning] read the rules";
    await arm("thornwood", "after_apply");
    expect(await m.cmd(`warn ${far.name} read the rules`)).toMatchObject({ type: "command_result" });
    await crashed("thornwood");
    // The crash took the target's socket before the warning was sent on it.
    expect(far.p.inbox.seen.some((x) => x.type === "message" && x.text === warning)).toBe(false);
    const again = await enter(far);
    await again.inbox.next((x) => x.type === "message" && x.text === warning);
    await drain();
    await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is warned.`);
    // The retry is answered from the inbox and sends nothing again; a later connection gets nothing more.
    const third = await enter(far);
    await third.cmd("look");
    expect(again.inbox.seen.filter((x) => x.type === "message" && x.text === warning)).toHaveLength(1);
    expect(third.inbox.seen.filter((x) => x.type === "message" && x.text === warning)).toHaveLength(0);
    expect(await audited(mod.user.id)).toEqual([[`warn ${far.name} read the rules`, "ok", "thornwood"]]);
    third.ws.close(1000);
    m.ws.close(1000);
  });

  it("an order's text for a character without a socket waits for its connection only so long: the stasis grace after the last one queued", async () => {
    const { m } = await enterAsModerator();
    const far = await inThornwood();
    const inStasis = async () => {
      far.p.ws.close(1000);
      for (let i = 0; i < 100; i++) {
        const state = await areaStub("thornwood").inspect("thornwood");
        if (state.characters.find((c) => c.id === far.id)?.status === "stasis") return;
        await sleep(20);
      }
      throw new Error("no stasis");
    };
    const warn = async (text: string) => {
      expect(await m.cmd(`warn ${far.name} ${text}`)).toMatchObject({ type: "command_result" });
      await m.inbox.next((x) => x.type === "message" && x.text === `${far.name} is warned.`);
    };

    // Back within the grace: the text comes after `welcome`.
    await inStasis();
    await warn("in time");
    far.p = await enter(far);
    await far.p.inbox.next((x) => x.type === "message" && x.text === "[Warning] in time");

    // The grace passes (the area's queue timer is due): the text is dropped, not kept for a later login.
    await inStasis();
    await warn("too late");
    await runInDurableObject(areaStub("thornwood"), (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = ?", Date.now(), `queue:${far.id}`);
    });
    await runDurableObjectAlarm(areaStub("thornwood"));
    const late = await enter(far);
    await late.cmd("look");
    expect(late.inbox.seen.some((x) => x.type === "message" && x.text === "[Warning] too late")).toBe(false);
    late.ws.close(1000);
    m.ws.close(1000);
  });

  it("an order meeting its target mid-handover follows it to its new area and lands there once", async () => {
    const mod = await inThornwood("moderator");
    const a = await newCharacter();
    const p = await enter(a);
    for (const step of ["south", "south"]) await p.cmd(step);
    // Millbrook crashes right after the departure committed, and the Thornwood while accepting it
    // (rolled back): the character stays `departing` in Millbrook, whose retry is held back, and
    // the directory still names Millbrook.
    await arm("millbrook", "after_commit");
    await arm("thornwood", "during_apply");
    p.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await crashed("millbrook");
    // Millbrook's retry (due 1 s after the failed attempt) is held back as soon as that attempt failed.
    for (let held = false, i = 0; !held; i++) {
      if (i > 500) throw new Error("the handover was never attempted");
      held = await runInDurableObject(areaStub("millbrook"), (_: unknown, state: DurableObjectState) => {
        const failed = state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox WHERE attempts > 0").one().n > 0;
        if (failed) {
          state.storage.sql.exec("UPDATE _outbox SET next_at = ?", Date.now() + 60_000);
          state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'outbox'", Date.now() + 60_000);
        }
        return failed;
      }).catch(() => false);
      if (!held) await sleep(10);
    }
    await crashed("thornwood");
    const presence = await env.DB.prepare("SELECT area FROM world_presence WHERE character_id = ?").bind(a.id).first<{ area: string }>();
    expect(presence?.area).toBe("millbrook");
    expect((await areaStub("millbrook").inspect("millbrook")).characters.find((c) => c.id === a.id)?.status).toBe("departing");

    // The moderator's socket went with the Thornwood's crash: back in, then the order.
    const m = await enter(mod);
    expect(await m.cmd(`warn ${a.name} mind the gate`)).toMatchObject({ type: "command_result" });
    await m.inbox.next((x) => x.type === "message" && x.text === `${a.name} is in another area; the order will reach them.`);
    // The handover lands; the order, retried, is answered from Millbrook's tombstone and follows to the Thornwood.
    await drain();
    await m.inbox.next((x) => x.type === "message" && x.text === `${a.name} is warned.`);
    const again = await enter(a);
    expect(again.inbox.seen.find((x) => x.type === "welcome")).toMatchObject({ area: "thornwood" });
    await again.inbox.next((x) => x.type === "message" && x.text === "[Warning] mind the gate");
    await drain();
    expect(again.inbox.seen.filter((x) => x.type === "message" && x.text === "[Warning] mind the gate")).toHaveLength(1);
    expect(m.inbox.seen.filter((x) => x.type === "message" && x.text === `${a.name} is warned.`)).toHaveLength(1);
    expect(await audited(mod.user.id)).toEqual([[`warn ${a.name} mind the gate`, "ok", "thornwood"]]);
    again.ws.close(1000);
    m.ws.close(1000);
  });

  it("an order follows a character from tombstone to tombstone at most 3 times, then is refused not_online and audited once", async () => {
    const { mod, m } = await enterAsModerator();
    // Tombstones forwarding in a circle (as no real handover leaves them) and a presence row naming the Thornwood.
    const ghost = await newCharacter();
    await env.DB.prepare("INSERT INTO world_presence (account_id, character_id, area, since) VALUES (?, ?, 'thornwood', ?)")
      .bind(ghost.user.id, ghost.id, Date.now())
      .run();
    for (const [area, to] of [
      ["millbrook", "thornwood"],
      ["thornwood", "millbrook"],
    ]) {
      await runInDurableObject(areaStub(area!), (_: unknown, state: DurableObjectState) => {
        state.storage.sql.exec(
          "INSERT INTO world_tombstones (character, area, loc_version, expires_at) VALUES (?, ?, 1, ?)",
          ghost.id,
          to,
          Date.now() + 60_000,
        );
      });
    }
    expect(await m.cmd(`warn ${ghost.name} hello`)).toMatchObject({ type: "error", code: "not_online" });
    await drain();
    expect(await audited(mod.user.id)).toEqual([[`warn ${ghost.name} hello`, "not_online", "millbrook"]]);
    // The audit entry's id is the order's: the order went to the Thornwood, then followed to Millbrook, the Thornwood, Millbrook.
    const entry = await env.DB.prepare("SELECT entry_id FROM audit_log WHERE action = 'world.gm' AND actor_id = ?")
      .bind(mod.user.id)
      .first<{ entry_id: string }>();
    const order = entry!.entry_id.replace(/^audit:/, "order:");
    const keys = (area: string) =>
      runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) =>
        state.storage.sql
          .exec<{ key: string }>("SELECT key FROM _inbox WHERE key LIKE ? ORDER BY key", `${order}%`)
          .toArray()
          .map((r) => r.key),
      );
    expect(await keys("thornwood")).toEqual([order, `${order}:2`]);
    expect(await keys("millbrook")).toEqual([`${order}:1`, `${order}:3`]);
    m.ws.close(1000);
  });

  it("an order the directory sends back to the actor's own area is applied there through the same inbox", async () => {
    const { mod, m } = await enterAsModerator();
    const a = await newCharacter();
    const p = await enter(a);
    p.ws.send(JSON.stringify({ type: "command", text: "quit" }));
    await p.inbox.next((x) => x.type === "quit");
    for (let i = 0; i < 50; i++) {
      const row = await env.DB.prepare("SELECT 1 FROM world_presence WHERE character_id = ?").bind(a.id).first();
      if (!row) break;
      await sleep(50);
    }
    // A presence row ahead of the area (as if the character were arriving): the order goes to Millbrook itself.
    await env.DB.prepare("INSERT INTO world_presence (account_id, character_id, area, since) VALUES (?, ?, 'millbrook', ?)")
      .bind(a.user.id, a.id, Date.now())
      .run();
    expect(await m.cmd(`warn ${a.name} hello`)).toMatchObject({ type: "error", code: "not_online" });
    await drain();
    expect(await audited(mod.user.id)).toEqual([[`warn ${a.name} hello`, "not_online", "millbrook"]]);
    m.ws.close(1000);
  });
});
