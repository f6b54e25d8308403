/**
 * The dapp's Vite (and Vitest) configuration as a function, shared by app/vite.config.ts (CLI) and
 * app/devServer.ts (started from scripts/dev.ts), so both serve the same app.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { UserConfig } from "vite";
import { tesseraConfigPlugin } from "./tesseraConfigPlugin.ts";

export const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(appRoot, "..");

export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:8787";
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** Dev and production builds alike call the gateway directly: it must allow the app's origin (CORS). */
export interface AppConfigOptions {
  gatewayUrl?: string | undefined;
  rpcUrl?: string | undefined;
}

export function appViteConfig({ gatewayUrl, rpcUrl }: AppConfigOptions = {}): UserConfig {
  const gateway = (gatewayUrl ?? process.env.TESSERA_GATEWAY_URL ?? DEFAULT_GATEWAY_URL).replace(/\/$/, "");
  const rpc = rpcUrl ?? process.env.TESSERA_RPC_URL ?? DEFAULT_RPC_URL;
  return {
    root: appRoot,
    base: "./",
    // The SDK lives outside app/; only these folders may be served.
    server: {
      fs: { allow: [appRoot, path.join(repoRoot, "scripts"), path.join(repoRoot, "node_modules")] },
    },
    plugins: [
      react(),
      tesseraConfigPlugin({
        deploymentsDir: process.env.TESSERA_DEPLOYMENTS_DIR ?? path.join(repoRoot, "deployments"),
        gatewayUrl: gateway,
        rpcUrl: rpc,
      }),
    ],
    build: {
      outDir: path.join(appRoot, "dist"),
      emptyOutDir: true,
      target: "es2022",
      chunkSizeWarningLimit: 600,
    },
  };
}
