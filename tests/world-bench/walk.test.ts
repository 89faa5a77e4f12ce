import { describe, expect, it } from "vitest";
import { enter, newCharacter, send } from "../world/helpers";

describe("a world served with WORLD_CONTENT=bench (8 areas)", () => {
  it("a character walks from Millbrook's square across all 8 areas, handed over at each border", async () => {
    const c = await newCharacter();
    let p = await enter(c);
    const areas = ["millbrook"];
    // South to the gate and into the Thornwood, east from the Trailhead into the chain of six
    // generated areas (four rooms each), to the far end of the last.
    const walk = [...["south", "south", "south"], ...Array.from({ length: 24 }, () => "east")];
    for (const [i, step] of walk.entries()) {
      expect(await send(p.ws, p.inbox, step)).toMatchObject({ type: "command_result" });
      const crosses = i === 2 || (i >= 3 && (i - 3) % 4 === 0);
      if (!crosses) continue;
      const transfer = await p.inbox.next((m) => m.type === "transfer");
      areas.push(transfer.area);
      p = await enter(c);
      expect(p.inbox.seen.find((m) => m.type === "welcome")).toMatchObject({ area: transfer.area });
    }
    expect(areas).toEqual(["millbrook", "thornwood", "bench_1", "bench_2", "bench_3", "bench_4", "bench_5", "bench_6"]);
    expect(p.inbox.seen.filter((m) => m.type === "room").at(-1)).toMatchObject({ id: "bench_6_r3" });
    // The far end of the chain.
    expect(await send(p.ws, p.inbox, "east")).toMatchObject({ type: "error", code: "cannot_go" });
    p.ws.close(1000);
  });
});
