/**
 * A real gateway on a loopback port for tests that watch it react to the chain by itself: long
 * entitlement TTL (only contract events may change a cached answer), a fast event poller, generous
 * rate limits, and SIWE for its own host so the CLI's GatewayClient can sign in.
 */
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { zeroAddress } from "viem";
import { AuditLog } from "../../scripts/gateway/audit/auditLog.ts";
import { createGateway, type Gateway, type GatewayConfig } from "../../scripts/gateway/server/gateway.ts";
import type { TesseraClient } from "../../scripts/sdk/deployments.ts";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";

export interface LoopbackGateway {
  gateway: Gateway;
  base: URL;
  store: LocalAssetStore;
  close(): Promise<void>;
}

/** A temporary store for the test to fill before the gateway starts. */
export async function temporaryStore(): Promise<{ dir: string; store: LocalAssetStore }> {
  const dir = await mkdtemp(path.join(tmpdir(), "tessera-gateway-test-"));
  return { dir, store: new LocalAssetStore(path.join(dir, "store")) };
}

export async function startLoopbackGateway(
  client: TesseraClient,
  { dir, store }: { dir: string; store: LocalAssetStore },
  chainId: number,
  { now = Date.now, ...overrides }: Partial<GatewayConfig> & { now?: () => number } = {},
): Promise<LoopbackGateway> {
  const audit = await AuditLog.open(path.join(dir, "audit.log"));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const gateway = createGateway({
    client,
    store,
    audit,
    now,
    config: {
      domain: base.host,
      uri: base.origin,
      chainId,
      sessionSecret: "test-session-secret-0123456789abcdef",
      sessionTtlSec: 3600,
      entitlementTtlMs: 60_000,
      clockSkewSec: 60,
      eventPollMs: 100,
      authRateLimit: { burst: 100, refillPerSec: 100 },
      signInAddressRateLimit: { burst: 100, refillPerSec: 100 },
      ...overrides,
    },
  });
  server.on("request", gateway.handler);
  await gateway.refresh();
  return {
    gateway,
    base,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await audit.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns `want` or 2 s pass; returns the last answer. */
export async function within2s<T>(probe: () => Promise<T>, want: T): Promise<T> {
  const deadline = Date.now() + 2_000;
  let last = await probe();
  while (last !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

/** A 30-day ETH offer of 0.001 ETH on asset 1 under `termsId`, paying split 1, without arbiter or royalty. */
export const thirtyDayOffer = (termsId: bigint) =>
  ({
    assetId: 1n,
    termsId,
    price: 10n ** 15n,
    currency: zeroAddress,
    duration: 30n * 86_400n,
    maxSupply: 0,
    allVersions: false,
    splitId: 1n,
    arbiter: zeroAddress,
    royaltyBps: 0,
  }) as const;
