/**
 * Runs the entitlement gateway as an HTTP server on loopback: the local-disk store, the audit log
 * and the chain client wired into `createGateway`. `stop()` stops accepting, lets in-flight
 * downloads finish, then closes the audit log.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { PublicClient } from "viem";
import type { Deployment } from "../deploy/deployTessera.ts";
import { createTesseraClient } from "../sdk/deployments.ts";
import { LocalAssetStore } from "../storage/localStore.ts";
import { AuditLog } from "./audit/auditLog.ts";
import { createGateway } from "./server/gateway.ts";

export interface StartGatewayParameters {
  publicClient: PublicClient;
  deployment: Deployment;
  storeRoot: string;
  auditPath: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** HMAC key for session tokens; default: 32 random bytes (sessions end when the process does). */
  sessionSecret?: string | Uint8Array;
  onError?: (error: unknown) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export async function startGateway({
  publicClient,
  deployment,
  storeRoot,
  auditPath,
  host = "127.0.0.1",
  port = 0,
  sessionSecret = randomBytes(32),
  onError,
}: StartGatewayParameters): Promise<RunningGateway> {
  const audit = await AuditLog.open(auditPath);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host}:${bound}`;
  const gateway = createGateway({
    client: createTesseraClient({ publicClient, deployment }),
    store: new LocalAssetStore(storeRoot),
    audit,
    config: { domain: `${host}:${bound}`, uri: url, chainId: deployment.chainId, sessionSecret },
    onError,
  });
  server.on("request", gateway.handler);
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.close();
    await audit.close();
  };
  return { url, port: bound, stop };
}
