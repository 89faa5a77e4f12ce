import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { unstable_readConfig } from "wrangler";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("./migrations");
/**
 * The vars of wrangler.toml, restated so they win over a developer's `.dev.vars` (which the plugin
 * also reads): the suite runs in production mode with production limits whatever `npm run dev` uses.
 */
const { vars } = unstable_readConfig({ config: "./wrangler.toml" });

export default defineConfig({
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
        },
      },
    }),
  ],
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["./tests/helpers/apply-migrations.ts"],
    testTimeout: 30_000,
    // Most of a file's time is waiting (sockets, alarms, storage), not CPU: two files at a time
    // on the two-core machines roughly halve the suite. Vitest's default leaves one core idle.
    maxWorkers: 2,
  },
});
