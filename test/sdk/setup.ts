/**
 * The SDK tests' chain: a Tessera deployment made by the project's own deploy function
 * (scripts/deploy/deployTessera.ts) on Hardhat's in-process EDR chain, seeded with terms from the
 * codec, two assets, a split, an ERC-20 and four offers. Load it with
 * `networkHelpers.loadFixture(sdkFixture)` so every test starts from the same snapshot.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, type Hex, parseEther, stringToHex, zeroAddress } from "viem";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { createTesseraClient, type TesseraClient } from "../../scripts/sdk/deployments.ts";
import { encodeTerms, findPreset, type LicensePreset, termsHash } from "../../scripts/sdk/terms/codec.ts";

export const DAY = 24n * 3600n;
export const contentHash = (label: string): Hex => stringToHex(label, { size: 32 });

const { bitmaps: _derived, ...ccBy } = findPreset("cc-by-4.0");
/** Worldwide terms, and CC-BY-4.0 restricted to an allow-list (US, CA). */
export const TERMS: Record<"worldwide" | "allowList", LicensePreset> = {
  worldwide: findPreset("apache-2.0"),
  allowList: { ...ccBy, id: "cc-by-4.0-us-ca", territory: { mode: "ALLOW", codes: ["US", "CA"] } },
};

export async function sdkFixture(connection: NetworkConnection) {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const [admin, creator, buyer, buyer2, collab, poor] = await viem.getWalletClients();
  if (!admin || !creator || !buyer || !buyer2 || !collab || !poor) throw new Error("six hardhat accounts");

  const deployment = await deployTessera({ publicClient, walletClient: admin });
  const market = await viem.getContractAt("LicenseMarket", deployment.contracts.LicenseMarket.address);
  const registry = await viem.getContractAt("TermsRegistry", deployment.contracts.TermsRegistry.address);
  const usdc = await viem.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  await market.write.setCurrencyAllowed([usdc.address, true]);
  const asCreator = { account: creator.account };

  const terms = {} as Record<keyof typeof TERMS, { id: bigint; hash: Hex }>;
  for (const key of ["worldwide", "allowList"] as const) {
    const struct = encodeTerms(TERMS[key]);
    await registry.write.registerTerms([struct]);
    const hash = termsHash(struct);
    terms[key] = { id: await registry.read.termsIdOf([hash]), hash };
  }

  await market.write.registerAsset([0, contentHash("model v1"), "ipfs://model/v1"], asCreator);
  await market.write.publishVersion([1n, contentHash("model v2"), "ipfs://model/v2"], asCreator);
  await market.write.registerAsset([1, contentHash("data v1"), "ipfs://data/v1"], asCreator);
  const assets = { model: 1n, dataset: 2n };

  const split = {
    id: 1n,
    recipients: [creator.account.address, collab.account.address] as Address[],
    bps: [7_000, 3_000],
  };
  await market.write.createSplit([split.recipients, split.bps, zeroAddress], asCreator);

  const base = {
    assetId: assets.model,
    termsId: terms.worldwide.id,
    price: parseEther("0.05"),
    currency: zeroAddress as Address,
    duration: 30n * DAY,
    maxSupply: 0,
    allVersions: false,
    splitId: split.id,
    arbiter: zeroAddress as Address,
    royaltyBps: 0,
  };
  const offerParams = {
    eth: base,
    capped: { ...base, price: parseEther("0.01"), maxSupply: 1 },
    allowList: { ...base, assetId: assets.dataset, termsId: terms.allowList.id, duration: 0n },
    usdc: { ...base, assetId: assets.dataset, price: 25_000_000n, currency: usdc.address },
  };
  const offers = { eth: 1n, capped: 2n, allowList: 3n, usdc: 4n };
  for (const params of Object.values(offerParams)) await market.write.createOffer([params], asCreator);

  const client = (wallet = buyer): TesseraClient =>
    createTesseraClient({ publicClient, walletClient: wallet, deployment });

  return {
    connection,
    publicClient,
    wallets: { admin, creator, buyer, buyer2, collab, poor },
    deployment,
    market,
    registry,
    usdc,
    terms,
    assets,
    split,
    offers,
    offerParams,
    client,
    reader: createTesseraClient({ publicClient, deployment }),
  };
}

export type SdkFixture = Awaited<ReturnType<typeof sdkFixture>>;
