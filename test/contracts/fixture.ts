/**
 * Shared fixture of the LicenseMarket tests: a whole Tessera deployment (TermsRegistry,
 * TermsRenderer, LicenseMarket, LicenseMetadata), odd ERC-20s, registered terms, assets, splits and
 * offers, with named wallets. Load it through `networkHelpers.loadFixture(tesseraFixture)` so that
 * every test starts from the same snapshot.
 *
 * Terms come from the reference presets through the SDK codec (scripts/sdk/terms/codec.ts): the
 * ids and hashes the tests use are the registry's, looked up by the codec's off-chain hash.
 */
import assert from "node:assert/strict";
import type { ContractReturnType, PublicClient, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, type Hash, type Hex, parseEther, parseEventLogs, stringToHex, zeroAddress } from "viem";
import {
  encodeTerms,
  type LicensePreset,
  presets,
  type TermsStruct,
  termsHash,
} from "../../scripts/sdk/terms/codec.ts";

export type Market = ContractReturnType<"LicenseMarket">;
export type Registry = ContractReturnType<"TermsRegistry">;
export type Renderer = ContractReturnType<"TermsRenderer">;
export type Metadata = ContractReturnType<"LicenseMetadata">;
export type Token = ContractReturnType<"MockERC20">;

/** Native ETH is currency address(0) on the market. */
export const NATIVE: Address = zeroAddress;
export const BPS = 10_000n;
export const DAY = 24n * 3600n;
/** The protocol fee the fixture sets before any offer exists (2.5 %). */
export const PROTOCOL_FEE_BPS = 250;

/**
 * The market's limits as its NatSpec and constants state them (internal constants: not readable
 * on-chain). Tests that hit a limit also check the value the contract reports in its error.
 */
export const LIMITS = {
  MAX_RECIPIENTS: 50n,
  MAX_CURRENCIES: 32n,
  MAX_PROTOCOL_FEE_BPS: 1_000,
  MAX_ROYALTY_BPS: 5_000,
} as const;

/** Enum ordinals of ILicenseTypes. */
export const AssetKind = { MODEL: 0, DATASET: 1 } as const;
export const OfferStatus = { NONE: 0, ACTIVE: 1, PAUSED: 2, CLOSED: 3 } as const;
export const LicenseStatus = { ACTIVE: 0, EXPIRED: 1, REVOKED: 2 } as const;

/** `bytes2` of an ISO 3166-1 alpha-2 code. */
export const territory = (code: string): Hex => stringToHex(code, { size: 2 });
export const NO_TERRITORY: Hex = "0x0000";
/** A deterministic non-zero content hash. */
export const contentHash = (label: string): Hex => stringToHex(label, { size: 32 });

/** A license id is `offerId << 32 | serial` (serial = the offer's sale count at mint). */
export const licenseIdOf = (offerId: bigint, serial: bigint): bigint => (offerId << 32n) | serial;
export const PERPETUAL_EXPIRY = 2n ** 64n - 1n; // expiresAt() of a perpetual license

/**
 * The RevenueLedger remainder rule: every recipient but the first gets floor(amount * bps / 10,000),
 * the first gets the rest.
 */
export function sharesOf(amount: bigint, bps: readonly number[]): bigint[] {
  const shares = bps.map((b) => (amount * BigInt(b)) / BPS);
  shares[0] = amount - shares.slice(1).reduce((a, b) => a + b, 0n);
  return shares;
}

/** A sale's protocol fee and what reaches the split's pool. */
export function feeOf(price: bigint, feeBps: number | bigint): { fee: bigint; net: bigint } {
  const fee = (price * BigInt(feeBps)) / BPS;
  return { fee, net: price - fee };
}

export interface TermsHandle {
  id: bigint;
  hash: Hash;
  struct: TermsStruct;
  preset: LicensePreset;
}

export interface OfferParams {
  assetId: bigint;
  termsId: bigint;
  price: bigint;
  currency: Address;
  duration: bigint;
  maxSupply: number;
  allVersions: boolean;
  splitId: bigint;
  arbiter: Address;
  royaltyBps: number;
}

export interface OfferHandle {
  id: bigint;
  params: OfferParams;
  termsHash: Hash;
}

/** The reference preset with license id `id` (looked up in the codec's `presets`). */
export function preset(id: string): LicensePreset {
  const found = presets.find((p) => p.id === id);
  assert.ok(found, `reference preset ${id} exists`);
  return found;
}

const variant = (base: string, changes: Partial<LicensePreset>): LicensePreset => {
  const { bitmaps: _unused, ...rest } = preset(base);
  return { ...rest, ...changes };
};

