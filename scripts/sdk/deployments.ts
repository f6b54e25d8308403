/**
 * Where a Tessera deployment lives and how the SDK addresses it. Addresses come only from
 * `deployments/<chainId>.json` (written by the deploy script) and ABIs only from the generated
 * `abis.ts`: nothing here copies either. Browser-safe: reading the file from disk is `node.ts`'s job.
 */
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { Deployment } from "../deploy/deployTessera.ts";
import {
  AccessRouterAbi,
  ConsortiumFactoryAbi,
  DisputeDeskAbi,
  ILicenseRefundsAbi,
  LicenseMarketAbi,
  LicenseMetadataAbi,
  LineageRegistryAbi,
  SeatRegistryAbi,
  TermsRegistryAbi,
  TermsRendererAbi,
  UsageMeterAbi,
} from "./generated/abis.ts";

export type { Deployment };

/** The Tessera contracts of a deployment, each with its address and typed ABI. */
export interface TesseraContracts {
  market: { address: Address; abi: typeof LicenseMarketAbi };
  registry: { address: Address; abi: typeof TermsRegistryAbi };
  renderer: { address: Address; abi: typeof TermsRendererAbi };
  metadata: { address: Address; abi: typeof LicenseMetadataAbi };
  /** Absent from deployments made before LineageRegistry existed. */
  lineage: { address: Address; abi: typeof LineageRegistryAbi } | undefined;
  /** Seats on organisation licenses; absent from deployments made before it existed. */
  seats: { address: Address; abi: typeof SeatRegistryAbi } | undefined;
  /** Creates consortia (the router honours their members); absent from older deployments. */
  consortia: { address: Address; abi: typeof ConsortiumFactoryAbi } | undefined;
  /** License, seat or consortium membership in one view; absent from older deployments. */
  access: { address: Address; abi: typeof AccessRouterAbi } | undefined;
  /** Breach claims ruled by an offer's appointed arbiter; absent from older deployments. */
  disputes: { address: Address; abi: typeof DisputeDeskAbi } | undefined;
  /** Metering plans, gateway-signed usage reports and top-ups; absent from older deployments. */
  usage: { address: Address; abi: typeof UsageMeterAbi } | undefined;
  /**
   * Refundable offers, refunds and held payments: the market's own address, answering
   * ILicenseRefunds through its LicenseMarketExtension; absent from deployments made before it.
   */
  refunds: { address: Address; abi: typeof ILicenseRefundsAbi } | undefined;
}

/** The contracts of `deployment`, ready for viem's `readContract` / `writeContract`. */
export function tesseraContracts(deployment: Deployment): TesseraContracts {
  const { contracts } = deployment;
  return {
    market: { address: contracts.LicenseMarket.address, abi: LicenseMarketAbi },
    registry: { address: contracts.TermsRegistry.address, abi: TermsRegistryAbi },
    renderer: { address: contracts.TermsRenderer.address, abi: TermsRendererAbi },
    metadata: { address: contracts.LicenseMetadata.address, abi: LicenseMetadataAbi },
    lineage: contracts.LineageRegistry && { address: contracts.LineageRegistry.address, abi: LineageRegistryAbi },
    seats: contracts.SeatRegistry && { address: contracts.SeatRegistry.address, abi: SeatRegistryAbi },
    consortia: contracts.ConsortiumFactory && {
      address: contracts.ConsortiumFactory.address,
      abi: ConsortiumFactoryAbi,
    },
    access: contracts.AccessRouter && { address: contracts.AccessRouter.address, abi: AccessRouterAbi },
    disputes: contracts.DisputeDesk && { address: contracts.DisputeDesk.address, abi: DisputeDeskAbi },
    usage: contracts.UsageMeter && { address: contracts.UsageMeter.address, abi: UsageMeterAbi },
    refunds: contracts.LicenseMarketExtension && { address: contracts.LicenseMarket.address, abi: ILicenseRefundsAbi },
  };
}

/** What every SDK action takes first: a public client, an optional wallet, and the deployment. */
export interface TesseraClient {
  public: PublicClient;
  /** Needed by actions that send transactions. */
  wallet?: WalletClient<Transport, Chain, Account> | undefined;
  contracts: TesseraContracts;
  /** The block the deployment started at: log scans begin here. */
  startBlock: bigint;
}

export interface CreateTesseraClientParameters {
  publicClient: PublicClient;
  walletClient?: WalletClient<Transport, Chain, Account> | undefined;
  deployment: Deployment;
}

/** Binds viem clients to a deployment. */
export function createTesseraClient({
  publicClient,
  walletClient,
  deployment,
}: CreateTesseraClientParameters): TesseraClient {
  return {
    public: publicClient,
    wallet: walletClient,
    contracts: tesseraContracts(deployment),
    startBlock: BigInt(deployment.startBlock),
  };
}
