import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BENCH_AREAS, BENCH_GATEWAY, benchAreaId } from "../../src/world/content/bench";
import { loadContent } from "../../src/world/content/load";
import { packFiles, worldContent } from "../../src/world/content/packs";
import { json } from "../helpers/http";

describe("built-in content packs and WORLD_CONTENT", () => {
  it("the bench pack is the starter world plus six generated areas, validated by the same loader", () => {
    const bench = loadContent(packFiles("bench"));
    const starter = loadContent(packFiles("starter"));
    expect([...bench.areas.keys()].sort()).toEqual(
      [...Array.from({ length: BENCH_AREAS }, (_, i) => benchAreaId(i + 1)), "millbrook", "thornwood"].sort(),
    );
    for (const [id, room] of starter.rooms) expect(bench.rooms.get(id)?.name).toBe(room.name);
    expect(bench.rooms.get("tw_trailhead")?.exits.east).toBe(BENCH_GATEWAY);
    expect(starter.rooms.get("tw_trailhead")?.exits.east).toBeUndefined();
    // Every room of the bench pack is reachable from the start room through exits.
    const seen = new Set([bench.settings.start_room]);
    const queue = [bench.settings.start_room];
    while (queue.length) {
      for (const exit of Object.values(bench.rooms.get(queue.shift()!)!.exits)) {
        const to = typeof exit === "string" ? exit : exit.to;
        if (seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
      }
    }
    expect(seen.size).toBe(bench.rooms.size);
  });

  it("WORLD_CONTENT picks the pack (starter by default); an unknown name is refused by name", () => {
    expect(worldContent({}).areas.size).toBe(2);
    expect(worldContent({ WORLD_CONTENT: "starter" }).areas.size).toBe(2);
    expect(worldContent({ WORLD_CONTENT: "bench" }).areas.size).toBe(8);
    expect(() => worldContent({ WORLD_CONTENT: "nope" })).toThrow('WORLD_CONTENT must be one of starter, bench; got "nope"');
  });

  it("a Worker configured with an unknown WORLD_CONTENT refuses every request with 500 misconfigured", async () => {
    const broken = { ...env, WORLD_CONTENT: "nope" } as unknown as Env;
    const logs: string[] = [];
    const original = console.error;
    console.error = (line: string) => logs.push(line);
    try {
      const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
      const res = await worker.fetch(new Request("http://orrery.test/v1/world/characters"), broken, ctx);
      expect(res.status).toBe(500);
      expect((await json(res)).error.code).toBe("misconfigured");
    } finally {
      console.error = original;
    }
    expect(logs.some((l) => l.includes("WORLD_CONTENT"))).toBe(true);
  });
});