/** The terms the fixture registers, by role. */
export const TERMS_PRESETS = {
  /** Apache-2.0 as in the presets: worldwide, not transferable (sublicensable only). */
  worldwideLocked: preset("apache-2.0"),
  /** Apache-2.0 with the "transferable" transfer bit: licenses under it can be resold. */
  worldwideTransferable: variant("apache-2.0", {
    id: "apache-2.0-transferable",
    transfer: ["transferable", "sublicensable"],
  }),
  /** Tencent Hunyuan3D 2.1: DENY list EU, GB, KR. */
  denyList: preset("hunyuan3d-2.1"),
  /** CC-BY-4.0 restricted to an ALLOW list. */
  allowList: variant("cc-by-4.0", {
    id: "cc-by-4.0-us-ca",
    territory: { mode: "ALLOW", codes: ["US", "CA"] },
  }),
} as const;
export type TermsKey = keyof typeof TERMS_PRESETS;

/** Deploys and seeds the whole market. A named function, as loadFixture requires. */
export async function tesseraFixture(connection: NetworkConnection) {
  const { viem, networkHelpers } = connection;
  const publicClient: PublicClient = await viem.getPublicClient();
  const all = await viem.getWalletClients();
  const wallet = (i: number): WalletClient => {
    const w = all[i];
    assert.ok(w, `hardhat account #${i} exists`);
    return w;
  };
  const wallets = {
    admin: wallet(0),
    creator: wallet(1),
    otherCreator: wallet(2),
    buyer: wallet(3),
    buyer2: wallet(4),
    buyer3: wallet(5),
    arbiter: wallet(6),
    stranger: wallet(7),
    collab1: wallet(8),
    collab2: wallet(9),
    treasury: wallet(10),
  };
  const { admin, creator } = wallets;
  const asCreator = { account: creator.account };

  const registry = await viem.deployContract("TermsRegistry");
  const renderer = await viem.deployContract("TermsRenderer");
  const extension = await viem.deployContract("LicenseMarketExtension", [registry.address]);
  const market = await viem.deployContract("LicenseMarket", [
    admin.account.address,
    registry.address,
    extension.address,
  ]);
  const metadata = await viem.deployContract("LicenseMetadata", [market.address, registry.address, renderer.address]);
  await market.write.setMetadataRenderer([metadata.address]);

  const usdc = await viem.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const dai = await viem.deployContract("MockERC20", ["Dai", "DAI", 18]); // never allowed
  const feeToken = await viem.deployContract("FeeOnTransferERC20");
  const noReturn = await viem.deployContract("NoReturnERC20");
  const reverting = await viem.deployContract("RevertingERC20");
  for (const token of [usdc, feeToken, noReturn, reverting]) {
    await market.write.setCurrencyAllowed([token.address, true]);
  }
  await market.write.setProtocolFee([PROTOCOL_FEE_BPS, wallets.treasury.account.address]);

  // ------------------------------------------------------------ terms
  const terms = {} as Record<TermsKey, TermsHandle>;
  for (const [key, preset] of Object.entries(TERMS_PRESETS) as [TermsKey, LicensePreset][]) {
    const struct = encodeTerms(preset);
    await registry.write.registerTerms([struct]);
    const hash = termsHash(struct);
    const id = await registry.read.termsIdOf([hash]);
    assert.ok(id !== 0n, `terms ${preset.id} registered under the codec's hash`);
    terms[key] = { id, hash, struct, preset };
  }

  // ------------------------------------------------------------ assets (ids 1..5 by creator, 6 by otherCreator)
  const register = async (by: WalletClient, kind: number, label: string) => {
    await market.write.registerAsset([kind, contentHash(`${label} v1`), `ipfs://${label}/card-v1`], {
      account: by.account,
    });
    return (await market.read.counts())[0];
  };
  const assets = {
    model: await register(creator, AssetKind.MODEL, "model"),
    dataset: await register(creator, AssetKind.DATASET, "dataset"),
    extra3: await register(creator, AssetKind.MODEL, "extra3"),
    extra4: await register(creator, AssetKind.MODEL, "extra4"),
    extra5: await register(creator, AssetKind.DATASET, "extra5"),
    foreign: await register(wallets.otherCreator, AssetKind.MODEL, "foreign"),
  };

  // ------------------------------------------------------------ splits
  const splitDefs = {
    solo: { recipients: [creator.account.address], bps: [10_000], controller: zeroAddress },
    trio: {
      recipients: [creator.account.address, wallets.collab1.account.address, wallets.collab2.account.address],
      bps: [5_000, 3_000, 2_000],
      controller: zeroAddress,
    },
    consortium: {
      recipients: [wallets.collab1.account.address, wallets.collab2.account.address],
      bps: [6_000, 4_000],
      controller: creator.account.address,
    },
  } as const;
  const splits = {} as Record<keyof typeof splitDefs, { id: bigint; recipients: Address[]; bps: number[] }>;
  for (const [key, def] of Object.entries(splitDefs) as [keyof typeof splitDefs, (typeof splitDefs)["solo"]][]) {
    await market.write.createSplit([[...def.recipients], [...def.bps], def.controller], asCreator);
    splits[key] = { id: (await market.read.counts())[2], recipients: [...def.recipients], bps: [...def.bps] };
  }

  // ------------------------------------------------------------ offers
  const base: OfferParams = {
    assetId: assets.model,
    termsId: terms.worldwideLocked.id,
    price: parseEther("0.05"),
    currency: NATIVE,
    duration: 30n * DAY,
    maxSupply: 0,
    allVersions: false,
    splitId: splits.solo.id,
    arbiter: zeroAddress,
    royaltyBps: 0,
  };
  const offerDefs = {
    /** ETH, 30 days, this version, with an arbiter. */
    eth: { ...base, arbiter: wallets.arbiter.account.address },
    /** 25 USDC, 30 days, three-way split. */
    erc20: { ...base, price: 25_000_000n, currency: usdc.address, splitId: splits.trio.id },
    /** 1 ETH, perpetual. */
    perpetual: { ...base, price: parseEther("1"), duration: 0n },
    /** 0.01 ETH, 7 days, at most two sales. */
    capped: { ...base, price: parseEther("0.01"), duration: 7n * DAY, maxSupply: 2 },
    /** 0.2 ETH, a year, covering every version, present and future. */
    allVersions: { ...base, price: parseEther("0.2"), duration: 365n * DAY, allVersions: true },
    /** Transferable terms on the dataset: 0.1 ETH, 30 days, 7.5 % resale royalty, an arbiter. */
    transferable: {
      ...base,
      assetId: assets.dataset,
      termsId: terms.worldwideTransferable.id,
      price: parseEther("0.1"),
      splitId: splits.trio.id,
      royaltyBps: 750,
      arbiter: wallets.arbiter.account.address,
    },
    /** Hunyuan3D terms (DENY EU, GB, KR), paid to the consortium split. */
    denyList: { ...base, termsId: terms.denyList.id, splitId: splits.consortium.id },
    /** ALLOW-listed terms (US, CA) on the dataset. */
    allowList: { ...base, assetId: assets.dataset, termsId: terms.allowList.id },
  } satisfies Record<string, OfferParams>;
  const termsHashById = new Map(Object.values(terms).map((t) => [t.id, t.hash]));
  const offers = {} as Record<keyof typeof offerDefs, OfferHandle>;
  for (const [key, params] of Object.entries(offerDefs) as [keyof typeof offerDefs, OfferParams][]) {
    await market.write.createOffer([params], asCreator);
    const hash = termsHashById.get(params.termsId);
    assert.ok(hash);
    offers[key] = { id: (await market.read.counts())[1], params, termsHash: hash };
  }

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    wallets,
    registry,
    renderer,
    market,
    metadata,
    tokens: { usdc, dai, feeToken, noReturn, reverting },
    terms,
    assets,
    splits,
    offers,
    baseOffer: base,
  };
}

