/**
 * Connecting to the chain: viem clients on the RPC (the chain id read from it), the Tessera
 * deployment of that chain from deployments/<chainId>.json, checked to exist on the chain, and the
 * SDK client bound to both.
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { deploymentPath } from "../../deploy/deploymentFile.ts";
import type { Deployment } from "../../deploy/deployTessera.ts";
import { createTesseraClient, type TesseraClient } from "../../sdk/deployments.ts";
import { loadDeployment } from "../../sdk/node.ts";
import type { OptionValues } from "./args.ts";
import { rpcUrl } from "./config.ts";
import { CliError, describeError, networkCode } from "./errors.ts";
import { loadSigner } from "./signer.ts";

export interface ChainConnection {
  rpcUrl: string;
  chainId: number;
  chain: Chain;
  publicClient: PublicClient;
}

export interface TesseraConnection extends ChainConnection {
  deployment: Deployment;
  client: TesseraClient;
  /** Present when a signer was asked for. */
  account: LocalAccount | undefined;
  wallet: WalletClient<Transport, Chain, Account> | undefined;
}

/** Receipts on a local node arrive at once; a short poll keeps commands snappy there and costs little elsewhere. */
const POLLING_MS = 500;

/** Connects to the RPC and reads its chain id (one clear line when it cannot be reached). */
export async function connectChain(url: string): Promise<ChainConnection> {
  const transport = http(url, { retryCount: 1, timeout: 20_000 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (err) {
    const why = networkCode(err) ?? describeError(err);
    throw new CliError(`cannot reach the RPC at ${url} (${why}): is the node running? (TESSERA_RPC_URL)`, {
      cause: err,
    });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: POLLING_MS }) as PublicClient;
  return { rpcUrl: url, chainId, chain, publicClient };
}

export function walletFor(connection: ChainConnection, account: LocalAccount): WalletClient<Transport, Chain, Account> {
  return createWalletClient({
    account,
    chain: connection.chain,
    transport: http(connection.rpcUrl, { retryCount: 1, timeout: 60_000 }),
    pollingInterval: POLLING_MS,
  });
}

/**
 * The Tessera deployment on the configured chain, with a signer when `signer` is set. The signer is
 * loaded first: a missing key is reported without touching the network.
 */
export async function connectTessera(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  { signer }: { signer: boolean },
): Promise<TesseraConnection> {
  const account = signer ? await loadSigner(values, env) : undefined;
  const connection = await connectChain(rpcUrl(values, env));
  const { chainId, publicClient } = connection;
  const file = deploymentPath(chainId).replace(/^.*\/(deployments\/)/, "$1");
  let deployment: Deployment;
  try {
    deployment = await loadDeployment(chainId);
  } catch (err) {
    throw new CliError(
      `no Tessera deployment for chain ${chainId} (${file} is missing): run "tessera deploy" first, or point TESSERA_RPC_URL at the chain Tessera is deployed on`,
      { cause: err },
    );
  }
  const market = deployment.contracts?.LicenseMarket?.address;
  const code = market ? await publicClient.getCode({ address: market }) : undefined;
  if (!code || code === "0x") {
    throw new CliError(
      `${file} names no LicenseMarket that exists on chain ${chainId} (nothing at ${market ?? "its address"}): the file is stale, run "tessera deploy"`,
    );
  }
  const wallet = account ? walletFor(connection, account) : undefined;
  const client = createTesseraClient({ publicClient, walletClient: wallet, deployment });
  return { ...connection, deployment, client, account, wallet };
}
