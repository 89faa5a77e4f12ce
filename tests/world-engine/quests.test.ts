import { describe, expect, it } from "vitest";
import { Area, scriptedRng } from "./helpers";

describe("quests (§8)", () => {
  it("A Word to Maren: offered by Hobb, visit the hut (across areas), talk to Maren, turned in on the same talk", () => {
    const mb = new Area("millbrook");
    const tw = new Area("thornwood");
    const ava = mb.join("Ava", { room: "mb_store" });
    const talk = mb.cmd(ava.id, "talk hobb");
    expect(mb.texts(ava.id, talk.events)).toEqual([
      "Hobb the grocer says, 'Fresh draughts, sound shields, fair prices.'",
      'Hobb the grocer offers: A Word to Maren. Type "accept a word to maren".',
    ]);
    expect(mb.cmd(ava.id, "accept silk").error?.code).toBe("quest_unavailable");
    expect(mb.cmd(ava.id, "accept word maren").error).toBeNull();
    expect(mb.texts(ava.id, mb.cmd(ava.id, "journal").events)[0]).toBe("A Word to Maren\n  Visit Maren's Hut 0/1\n  Talk to Old Maren 0/1");
    mb.teleport(ava.id, "mb_gate");
    mb.cmd(ava.id, "south");
    mb.handOver(ava.id, tw);
    expect(mb.state.characters[ava.id]).toBeUndefined();
    expect(tw.char(ava.id)).toMatchObject({ room: "tw_trailhead", status: "normal" });
    expect(tw.char(ava.id).quests.q_word_to_maren!.state).toBe("active");
    tw.teleport(ava.id, "tw_clearing");
    tw.rng = scriptedRng([]);
    tw.cmd(ava.id, "open hut door");
    const inside = tw.cmd(ava.id, "west");
    expect(tw.texts(ava.id, inside.events)).toContain("Visit Maren's Hut 1/1");
    const turnIn = tw.cmd(ava.id, "talk maren");
    expect(tw.texts(ava.id, turnIn.events)).toEqual([
      "Talk to Old Maren 1/1",
      "Quest complete: A Word to Maren.",
      "Quest turned in: A Word to Maren. You receive 50 XP and 5 coins.",
      "Old Maren says, 'Mind the webs, child.'",
    ]);
    expect(tw.char(ava.id)).toMatchObject({ xp: 50, coins: 15 });
    expect(tw.char(ava.id).quests.q_word_to_maren!.state).toBe("turned_in");
    expect(tw.cmd(ava.id, "accept word").error?.code).toBe("quest_unavailable"); // no repeats
  });

  it("Silk for Maren: level 2 and the first quest; kill two spiders, collect three silk (which can fall), rewards", () => {
    const tw = new Area("thornwood");
    const ava = tw.join("Ava", { room: "tw_hut" });
    const c = () => tw.state.characters[ava.id]!;
    expect(tw.texts(ava.id, tw.cmd(ava.id, "talk maren").events)).not.toContain(
      'Old Maren offers: Silk for Maren. Type "accept silk for maren".',
    );
    c().quests.q_word_to_maren = { state: "turned_in", progress: {} };
    expect(tw.cmd(ava.id, "accept silk").error?.code).toBe("quest_unavailable"); // level 1
    c().level = 2;
    c().xp = 100;
    expect(tw.texts(ava.id, tw.cmd(ava.id, "talk maren").events)).toContain(
      'Old Maren offers: Silk for Maren. Type "accept silk for maren".',
    );
    expect(tw.cmd(ava.id, "accept silk for maren").error).toBeNull();
    for (const room of ["tw_hollow", "tw_deep_wood"]) {
      tw.teleport(ava.id, room);
      const spider = tw.npc("wood_spider", room)!;
      tw.state.npcs[spider.id]!.hp = 1;
      tw.rng = scriptedRng([15, 1, 100, 0]); // hit, kill; the silk does not drop; no coins
      tw.now += 2000; // a fresh swing is due at once (the last one was a dagger's speed ago)
      tw.cmd(ava.id, "attack spider");
    }
    expect(tw.char(ava.id).quests.q_silk!.progress.o_kill_spiders).toBe(2);
    tw.give(ava.id, "spider_silk");
    tw.give(ava.id, "spider_silk");
    tw.give(ava.id, "spider_silk");
    tw.cmd(ava.id, "inventory"); // any step recomputes collect objectives
    expect(tw.char(ava.id).quests.q_silk!.state).toBe("complete");
    tw.teleport(ava.id, "tw_deep_wood");
    const drop = tw.cmd(ava.id, "drop silk");
    expect(tw.texts(ava.id, drop.events)).toContain("Quest no longer complete: Silk for Maren.");
    tw.cmd(ava.id, "get silk");
    expect(tw.char(ava.id).quests.q_silk!.state).toBe("complete");
    tw.teleport(ava.id, "tw_hut");
    const done = tw.cmd(ava.id, "talk maren");
    expect(tw.texts(ava.id, done.events)).toContain("Quest turned in: Silk for Maren. You receive 200 XP and 20 coins.");
    expect(tw.items("spider_silk").filter((i) => "character" in i.loc)).toHaveLength(0);
    expect(tw.char(ava.id).xp).toBe(100 + 60 + 60 + 200);
    expect(tw.char(ava.id).level).toBe(3);
    expect(tw.items("healing_draught").filter((i) => "character" in i.loc)).toHaveLength(2);
  });

  it("abandon makes a quest available again and loses progress; exact command", () => {
    const mb = new Area("millbrook");
    const ava = mb.join("Ava", { room: "mb_store" });
    mb.cmd(ava.id, "accept word");
    expect(mb.cmd(ava.id, "aband word").error?.code).toBe("unknown_command");
    expect(mb.cmd(ava.id, "abandon nothing").error?.code).toBe("not_found");
    expect(mb.cmd(ava.id, "abandon word").error).toBeNull();
    expect(mb.char(ava.id).quests).toEqual({});
    expect(mb.cmd(ava.id, "accept word").error).toBeNull();
  });
});
