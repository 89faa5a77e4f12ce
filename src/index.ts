import { createApp } from "./app";
import { purgeAccountHousekeeping } from "./auth/housekeeping";
import { purgeIdleGuests } from "./auth/guest";
import { purgeOrphanCharacters } from "./world/accounts";
import { db } from "./db/client";
import { purgeOldImports } from "./history/imports";
import { purgeExpiredShares } from "./history/shares";
import { flushMetricsSoon } from "./platform/metrics";

export { Matchmaker } from "../durable-objects/matchmaker/matchmaker";
export { Metrics } from "../durable-objects/metrics";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { Room } from "../durable-objects/room/room";
export { Sentinel } from "../durable-objects/sentinel";
export { UniverseMarket } from "../durable-objects/universe-market/market";
export { UniverseShard } from "../durable-objects/universe-shard/shard";
export { UniverseSystem } from "../durable-objects/universe-system/system";
export { UserSockets } from "../durable-objects/user-sockets";
export { WorldArea } from "../durable-objects/world-area/area";

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    const response = await app.fetch(request, env, ctx);
    flushMetricsSoon(ctx, env);
    return response;
  },
  /**
   * Daily housekeeping (wrangler.toml `[triggers]`): expired share codes, imports past retention,
   * freed names of deleted accounts, long-expired mail tokens, old dev mail and idle guests are purged.
   */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      purgeExpiredShares(env).then((purged) => console.log(JSON.stringify({ level: "info", msg: "expired shares purged", purged }))),
    );
    ctx.waitUntil(
      purgeOldImports(env).then((purged) => console.log(JSON.stringify({ level: "info", msg: "old imported games purged", purged }))),
    );
    ctx.waitUntil(
      purgeAccountHousekeeping(env).then((purged) =>
        console.log(JSON.stringify({ level: "info", msg: "account housekeeping", ...purged })),
      ),
    );
    ctx.waitUntil(
      purgeIdleGuests(db(env)).then((purged) => console.log(JSON.stringify({ level: "info", msg: "idle guests purged", purged }))),
    );
    ctx.waitUntil(
      purgeOrphanCharacters(env, db(env)).then((purged) =>
        console.log(JSON.stringify({ level: "info", msg: "world characters of gone accounts purged", purged })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
