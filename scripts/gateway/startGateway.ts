/**
 * Runs the entitlement gateway as an HTTP server: the local-disk store, the audit log (its served
 * entries replayed into the usage counters first) and the chain client wired into `createGateway`.
 * `stop()` stops accepting connections, lets in-flight downloads finish (up to a grace period, then
 * cuts them), then closes the audit log.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { PublicClient } from "viem";
import type { Deployment } from "../deploy/deployTessera.ts";
import { createTesseraClient } from "../sdk/deployments.ts";
import { LocalAssetStore } from "../storage/localStore.ts";
import type { AssetStore } from "../storage/store.ts";
import { AuditLog } from "./audit/auditLog.ts";
import { createGateway, type GatewayConfig } from "./server/gateway.ts";
import { UsageMeter } from "./server/usageMeter.ts";

export interface StartGatewayParameters {
  publicClient: PublicClient;
  deployment: Deployment;
  /** Root of the local-disk store (ignored when `store` is given). */
  storeRoot?: string;
  /** Another AssetStore, e.g. an S3AssetStore. */
  store?: AssetStore;
  auditPath: string;
  /** Where creators' uploads are staged; uploads are off without it. */
  uploadsDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The URL clients reach the gateway at (SIWE domain and URI); default `http://host:port`. */
  publicUrl?: string;
  /** HMAC key for session tokens; default: 32 random bytes (sessions end when the process does). */
  sessionSecret?: string | Uint8Array;
  /** Further settings (CORS origins, extra SIWE domains, TTLs, rate limits). */
  config?: Partial<Omit<GatewayConfig, "domain" | "uri" | "chainId" | "sessionSecret">>;
  /** How long stop() lets in-flight downloads run before cutting them; default 30 000 ms. */
  shutdownGraceMs?: number;
  onError?: (error: unknown) => void;
  /** Called as each response ends (for request logs). */
  onResponse?: (entry: { method: string; url: string; status: number; ms: number }) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Requests being answered now. */
  inFlight: () => number;
  stop: () => Promise<void>;
}

export async function startGateway({
  publicClient,
  deployment,
  storeRoot,
  store,
  auditPath,
  uploadsDir,
  host = "127.0.0.1",
  port = 0,
  publicUrl,
  sessionSecret = randomBytes(32),
  config = {},
  shutdownGraceMs = 30_000,
  onError,
  onResponse,
}: StartGatewayParameters): Promise<RunningGateway> {
  if (store === undefined && storeRoot === undefined) throw new Error("startGateway needs a store or a storeRoot");
  const usage = new UsageMeter();
  await usage.replay(auditPath);
  const audit = await AuditLog.open(auditPath);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const url = publicUrl ?? `http://${host}:${bound}`;
  const gateway = createGateway({
    client: createTesseraClient({ publicClient, deployment }),
    store: store ?? new LocalAssetStore(storeRoot ?? "."),
    audit,
    usage,
    config: {
      ...config,
      ...(uploadsDir === undefined ? {} : { uploadsDir }),
      domain: new URL(url).host,
      uri: url,
      chainId: deployment.chainId,
      sessionSecret,
    },
    onError,
  });
  let active = 0;
  server.on("request", (req, res) => {
    active++;
    const started = performance.now();
    res.once("close", () => {
      active--;
      onResponse?.({
        method: req.method ?? "",
        url: req.url ?? "",
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
    });
    gateway.handler(req, res);
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      await closed; // every connection has ended: in-flight downloads finished (or were cut)
      clearTimeout(grace);
      await gateway.close();
      await audit.close();
    })();
    return stopping;
  };
  return { url, port: bound, inFlight: () => active, stop };
}
