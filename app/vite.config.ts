/**
 * `vite --config app/vite.config.ts` (dev), `vite build --config app/vite.config.ts` (→ app/dist)
 * and `vitest run --config app/vite.config.ts` (component and logic tests, happy-dom).
 * Env: TESSERA_GATEWAY_URL, TESSERA_RPC_URL.
 */
import { defineConfig } from "vitest/config";
import { appViteConfig } from "./tooling/appViteConfig.ts";

export default defineConfig(() => ({
  ...appViteConfig(),
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    root: import.meta.dirname,
  },
}));
