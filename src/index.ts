import { createApp } from "./app";
import { flushMetrics } from "./platform/metrics";

export { Metrics } from "../durable-objects/metrics";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { Room } from "../durable-objects/room/room";
export { Sentinel } from "../durable-objects/sentinel";
export { UniverseShard } from "../durable-objects/universe-shard/shard";

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    const response = await app.fetch(request, env, ctx);
    ctx.waitUntil(flushMetrics(env));
    return response;
  },
} satisfies ExportedHandler<Env>;
