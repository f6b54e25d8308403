/**
 * Starts the dapp's Vite dev server programmatically (scripts/dev.ts calls this so `npm start`
 * serves the dapp too). The app calls the gateway directly: start the gateway with the app's origin
 * in `corsOrigins` and its host in `extraDomains` (scripts/dev.ts does).
 *
 *   const app = await startApp({ port: 5173, rpcUrl, gatewayUrl });  // → { url, stop }
 */
import { createServer } from "vite";
import { appViteConfig } from "./tooling/appViteConfig.ts";

export interface StartAppParameters {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  rpcUrl: string;
  gatewayUrl: string;
}

export interface RunningApp {
  url: string;
  stop: () => Promise<void>;
}

export async function startApp({ host = "127.0.0.1", port = 5173, rpcUrl, gatewayUrl }: StartAppParameters) {
  const base = appViteConfig({ rpcUrl, gatewayUrl });
  const server = await createServer({
    ...base,
    configFile: false,
    logLevel: "warn",
    clearScreen: false,
    server: { ...base.server, host, port, strictPort: port !== 0 },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  return { url: `http://${host}:${bound}/`, stop: () => server.close() } satisfies RunningApp;
}
