/**
 * `npm start`: the whole product on this machine. Starts a local chain (Hardhat's EDR node),
 * deploys Tessera, seeds the demo catalog (its files into a fresh local store), starts the
 * entitlement gateway and prints the URLs, addresses and dev accounts. Ctrl-C stops everything;
 * starting again starts from a fresh chain and store.
 */
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Chain, createPublicClient, createWalletClient, http } from "viem";
import { hardhat } from "viem/chains";
import { type RunningApp, startApp } from "../app/devServer.ts";
import { writeDeployment } from "./deploy/deploymentFile.ts";
import { deployTessera } from "./deploy/deployTessera.ts";
import { DEV_ATTESTER, DEV_MNEMONIC, devAccounts } from "./dev/devAccounts.ts";
import { startLocalChain } from "./dev/localChain.ts";
import { type RunningGateway, startGateway } from "./gateway/startGateway.ts";
import { seedCatalog } from "./seed/seedCatalog.ts";
import { LocalAssetStore } from "./storage/localStore.ts";

const port = Number(process.env.TESSERA_RPC_PORT ?? 8545);
const gatewayPort = Number(process.env.TESSERA_GATEWAY_PORT ?? 8787);
const appPort = Number(process.env.TESSERA_APP_PORT ?? 5173);
const appOrigin = `http://127.0.0.1:${appPort}`;
const dataDir = process.env.TESSERA_DATA_DIR ?? join(tmpdir(), `tessera-dev-${port}`);
const step = (message: string) => console.log(`  • ${message}`);

async function main() {
  console.log(`Starting a local chain on 127.0.0.1:${port} …`);
  const chain = await startLocalChain({ port });
  let stopping = false;
  let gateway: RunningGateway | undefined;
  let app: RunningApp | undefined;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the dapp, the gateway and the local chain …");
    await app?.stop();
    await gateway?.stop();
    await chain.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  chain.process.once("exit", (code) => {
    if (!stopping) {
      console.error(`The local chain exited unexpectedly (code ${code}).`);
      process.exit(1);
    }
  });

  try {
    const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } };
    const transport = http(chain.rpcUrl);
    const publicClient = createPublicClient({ chain: localChain, transport });
    const accounts = devAccounts();
    const wallets = Object.fromEntries(
      Object.entries(accounts).map(([role, account]) => [
        role,
        createWalletClient({ account, chain: localChain, transport }),
      ]),
    ) as {
      [K in keyof typeof accounts]: ReturnType<
        typeof createWalletClient<typeof transport, Chain, (typeof accounts)[K]>
      >;
    };

    console.log("Deploying Tessera …");
    const deployment = await deployTessera({ publicClient, walletClient: wallets.admin, onStep: step });
    step(`wrote ${await writeDeployment(deployment)}`);

    console.log("Seeding the demo catalog …");
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    const storeRoot = join(dataDir, "store");
    const summary = await seedCatalog({
      publicClient,
      wallets,
      deployment,
      store: new LocalAssetStore(storeRoot),
      attester: DEV_ATTESTER.address,
      increaseTime: async (seconds) => {
        await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
        await publicClient.request({ method: "evm_mine" as never, params: [] as never });
      },
      onStep: step,
    });

    console.log("Starting the gateway …");
    gateway = await startGateway({
      publicClient,
      deployment,
      storeRoot,
      auditPath: join(dataDir, "audit.jsonl"),
      uploadsDir: join(dataDir, "uploads"),
      port: gatewayPort,
      // The dapp signs SIWE messages for its own host and calls the gateway from its origin.
      // The demo's metering plan names the dev attester: the gateway signs usage reports with it.
      config: { extraDomains: [new URL(appOrigin).host], corsOrigins: [appOrigin], attester: DEV_ATTESTER },
      onError: (error) => console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`),
    });
    step(`store ${storeRoot}, audit log ${join(dataDir, "audit.jsonl")}`);

    console.log("Starting the dapp …");
    app = await startApp({ host: "127.0.0.1", port: appPort, rpcUrl: chain.rpcUrl, gatewayUrl: gateway.url });

    console.log("\nTessera is running.");
    console.log(`  ${"Dapp".padEnd(16)} ${app.url}  ← open this (pick a dev account: no wallet needed)`);
    console.log(`  ${"Gateway".padEnd(16)} ${gateway.url} (SIWE domain ${new URL(gateway.url).host})`);
    console.log(`  ${"RPC".padEnd(16)} ${chain.rpcUrl} (chain id ${deployment.chainId})`);
    for (const [name, { address }] of Object.entries(deployment.contracts))
      console.log(`  ${name.padEnd(16)} ${address}`);
    console.log(`  ${"dUSDC (demo)".padEnd(16)} ${summary.demoToken}`);
    console.log("\nDemo catalog:");
    for (const a of summary.assets) console.log(`  asset ${a.id}  ${a.kind.padEnd(7)} ${a.name}`);
    for (const o of summary.offers) console.log(`  offer ${o.id}  on asset ${o.assetId}  ${o.terms}`);
    for (const l of summary.licenses) {
      console.log(`  license ${l.id >> 32n}:${l.id & 0xffffffffn} (id ${l.id})  ${l.holder}  ${l.note}`);
    }
    console.log(`\nDev accounts (mnemonic "${DEV_MNEMONIC}", local use only):`);
    for (const [role, account] of Object.entries(accounts)) console.log(`  ${role.padEnd(12)} ${account.address}`);
    console.log("\nPress Ctrl-C to stop.");
  } catch (error) {
    console.error(`\nSet-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

await main();
