/**
 * Vite plugin behind `virtual:tessera-config`: the deployments (every deployments/<chainId>.json),
 * the gateway and RPC URLs and, for the local chain, the dev accounts by role. Nothing is copied by
 * hand: the dev server reloads the page when a deployment file changes (e.g. `npm start` again).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { DEV_ROLES, devAccounts } from "../../scripts/dev/devAccounts.ts";

export const VIRTUAL_ID = "virtual:tessera-config";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

export interface TesseraConfigOptions {
  /** Folder holding <chainId>.json deployment files. */
  deploymentsDir: string;
  /** The gateway's public URL: what the app calls (the gateway allows its origin) and the SIWE `uri`. */
  gatewayUrl: string;
  rpcUrl: string;
}

/** The JSON the virtual module exports as `default`. */
export async function readTesseraConfig(options: TesseraConfigOptions) {
  const deployments: unknown[] = [];
  let files: string[] = [];
  try {
    files = (await readdir(options.deploymentsDir)).filter((f) => /^\d+\.json$/.test(f)).sort();
  } catch {
    // No deployments folder: the app shows its "no deployment" state.
  }
  for (const file of files) {
    try {
      deployments.push(JSON.parse(await readFile(path.join(options.deploymentsDir, file), "utf8")));
    } catch {
      // A half-written file (deploy in progress): skipped; the next change reloads.
    }
  }
  const accounts = devAccounts();
  return {
    deployments,
    gatewayUrl: options.gatewayUrl.replace(/\/$/, ""),
    rpcUrl: options.rpcUrl,
    devAccounts: DEV_ROLES.map((role) => ({ role, address: accounts[role].address })),
  };
}

export function tesseraConfigPlugin(options: TesseraConfigOptions): Plugin {
  return {
    name: "tessera-config",
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const config = await readTesseraConfig(options);
      return `export default ${JSON.stringify(config)};`;
    },
    configureServer(server: ViteDevServer) {
      server.watcher.add(options.deploymentsDir);
      const onChange = (file: string) => {
        if (path.dirname(path.resolve(file)) !== path.resolve(options.deploymentsDir)) return;
        const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: "full-reload" });
      };
      server.watcher.on("add", onChange);
      server.watcher.on("change", onChange);
      server.watcher.on("unlink", onChange);
    },
  };
}
