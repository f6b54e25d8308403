#!/usr/bin/env node
/**
 * The gateway as a standalone service (`npm run gateway`): settings from the environment (checked at
 * start, see config.ts), structured JSON logs (pino), and a graceful shutdown on SIGINT / SIGTERM
 * that lets in-flight downloads finish.
 */
import { stat } from "node:fs/promises";
import { pino } from "pino";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadDeployment, readDeploymentFile } from "../sdk/node.ts";
import { LocalAssetStore } from "../storage/localStore.ts";
import { S3AssetStore } from "../storage/s3Store.ts";
import type { AssetStore } from "../storage/store.ts";
import { ENV_HELP, parseGatewayEnv } from "./config.ts";
import { startGateway } from "./startGateway.ts";

function fail(message: string, code = 1): never {
  process.stderr.write(`tessera-gateway: ${message}\n`);
  process.exit(code);
}

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write("Usage: npm run gateway   (settings from the environment)\n\n");
  for (const [name, what] of ENV_HELP) process.stdout.write(`  ${name.padEnd(28)} ${what}\n`);
  process.exit(0);
}

const parsed = parseGatewayEnv(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) process.stderr.write(`tessera-gateway: ${problem}\n`);
  process.exit(2);
}
const { config } = parsed;
const log = pino({ level: config.logLevel, base: { service: "tessera-gateway" } });

const publicClient = createPublicClient({ transport: http(config.rpcUrl, { retryCount: 1, timeout: 10_000 }) });
const chainId = await publicClient.getChainId().catch(() => fail(`cannot reach the chain at ${config.rpcUrl}`));
if (config.chainId !== undefined && config.chainId !== chainId) {
  fail(`TESSERA_CHAIN_ID is ${config.chainId} but ${config.rpcUrl} serves chain ${chainId}`);
}
const deployment = await (config.deploymentFile === undefined
  ? loadDeployment(chainId)
  : readDeploymentFile(config.deploymentFile)
).catch((error: Error) => fail(error.message));
if (deployment.chainId !== chainId)
  fail(`the deployment is for chain ${deployment.chainId}, the RPC serves ${chainId}`);
let store: AssetStore;
if (config.s3 !== undefined) {
  store = new S3AssetStore(config.s3);
} else {
  const root = config.storeDir as string;
  const isDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) fail(`TESSERA_STORE_DIR ${root} is not a directory`);
  store = new LocalAssetStore(root);
}

const gateway = await startGateway({
  publicClient,
  deployment,
  store,
  auditPath: config.auditLog,
  ...(config.uploadsDir === undefined ? {} : { uploadsDir: config.uploadsDir }),
  host: config.host,
  port: config.port,
  ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
  ...(config.sessionSecret === undefined ? {} : { sessionSecret: config.sessionSecret }),
  config: {
    corsOrigins: config.corsOrigins,
    extraDomains: config.extraDomains,
    entitlementTtlMs: config.entitlementTtlMs,
    eventPollMs: config.eventPollMs,
    ...(config.accelRedirect === undefined ? {} : { accelRedirect: config.accelRedirect }),
    trustProxy: config.trustProxy,
    ...(config.attesterKey === undefined ? {} : { attester: privateKeyToAccount(config.attesterKey) }),
  },
  shutdownGraceMs: config.shutdownGraceMs,
  onError: (error) => log.error({ err: error }, "unexpected error"),
  onResponse: (entry) => log.debug(entry, "response"),
}).catch((error: Error) => fail(error.message));

if (config.sessionSecret === undefined)
  log.warn("TESSERA_SESSION_SECRET is not set: sessions end when this process does");
log.info(
  {
    url: gateway.url,
    chainId,
    market: deployment.contracts.LicenseMarket.address,
    store: config.s3 ? `s3://${config.s3.bucket}/${config.s3.prefix}` : config.storeDir,
  },
  "gateway listening",
);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal, inFlight: gateway.inFlight() }, "shutting down: finishing in-flight requests");
  await gateway.stop();
  log.info("stopped");
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
