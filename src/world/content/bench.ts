/**
 * The `bench` content pack (`WORLD_CONTENT=bench`): the starter world plus six generated areas in
 * a chain east of the Thornwood Trailhead, so that `npm run bench:world` can spread characters over
 * 8 areas. The files are generated here and loaded by the same loader as any content, so they are
 * validated the same way.
 */
import type { ContentFiles } from "./load";
import { STARTER_FILES } from "./starter";

export const BENCH_AREAS = 6;
const ROOMS_PER_AREA = 4;
const NAMES = ["Ashfield", "Briarmoor", "Coldwater", "Dunmere", "Elmstead", "Fernhollow"];

export const benchAreaId = (n: number) => `bench_${n}`;
const roomId = (area: number, room: number) => `bench_${area}_r${room}`;

/** The room east of the Thornwood Trailhead, where the generated chain begins. */
export const BENCH_GATEWAY = roomId(1, 0);

function generatedArea(n: number) {
  const rooms = Array.from({ length: ROOMS_PER_AREA }, (_, i) => {
    const west = i > 0 ? roomId(n, i - 1) : n > 1 ? roomId(n - 1, ROOMS_PER_AREA - 1) : "tw_trailhead";
    const east = i < ROOMS_PER_AREA - 1 ? roomId(n, i + 1) : n < BENCH_AREAS ? roomId(n + 1, 0) : null;
    return {
      id: roomId(n, i),
      name: `${NAMES[n - 1]} ${["Gate", "Lane", "Green", "Edge"][i]}`,
      description: `A quiet stretch of ${NAMES[n - 1]}.`,
      exits: { west, ...(east ? { east } : {}) },
    };
  });
  return { id: benchAreaId(n), name: NAMES[n - 1], entry_room: roomId(n, 0), level_range: [1, 3], default_respawn_s: 300, rooms };
}

/** The starter files, the Trailhead's new east exit, and one file per generated area. */
export function benchFiles(): ContentFiles {
  const files = structuredClone(STARTER_FILES) as Record<string, unknown>;
  const thornwood = files["areas/thornwood.json"] as { rooms: { id: string; exits: Record<string, unknown> }[] };
  thornwood.rooms.find((r) => r.id === "tw_trailhead")!.exits.east = BENCH_GATEWAY;
  for (let n = 1; n <= BENCH_AREAS; n++) files[`areas/${benchAreaId(n)}.json`] = generatedArea(n);
  return files;
}
