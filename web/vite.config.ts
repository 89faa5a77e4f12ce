import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/** Built into dist/web, which wrangler.toml's `[assets]` serves on the API's origin. */
export default defineConfig({
  root: "web",
  plugins: [preact()],
  build: { outDir: "../dist/web", emptyOutDir: true, target: "es2022", reportCompressedSize: false },
  server: { proxy: { "/v1": { target: "http://localhost:8787", ws: true } } },
});