export type Fixture = Awaited<ReturnType<typeof tesseraFixture>>;

export interface BuyOptions {
  /** Who pays (default: wallets.buyer). */
  from?: WalletClient;
  /** Who receives the license (default: the payer). */
  to?: Address;
  territory?: Hex;
  /** Overrides of the guards and payment. */
  maxPrice?: bigint;
  termsHash?: Hash;
  value?: bigint;
}

/** Buys a license under `offer` as a buyer would: mints and approves ERC-20s, pays ETH exactly. */
export async function buy(f: Fixture, offer: OfferHandle, options: BuyOptions = {}) {
  const from = options.from ?? f.wallets.buyer;
  const info = await f.market.read.offers([offer.id]);
  if (info.currency !== NATIVE) {
    const token = await f.viem.getContractAt("MockERC20", info.currency);
    await token.write.mint([from.account.address, info.price]);
    await token.write.approve([f.market.address, info.price], { account: from.account });
  }
  const hash = await f.market.write.purchase(
    [
      offer.id,
      options.to ?? from.account.address,
      options.maxPrice ?? info.price,
      options.termsHash ?? info.termsHash,
      options.territory ?? NO_TERRITORY,
    ],
    { account: from.account, value: options.value ?? (info.currency === NATIVE ? info.price : 0n) },
  );
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [purchased] = parseEventLogs({ abi: f.market.abi, logs: receipt.logs, eventName: "LicensePurchased" });
  assert.ok(purchased, "a LicensePurchased event");
  const block = await f.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { hash, receipt, licenseId: purchased.args.licenseId, timestamp: block.timestamp, price: info.price };
}

/** How many assets, offers and splits exist. */
export async function counts(f: { market: Market }) {
  const [assets, offers, splits] = await f.market.read.counts();
  return { assets, offers, splits };
}

/** The timestamp of the latest block. */
export async function now(f: Fixture): Promise<bigint> {
  return (await f.publicClient.getBlock()).timestamp;
}

/** Mines one block at exactly `timestamp`, so that views read that time. */
export async function mineAt(f: Fixture, timestamp: bigint): Promise<void> {
  await f.networkHelpers.time.increaseTo(timestamp);
}
