/**
 * The gateway under test, in its own process: the same wiring as scripts/gateway/startGateway.ts
 * (chain client, LocalAssetStore, AuditLog with its default durability, usage counters replayed
 * from the log, createGateway) on a loopback port, except that the rate limits are configurable
 * (the bench raises them: every session comes from 127.0.0.1, and one token drives the cached
 * phase) and the chain transport counts every JSON-RPC call by method (eth_call by function), so
 * the bench can tell the request path's calls from the event poller's.
 *
 * Config: the JSON in env TESSERA_BENCH_GATEWAY (see GatewayProcessConfig). It talks to its parent
 * over the IPC channel: `{ type: "ready", port, pid }` once listening; `{ type: "counters" }` is
 * answered with `{ type: "counters", rpc, gatewayRpc, auditSeq, errors }`; `{ type: "stop" }` (or SIGTERM)
 * closes the server, waits for audit appends, closes the log and exits 0 (so `--cpu-prof` writes
 * its profile).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, type Hex, http, type PublicClient, type Transport, toFunctionSelector } from "viem";
import type { Deployment } from "../../scripts/deploy/deployTessera.ts";
import { AuditLog } from "../../scripts/gateway/audit/auditLog.ts";
import { createGateway } from "../../scripts/gateway/server/gateway.ts";
import type { RateLimitConfig } from "../../scripts/gateway/server/rateLimit.ts";
import { UsageMeter } from "../../scripts/gateway/server/usageMeter.ts";
import { createTesseraClient } from "../../scripts/sdk/deployments.ts";
import { LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";

export interface GatewayProcessConfig {
  rpcUrl: string;
  deployment: Deployment;
  storeRoot: string;
  auditPath: string;
  port: number;
  sessionSecret: string;
  authRateLimit: RateLimitConfig;
  addressRateLimit: RateLimitConfig;
  /** Behind nginx: the X-Accel-Redirect prefix (GatewayConfig.accelRedirect); unset, the gateway streams. */
  accelRedirect?: string;
  /** Client IPs from X-Forwarded-For (GatewayConfig.trustProxy). */
  trustProxy?: boolean;
  /** The URL clients reach it at (SIWE domain and URI), e.g. nginx's; default its own address. */
  publicUrl?: string;
}

export type ParentMessage = { type: "counters" } | { type: "stop" };
export type ChildMessage =
  | { type: "ready"; port: number; pid: number }
  | {
      type: "counters";
      /** JSON-RPC calls by method, counted in the transport. */
      rpc: Record<string, number>;
      /** The gateway's own accounting (Gateway.rpcCalls). */
      gatewayRpc: { entitlement: number; poller: number };
      auditSeq: number;
      errors: number;
    };

const raw = process.env.TESSERA_BENCH_GATEWAY;
if (raw === undefined || process.send === undefined) {
  throw new Error("run by bench/gateway.ts: needs env TESSERA_BENCH_GATEWAY and an IPC channel");
}
const config = JSON.parse(raw) as GatewayProcessConfig;
const send = (message: ChildMessage) => process.send?.(message);

// eth_call by function name, from the market's ABI; a call without `to` is viem's deployless
// ERC-6492 signature verifier (SIWE sign-in).
const selectors = new Map<string, string>();
for (const item of LicenseMarketAbi) {
  if (item.type === "function") selectors.set(toFunctionSelector(item), item.name);
}
const rpc: Record<string, number> = {};
const countCall = (method: string, params: unknown) => {
  let key = method;
  if (method === "eth_call" && Array.isArray(params)) {
    const call = params[0] as { to?: string; data?: Hex } | undefined;
    const name = call?.to ? selectors.get(call.data?.slice(0, 10) ?? "") : "signatureVerifier";
    key = `eth_call:${name ?? "other"}`;
  }
  rpc[key] = (rpc[key] ?? 0) + 1;
};
const counting = (inner: Transport): Transport => {
  return (options) => {
    const transport = inner(options);
    const request: typeof transport.request = async (args, requestOptions) => {
      countCall(args.method, args.params);
      return transport.request(args, requestOptions);
    };
    return { ...transport, request };
  };
};

let errors = 0;
const publicClient = createPublicClient({ transport: counting(http(config.rpcUrl)) }) as PublicClient;
const usage = new UsageMeter();
await usage.replay(config.auditPath);
const audit = await AuditLog.open(config.auditPath);
const server = createServer({ keepAliveTimeout: 60_000 });
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(config.port, "127.0.0.1", () => resolve());
});
const port = (server.address() as AddressInfo).port;
const publicUrl = config.publicUrl ?? `http://127.0.0.1:${port}`;
const gateway = createGateway({
  client: createTesseraClient({ publicClient, deployment: config.deployment }),
  store: new LocalAssetStore(config.storeRoot),
  audit,
  usage,
  config: {
    domain: new URL(publicUrl).host,
    uri: publicUrl,
    chainId: config.deployment.chainId,
    sessionSecret: config.sessionSecret,
    authRateLimit: config.authRateLimit,
    addressRateLimit: config.addressRateLimit,
    ...(config.accelRedirect === undefined ? {} : { accelRedirect: config.accelRedirect }),
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
  },
  onError: (error) => {
    errors++;
    if (errors <= 5) console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`);
  },
});
server.on("request", gateway.handler);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // gateway.close() waits for every request to finish; one that never does must not keep the
  // process (and its CPU profile) from ending.
  const closed = await Promise.race([
    gateway.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 3_000).unref()),
  ]);
  if (!closed) console.error("gateway process: gateway.close() still waits for a request after 3 s; exiting anyway");
  await audit.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop());
process.on("message", (message: ParentMessage) => {
  if (message.type === "counters") {
    send({ type: "counters", rpc: { ...rpc }, gatewayRpc: gateway.rpcCalls(), auditSeq: audit.head().seq, errors });
  } else if (message.type === "stop") void stop();
});
send({ type: "ready", port, pid: process.pid });
