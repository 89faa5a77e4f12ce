import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { unstable_readConfig } from "wrangler";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("./migrations");
/**
 * The vars of wrangler.toml, restated so they win over a developer's `.dev.vars` (which the plugin
 * also reads): the suite runs in production mode with production limits whatever `npm run dev` uses.
 */
const { vars } = unstable_readConfig({ config: "./wrangler.toml" });

/** Tests run by a Worker whose vars differ from the suite's: their own project (one more workerd). */
const WORLD_BENCH_TESTS = "tests/world-bench/**/*.test.ts";

/**
 * One project of Worker tests, with the suite's bindings and `extra` over them.
 *
 * `isolate: false` runs a worker's files one after another in one workerd and one module graph,
 * so its D1 and Durable Objects outlive a file: tests make their own accounts, rooms and
 * universes and never count what they did not make. Starting a workerd per file cost about 10 s
 * of setup a file, two thirds of the suite's time.
 */
function workerProject(name: string, include: string[], exclude: string[], extra: Record<string, string> = {}) {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...vars,
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
            ADMIN_USERNAME: "root_admin",
            ADMIN_PASSWORD: "root-admin-password",
            ENABLE_COUNTER_GAME: "true",
            METRICS_TOKEN: "test-metrics-token",
            // The dev mail sender, explicitly: tests read mailed links at GET /v1/dev/mail (as the admin).
            MAIL_SENDER: "dev",
            // Lets tests crash objects at named protocol steps (durable-objects/kit/faults.ts); never set in wrangler.toml.
            FAULT_INJECTION: "true",
            ...extra,
          },
        },
      }),
    ],
    test: {
      name,
      include,
      exclude,
      setupFiles: ["./tests/helpers/apply-migrations.ts"],
      testTimeout: 30_000,
      isolate: false,
    },
  };
}

export default defineConfig({
  test: {
    // Most of a file's time is waiting (sockets, alarms, storage), not CPU: two files at a time
    // on the two-core machines roughly halve the suite. Vitest's default leaves one core idle.
    maxWorkers: 2,
    projects: [
      workerProject("worker", ["tests/**/*.test.ts"], [WORLD_BENCH_TESTS]),
      // The text world served with the `bench` content pack (8 areas).
      workerProject("world-bench", [WORLD_BENCH_TESTS], [], { WORLD_CONTENT: "bench" }),
    ],
  },
});
