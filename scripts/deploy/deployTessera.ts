import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { type Artifact, loadArtifact } from "../lib/artifacts.ts";

/** The contracts a Tessera deployment consists of, in deployment order. */
export const TESSERA_CONTRACTS = [
  "TermsRegistry",
  "TermsRenderer",
  "LicenseMarketExtension",
  "LicenseMarket",
  "LicenseMetadata",
  "LineageRegistry",
  "SeatRegistry",
  "ConsortiumFactory",
  "AccessRouter",
  "DisputeDesk",
  "UsageMeter",
] as const;
export type TesseraContractName = (typeof TESSERA_CONTRACTS)[number];

/** What `deployments/<chainId>.json` holds: the one place addresses are written. */
export interface Deployment {
  chainId: number;
  deployer: Address;
  owner: Address;
  startBlock: number;
  /** Contracts added after the first release (LineageRegistry on) may be absent from older files. */
  contracts: Record<TesseraContractName, { address: Address; block: number; txHash: `0x${string}` }>;
}

export interface DeployTesseraParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** The protocol admin; defaults to the deployer. */
  owner?: Address;
  /** Called after each step, for progress output. */
  onStep?: (message: string) => void;
}

/**
 * Deploys TermsRegistry, TermsRenderer, LicenseMarketExtension (the code the market runs its cold
 * functions and refunds in), LicenseMarket, LicenseMetadata, LineageRegistry,
 * SeatRegistry, ConsortiumFactory, AccessRouter (the gateway's one entitlement view over
 * licenses, seats and consortium membership) and DisputeDesk (breach claims ruled by an offer's
 * appointed arbiter) and UsageMeter (metering plans, gateway-signed usage reports, top-ups) and
 * wires them.
 */
export async function deployTessera({
  publicClient,
  walletClient,
  owner = walletClient.account.address,
  onStep = () => {},
}: DeployTesseraParameters): Promise<Deployment> {
  const contracts = {} as Deployment["contracts"];
  const deploy = async (artifact: Artifact, args: readonly unknown[]) => {
    const hash = await walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`Deploying ${artifact.contractName} failed in transaction ${hash}`);
    }
    const entry = { address: receipt.contractAddress, block: Number(receipt.blockNumber), txHash: hash };
    contracts[artifact.contractName as TesseraContractName] = entry;
    onStep(`deployed ${artifact.contractName} at ${entry.address}`);
    return entry.address;
  };

  const [
    registryArt,
    rendererArt,
    extensionArt,
    marketArt,
    metadataArt,
    lineageArt,
    seatsArt,
    consortiaArt,
    routerArt,
    disputesArt,
    usageArt,
  ] = await Promise.all(TESSERA_CONTRACTS.map((name) => loadArtifact(name)));
  const registry = await deploy(registryArt, []);
  const renderer = await deploy(rendererArt, []);
  const extension = await deploy(extensionArt, [registry]);
  const market = await deploy(marketArt, [walletClient.account.address, registry, extension]);
  const metadata = await deploy(metadataArt, [market, registry, renderer]);
  const lineage = await deploy(lineageArt, [market, registry]);
  const seats = await deploy(seatsArt, [market, registry]);
  const consortia = await deploy(consortiaArt, []);
  await deploy(routerArt, [market, seats, consortia]);
  await deploy(disputesArt, [market]);
  await deploy(usageArt, [market]);

  const wire = async (functionName: string, args: readonly unknown[]) => {
    const hash = await walletClient.writeContract({ address: market, abi: marketArt.abi, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`LicenseMarket.${functionName} failed in transaction ${hash}`);
  };
  await wire("setMetadataRenderer", [metadata]);
  onStep("wired the metadata renderer");
  await wire("wireLineageRegistry", [lineage]);
  onStep("wired the lineage registry (it records derivatives' upstream royalties)");
  if (owner.toLowerCase() !== walletClient.account.address.toLowerCase()) {
    await wire("transferOwnership", [owner]);
    onStep(`offered ownership to ${owner} (it must call acceptOwnership)`);
  }

  return {
    chainId: await publicClient.getChainId(),
    deployer: walletClient.account.address,
    owner,
    startBlock: contracts.TermsRegistry.block,
    contracts,
  };
}
