/**
 * LicenseMarket (with AssetRegistry and RevenueLedger): every external function in a passing test
 * that checks state and events, and every custom error of ILicenseMarketErrors triggered with its
 * arguments. Expected values are derived from the fixture's parameters and the documented rules
 * (remainder rule, fee snapshot, expiry = purchase time + duration), never copied from a run.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts, network } from "hardhat";
import {
  type Address,
  type ContractErrorName,
  encodeAbiParameters,
  getAddress,
  type Hash,
  type Hex,
  hexToBigInt,
  keccak256,
  maxUint64,
  maxUint256,
  numberToHex,
  parseEther,
  toFunctionSelector,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import {
  AssetKind,
  BPS,
  buy,
  contentHash,
  counts,
  DAY,
  type Fixture,
  feeOf,
  LIMITS,
  LicenseStatus,
  licenseIdOf,
  type Market,
  mineAt,
  NATIVE,
  NO_TERRITORY,
  now,
  type OfferHandle,
  type OfferParams,
  OfferStatus,
  PERPETUAL_EXPIRY,
  PROTOCOL_FEE_BPS,
  sharesOf,
  TERMS_PRESETS,
  territory,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

// ---------------------------------------------------------------- call tracking

/** Every LicenseMarket function name called through `read`, `write` or `simulate` in this file. */
const calledFunctions = new Set<string>();

function tracked(market: Market): Market {
  const spy = (namespace: object) =>
    new Proxy(namespace, {
      get(target, prop, receiver) {
        if (typeof prop === "string") calledFunctions.add(prop);
        return Reflect.get(target, prop, receiver);
      },
    });
  return new Proxy(market, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      return prop === "read" || prop === "write" || prop === "simulate" ? spy(value as object) : value;
    },
  });
}

async function load(): Promise<Fixture> {
  const f = await networkHelpers.loadFixture(tesseraFixture);
  return { ...f, market: tracked(f.market) };
}

// ---------------------------------------------------------------- error assertions

type MarketError = ContractErrorName<Market["abi"]>;
type ErrorArgs<N extends MarketError> = Parameters<typeof viem.assertions.revertWithCustomErrorWithArgs<Market, N>>[3];

/** ILicenseMarketErrors names that a test has seen raised with the expected arguments. */
const raisedErrors = new Set<string>();

async function expectError<N extends MarketError>(
  f: Fixture,
  call: Promise<unknown>,
  name: N,
  args: ErrorArgs<N>,
): Promise<void> {
  await viem.assertions.revertWithCustomErrorWithArgs(call as Promise<Hash>, f.market, name, args);
  raisedErrors.add(name);
}

// ---------------------------------------------------------------- small helpers

const addr = (w: { account: { address: Address } }) => w.account.address;
const as = (w: { account: { address: Address } }) => ({ account: w.account as never });

async function blockTime(f: Fixture, hash: Hash): Promise<bigint> {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  return (await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
}

async function newOffer(f: Fixture, changes: Partial<OfferParams>, by = f.wallets.creator): Promise<OfferHandle> {
  const params = { ...f.baseOffer, ...changes };
  await f.market.write.createOffer([params], as(by));
  const id = (await counts(f)).offers;
  return { id, params, termsHash: (await f.market.read.offers([id])).termsHash };
}

async function newSplit(f: Fixture, recipients: Address[], bps: number[], controller: Address = zeroAddress) {
  await f.market.write.createSplit([recipients, bps, controller], as(f.wallets.creator));
  return (await counts(f)).splits;
}

/** Decodes a tokenURI data URI into its JSON. */
function decodeTokenURI(uri: string): Record<string, unknown> {
  const prefix = "data:application/json;base64,";
  assert.ok(uri.startsWith(prefix), `a base64 JSON data URI, got ${uri.slice(0, 40)}`);
  return JSON.parse(Buffer.from(uri.slice(prefix.length), "base64").toString("utf8")) as Record<string, unknown>;
}

function trait(json: Record<string, unknown>, name: string): unknown {
  const attributes = json.attributes as { trait_type: string; value: unknown }[];
  const found = attributes.find((a) => a.trait_type === name);
  assert.ok(found, `trait ${name}`);
  return found.value;
}

/** XOR of the selectors of `signatures`: an ERC-165 interface id. */
function interfaceId(signatures: string[]): Hex {
  const id = signatures.reduce((acc, sig) => acc ^ Number.parseInt(toFunctionSelector(sig).slice(2), 16), 0);
  return numberToHex(id >>> 0, { size: 4 });
}

// ====================================================================== assets

describe("AssetRegistry", () => {
  it("registerAsset stores the asset and its first version and emits both events", async () => {
    const f = await load();
    const { market } = f;
    const before = (await counts(f)).assets;
    const hash = contentHash("new model v1");
    const tx = await market.write.registerAsset([AssetKind.DATASET, hash, "ipfs://new/card"], as(f.wallets.stranger));
    const ts = await blockTime(f, tx);
    const assetId = before + 1n;
    assert.equal((await counts(f)).assets, assetId);
    assert.deepEqual(await market.read.assetInfo([assetId]), {
      controller: getAddress(addr(f.wallets.stranger)),
      pendingController: zeroAddress,
      kind: AssetKind.DATASET,
      versionCount: 1,
      offerCount: 0,
    });
    assert.deepEqual(await market.read.assetVersion([assetId, 1n]), {
      contentHash: hash,
      metadataURI: "ipfs://new/card",
      publishedAt: ts,
    });
    await viem.assertions.emitWithArgs(tx, market, "AssetRegistered", [
      assetId,
      getAddress(addr(f.wallets.stranger)),
      AssetKind.DATASET,
      hash,
      "ipfs://new/card",
    ]);
    await viem.assertions.emitWithArgs(tx, market, "VersionPublished", [assetId, 1, hash, "ipfs://new/card"]);
  });

  it("publishVersion appends a version, returns its number and keeps the old ones readable", async () => {
    const f = await load();
    const { market } = f;
    const assetId = f.assets.model;
    const { versionCount } = await market.read.assetInfo([assetId]);
    const hash = contentHash("model v2");
    const { result } = await market.simulate.publishVersion(
      [assetId, hash, "ipfs://model/card-v2"],
      as(f.wallets.creator),
    );
    assert.equal(result, versionCount + 1);
    const tx = await market.write.publishVersion([assetId, hash, "ipfs://model/card-v2"], as(f.wallets.creator));
    const ts = await blockTime(f, tx);
    await viem.assertions.emitWithArgs(tx, market, "VersionPublished", [
      assetId,
      versionCount + 1,
      hash,
      "ipfs://model/card-v2",
    ]);
    assert.equal((await market.read.assetInfo([assetId])).versionCount, versionCount + 1);
    assert.deepEqual(await market.read.assetVersion([assetId, BigInt(versionCount + 1)]), {
      contentHash: hash,
      metadataURI: "ipfs://model/card-v2",
      publishedAt: ts,
    });
    assert.equal((await market.read.assetVersion([assetId, 1n])).contentHash, contentHash("model v1"));
  });

  it("control moves in two steps: transfer, then accept by the pending controller only", async () => {
    const f = await load();
    const { market } = f;
    const { creator, otherCreator } = f.wallets;
    const assetId = f.assets.model;
    const started = await market.write.nominateAssetController([assetId, addr(otherCreator)], as(creator));
    await viem.assertions.emitWithArgs(started, market, "AssetControlTransferStarted", [
      assetId,
      getAddress(addr(creator)),
      getAddress(addr(otherCreator)),
    ]);
    let info = await market.read.assetInfo([assetId]);
    assert.equal(info.controller, getAddress(addr(creator)), "control has not moved yet");
    assert.equal(info.pendingController, getAddress(addr(otherCreator)));
    // The current controller keeps every right until acceptance.
    await market.write.publishVersion([assetId, contentHash("v2"), ""], as(creator));

    const accepted = await market.write.acceptAssetController([assetId], as(otherCreator));
    await viem.assertions.emitWithArgs(accepted, market, "AssetControlTransferred", [
      assetId,
      getAddress(addr(creator)),
      getAddress(addr(otherCreator)),
    ]);
    info = await market.read.assetInfo([assetId]);
    assert.equal(info.controller, getAddress(addr(otherCreator)));
    assert.equal(info.pendingController, zeroAddress);
    await expectError(
      f,
      market.write.publishVersion([assetId, contentHash("v3"), ""], as(creator)),
      "NotAssetController",
      [assetId, getAddress(addr(creator))],
    );
    await expectError(
      f,
      market.write.setOfferStatus([f.offers.eth.id, OfferStatus.PAUSED], as(creator)),
      "NotAssetController",
      [assetId, getAddress(addr(creator))],
    );
    await market.write.setOfferStatus([f.offers.eth.id, OfferStatus.PAUSED], as(otherCreator));
    // Accepting twice is impossible: the pending slot is cleared.
    await expectError(f, market.write.acceptAssetController([assetId], as(otherCreator)), "NotPendingAssetController", [
      assetId,
      getAddress(addr(otherCreator)),
    ]);
  });

  it("transferAssetControl to zero cancels a pending transfer", async () => {
    const f = await load();
    const { market } = f;
    const { creator, otherCreator } = f.wallets;
    await market.write.nominateAssetController([f.assets.model, addr(otherCreator)], as(creator));
    const cancel = await market.write.nominateAssetController([f.assets.model, zeroAddress], as(creator));
    await viem.assertions.emitWithArgs(cancel, market, "AssetControlTransferStarted", [
      f.assets.model,
      getAddress(addr(creator)),
      zeroAddress,
    ]);
    assert.equal((await market.read.assetInfo([f.assets.model])).pendingController, zeroAddress);
    await expectError(
      f,
      market.write.acceptAssetController([f.assets.model], as(otherCreator)),
      "NotPendingAssetController",
      [f.assets.model, getAddress(addr(otherCreator))],
    );
  });
});

// ====================================================================== offers

describe("offers", () => {
  it("createOffer stores every parameter, the terms facts and the fee snapshot, and emits OfferCreated", async () => {
    const f = await load();
    const { market } = f;
    const before = (await counts(f)).offers;
    const params: OfferParams = {
      ...f.baseOffer,
      assetId: f.assets.dataset,
      termsId: f.terms.denyList.id,
      price: 123_456_789n,
      currency: f.tokens.usdc.address,
      duration: 90n * DAY,
      maxSupply: 7,
      allVersions: true,
      splitId: f.splits.trio.id,
      arbiter: addr(f.wallets.arbiter),
      royaltyBps: 1_234,
    };
    const offersOnAsset = (await market.read.assetInfo([params.assetId])).offerCount;
    const tx = await market.write.createOffer([params], as(f.wallets.creator));
    const offerId = before + 1n;
    assert.equal((await counts(f)).offers, offerId);
    assert.equal((await market.read.assetInfo([params.assetId])).offerCount, offersOnAsset + 1, "counted on the asset");
    await viem.assertions.emitWithArgs(tx, market, "OfferCreated", [
      offerId,
      params.assetId,
      params.termsId,
      params.price,
      getAddress(params.currency),
      params.duration,
      params.splitId,
    ]);
    const denyPreset = TERMS_PRESETS.denyList;
    assert.deepEqual(await market.read.offers([offerId]), {
      assetId: params.assetId,
      termsId: params.termsId,
      termsHash: f.terms.denyList.hash,
      price: params.price,
      currency: getAddress(params.currency),
      duration: params.duration,
      maxSupply: params.maxSupply,
      sold: 0,
      allVersions: true,
      transferable: denyPreset.transfer.includes("transferable"),
      territoryRestricted: denyPreset.territory.mode !== "WORLDWIDE",
      status: OfferStatus.ACTIVE,
      splitId: params.splitId,
      arbiter: getAddress(params.arbiter),
      royaltyBps: params.royaltyBps,
      protocolFeeBps: PROTOCOL_FEE_BPS,
    });
  });

  it("the fixture's offers carry the transferable and territory facts of their terms", async () => {
    const f = await load();
    for (const [key, offer] of Object.entries(f.offers)) {
      const info = await f.market.read.offers([offer.id]);
      const termsKey = (Object.keys(f.terms) as (keyof typeof f.terms)[]).find((k) => f.terms[k].id === info.termsId);
      assert.ok(termsKey, key);
      const preset = TERMS_PRESETS[termsKey];
      assert.equal(info.transferable, preset.transfer.includes("transferable"), `${key} transferable`);
      assert.equal(info.territoryRestricted, preset.territory.mode !== "WORLDWIDE", `${key} territory`);
      const [hash, transferable, restricted] = await f.registry.read.offerFacts([info.termsId]);
      assert.deepEqual([info.termsHash, info.transferable, info.territoryRestricted], [hash, transferable, restricted]);
    }
  });

  it("createOffer with unregistered terms reverts with the registry's TermsNotFound", async () => {
    const f = await load();
    const missing = (await f.registry.read.termsCount()) + 1n;
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.createOffer([{ ...f.baseOffer, termsId: missing }], as(f.wallets.creator)),
      f.registry,
      "TermsNotFound",
      [missing],
    );
  });

  it("pause, resume and close: events, purchase gating, and CLOSED is final", async () => {
    const f = await load();
    const { market } = f;
    const { creator } = f.wallets;
    const offer = f.offers.eth;
    const paused = await market.write.setOfferStatus([offer.id, OfferStatus.PAUSED], as(creator));
    await viem.assertions.emitWithArgs(paused, market, "OfferStatusChanged", [offer.id, OfferStatus.PAUSED]);
    assert.equal((await market.read.offers([offer.id])).status, OfferStatus.PAUSED);
    await expectError(f, buy(f, offer), "OfferNotActive", [offer.id, OfferStatus.PAUSED]);

    const resumed = await market.write.setOfferStatus([offer.id, OfferStatus.ACTIVE], as(creator));
    await viem.assertions.emitWithArgs(resumed, market, "OfferStatusChanged", [offer.id, OfferStatus.ACTIVE]);
    await buy(f, offer);

    const closed = await market.write.setOfferStatus([offer.id, OfferStatus.CLOSED], as(creator));
    await viem.assertions.emitWithArgs(closed, market, "OfferStatusChanged", [offer.id, OfferStatus.CLOSED]);
    await expectError(f, buy(f, offer, { from: f.wallets.buyer2 }), "OfferNotActive", [offer.id, OfferStatus.CLOSED]);
    for (const status of [OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.CLOSED]) {
      await expectError(f, market.write.setOfferStatus([offer.id, status], as(creator)), "OfferIsClosed", [offer.id]);
    }
    assert.equal((await market.read.offers([offer.id])).status, OfferStatus.CLOSED);
  });

  it("price and terms are immutable: no function but createOffer takes a price or terms, none alters an offer but its status", async () => {
    const f = await load();
    const mutating = f.market.abi.filter(
      (item) => item.type === "function" && item.stateMutability !== "view" && item.stateMutability !== "pure",
    );
    const flatten = (inputs: readonly { name?: string; components?: readonly unknown[] }[]): string[] =>
      inputs.flatMap((input) => [
        input.name ?? "",
        ...flatten((input.components ?? []) as { name?: string; components?: readonly unknown[] }[]),
      ]);
    const namesOf = (fn: (typeof mutating)[number]) => (fn.type === "function" ? flatten(fn.inputs) : []);
    const nameOf = (fn: (typeof mutating)[number]) => (fn.type === "function" ? fn.name : "");
    // Only createOffer takes a price or terms; only setOfferStatus and purchase take an offer id.
    // A setter such as setOfferPrice(offerId, price) would fail both checks.
    const takingPriceOrTerms = mutating.filter((fn) => namesOf(fn).some((n) => n === "price" || n === "termsId"));
    assert.deepEqual(takingPriceOrTerms.map(nameOf), ["createOffer"]);
    const takingOfferId = mutating.filter((fn) => namesOf(fn).includes("offerId"));
    assert.deepEqual(takingOfferId.map(nameOf).sort(), ["purchase", "setOfferStatus"]);
    const purchase = mutating.find((fn) => fn.type === "function" && fn.name === "purchase");
    assert.ok(purchase && purchase.type === "function");
    assert.deepEqual(
      purchase.inputs.map((i) => i.name),
      ["offerId", "recipient", "maxPrice", "termsHash", "territory"],
    );
    const offerSetters = mutating.filter((fn) => fn.type === "function" && /offer|price|terms/i.test(fn.name));
    assert.deepEqual(offerSetters.map((fn) => (fn.type === "function" ? fn.name : "")).sort(), [
      "createOffer",
      "setOfferStatus",
    ]);
    const setOfferStatus = offerSetters.find((fn) => fn.type === "function" && fn.name === "setOfferStatus");
    assert.ok(setOfferStatus && setOfferStatus.type === "function");
    assert.deepEqual(
      setOfferStatus.inputs.map((i) => i.type),
      ["uint256", "uint8"],
    );
    // Behaviourally: pausing and resuming leaves price and terms as created.
    const before = await f.market.read.offers([f.offers.eth.id]);
    await f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.PAUSED], as(f.wallets.creator));
    await f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.ACTIVE], as(f.wallets.creator));
    assert.deepEqual(await f.market.read.offers([f.offers.eth.id]), before);
  });
});

// ====================================================================== purchase

describe("purchase", () => {
  it("ETH, exact payment: mints the license, credits split and treasury, emits every event", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, treasury } = f.wallets;
    const offer = f.offers.eth;
    const { price, duration, splitId, assetId } = offer.params;
    const { fee, net } = feeOf(price, PROTOCOL_FEE_BPS);
    const poolBefore = await market.read.pendingRevenue([splitId, NATIVE]);
    const treasuryBefore = await market.read.withdrawable([addr(treasury), NATIVE]);
    const serial = BigInt((await market.read.offers([offer.id])).sold) + 1n;
    const licenseId = licenseIdOf(offer.id, serial);

    const tx = market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], {
      ...as(buyer),
      value: price,
    });
    await viem.assertions.balancesHaveChanged(tx, [
      { address: addr(buyer), amount: -price },
      { address: market.address, amount: price },
    ]);
    const hash = await tx;
    const ts = await blockTime(f, hash);
    const expiry = ts + duration;

    assert.equal(await market.read.ownerOf([licenseId]), getAddress(addr(buyer)));
    assert.equal(await market.read.balanceOf([addr(buyer)]), 1n);
    const { versionCount } = await market.read.assetInfo([assetId]);
    assert.deepEqual(await market.read.licenseInfo([licenseId]), {
      holder: getAddress(addr(buyer)),
      assetId,
      offerId: offer.id,
      termsId: offer.params.termsId,
      expiresAt: expiry,
      version: versionCount,
      allVersions: false,
      status: LicenseStatus.ACTIVE,
    });
    assert.equal((await market.read.offers([offer.id])).sold, Number(serial));
    assert.equal(await market.read.pendingRevenue([splitId, NATIVE]), poolBefore + net);
    assert.equal(await market.read.withdrawable([addr(treasury), NATIVE]), treasuryBefore + fee);
    assert.equal(await market.read.isEntitled([addr(buyer), assetId]), true);

    await viem.assertions.emitWithArgs(hash, market, "Transfer", [zeroAddress, getAddress(addr(buyer)), licenseId]);
    await viem.assertions.emitWithArgs(hash, market, "Locked", [licenseId]);
    await viem.assertions.emitWithArgs(hash, market, "LicensePurchased", [
      licenseId,
      offer.id,
      getAddress(addr(buyer)),
      getAddress(addr(buyer)),
      price,
      expiry,
      NO_TERRITORY,
    ]);
  });

  it("license ids are offerId << 32 | serial, serials counting the offer's sales", async () => {
    const f = await load();
    const first = await buy(f, f.offers.eth, { from: f.wallets.buyer });
    const second = await buy(f, f.offers.eth, { from: f.wallets.buyer2 });
    assert.equal(first.licenseId, (f.offers.eth.id << 32n) + 1n);
    assert.equal(second.licenseId, (f.offers.eth.id << 32n) + 2n);
  });

  it("a buyer may pay for another recipient: the recipient holds, the event names both", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { hash, licenseId, timestamp } = await buy(f, f.offers.eth, { from: buyer, to: addr(buyer2) });
    assert.equal(await f.market.read.ownerOf([licenseId]), getAddress(addr(buyer2)));
    assert.equal(await f.market.read.isEntitled([addr(buyer2), f.offers.eth.params.assetId]), true);
    assert.equal(await f.market.read.isEntitled([addr(buyer), f.offers.eth.params.assetId]), false);
    await viem.assertions.emitWithArgs(hash, f.market, "LicensePurchased", [
      licenseId,
      f.offers.eth.id,
      getAddress(addr(buyer2)),
      getAddress(addr(buyer)),
      f.offers.eth.params.price,
      timestamp + f.offers.eth.params.duration,
      NO_TERRITORY,
    ]);
  });

  it("overpayment and underpayment are rejected, not refunded", async () => {
    const f = await load();
    const { price } = f.offers.eth.params;
    await expectError(f, buy(f, f.offers.eth, { value: price + 1n }), "IncorrectPayment", [price, price + 1n]);
    await expectError(f, buy(f, f.offers.eth, { value: price - 1n }), "IncorrectPayment", [price, price - 1n]);
    assert.equal((await f.market.read.offers([f.offers.eth.id])).sold, 0);
    assert.equal(await f.publicClient.getBalance({ address: f.market.address }), 0n);
  });

  it("ERC-20: pulls the exact price, credits split and treasury; ETH alongside is rejected", async () => {
    const f = await load();
    const { market } = f;
    const { usdc } = f.tokens;
    const { buyer, treasury } = f.wallets;
    const offer = f.offers.erc20;
    const { price, splitId } = offer.params;
    const { fee, net } = feeOf(price, PROTOCOL_FEE_BPS);
    await usdc.write.mint([addr(buyer), price]);
    await usdc.write.approve([market.address, price], as(buyer));
    await expectError(
      f,
      market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], { ...as(buyer), value: 1n }),
      "IncorrectPayment",
      [0n, 1n],
    );
    const hash = await market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], as(buyer));
    assert.equal(await usdc.read.balanceOf([addr(buyer)]), 0n);
    assert.equal(await usdc.read.balanceOf([market.address]), price);
    assert.equal(await market.read.pendingRevenue([splitId, usdc.address]), net);
    assert.equal(await market.read.withdrawable([addr(treasury), usdc.address]), fee);
    await viem.assertions.emitWithArgs(hash, usdc, "Transfer", [
      getAddress(addr(buyer)),
      getAddress(market.address),
      price,
    ]);
  });

  it("maxPrice guard: a price above the buyer's maximum reverts", async () => {
    const f = await load();
    const { price } = f.offers.eth.params;
    await expectError(f, buy(f, f.offers.eth, { maxPrice: price - 1n }), "PriceAboveMax", [
      f.offers.eth.id,
      price,
      price - 1n,
    ]);
    // A higher maximum is fine: the buyer still pays the offer's price.
    const { price: paid } = await buy(f, f.offers.eth, { maxPrice: price * 2n });
    assert.equal(paid, price);
  });

  it("termsHash guard: terms other than the offer's revert", async () => {
    const f = await load();
    const other = f.terms.worldwideTransferable.hash;
    assert.notEqual(other, f.offers.eth.termsHash);
    await expectError(f, buy(f, f.offers.eth, { termsHash: other }), "TermsMismatch", [
      f.offers.eth.id,
      f.offers.eth.termsHash,
      other,
    ]);
  });

  it("territory, DENY list (hunyuan3d-2.1: EU, GB, KR): DE, FR, GB, EU and undeclared rejected, US and JP accepted", async () => {
    const f = await load();
    const offer = f.offers.denyList;
    assert.deepEqual(TERMS_PRESETS.denyList.territory.codes, ["EU", "GB", "KR"]);
    const rejected = ["DE", "FR", "GB", "KR", "EU"];
    for (const code of rejected) {
      await expectError(f, buy(f, offer, { territory: territory(code) }), "TerritoryNotAllowed", [
        offer.id,
        territory(code),
      ]);
    }
    await expectError(f, buy(f, offer, { territory: NO_TERRITORY }), "TerritoryNotAllowed", [offer.id, NO_TERRITORY]);
    await expectError(f, buy(f, offer, { territory: territory("us") }), "TerritoryNotAllowed", [
      offer.id,
      territory("us"),
    ]);
    const { hash, licenseId } = await buy(f, offer, { territory: territory("US") });
    await viem.assertions.emitWithArgs(hash, f.market, "LicensePurchased", [
      licenseId,
      offer.id,
      getAddress(addr(f.wallets.buyer)),
      getAddress(addr(f.wallets.buyer)),
      offer.params.price,
      (v: bigint) => v > 0n,
      territory("US"),
    ]);
    await buy(f, offer, { from: f.wallets.buyer2, territory: territory("JP") });
  });

  it("territory, ALLOW list (US, CA): listed codes accepted, others and undeclared rejected", async () => {
    const f = await load();
    const offer = f.offers.allowList;
    for (const code of ["DE", "GB", "MX"]) {
      await expectError(f, buy(f, offer, { territory: territory(code) }), "TerritoryNotAllowed", [
        offer.id,
        territory(code),
      ]);
    }
    await expectError(f, buy(f, offer), "TerritoryNotAllowed", [offer.id, NO_TERRITORY]);
    await buy(f, offer, { territory: territory("US") });
    await buy(f, offer, { from: f.wallets.buyer2, territory: territory("CA") });
  });

  it("worldwide offers accept an undeclared territory and record whatever is declared", async () => {
    const f = await load();
    await buy(f, f.offers.eth, { territory: NO_TERRITORY });
    const { hash, licenseId } = await buy(f, f.offers.eth, { from: f.wallets.buyer2, territory: territory("DE") });
    await viem.assertions.emitWithArgs(hash, f.market, "LicensePurchased", [
      licenseId,
      f.offers.eth.id,
      getAddress(addr(f.wallets.buyer2)),
      getAddress(addr(f.wallets.buyer2)),
      f.offers.eth.params.price,
      (v: bigint) => v > 0n,
      territory("DE"),
    ]);
  });

  it("capped supply: sells exactly maxSupply, then OfferSoldOut", async () => {
    const f = await load();
    const offer = f.offers.capped;
    const buyers = [f.wallets.buyer, f.wallets.buyer2];
    assert.equal(buyers.length, offer.params.maxSupply);
    for (const from of buyers) await buy(f, offer, { from });
    assert.equal((await f.market.read.offers([offer.id])).sold, offer.params.maxSupply);
    await expectError(f, buy(f, offer, { from: f.wallets.buyer3 }), "OfferSoldOut", [
      offer.id,
      BigInt(offer.params.maxSupply),
    ]);
  });

  it("zero recipient is rejected", async () => {
    const f = await load();
    await expectError(f, buy(f, f.offers.eth, { to: zeroAddress }), "InvalidRecipient", [zeroAddress]);
  });

  it("a recipient contract without onERC721Received is rejected", async () => {
    const f = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(
      buy(f, f.offers.eth, { to: f.registry.address }),
      f.market,
      "ERC721InvalidReceiver",
      [getAddress(f.registry.address)],
    );
  });

  it("AlreadyLicensed: one license per account and asset, whatever the offer", async () => {
    const f = await load();
    const { buyer } = f.wallets;
    await buy(f, f.offers.eth);
    // Another offer on the same asset, another payer, same recipient.
    assert.equal(f.offers.perpetual.params.assetId, f.offers.eth.params.assetId);
    await expectError(f, buy(f, f.offers.perpetual, { from: f.wallets.buyer2, to: addr(buyer) }), "AlreadyLicensed", [
      getAddress(addr(buyer)),
      f.offers.eth.params.assetId,
    ]);
    // A lapsed license still counts until it is burned.
    const info = await f.market.read.offers([f.offers.eth.id]);
    await networkHelpers.time.increase(info.duration + 1n);
    await expectError(f, buy(f, f.offers.eth), "AlreadyLicensed", [getAddress(addr(buyer)), info.assetId]);
  });

  it("burnLapsed frees the asset: the holder may buy again", async () => {
    const f = await load();
    const { market } = f;
    const { buyer } = f.wallets;
    const first = await buy(f, f.offers.eth);
    const expiry = await market.read.expiresAt([first.licenseId]);
    await expectError(f, market.write.burnLapsed([first.licenseId], as(buyer)), "LicenseNotLapsed", [first.licenseId]);
    await mineAt(f, expiry);
    const burn = await market.write.burnLapsed([first.licenseId], as(buyer));
    await viem.assertions.emitWithArgs(burn, market, "Transfer", [
      getAddress(addr(buyer)),
      zeroAddress,
      first.licenseId,
    ]);
    assert.equal(await market.read.balanceOf([addr(buyer)]), 0n);
    await expectError(f, market.read.licenseInfo([first.licenseId]), "LicenseNotFound", [first.licenseId]);
    const second = await buy(f, f.offers.eth);
    assert.equal(second.licenseId, first.licenseId + 1n);
    assert.equal(await market.read.isEntitled([addr(buyer), f.offers.eth.params.assetId]), true);
  });
});

// ====================================================================== renewal

describe("renewal (ERC-5643)", () => {
  it("renew extends from the current expiry while live, by n periods, at n × price", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, stranger } = f.wallets;
    const { licenseId } = await buy(f, f.offers.eth);
    const { price, duration, splitId } = f.offers.eth.params;
    const expiry = await market.read.expiresAt([licenseId]);
    const periods = 3n;
    const cost = price * periods;
    const { fee, net } = feeOf(cost, PROTOCOL_FEE_BPS);
    const poolBefore = await market.read.pendingRevenue([splitId, NATIVE]);
    const treasuryBefore = await market.read.withdrawable([addr(f.wallets.treasury), NATIVE]);
    // Anyone may pay for anyone's renewal.
    const tx = market.write.renew([licenseId, periods, cost], { ...as(stranger), value: cost });
    await viem.assertions.balancesHaveChanged(tx, [
      { address: addr(stranger), amount: -cost },
      { address: market.address, amount: cost },
    ]);
    const hash = await tx;
    const newExpiry = expiry + duration * periods;
    assert.equal(await market.read.expiresAt([licenseId]), newExpiry);
    assert.equal((await market.read.licenseInfo([licenseId])).expiresAt, newExpiry);
    assert.equal(await market.read.ownerOf([licenseId]), getAddress(addr(buyer)), "the holder is unchanged");
    await viem.assertions.emitWithArgs(hash, market, "LicenseRenewed", [
      licenseId,
      getAddress(addr(stranger)),
      cost,
      newExpiry,
    ]);
    await viem.assertions.emitWithArgs(hash, market, "SubscriptionUpdate", [licenseId, newExpiry]);
    await viem.assertions.emitWithArgs(hash, market, "MetadataUpdate", [licenseId]);
    // The renewal is credited like a sale: fee to the treasury, the rest to the offer's split.
    assert.equal(await market.read.pendingRevenue([splitId, NATIVE]), poolBefore + net);
    assert.equal(await market.read.withdrawable([addr(f.wallets.treasury), NATIVE]), treasuryBefore + fee);
    // The standing index follows: entitled until the new expiry, not after.
    await mineAt(f, newExpiry - 1n);
    assert.equal(await market.read.isEntitled([addr(buyer), f.offers.eth.params.assetId]), true);
    await mineAt(f, newExpiry);
    assert.equal(await market.read.isEntitled([addr(buyer), f.offers.eth.params.assetId]), false);
  });

  it("renew of a lapsed license counts from now", async () => {
    const f = await load();
    const { market } = f;
    const { licenseId } = await buy(f, f.offers.eth);
    const { price, duration } = f.offers.eth.params;
    const expiry = await market.read.expiresAt([licenseId]);
    await mineAt(f, expiry + 10n * DAY);
    const hash = await market.write.renew([licenseId, 1n, price], { ...as(f.wallets.buyer), value: price });
    const ts = await blockTime(f, hash);
    assert.ok(ts > expiry);
    assert.equal(await market.read.expiresAt([licenseId]), ts + duration);
    assert.equal(await market.read.isEntitled([addr(f.wallets.buyer), f.offers.eth.params.assetId]), true);
  });

  it("renew in ERC-20 pulls periods × price", async () => {
    const f = await load();
    const { usdc } = f.tokens;
    const { licenseId } = await buy(f, f.offers.erc20);
    const { price, duration } = f.offers.erc20.params;
    const expiry = await f.market.read.expiresAt([licenseId]);
    await usdc.write.mint([addr(f.wallets.buyer), price * 2n]);
    await usdc.write.approve([f.market.address, price * 2n], as(f.wallets.buyer));
    const before = await usdc.read.balanceOf([f.market.address]);
    await f.market.write.renew([licenseId, 2n, price * 2n], as(f.wallets.buyer));
    assert.equal(await usdc.read.balanceOf([f.market.address]), before + price * 2n);
    assert.equal(await f.market.read.expiresAt([licenseId]), expiry + 2n * duration);
  });

  it("renew guards: perpetual and zero periods are not renewable, maxPrice holds, paused offers refuse", async () => {
    const f = await load();
    const { market } = f;
    const perpetual = await buy(f, f.offers.perpetual);
    await expectError(
      f,
      market.write.renew([perpetual.licenseId, 1n, maxUint256], as(f.wallets.buyer)),
      "LicenseNotRenewable",
      [perpetual.licenseId],
    );
    const timed = await buy(f, f.offers.allVersions, { from: f.wallets.buyer2 });
    const { price } = f.offers.allVersions.params;
    await expectError(
      f,
      market.write.renew([timed.licenseId, 0n, maxUint256], as(f.wallets.buyer2)),
      "LicenseNotRenewable",
      [timed.licenseId],
    );
    await expectError(
      f,
      market.write.renew([timed.licenseId, 2n, price * 2n - 1n], { ...as(f.wallets.buyer2), value: price * 2n }),
      "PriceAboveMax",
      [f.offers.allVersions.id, price * 2n, price * 2n - 1n],
    );
    await market.write.setOfferStatus([f.offers.allVersions.id, OfferStatus.PAUSED], as(f.wallets.creator));
    await expectError(
      f,
      market.write.renew([timed.licenseId, 1n, price], { ...as(f.wallets.buyer2), value: price }),
      "OfferNotActive",
      [f.offers.allVersions.id, OfferStatus.PAUSED],
    );
    assert.equal(await market.read.isRenewable([timed.licenseId]), false);
  });

  it("renew past the 40-bit expiry range reverts RenewalTooLong, even for absurd period counts", async () => {
    const f = await load();
    const maxDuration = 2n ** 32n - 1n;
    const offer = await newOffer(f, { price: 1n, duration: maxDuration });
    const { licenseId } = await buy(f, offer);
    const expiry = await f.market.read.expiresAt([licenseId]);
    const limit = 2n ** 40n - 1n; // LicenseData.PERPETUAL: the first expiry that is not representable
    const periods = (limit - expiry) / maxDuration + 1n; // the fewest periods that reach it
    assert.ok(expiry + periods * maxDuration >= limit && expiry + (periods - 1n) * maxDuration < limit);
    await expectError(
      f,
      f.market.write.renew([licenseId, periods, maxUint256], { ...as(f.wallets.buyer), value: periods }),
      "RenewalTooLong",
      [licenseId, periods],
    );
    // No arithmetic panic on overflowing inputs: the bound is checked before multiplying.
    await expectError(
      f,
      f.market.write.renew([licenseId, 2n ** 255n, maxUint256], as(f.wallets.buyer)),
      "RenewalTooLong",
      [licenseId, 2n ** 255n],
    );
    // One period fewer still fits.
    await f.market.write.renew([licenseId, periods - 1n, maxUint256], { ...as(f.wallets.buyer), value: periods - 1n });
    assert.equal(await f.market.read.expiresAt([licenseId]), expiry + (periods - 1n) * maxDuration);
  });

  it("renewSubscription takes whole periods only and renews by duration / period", async () => {
    const f = await load();
    const { market } = f;
    const { licenseId } = await buy(f, f.offers.eth);
    const { price, duration } = f.offers.eth.params;
    const expiry = await market.read.expiresAt([licenseId]);
    await expectError(
      f,
      market.write.renewSubscription([licenseId, duration + 1n], { ...as(f.wallets.buyer), value: price }),
      "InvalidRenewalDuration",
      [licenseId, duration + 1n, duration],
    );
    await expectError(
      f,
      market.write.renewSubscription([licenseId, 0n], as(f.wallets.buyer)),
      "InvalidRenewalDuration",
      [licenseId, 0n, duration],
    );
    const hash = await market.write.renewSubscription([licenseId, duration * 2n], {
      ...as(f.wallets.buyer),
      value: price * 2n,
    });
    await viem.assertions.emitWithArgs(hash, market, "SubscriptionUpdate", [licenseId, expiry + duration * 2n]);
    await viem.assertions.emitWithArgs(hash, market, "LicenseRenewed", [
      licenseId,
      getAddress(addr(f.wallets.buyer)),
      price * 2n,
      expiry + duration * 2n,
    ]);
    assert.equal(await market.read.expiresAt([licenseId]), expiry + duration * 2n);
    const perpetual = await buy(f, f.offers.perpetual, { from: f.wallets.buyer2 });
    assert.equal(
      await market.read.accessExpiry([addr(f.wallets.buyer2), f.offers.perpetual.params.assetId, 1n]),
      maxUint64,
    );
    await expectError(
      f,
      market.write.renewSubscription([perpetual.licenseId, duration], as(f.wallets.buyer2)),
      "LicenseNotRenewable",
      [perpetual.licenseId],
    );
  });

  it("cancelSubscription ends the license in its own block, by holder or approved operator", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2, stranger } = f.wallets;
    const a = await buy(f, f.offers.eth);
    await expectError(
      f,
      market.write.cancelSubscription([a.licenseId], { ...as(buyer), value: 1n }),
      "IncorrectPayment",
      [0n, 1n],
    );
    await expectError(f, market.write.cancelSubscription([a.licenseId], as(stranger)), "NotLicenseHolder", [
      a.licenseId,
      getAddress(addr(stranger)),
    ]);
    const hash = await market.write.cancelSubscription([a.licenseId], as(buyer));
    const ts = await blockTime(f, hash);
    await viem.assertions.emitWithArgs(hash, market, "LicenseCancelled", [a.licenseId, getAddress(addr(buyer))]);
    await viem.assertions.emitWithArgs(hash, market, "SubscriptionUpdate", [a.licenseId, ts]);
    await viem.assertions.emitWithArgs(hash, market, "MetadataUpdate", [a.licenseId]);
    assert.equal(await market.read.expiresAt([a.licenseId]), ts);
    assert.equal(await market.read.isEntitled([addr(buyer), f.offers.eth.params.assetId]), false);
    assert.equal((await market.read.licenseInfo([a.licenseId])).status, LicenseStatus.EXPIRED);
    await expectError(f, market.write.cancelSubscription([a.licenseId], as(buyer)), "LicenseAlreadyLapsed", [
      a.licenseId,
    ]);

    // An approved operator may cancel a perpetual license too.
    const b = await buy(f, f.offers.perpetual, { from: buyer2 });
    await market.write.approve([addr(stranger), b.licenseId], as(buyer2));
    assert.equal(await market.read.getApproved([b.licenseId]), getAddress(addr(stranger)));
    const byOperator = await market.write.cancelSubscription([b.licenseId], as(stranger));
    await viem.assertions.emitWithArgs(byOperator, market, "LicenseCancelled", [
      b.licenseId,
      getAddress(addr(stranger)),
    ]);
    assert.equal(await market.read.isEntitled([addr(buyer2), f.offers.perpetual.params.assetId]), false);
  });

  it("isRenewable and expiresAt", async () => {
    const f = await load();
    const { market } = f;
    const timed = await buy(f, f.offers.eth);
    const perpetual = await buy(f, f.offers.perpetual, { from: f.wallets.buyer2 });
    assert.equal(await market.read.isRenewable([timed.licenseId]), true);
    assert.equal(await market.read.isRenewable([perpetual.licenseId]), false);
    assert.equal(await market.read.expiresAt([timed.licenseId]), timed.timestamp + f.offers.eth.params.duration);
    assert.equal(await market.read.expiresAt([perpetual.licenseId]), PERPETUAL_EXPIRY);
    // Renewable even after lapse (the offer is active), not once revoked or the offer closed.
    await mineAt(f, (await market.read.expiresAt([timed.licenseId])) + 1n);
    assert.equal(await market.read.isRenewable([timed.licenseId]), true);
    await market.write.revoke([timed.licenseId, zeroHash], as(f.wallets.arbiter));
    assert.equal(await market.read.isRenewable([timed.licenseId]), false);
    const other = await buy(f, f.offers.eth, { from: f.wallets.buyer3 });
    await market.write.setOfferStatus([f.offers.eth.id, OfferStatus.CLOSED], as(f.wallets.creator));
    assert.equal(await market.read.isRenewable([other.licenseId]), false);
    await expectError(f, market.read.isRenewable([licenseIdOf(f.offers.eth.id, 99n)]), "LicenseNotFound", [
      licenseIdOf(f.offers.eth.id, 99n),
    ]);
  });
});

// ====================================================================== entitlement

describe("entitlement", () => {
  it("at expiry - 1, expiry and expiry + 1 (expiry is exclusive), with licenseInfo status", async () => {
    const f = await load();
    const { market } = f;
    const { buyer } = f.wallets;
    const assetId = f.offers.eth.params.assetId;
    const { licenseId, timestamp } = await buy(f, f.offers.eth);
    const expiry = timestamp + f.offers.eth.params.duration;
    const cases: [bigint, boolean, number][] = [
      [expiry - 1n, true, LicenseStatus.ACTIVE],
      [expiry, false, LicenseStatus.EXPIRED],
      [expiry + 1n, false, LicenseStatus.EXPIRED],
    ];
    for (const [at, entitled, status] of cases) {
      await mineAt(f, at);
      assert.equal(await now(f), at);
      assert.equal(await market.read.isEntitled([addr(buyer), assetId]), entitled, `isEntitled at ${at}`);
      assert.equal(await market.read.isEntitledToVersion([addr(buyer), assetId, 1n]), entitled, `v1 at ${at}`);
      assert.equal(
        await market.read.accessExpiry([addr(buyer), assetId, 1n]),
        entitled ? expiry : 0n,
        `until at ${at}`,
      );
      assert.equal((await market.read.licenseInfo([licenseId])).status, status, `status at ${at}`);
    }
  });

  it("this-version vs all-versions licenses across publishVersion", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2, creator } = f.wallets;
    const assetId = f.assets.model;
    const thisVersion = await buy(f, f.offers.eth, { from: buyer });
    const allVersions = await buy(f, f.offers.allVersions, { from: buyer2 });
    assert.equal((await market.read.licenseInfo([thisVersion.licenseId])).version, 1);
    assert.deepEqual(
      [
        (await market.read.licenseInfo([allVersions.licenseId])).version,
        (await market.read.licenseInfo([allVersions.licenseId])).allVersions,
      ],
      [0, true],
    );
    const check = async (version: bigint, a: boolean, b: boolean) => {
      const until = (await market.read.licenseInfo([thisVersion.licenseId])).expiresAt;
      assert.equal(
        await market.read.accessExpiry([addr(buyer), assetId, version]),
        a ? until : 0n,
        `until @v${version}`,
      );
      assert.equal(
        (await market.read.accessExpiry([addr(buyer2), assetId, version])) !== 0n,
        b,
        `all-versions until @v${version}`,
      );
      assert.equal(
        await market.read.isEntitledToVersion([addr(buyer), assetId, version]),
        a,
        `this-version @v${version}`,
      );
      assert.equal(
        await market.read.isEntitledToVersion([addr(buyer2), assetId, version]),
        b,
        `all-versions @v${version}`,
      );
    };
    await check(0n, false, false); // versions are 1-based
    await check(1n, true, true);
    await check(2n, false, false); // not published yet
    await market.write.publishVersion([assetId, contentHash("model v2"), ""], as(creator));
    await check(1n, true, true);
    await check(2n, false, true);
    await check(3n, false, false);
    // A this-version license bought now covers v2 only.
    const later = await buy(f, f.offers.eth, { from: f.wallets.buyer3 });
    assert.equal((await market.read.licenseInfo([later.licenseId])).version, 2);
    assert.equal(await market.read.isEntitledToVersion([addr(f.wallets.buyer3), assetId, 1n]), false);
    assert.equal(await market.read.isEntitledToVersion([addr(f.wallets.buyer3), assetId, 2n]), true);
  });

  it("revocation ends entitlement in the revoking block", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, arbiter } = f.wallets;
    const assetId = f.offers.eth.params.assetId;
    const { licenseId } = await buy(f, f.offers.eth);
    const reason = keccak256(encodeAbiParameters([{ type: "string" }], ["ruling #1"]));
    const hash = await market.write.revoke([licenseId, reason], as(arbiter));
    const { blockNumber } = await f.publicClient.waitForTransactionReceipt({ hash });
    await viem.assertions.emitWithArgs(hash, market, "LicenseRevoked", [licenseId, getAddress(addr(arbiter)), reason]);
    await viem.assertions.emitWithArgs(hash, market, "MetadataUpdate", [licenseId]);
    assert.equal(await market.read.isEntitled([addr(buyer), assetId], { blockNumber: blockNumber - 1n }), true);
    assert.equal(await market.read.isEntitled([addr(buyer), assetId], { blockNumber }), false);
    assert.equal(await market.read.isEntitledToVersion([addr(buyer), assetId, 1n], { blockNumber }), false);
    assert.equal((await market.read.licenseInfo([licenseId], { blockNumber })).status, LicenseStatus.REVOKED);
  });

  it("transfer of a transferable license: the old holder loses, the new holder gains", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2 } = f.wallets;
    const assetId = f.offers.transferable.params.assetId;
    const { licenseId } = await buy(f, f.offers.transferable);
    const hash = await market.write.transferFrom([addr(buyer), addr(buyer2), licenseId], as(buyer));
    await viem.assertions.emitWithArgs(hash, market, "Transfer", [
      getAddress(addr(buyer)),
      getAddress(addr(buyer2)),
      licenseId,
    ]);
    assert.equal(await market.read.isEntitled([addr(buyer), assetId]), false);
    assert.equal(await market.read.isEntitled([addr(buyer2), assetId]), true);
    assert.equal(await market.read.isEntitledToVersion([addr(buyer2), assetId, 1n]), true);
    assert.equal((await market.read.licenseInfo([licenseId])).holder, getAddress(addr(buyer2)));
    assert.deepEqual(
      [await market.read.balanceOf([addr(buyer)]), await market.read.balanceOf([addr(buyer2)])],
      [0n, 1n],
    );
    // The old holder may license the asset again; the new one may not.
    await buy(f, f.offers.transferable, { from: buyer });
    await expectError(f, buy(f, f.offers.transferable, { from: buyer2 }), "AlreadyLicensed", [
      getAddress(addr(buyer2)),
      assetId,
    ]);
  });

  it("an account licensed on five assets (two inline entries, three overflowed) answers correctly through transfers, renewals, revocations and burns", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2, arbiter, creator, otherCreator } = f.wallets;
    const arb = addr(arbiter);
    // One offer per asset; order of purchase decides which entries are inline (first two).
    const offers = {
      model: await newOffer(f, { assetId: f.assets.model, arbiter: arb }),
      extra3: await newOffer(f, { assetId: f.assets.extra3, duration: 60n * DAY }),
      dataset: f.offers.transferable, // overflowed, transferable
      extra4: await newOffer(f, { assetId: f.assets.extra4, duration: 1n * DAY }),
      extra5: await newOffer(f, { assetId: f.assets.extra5, duration: 90n * DAY, arbiter: arb }),
    };
    const foreignOffer = await newOffer(f, { assetId: f.assets.foreign, splitId: f.splits.solo.id }, otherCreator);
    void creator;

    /** The model: per account, asset -> { licenseId, expiry, revoked }. */
    type Held = { licenseId: bigint; expiry: bigint; revoked: boolean };
    const model = new Map<Address, Map<bigint, Held>>([
      [addr(buyer), new Map()],
      [addr(buyer2), new Map()],
    ]);
    const allAssets = Object.values(f.assets);
    const verify = async (step: string) => {
      const t = await now(f);
      for (const [account, held] of model) {
        for (const assetId of allAssets) {
          const h = held.get(assetId);
          const expected = h !== undefined && !h.revoked && h.expiry > t;
          assert.equal(
            await market.read.isEntitled([account, assetId]),
            expected,
            `${step}: ${account} on asset ${assetId}`,
          );
        }
        assert.equal(await market.read.balanceOf([account]), BigInt(held.size), `${step}: balance of ${account}`);
      }
    };
    const purchase = async (key: string, offer: OfferHandle, from = buyer) => {
      const { licenseId } = await buy(f, offer, { from });
      const expiry = await market.read.expiresAt([licenseId]);
      model.get(addr(from))?.set(offer.params.assetId, { licenseId, expiry, revoked: false });
      await verify(`after buying ${key}`);
      return licenseId;
    };

    const ids = {
      model: await purchase("model", offers.model),
      extra3: await purchase("extra3", offers.extra3),
      dataset: await purchase("dataset", offers.dataset),
      extra4: await purchase("extra4", offers.extra4),
      extra5: await purchase("extra5", offers.extra5),
    };
    assert.equal(await market.read.isEntitled([addr(buyer), f.assets.foreign]), false);

    // Transfer an overflowed entry away and back.
    const held = model.get(addr(buyer));
    const held2 = model.get(addr(buyer2));
    assert.ok(held && held2);
    const move = (from: Map<bigint, Held>, to: Map<bigint, Held>, assetId: bigint) => {
      const h = from.get(assetId);
      assert.ok(h);
      from.delete(assetId);
      to.set(assetId, h);
    };
    await market.write.transferFrom([addr(buyer), addr(buyer2), ids.dataset], as(buyer));
    move(held, held2, f.assets.dataset);
    await verify("after transferring the overflowed dataset license");

    // Let the short (overflowed) extra4 license lapse, then renew it.
    const extra4Expiry = held.get(f.assets.extra4)?.expiry ?? 0n;
    await mineAt(f, extra4Expiry);
    await verify("after extra4 lapsed");
    await market.write.renew([ids.extra4, 1n, maxUint256], { ...as(buyer), value: offers.extra4.params.price });
    const e4 = held.get(f.assets.extra4);
    assert.ok(e4);
    e4.expiry = await market.read.expiresAt([ids.extra4]);
    await verify("after renewing extra4");

    // Revoke an overflowed entry (extra5) and an inline one (model); burn the inline one.
    await market.write.revoke([ids.extra5, zeroHash], as(arbiter));
    const e5 = held.get(f.assets.extra5);
    assert.ok(e5);
    e5.revoked = true;
    await verify("after revoking extra5");
    await market.write.revoke([ids.model, zeroHash], as(arbiter));
    const m = held.get(f.assets.model);
    assert.ok(m);
    m.revoked = true;
    await market.write.burnLapsed([ids.model], as(buyer));
    held.delete(f.assets.model);
    await verify("after burning the revoked model license (inline slot freed)");

    // A new asset takes the freed inline slot; the overflowed entries are unaffected.
    await purchase("foreign", foreignOffer);
    // The dataset license comes back while the inline slots are full.
    await market.write.transferFrom([addr(buyer2), addr(buyer), ids.dataset], as(buyer2));
    move(held2, held, f.assets.dataset);
    await verify("after the dataset license came back");
    // Burning an overflowed, revoked license.
    await market.write.burnLapsed([ids.extra5], as(buyer));
    held.delete(f.assets.extra5);
    await verify("after burning the overflowed extra5 license");
    // And buying it anew lands in the overflow again.
    await purchase("extra5 again", offers.extra5);
  });
});

// ====================================================================== revocation and status

describe("revocation and licenseInfo", () => {
  it("only the offer's arbiter may revoke; offers without an arbiter cannot be revoked", async () => {
    const f = await load();
    const { market } = f;
    const { licenseId } = await buy(f, f.offers.eth);
    for (const w of [f.wallets.creator, f.wallets.admin, f.wallets.buyer, f.wallets.stranger]) {
      await expectError(f, market.write.revoke([licenseId, zeroHash], as(w)), "NotArbiter", [
        licenseId,
        getAddress(addr(w)),
      ]);
    }
    const noArbiter = await buy(f, f.offers.perpetual, { from: f.wallets.buyer2 });
    assert.equal((await market.read.offers([f.offers.perpetual.id])).arbiter, zeroAddress);
    await expectError(f, market.write.revoke([noArbiter.licenseId, zeroHash], as(f.wallets.arbiter)), "NotArbiter", [
      noArbiter.licenseId,
      getAddress(addr(f.wallets.arbiter)),
    ]);
    await market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter));
    await expectError(f, market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter)), "LicenseIsRevoked", [
      licenseId,
    ]);
  });

  it("a revoked license cannot be renewed, cancelled or transferred, but can be burned at once", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2 } = f.wallets;
    const { licenseId } = await buy(f, f.offers.transferable);
    await market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter));
    const { price } = f.offers.transferable.params;
    await expectError(
      f,
      market.write.renew([licenseId, 1n, price], { ...as(buyer), value: price }),
      "LicenseIsRevoked",
      [licenseId],
    );
    await expectError(f, market.write.cancelSubscription([licenseId], as(buyer)), "LicenseIsRevoked", [licenseId]);
    await expectError(
      f,
      market.write.transferFrom([addr(buyer), addr(buyer2), licenseId], as(buyer)),
      "LicenseIsRevoked",
      [licenseId],
    );
    await market.write.burnLapsed([licenseId], as(buyer));
    assert.equal(await market.read.balanceOf([addr(buyer)]), 0n);
  });

  it("licenseInfo reports ACTIVE, EXPIRED and REVOKED; unknown ids revert LicenseNotFound", async () => {
    const f = await load();
    const { market } = f;
    const a = await buy(f, f.offers.eth);
    const b = await buy(f, f.offers.eth, { from: f.wallets.buyer2 });
    assert.equal((await market.read.licenseInfo([a.licenseId])).status, LicenseStatus.ACTIVE);
    await market.write.revoke([b.licenseId, zeroHash], as(f.wallets.arbiter));
    const revoked = await market.read.licenseInfo([b.licenseId]);
    assert.equal(revoked.status, LicenseStatus.REVOKED);
    assert.equal(revoked.expiresAt, b.timestamp + f.offers.eth.params.duration, "the expiry is kept for the record");
    await mineAt(f, a.timestamp + f.offers.eth.params.duration);
    assert.equal((await market.read.licenseInfo([a.licenseId])).status, LicenseStatus.EXPIRED);
    assert.equal(
      (await market.read.licenseInfo([b.licenseId])).status,
      LicenseStatus.REVOKED,
      "revoked wins over expired",
    );
    const missing = licenseIdOf(f.offers.eth.id, 3n);
    for (const call of [
      market.read.licenseInfo([missing]),
      market.read.expiresAt([missing]),
      market.read.locked([missing]),
      market.read.royaltyInfo([missing, 100n]),
      market.read.tokenURI([missing]),
    ]) {
      await expectError(f, call, "LicenseNotFound", [missing]);
    }
  });
});

// ====================================================================== token standards

describe("token standards", () => {
  it("ERC-165: the ids computed from the interfaces' selectors are supported", async () => {
    const f = await load();
    const ids = {
      erc165: interfaceId(["supportsInterface(bytes4)"]),
      erc721: interfaceId([
        "balanceOf(address)",
        "ownerOf(uint256)",
        "safeTransferFrom(address,address,uint256,bytes)",
        "safeTransferFrom(address,address,uint256)",
        "transferFrom(address,address,uint256)",
        "approve(address,uint256)",
        "setApprovalForAll(address,bool)",
        "getApproved(uint256)",
        "isApprovedForAll(address,address)",
      ]),
      erc721Metadata: interfaceId(["name()", "symbol()", "tokenURI(uint256)"]),
      erc5643: interfaceId([
        "renewSubscription(uint256,uint64)",
        "cancelSubscription(uint256)",
        "expiresAt(uint256)",
        "isRenewable(uint256)",
      ]),
      erc5192: interfaceId(["locked(uint256)"]),
      erc2981: interfaceId(["royaltyInfo(uint256,uint256)"]),
    };
    // The published ids agree with the computed ones.
    assert.deepEqual(ids, {
      erc165: "0x01ffc9a7",
      erc721: "0x80ac58cd",
      erc721Metadata: "0x5b5e139f",
      erc5643: "0x8c65f84d",
      erc5192: "0xb45a3c0e",
      erc2981: "0x2a55205a",
    });
    for (const [name, id] of Object.entries({ ...ids, erc4906: "0x49064906" as Hex })) {
      assert.equal(await f.market.read.supportsInterface([id]), true, name);
    }
    for (const id of ["0xffffffff", "0x00000000", "0x12345678"] as Hex[]) {
      assert.equal(await f.market.read.supportsInterface([id]), false, id);
    }
  });

  it("ERC-5192: locked() follows the terms, Locked is emitted on mint of locked licenses only", async () => {
    const f = await load();
    const locked = await buy(f, f.offers.eth);
    const free = await buy(f, f.offers.transferable);
    assert.equal(await f.market.read.locked([locked.licenseId]), true);
    assert.equal(await f.market.read.locked([free.licenseId]), false);
    await viem.assertions.emitWithArgs(locked.hash, f.market, "Locked", [locked.licenseId]);
    const lockedLogs = await f.publicClient.getContractEvents({
      abi: f.market.abi,
      address: f.market.address,
      eventName: "Locked",
      blockHash: free.receipt.blockHash,
    });
    assert.equal(lockedLogs.length, 0, "no Locked event for a transferable license");
  });

  it("ERC-5192: a revoked transferable license becomes locked (Locked emitted), since it can no longer move", async () => {
    const f = await load();
    const { licenseId } = await buy(f, f.offers.transferable);
    assert.equal(await f.market.read.locked([licenseId]), false);
    const hash = await f.market.write.revoke([licenseId, keccak256(toHex("ruling"))], as(f.wallets.arbiter));
    await viem.assertions.emitWithArgs(hash, f.market, "Locked", [licenseId]);
    assert.equal(await f.market.read.locked([licenseId]), true);
  });

  it("a transfer of a license id that was never minted reverts TokenDoesNotExist, locked offer or not", async () => {
    const f = await load();
    for (const offer of [f.offers.eth, f.offers.transferable]) {
      const missing = licenseIdOf(offer.id, 99n);
      await viem.assertions.revertWithCustomError(
        f.market.write.transferFrom([addr(f.wallets.buyer), addr(f.wallets.buyer2), missing], as(f.wallets.buyer)),
        f.market,
        "TokenDoesNotExist",
      );
    }
  });

  it("ERC-2981: zero for locked licenses, the asset controller's bps for transferable ones", async () => {
    const f = await load();
    const locked = await buy(f, f.offers.eth);
    const free = await buy(f, f.offers.transferable);
    const salePrice = parseEther("3") + 7n;
    assert.deepEqual(await f.market.read.royaltyInfo([locked.licenseId, salePrice]), [zeroAddress, 0n]);
    const bps = BigInt(f.offers.transferable.params.royaltyBps);
    assert.deepEqual(await f.market.read.royaltyInfo([free.licenseId, salePrice]), [
      getAddress(addr(f.wallets.creator)),
      (salePrice * bps) / 10_000n,
    ]);
    // The receiver follows the asset's controller.
    await f.market.write.nominateAssetController(
      [f.assets.dataset, addr(f.wallets.otherCreator)],
      as(f.wallets.creator),
    );
    await f.market.write.acceptAssetController([f.assets.dataset], as(f.wallets.otherCreator));
    assert.equal(
      (await f.market.read.royaltyInfo([free.licenseId, salePrice]))[0],
      getAddress(addr(f.wallets.otherCreator)),
    );
  });

  it("tokenURI: a base64 JSON data URI with asset, version, status, expiry and the terms in plain words", async () => {
    const f = await load();
    const { market } = f;
    const offer = f.offers.denyList;
    const { licenseId, timestamp } = await buy(f, offer, { territory: territory("US") });
    const expiry = timestamp + offer.params.duration;
    const json = decodeTokenURI(await market.read.tokenURI([licenseId]));
    assert.equal(json.name, `Tessera License #${licenseId}`);
    assert.equal(json.description, `A license to model #${offer.params.assetId}, version 1.`);
    assert.equal(trait(json, "Asset"), Number(offer.params.assetId));
    assert.equal(trait(json, "Version"), "1");
    assert.equal(trait(json, "Offer"), Number(offer.id));
    assert.equal(trait(json, "Status"), "active");
    assert.equal(trait(json, "Transferable"), "no");
    assert.equal(trait(json, "Expires"), Number(expiry));
    const version = await market.read.assetVersion([offer.params.assetId, 1n]);
    assert.equal(json.contentHash, version.contentHash);
    assert.equal(json.metadataURI, version.metadataURI);
    assert.equal(json.termsHash, offer.termsHash);
    // The terms: the renderer's words for these terms, which name the preset and its DENY list.
    const terms = json.terms as { may: string[]; must: string[]; mayNot: string[]; notes: string[] };
    assert.deepEqual(
      terms,
      JSON.parse(await f.renderer.read.renderTermsById([f.registry.address, offer.params.termsId])),
    );
    const preset = TERMS_PRESETS.denyList;
    assert.ok(terms.notes.includes(`Summary of ${preset.name} (${preset.spdx}); the legal text governs.`));
    assert.ok(terms.mayNot.includes(`You may not use it in: ${preset.territory.codes.join(", ")}.`));
    assert.ok(terms.notes.includes("The license is not transferable."));

    // Status and expiry follow the chain.
    await mineAt(f, expiry);
    assert.equal(trait(decodeTokenURI(await market.read.tokenURI([licenseId])), "Status"), "expired");
  });

  it("tokenURI of all-versions, perpetual, transferable and revoked licenses; creator strings are escaped", async () => {
    const f = await load();
    const { market } = f;
    const nasty = 'ipfs://x"y\\z\n\u0001';
    await market.write.publishVersion([f.assets.model, contentHash("v2"), nasty], as(f.wallets.creator));
    const all = await buy(f, f.offers.allVersions);
    let json = decodeTokenURI(await market.read.tokenURI([all.licenseId]));
    assert.equal(trait(json, "Version"), "all");
    assert.equal(json.description, `A license to model #${f.assets.model}, all versions.`);
    assert.equal(json.metadataURI, nasty, "the latest version's card, escaped and parsed back");
    assert.equal(json.contentHash, contentHash("v2"));

    const perpetual = await buy(f, f.offers.perpetual, { from: f.wallets.buyer2 });
    assert.equal(trait(decodeTokenURI(await market.read.tokenURI([perpetual.licenseId])), "Expires"), "never");

    const free = await buy(f, f.offers.transferable);
    json = decodeTokenURI(await market.read.tokenURI([free.licenseId]));
    assert.equal(trait(json, "Transferable"), "yes");
    assert.equal(json.description, `A license to dataset #${f.assets.dataset}, version 1.`);
    await market.write.revoke([free.licenseId, zeroHash], as(f.wallets.arbiter));
    assert.equal(trait(decodeTokenURI(await market.read.tokenURI([free.licenseId])), "Status"), "revoked");
  });

  it("setMetadataRenderer: owner only, events, empty tokenURI without a renderer", async () => {
    const f = await load();
    const { market } = f;
    const { licenseId } = await buy(f, f.offers.eth);
    const hash = await market.write.setMetadataRenderer([zeroAddress]);
    await viem.assertions.emitWithArgs(hash, market, "MetadataRendererSet", [zeroAddress]);
    await viem.assertions.emitWithArgs(hash, market, "BatchMetadataUpdate", [0n, maxUint256]);
    assert.equal(await market.read.tokenURI([licenseId]), "");
    await market.write.setMetadataRenderer([f.metadata.address]);
    assert.ok((await market.read.tokenURI([licenseId])).startsWith("data:application/json;base64,"));
  });

  it("ERC-721 basics: name, symbol, balances, approvals, operators", async () => {
    const f = await load();
    const { market } = f;
    const { buyer, buyer2, stranger } = f.wallets;
    assert.equal(await market.read.name(), "Tessera License");
    assert.equal(await market.read.symbol(), "TSRL");
    assert.equal(await market.read.termsRegistry(), getAddress(f.registry.address));
    const { licenseId } = await buy(f, f.offers.transferable);
    const set = await market.write.setApprovalForAll([addr(stranger), true], as(buyer));
    await viem.assertions.emitWithArgs(set, market, "ApprovalForAll", [
      getAddress(addr(buyer)),
      getAddress(addr(stranger)),
      true,
    ]);
    assert.equal(await market.read.isApprovedForAll([addr(buyer), addr(stranger)]), true);
    // The operator moves the license with safeTransferFrom (both overloads exist).
    const first = await market.write.safeTransferFrom([addr(buyer), addr(buyer2), licenseId], as(stranger));
    await viem.assertions.emitWithArgs(first, market, "Transfer", [
      getAddress(addr(buyer)),
      getAddress(addr(buyer2)),
      licenseId,
    ]);
    assert.equal(await market.read.ownerOf([licenseId]), getAddress(addr(buyer2)));
    const approval = await market.write.approve([addr(stranger), licenseId], as(buyer2));
    await viem.assertions.emitWithArgs(approval, market, "Approval", [
      getAddress(addr(buyer2)),
      getAddress(addr(stranger)),
      licenseId,
    ]);
    assert.equal(await market.read.getApproved([licenseId]), getAddress(addr(stranger)));
    const second = await market.write.safeTransferFrom([addr(buyer2), addr(buyer), licenseId, "0x1234"], as(buyer2));
    await viem.assertions.emitWithArgs(second, market, "Transfer", [
      getAddress(addr(buyer2)),
      getAddress(addr(buyer)),
      licenseId,
    ]);
    assert.equal(await market.read.ownerOf([licenseId]), getAddress(addr(buyer)));
    assert.equal(await market.read.getApproved([licenseId]), zeroAddress, "cleared by the transfer");
    const unset = await market.write.setApprovalForAll([addr(stranger), false], as(buyer));
    await viem.assertions.emitWithArgs(unset, market, "ApprovalForAll", [
      getAddress(addr(buyer)),
      getAddress(addr(stranger)),
      false,
    ]);
    assert.equal(await market.read.isApprovedForAll([addr(buyer), addr(stranger)]), false);
    assert.equal(await market.read.isEntitled([addr(buyer), f.offers.transferable.params.assetId]), true);
  });
});

// ====================================================================== splits, distribution, withdrawal

describe("splits and the revenue ledger", () => {
  it("createSplit stores recipients, shares and controller, emits SplitCreated", async () => {
    const f = await load();
    const { market } = f;
    const before = (await counts(f)).splits;
    const recipients = [addr(f.wallets.collab1), addr(f.wallets.stranger)];
    const hash = await market.write.createSplit(
      [recipients, [9_999, 1], addr(f.wallets.buyer)],
      as(f.wallets.stranger),
    );
    assert.equal((await counts(f)).splits, before + 1n);
    await viem.assertions.emitWithArgs(hash, market, "SplitCreated", [
      before + 1n,
      getAddress(addr(f.wallets.buyer)),
      recipients.map((a) => getAddress(a)),
      [9_999, 1],
    ]);
    assert.deepEqual(await market.read.split([before + 1n]), {
      controller: getAddress(addr(f.wallets.buyer)),
      pendingController: zeroAddress,
      recipients: recipients.map((a) => getAddress(a)),
      bps: [9_999, 1],
    });
    await expectError(f, market.read.split([before + 2n]), "SplitNotFound", [before + 2n]);
  });

  it("distribute follows the remainder rule to the wei: the first recipient takes the dust", async () => {
    const f = await load();
    const { market } = f;
    const { collab1, collab2, stranger } = f.wallets;
    const recipients = [addr(stranger), addr(collab1), addr(collab2)];
    const bps = [1, 3_333, 6_666];
    const splitId = await newSplit(f, recipients, bps);
    const price = 10_007n; // fee and shares all round
    const offer = await newOffer(f, { price, splitId });
    await buy(f, offer);
    await buy(f, offer, { from: f.wallets.buyer2 });
    const { net } = feeOf(price, PROTOCOL_FEE_BPS);
    const pool = net * 2n;
    assert.equal(await market.read.pendingRevenue([splitId, NATIVE]), pool);
    const expected = sharesOf(pool, bps);
    assert.equal(
      expected.reduce((a, b) => a + b, 0n),
      pool,
    );
    assert.ok(
      expected[0] !== undefined && expected[0] > (pool * 1n) / 10_000n,
      "the first recipient gets dust beyond its share",
    );
    const hash = await market.write.distribute([splitId, NATIVE], as(f.wallets.buyer3));
    await viem.assertions.emitWithArgs(hash, market, "Distributed", [splitId, NATIVE, pool]);
    assert.equal(await market.read.pendingRevenue([splitId, NATIVE]), 0n);
    const got = await Promise.all(recipients.map((r) => market.read.withdrawable([r, NATIVE])));
    assert.deepEqual(got, expected);
    await expectError(f, market.write.distribute([splitId, NATIVE]), "NothingToDistribute", [splitId, NATIVE]);
    await expectError(f, market.write.distribute([splitId + 1n, NATIVE]), "SplitNotFound", [splitId + 1n]);
  });

  it("withdraw pays ETH and ERC-20 balances and zeroes them", async () => {
    const f = await load();
    const { market } = f;
    const { usdc } = f.tokens;
    const { collab1 } = f.wallets;
    await buy(f, f.offers.erc20); // trio split, USDC
    await buy(f, f.offers.transferable); // trio split, ETH
    const trio = f.splits.trio;
    await market.write.distribute([trio.id, NATIVE]);
    await market.write.distribute([trio.id, usdc.address]);
    const ethShare = sharesOf(feeOf(f.offers.transferable.params.price, PROTOCOL_FEE_BPS).net, trio.bps)[1] ?? 0n;
    const usdcShare = sharesOf(feeOf(f.offers.erc20.params.price, PROTOCOL_FEE_BPS).net, trio.bps)[1] ?? 0n;
    assert.equal(await market.read.withdrawable([addr(collab1), NATIVE]), ethShare);
    assert.equal(await market.read.withdrawable([addr(collab1), usdc.address]), usdcShare);

    const ethTx = market.write.withdraw([NATIVE], as(collab1));
    await viem.assertions.balancesHaveChanged(ethTx, [
      { address: addr(collab1), amount: ethShare },
      { address: market.address, amount: -ethShare },
    ]);
    await viem.assertions.emitWithArgs(await ethTx, market, "Withdrawn", [getAddress(addr(collab1)), NATIVE, ethShare]);
    const usdcTx = await market.write.withdraw([usdc.address], as(collab1));
    await viem.assertions.emitWithArgs(usdcTx, market, "Withdrawn", [
      getAddress(addr(collab1)),
      getAddress(usdc.address),
      usdcShare,
    ]);
    assert.equal(await usdc.read.balanceOf([addr(collab1)]), usdcShare);
    assert.equal(await market.read.withdrawable([addr(collab1), NATIVE]), 0n);
    assert.equal(await market.read.withdrawable([addr(collab1), usdc.address]), 0n);
    await expectError(f, market.write.withdraw([NATIVE], as(collab1)), "NothingToWithdraw", [
      getAddress(addr(collab1)),
      NATIVE,
    ]);
  });

  it("withdrawBalanceTo pays the caller's balance to another address, ETH and ERC-20", async () => {
    const f = await load();
    const { market } = f;
    const { collab1, stranger } = f.wallets;
    const { usdc } = f.tokens;
    const splitId = await newSplit(f, [addr(collab1)], [10_000]);
    const ethOffer = await newOffer(f, { splitId });
    const usdcOffer = await newOffer(f, {
      splitId,
      currency: usdc.address,
      price: 2_000_000n,
      assetId: f.assets.dataset,
    });
    await buy(f, ethOffer);
    await buy(f, usdcOffer);
    await market.write.distribute([splitId, NATIVE]);
    await market.write.distribute([splitId, usdc.address]);
    const eth = await market.read.withdrawable([addr(collab1), NATIVE]);
    const usd = await market.read.withdrawable([addr(collab1), usdc.address]);
    assert.ok(eth > 0n && usd > 0n);
    await expectError(f, market.write.withdrawBalanceTo([NATIVE, zeroAddress], as(collab1)), "ZeroAddress", []);
    const tx = market.write.withdrawBalanceTo([NATIVE, addr(stranger)], as(collab1));
    await viem.assertions.balancesHaveChanged(tx, [
      { address: addr(stranger), amount: eth },
      { address: addr(collab1), amount: 0n },
    ]);
    await viem.assertions.emitWithArgs(tx, market, "Withdrawn", [getAddress(addr(collab1)), NATIVE, eth]);
    const before = await usdc.read.balanceOf([addr(stranger)]);
    await market.write.withdrawBalanceTo([usdc.address, addr(stranger)], as(collab1));
    assert.equal(await usdc.read.balanceOf([addr(stranger)]), before + usd);
    assert.equal(await market.read.withdrawable([addr(collab1), NATIVE]), 0n);
    assert.equal(await market.read.withdrawable([addr(collab1), usdc.address]), 0n);
    await expectError(f, market.write.withdrawBalanceTo([NATIVE, addr(stranger)], as(collab1)), "NothingToWithdraw", [
      getAddress(addr(collab1)),
      NATIVE,
    ]);
  });

  it("the treasury withdraws the protocol fee", async () => {
    const f = await load();
    const { treasury } = f.wallets;
    await buy(f, f.offers.eth);
    const { fee } = feeOf(f.offers.eth.params.price, PROTOCOL_FEE_BPS);
    assert.ok(fee > 0n);
    await viem.assertions.balancesHaveChanged(f.market.write.withdraw([NATIVE], as(treasury)), [
      { address: addr(treasury), amount: fee },
    ]);
  });

  it("consortium updateSplit distributes every pending pool under the old weights first", async () => {
    const f = await load();
    const { market } = f;
    const { usdc } = f.tokens;
    const { creator, collab1, collab2, stranger } = f.wallets;
    const consortium = f.splits.consortium;
    const usdcOffer = await newOffer(f, {
      currency: usdc.address,
      price: 1_000_003n,
      splitId: consortium.id,
      termsId: f.terms.worldwideLocked.id,
    });
    await buy(f, f.offers.denyList, { territory: territory("US") }); // ETH into the consortium
    await buy(f, usdcOffer, { from: f.wallets.buyer2 });
    const ethPool = await market.read.pendingRevenue([consortium.id, NATIVE]);
    const usdcPool = await market.read.pendingRevenue([consortium.id, usdc.address]);
    assert.equal(ethPool, feeOf(f.offers.denyList.params.price, PROTOCOL_FEE_BPS).net);
    assert.equal(usdcPool, feeOf(1_000_003n, PROTOCOL_FEE_BPS).net);

    const newRecipients = [addr(collab1), addr(stranger)];
    const newBps = [5_000, 5_000];
    const hash = await market.write.reviseSplit([consortium.id, newRecipients, newBps], as(creator));
    await viem.assertions.emitWithArgs(hash, market, "Distributed", [consortium.id, NATIVE, ethPool]);
    await viem.assertions.emitWithArgs(hash, market, "Distributed", [
      consortium.id,
      getAddress(usdc.address),
      usdcPool,
    ]);
    await viem.assertions.emitWithArgs(hash, market, "SplitUpdated", [
      consortium.id,
      newRecipients.map((a) => getAddress(a)),
      newBps,
    ]);
    const [eth1, eth2] = sharesOf(ethPool, consortium.bps);
    const [usd1, usd2] = sharesOf(usdcPool, consortium.bps);
    assert.equal(await market.read.withdrawable([addr(collab1), NATIVE]), eth1);
    assert.equal(await market.read.withdrawable([addr(collab2), NATIVE]), eth2);
    assert.equal(await market.read.withdrawable([addr(collab1), usdc.address]), usd1);
    assert.equal(await market.read.withdrawable([addr(collab2), usdc.address]), usd2);
    assert.equal(await market.read.pendingRevenue([consortium.id, NATIVE]), 0n);
    assert.deepEqual(
      (await market.read.split([consortium.id])).recipients,
      newRecipients.map((a) => getAddress(a)),
    );

    // The next sale is shared under the new weights.
    await buy(f, f.offers.denyList, { from: f.wallets.buyer3, territory: territory("US") });
    await market.write.distribute([consortium.id, NATIVE]);
    const [n1, n2] = sharesOf(ethPool, newBps);
    assert.equal(await market.read.withdrawable([addr(collab1), NATIVE]), (eth1 ?? 0n) + (n1 ?? 0n));
    assert.equal(await market.read.withdrawable([addr(stranger), NATIVE]), n2);
    assert.equal(
      await market.read.withdrawable([addr(collab2), NATIVE]),
      eth2,
      "the removed member keeps what it earned",
    );
  });

  it("a fixed split cannot be updated or handed over (SplitImmutable)", async () => {
    const f = await load();
    const solo = f.splits.solo.id;
    await expectError(
      f,
      f.market.write.reviseSplit([solo, [addr(f.wallets.stranger)], [10_000]], as(f.wallets.creator)),
      "SplitImmutable",
      [solo],
    );
    await expectError(
      f,
      f.market.write.transferSplitControl([solo, addr(f.wallets.stranger)], as(f.wallets.creator)),
      "SplitImmutable",
      [solo],
    );
    await expectError(
      f,
      f.market.write.acceptSplitController([solo], as(f.wallets.stranger)),
      "NotPendingSplitController",
      [solo, getAddress(addr(f.wallets.stranger))],
    );
  });

  it("split control moves in two steps", async () => {
    const f = await load();
    const { market } = f;
    const { creator, otherCreator } = f.wallets;
    const id = f.splits.consortium.id;
    const started = await market.write.transferSplitControl([id, addr(otherCreator)], as(creator));
    await viem.assertions.emitWithArgs(started, market, "SplitControlTransferStarted", [
      id,
      getAddress(addr(creator)),
      getAddress(addr(otherCreator)),
    ]);
    let info = await market.read.split([id]);
    assert.deepEqual(
      [info.controller, info.pendingController],
      [getAddress(addr(creator)), getAddress(addr(otherCreator))],
    );
    const accepted = await market.write.acceptSplitController([id], as(otherCreator));
    await viem.assertions.emitWithArgs(accepted, market, "SplitControlTransferred", [
      id,
      getAddress(addr(creator)),
      getAddress(addr(otherCreator)),
    ]);
    info = await market.read.split([id]);
    assert.deepEqual([info.controller, info.pendingController], [getAddress(addr(otherCreator)), zeroAddress]);
    await expectError(f, market.write.reviseSplit([id, [addr(creator)], [10_000]], as(creator)), "NotSplitController", [
      id,
      getAddress(addr(creator)),
    ]);
    await market.write.reviseSplit([id, [addr(creator)], [10_000]], as(otherCreator));
    assert.deepEqual((await market.read.split([id])).recipients, [getAddress(addr(creator))]);
  });

  it("nested splits: a split's account as recipient routes its share into that split's pool", async () => {
    const f = await load();
    const { market } = f;
    const consortium = f.splits.consortium;
    const account = await market.read.splitAddress([consortium.id]);
    // A split address is a 96-bit tag (keccak256("tessera.split-address")'s first 12 bytes), then
    // the split id in 64 bits.
    const tag = keccak256(toHex("tessera.split-address")).slice(2, 26);
    const derived = getAddress(`0x${tag}${consortium.id.toString(16).padStart(16, "0")}`);
    assert.equal(account, derived);
    const parentBps = [7_000, 3_000];
    const parent = await newSplit(f, [addr(f.wallets.creator), account], parentBps);
    const offer = await newOffer(f, { splitId: parent, price: parseEther("1") + 3n });
    await buy(f, offer);
    const pool = feeOf(offer.params.price, PROTOCOL_FEE_BPS).net;
    await market.write.distribute([parent, NATIVE]);
    const [creatorShare, nestedShare] = sharesOf(pool, parentBps);
    assert.equal(await market.read.withdrawable([addr(f.wallets.creator), NATIVE]), creatorShare);
    assert.equal(await market.read.withdrawable([account, NATIVE]), 0n, "nothing is stranded on the split's account");
    assert.equal(await market.read.pendingRevenue([consortium.id, NATIVE]), nestedShare);
    await market.write.distribute([consortium.id, NATIVE]);
    const [c1, c2] = sharesOf(nestedShare ?? 0n, consortium.bps);
    assert.equal(await market.read.withdrawable([addr(f.wallets.collab1), NATIVE]), c1);
    assert.equal(await market.read.withdrawable([addr(f.wallets.collab2), NATIVE]), c2);
  });
});

// ====================================================================== protocol admin

describe("protocol fee, currencies and ownership", () => {
  it("the protocol fee is snapshotted per offer: a later change leaves existing offers' splits alone", async () => {
    const f = await load();
    const { market } = f;
    const { treasury, stranger } = f.wallets;
    assert.deepEqual(await market.read.protocolFee(), [PROTOCOL_FEE_BPS, getAddress(addr(treasury))]);
    const newFee = LIMITS.MAX_PROTOCOL_FEE_BPS;
    const hash = await market.write.setProtocolFee([newFee, addr(stranger)]);
    await viem.assertions.emitWithArgs(hash, market, "ProtocolFeeSet", [newFee, getAddress(addr(stranger))]);
    assert.deepEqual(await market.read.protocolFee(), [newFee, getAddress(addr(stranger))]);
    assert.equal((await market.read.offers([f.offers.eth.id])).protocolFeeBps, PROTOCOL_FEE_BPS);
    const fresh = await newOffer(f, {});
    assert.equal((await market.read.offers([fresh.id])).protocolFeeBps, newFee);

    const price = f.offers.eth.params.price;
    const splitId = f.offers.eth.params.splitId;
    assert.equal(fresh.params.splitId, splitId);
    const pool0 = await market.read.pendingRevenue([splitId, NATIVE]);
    await buy(f, f.offers.eth);
    const oldSplit = feeOf(price, PROTOCOL_FEE_BPS);
    const pool1 = await market.read.pendingRevenue([splitId, NATIVE]);
    assert.equal(pool1 - pool0, oldSplit.net, "the old offer still pays the old fee");
    await buy(f, fresh, { from: f.wallets.buyer2 });
    const newSplitAmounts = feeOf(price, newFee);
    assert.equal((await market.read.pendingRevenue([splitId, NATIVE])) - pool1, newSplitAmounts.net);
    assert.notEqual(oldSplit.net, newSplitAmounts.net);
    // Fees go to the treasury of the day.
    assert.equal(await market.read.withdrawable([addr(stranger), NATIVE]), oldSplit.fee + newSplitAmounts.fee);
  });

  it("a zero fee may have a zero treasury; a fee above the maximum or without treasury is refused", async () => {
    const f = await load();
    const { market } = f;
    const max = LIMITS.MAX_PROTOCOL_FEE_BPS;
    await expectError(f, market.write.setProtocolFee([max + 1, addr(f.wallets.treasury)]), "ProtocolFeeTooHigh", [
      max + 1,
      max,
    ]);
    await expectError(f, market.write.setProtocolFee([1, zeroAddress]), "ZeroAddress", []);
    await expectError(f, market.write.setProtocolFee([0, zeroAddress]), "ZeroAddress", []);
    await market.write.setProtocolFee([0, addr(f.wallets.treasury)]);
    const offer = await newOffer(f, {});
    assert.equal((await market.read.offers([offer.id])).protocolFeeBps, 0);
    const pool = await market.read.pendingRevenue([offer.params.splitId, NATIVE]);
    await buy(f, offer);
    assert.equal(await market.read.pendingRevenue([offer.params.splitId, NATIVE]), pool + offer.params.price);
    assert.equal(await market.read.withdrawable([zeroAddress, NATIVE]), 0n);
  });

  it("switching the fee off keeps live offers' snapshotted fees withdrawable: the treasury is never zero", async () => {
    // Offers keep their snapshotted feeBps and the treasury is read at sale time, so a zero
    // treasury would strand fees at address(0): setProtocolFee refuses it (and the constructor
    // starts with the owner as treasury). Every wei a buyer pays stays claimable.
    const f = await load();
    const { market } = f;
    await expectError(f, market.write.setProtocolFee([0, zeroAddress]), "ZeroAddress", []);
    await market.write.setProtocolFee([0, addr(f.wallets.treasury)]);
    const { price } = await buy(f, f.offers.eth);
    const { net } = feeOf(price, PROTOCOL_FEE_BPS);
    const claimable =
      (await market.read.pendingRevenue([f.offers.eth.params.splitId, NATIVE])) +
      (await market.read.withdrawable([addr(f.wallets.treasury), NATIVE]));
    assert.equal(await market.read.withdrawable([zeroAddress, NATIVE]), 0n, "fee credited to address(0)");
    assert.equal(claimable, price, `only ${net} of ${price} wei is claimable`);
  });

  it("currency allow-list: allow, list, disallow; live offers keep selling; the list is bounded", async () => {
    const f = await load();
    const { market } = f;
    const { dai } = f.tokens;
    assert.equal(await market.read.NATIVE(), zeroAddress);
    await expectError(f, newOffer(f, { currency: dai.address }), "CurrencyNotAllowed", [getAddress(dai.address)]);
    const allow = await market.write.setCurrencyAllowed([dai.address, true]);
    await viem.assertions.emitWithArgs(allow, market, "CurrencyAllowed", [getAddress(dai.address), true]);
    let [list, allowed] = await market.read.currencies();
    assert.equal(list[0], zeroAddress, "ETH first");
    assert.equal(allowed[list.indexOf(getAddress(dai.address))], true);
    const daiOffer = await newOffer(f, { currency: dai.address, price: parseEther("5") });

    const disallow = await market.write.setCurrencyAllowed([dai.address, false]);
    await viem.assertions.emitWithArgs(disallow, market, "CurrencyAllowed", [getAddress(dai.address), false]);
    [list, allowed] = await market.read.currencies();
    assert.equal(allowed[list.indexOf(getAddress(dai.address))], false, "still listed, for consortium settlement");
    await expectError(f, newOffer(f, { currency: dai.address }), "CurrencyNotAllowed", [getAddress(dai.address)]);
    // The allow-list governs new offers only (documented): the live DAI offer still sells.
    await buy(f, daiOffer);
    // Re-allowing does not list it twice.
    await market.write.setCurrencyAllowed([dai.address, true]);
    const [again] = await market.read.currencies();
    assert.equal(again.length, list.length);
    await expectError(f, market.write.setCurrencyAllowed([zeroAddress, true]), "ZeroAddress", []);

    // Fill the list to MAX_CURRENCIES, then one more is refused.
    const max = LIMITS.MAX_CURRENCIES;
    for (let i = BigInt(again.length); i < max; i++) {
      await market.write.setCurrencyAllowed([getAddress(numberToHex(0x1000n + i, { size: 20 })), true]);
    }
    assert.equal(BigInt((await market.read.currencies())[0].length), max);
    await expectError(
      f,
      market.write.setCurrencyAllowed([getAddress(numberToHex(0xdeadn, { size: 20 })), true]),
      "TooManyCurrencies",
      [max],
    );
    // Disallowing a listed one is still possible at the cap.
    await market.write.setCurrencyAllowed([dai.address, false]);
  });

  it("ownership moves in two steps and can be renounced", async () => {
    const f = await load();
    const { market } = f;
    const { admin, stranger } = f.wallets;
    assert.equal(await market.read.owner(), getAddress(addr(admin)));
    const started = await market.write.transferOwnership([addr(stranger)], as(admin));
    await viem.assertions.emitWithArgs(started, market, "OwnershipTransferStarted", [
      getAddress(addr(admin)),
      getAddress(addr(stranger)),
    ]);
    assert.equal(await market.read.pendingOwner(), getAddress(addr(stranger)));
    assert.equal(await market.read.owner(), getAddress(addr(admin)));
    const accepted = await market.write.acceptOwnership(as(stranger));
    await viem.assertions.emitWithArgs(accepted, market, "OwnershipTransferred", [
      getAddress(addr(admin)),
      getAddress(addr(stranger)),
    ]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.setProtocolFee([0, zeroAddress], as(admin)),
      market,
      "OwnableUnauthorizedAccount",
      [getAddress(addr(admin))],
    );
    const renounced = await market.write.renounceOwnership(as(stranger));
    await viem.assertions.emitWithArgs(renounced, market, "OwnershipTransferred", [
      getAddress(addr(stranger)),
      zeroAddress,
    ]);
    assert.equal(await market.read.owner(), zeroAddress);
  });

  it("constants and counters", async () => {
    const f = await load();
    const { market } = f;
    assert.deepEqual(await market.read.counts(), [
      BigInt(Object.keys(f.assets).length),
      BigInt(Object.keys(f.offers).length),
      BigInt(Object.keys(f.splits).length),
    ]);
  });
});

// ====================================================================== every custom error

/** Storage slot of `_assets[assetId]`, found by probing for the controller and versionCount. */
async function assetSlot(f: Fixture, assetId: bigint): Promise<Hex> {
  const { controller, versionCount } = await f.market.read.assetInfo([assetId]);
  const found: Hex[] = [];
  for (let p = 0n; p < 32n; p++) {
    const slot = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [assetId, p]));
    const word = hexToBigInt((await f.publicClient.getStorageAt({ address: f.market.address, slot })) ?? "0x0");
    const low = word & ((1n << 160n) - 1n);
    if (low === hexToBigInt(controller) && ((word >> 168n) & 0xffffn) === BigInt(versionCount)) found.push(slot);
  }
  assert.equal(found.length, 1, "exactly one storage slot holds the asset");
  return found[0] as Hex;
}

type ErrorCase = (f: Fixture) => Promise<void>;

const stranger = (f: Fixture) => getAddress(addr(f.wallets.stranger));

describe("upstream royalties, market side (the lineage registry is played by an account)", () => {
  it("the owner wires the registry once; it records a derivative's shares before its first offer; every sale and renewal credits them", async () => {
    const f = await load();
    const { market } = f;
    const registry = f.wallets.arbiter;
    assert.equal(await market.read.lineage(), zeroAddress);
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.wireLineageRegistry([addr(registry)], as(f.wallets.stranger)),
      market,
      "OwnableUnauthorizedAccount",
      [stranger(f)],
    );
    await viem.assertions.emitWithArgs(
      market.write.wireLineageRegistry([addr(registry)]),
      market,
      "LineageRegistrySet",
      [getAddress(addr(registry))],
    );
    assert.equal(await market.read.lineage(), getAddress(addr(registry)));

    await market.write.registerAsset(
      [AssetKind.MODEL, contentHash("derivative v1"), "ipfs://d"],
      as(f.wallets.creator),
    );
    const derivative = (await counts(f)).assets;
    const upstreamA = await newSplit(f, [addr(f.wallets.collab1)], [10_000]);
    const upstreamB = await newSplit(f, [addr(f.wallets.collab2)], [10_000]);
    const shares = [
      { splitId: Number(upstreamA), bps: 1_250 },
      { splitId: Number(upstreamB), bps: 333 },
    ];
    await viem.assertions.emitWithArgs(
      market.write.writeUpstreamRoyalties([derivative, shares], as(registry)),
      market,
      "UpstreamRoyaltiesSet",
      [derivative, shares],
    );
    assert.deepEqual(await market.read.upstreamRoyalties([derivative]), shares);
    assert.deepEqual(await market.read.upstreamRoyalties([f.assets.model]), []);

    const price = 1_000_003n; // not a multiple of 10,000: every share rounds down
    const offer = await newOffer(f, { assetId: derivative, price });
    const pools = async () =>
      Promise.all([upstreamA, upstreamB, f.splits.solo.id].map((id) => market.read.pendingRevenue([id, NATIVE])));
    const treasury = () => market.read.withdrawable([addr(f.wallets.treasury), NATIVE]);
    const before = await pools();
    const feeBefore = await treasury();
    const { licenseId } = await buy(f, offer);
    const after = await pools();
    const credited = after.map((a, i) => a - (before[i] ?? 0n));
    const fee = (await treasury()) - feeBefore;
    assert.deepEqual(credited.slice(0, 2), [(price * 1_250n) / BPS, (price * 333n) / BPS]);
    assert.equal(fee, (price * BigInt(PROTOCOL_FEE_BPS)) / BPS);
    assert.equal(credited.reduce((a, b) => a + b, 0n) + fee, price, "royalties + split + fee = price, to the wei");

    await market.write.renew([licenseId, 2n, price * 2n], { account: f.wallets.buyer.account, value: price * 2n });
    const renewed = (await pools()).map((a, i) => a - (after[i] ?? 0n));
    assert.deepEqual(renewed.slice(0, 2), [(price * 2n * 1_250n) / BPS, (price * 2n * 333n) / BPS]);

    // An asset with royalties recorded after offers exist would have sold royalty-free: refused.
    await expectError(
      f,
      market.write.writeUpstreamRoyalties([derivative, shares], as(registry)),
      "AssetAlreadyOffered",
      [derivative, 1n],
    );
  });
});

/** One named case per error of ILicenseMarketErrors; a new error fails the coverage test below. */
const ERROR_CASES: Record<string, ErrorCase> = {
  AssetNotFound: async (f) => {
    const missing = (await counts(f)).assets + 1n;
    await expectError(f, f.market.read.assetInfo([missing]), "AssetNotFound", [missing]);
    await expectError(f, newOffer(f, { assetId: missing }), "AssetNotFound", [missing]);
  },
  NotAssetController: async (f) => {
    await expectError(f, newOffer(f, {}, f.wallets.stranger), "NotAssetController", [f.assets.model, stranger(f)]);
  },
  NotPendingAssetController: async (f) => {
    await expectError(
      f,
      f.market.write.acceptAssetController([f.assets.model], as(f.wallets.stranger)),
      "NotPendingAssetController",
      [f.assets.model, stranger(f)],
    );
  },
  EmptyContentHash: async (f) => {
    await expectError(f, f.market.write.registerAsset([AssetKind.MODEL, zeroHash, "x"]), "EmptyContentHash", []);
    await expectError(
      f,
      f.market.write.publishVersion([f.assets.model, zeroHash, "x"], as(f.wallets.creator)),
      "EmptyContentHash",
      [],
    );
  },
  VersionNotFound: async (f) => {
    const { versionCount } = await f.market.read.assetInfo([f.assets.model]);
    const next = BigInt(versionCount) + 1n;
    await expectError(f, f.market.read.assetVersion([f.assets.model, next]), "VersionNotFound", [f.assets.model, next]);
    await expectError(f, f.market.read.assetVersion([f.assets.model, 0n]), "VersionNotFound", [f.assets.model, 0n]);
  },
  TooManyVersions: async (f) => {
    // 65,535 publishVersion calls would take minutes: set versionCount to its maximum in storage.
    const slot = await assetSlot(f, f.assets.model);
    const word = hexToBigInt((await f.publicClient.getStorageAt({ address: f.market.address, slot })) ?? "0x0");
    const max = 0xffffn;
    await networkHelpers.setStorageAt(f.market.address, slot, (word & ~(0xffffn << 168n)) | (max << 168n));
    assert.equal((await f.market.read.assetInfo([f.assets.model])).versionCount, Number(max));
    await expectError(
      f,
      f.market.write.publishVersion([f.assets.model, contentHash("one too many"), ""], as(f.wallets.creator)),
      "TooManyVersions",
      [f.assets.model],
    );
  },
  OfferNotFound: async (f) => {
    const missing = (await counts(f)).offers + 1n;
    await expectError(f, f.market.read.offers([missing]), "OfferNotFound", [missing]);
    await expectError(
      f,
      f.market.write.purchase([missing, addr(f.wallets.buyer), 0n, zeroHash, NO_TERRITORY]),
      "OfferNotFound",
      [missing],
    );
    await expectError(
      f,
      f.market.write.setOfferStatus([missing, OfferStatus.PAUSED], as(f.wallets.creator)),
      "OfferNotFound",
      [missing],
    );
  },
  OfferNotActive: async (f) => {
    await f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.PAUSED], as(f.wallets.creator));
    await expectError(f, buy(f, f.offers.eth), "OfferNotActive", [f.offers.eth.id, OfferStatus.PAUSED]);
  },
  OfferIsClosed: async (f) => {
    await f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.CLOSED], as(f.wallets.creator));
    await expectError(
      f,
      f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.ACTIVE], as(f.wallets.creator)),
      "OfferIsClosed",
      [f.offers.eth.id],
    );
  },
  InvalidOfferStatus: async (f) => {
    await expectError(
      f,
      f.market.write.setOfferStatus([f.offers.eth.id, OfferStatus.NONE], as(f.wallets.creator)),
      "InvalidOfferStatus",
      [OfferStatus.NONE],
    );
  },
  OfferSoldOut: async (f) => {
    const offer = await newOffer(f, { maxSupply: 1 });
    await buy(f, offer);
    await expectError(f, buy(f, offer, { from: f.wallets.buyer2 }), "OfferSoldOut", [offer.id, 1n]);
  },
  PriceOutOfRange: async (f) => {
    const price = 2n ** 128n;
    await expectError(f, newOffer(f, { price }), "PriceOutOfRange", [price]);
    await newOffer(f, { price: price - 1n }); // the largest price fits
  },
  RenewalTooLong: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await expectError(
      f,
      f.market.write.renew([licenseId, maxUint256, maxUint256], as(f.wallets.buyer)),
      "RenewalTooLong",
      [licenseId, maxUint256],
    );
  },
  DurationOutOfRange: async (f) => {
    const duration = 2n ** 32n;
    await expectError(f, newOffer(f, { duration }), "DurationOutOfRange", [duration]);
  },
  RoyaltyTooHigh: async (f) => {
    const max = LIMITS.MAX_ROYALTY_BPS;
    await expectError(f, newOffer(f, { royaltyBps: max + 1 }), "RoyaltyTooHigh", [max + 1, max]);
  },
  CurrencyNotAllowed: async (f) => {
    await expectError(f, newOffer(f, { currency: f.tokens.dai.address }), "CurrencyNotAllowed", [
      getAddress(f.tokens.dai.address),
    ]);
  },
  PriceAboveMax: async (f) => {
    const { price } = f.offers.eth.params;
    await expectError(f, buy(f, f.offers.eth, { maxPrice: 0n }), "PriceAboveMax", [f.offers.eth.id, price, 0n]);
  },
  TermsMismatch: async (f) => {
    // (offerId, the offer's termsHash, the buyer's termsHash): the contract's value first, as in
    // IncorrectPayment(expected, sent).
    await expectError(f, buy(f, f.offers.eth, { termsHash: zeroHash }), "TermsMismatch", [
      f.offers.eth.id,
      f.offers.eth.termsHash,
      zeroHash,
    ]);
  },
  IncorrectPayment: async (f) => {
    await expectError(f, buy(f, f.offers.eth, { value: 0n }), "IncorrectPayment", [f.offers.eth.params.price, 0n]);
  },
  TerritoryNotAllowed: async (f) => {
    await expectError(f, buy(f, f.offers.denyList, { territory: territory("DE") }), "TerritoryNotAllowed", [
      f.offers.denyList.id,
      territory("DE"),
    ]);
  },
  FeeOnTransferToken: async (f) => {
    const token = f.tokens.feeToken;
    const price = 1_000_000n;
    const offer = await newOffer(f, { currency: token.address, price });
    await token.write.mint([addr(f.wallets.buyer), price]);
    await token.write.approve([f.market.address, price], as(f.wallets.buyer));
    await expectError(
      f,
      f.market.write.purchase(
        [offer.id, addr(f.wallets.buyer), price, offer.termsHash, NO_TERRITORY],
        as(f.wallets.buyer),
      ),
      "FeeOnTransferToken",
      [getAddress(token.address), price, price - price / 100n],
    );
  },
  AlreadyLicensed: async (f) => {
    await buy(f, f.offers.eth);
    await expectError(f, buy(f, f.offers.allVersions), "AlreadyLicensed", [
      getAddress(addr(f.wallets.buyer)),
      f.assets.model,
    ]);
  },
  InvalidRecipient: async (f) => {
    await expectError(f, buy(f, f.offers.eth, { to: zeroAddress }), "InvalidRecipient", [zeroAddress]);
  },
  LicenseNotFound: async (f) => {
    const id = licenseIdOf(f.offers.eth.id, 1n);
    await expectError(f, f.market.read.licenseInfo([id]), "LicenseNotFound", [id]);
    await expectError(f, f.market.write.renew([id, 1n, maxUint256]), "LicenseNotFound", [id]);
  },
  LicenseLocked: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await expectError(
      f,
      f.market.write.transferFrom([addr(f.wallets.buyer), addr(f.wallets.buyer2), licenseId], as(f.wallets.buyer)),
      "LicenseLocked",
      [licenseId],
    );
  },
  LicenseIsRevoked: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await f.market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter));
    await expectError(f, f.market.write.cancelSubscription([licenseId], as(f.wallets.buyer)), "LicenseIsRevoked", [
      licenseId,
    ]);
  },
  LicenseNotRenewable: async (f) => {
    const { licenseId } = await buy(f, f.offers.perpetual);
    await expectError(
      f,
      f.market.write.renew([licenseId, 1n, maxUint256], as(f.wallets.buyer)),
      "LicenseNotRenewable",
      [licenseId],
    );
  },
  LicenseNotLapsed: async (f) => {
    const { licenseId } = await buy(f, f.offers.perpetual);
    await expectError(f, f.market.write.burnLapsed([licenseId], as(f.wallets.buyer)), "LicenseNotLapsed", [licenseId]);
  },
  LicenseAlreadyLapsed: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await mineAt(f, await f.market.read.expiresAt([licenseId]));
    await expectError(f, f.market.write.cancelSubscription([licenseId], as(f.wallets.buyer)), "LicenseAlreadyLapsed", [
      licenseId,
    ]);
  },
  InvalidRenewalDuration: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    const period = f.offers.eth.params.duration;
    await expectError(
      f,
      f.market.write.renewSubscription([licenseId, period / 2n], as(f.wallets.buyer)),
      "InvalidRenewalDuration",
      [licenseId, period / 2n, period],
    );
  },
  NotLicenseHolder: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await expectError(f, f.market.write.cancelSubscription([licenseId], as(f.wallets.stranger)), "NotLicenseHolder", [
      licenseId,
      stranger(f),
    ]);
  },
  NotArbiter: async (f) => {
    const { licenseId } = await buy(f, f.offers.eth);
    await expectError(f, f.market.write.revoke([licenseId, zeroHash], as(f.wallets.stranger)), "NotArbiter", [
      licenseId,
      stranger(f),
    ]);
  },
  SplitNotFound: async (f) => {
    const missing = (await counts(f)).splits + 1n;
    await expectError(f, newOffer(f, { splitId: missing }), "SplitNotFound", [missing]);
    await expectError(f, f.market.write.reviseSplit([missing, [stranger(f)], [10_000]]), "SplitNotFound", [missing]);
    // Paying a split that does not exist yet would strand the share at an address nobody holds.
    const [, , splits] = await f.market.read.counts();
    const future = splits + 5n;
    const address = await f.market.read.splitAddress([future]);
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), address], [5_000, 5_000], zeroAddress]),
      "SplitNotFound",
      [future],
    );
  },
  SplitEmpty: async (f) => {
    await expectError(f, f.market.write.createSplit([[], [], zeroAddress]), "SplitEmpty", []);
  },
  SplitTooLarge: async (f) => {
    const max = LIMITS.MAX_RECIPIENTS;
    const n = Number(max) + 1;
    const recipients = Array.from({ length: n }, (_, i) => getAddress(numberToHex(0x100 + i, { size: 20 })));
    await expectError(
      f,
      f.market.write.createSplit([recipients, recipients.map(() => 1), zeroAddress]),
      "SplitTooLarge",
      [BigInt(n), max],
    );
  },
  SplitLengthMismatch: async (f) => {
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), addr(f.wallets.buyer)], [10_000], zeroAddress]),
      "SplitLengthMismatch",
      [2n, 1n],
    );
  },
  SplitBpsSum: async (f) => {
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), addr(f.wallets.buyer)], [5_000, 4_999], zeroAddress]),
      "SplitBpsSum",
      [9_999n],
    );
    await expectError(f, f.market.write.createSplit([[stranger(f)], [10_001], zeroAddress]), "SplitBpsSum", [10_001n]);
  },
  SplitZeroShare: async (f) => {
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), addr(f.wallets.buyer)], [10_000, 0], zeroAddress]),
      "SplitZeroShare",
      [1n],
    );
  },
  SplitZeroAddress: async (f) => {
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), zeroAddress], [5_000, 5_000], zeroAddress]),
      "SplitZeroAddress",
      [1n],
    );
  },
  SplitDuplicateRecipient: async (f) => {
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), stranger(f)], [5_000, 5_000], zeroAddress]),
      "SplitDuplicateRecipient",
      [stranger(f)],
    );
    // updateSplit validates the same way.
    await expectError(
      f,
      f.market.write.reviseSplit(
        [f.splits.consortium.id, [stranger(f), stranger(f)], [5_000, 5_000]],
        as(f.wallets.creator),
      ),
      "SplitDuplicateRecipient",
      [stranger(f)],
    );
  },
  SplitSelfReference: async (f) => {
    // The next split's own address, known before it exists (ids are sequential).
    const [, , splits] = await f.market.read.counts();
    const next = splits + 1n;
    const self = await f.market.read.splitAddress([next]);
    await expectError(
      f,
      f.market.write.createSplit([[stranger(f), self], [5_000, 5_000], zeroAddress]),
      "SplitSelfReference",
      [next],
    );
    // reviseSplit refuses the consortium's own address as a member too.
    const consortium = f.splits.consortium.id;
    const own = await f.market.read.splitAddress([consortium]);
    await expectError(
      f,
      f.market.write.reviseSplit([consortium, [stranger(f), own], [5_000, 5_000]], as(f.wallets.creator)),
      "SplitSelfReference",
      [consortium],
    );
  },
  SplitImmutable: async (f) => {
    await expectError(
      f,
      f.market.write.reviseSplit([f.splits.trio.id, [stranger(f)], [10_000]], as(f.wallets.creator)),
      "SplitImmutable",
      [f.splits.trio.id],
    );
  },
  NotSplitController: async (f) => {
    await expectError(
      f,
      f.market.write.reviseSplit([f.splits.consortium.id, [stranger(f)], [10_000]], as(f.wallets.stranger)),
      "NotSplitController",
      [f.splits.consortium.id, stranger(f)],
    );
  },
  NotPendingSplitController: async (f) => {
    await expectError(
      f,
      f.market.write.acceptSplitController([f.splits.consortium.id], as(f.wallets.stranger)),
      "NotPendingSplitController",
      [f.splits.consortium.id, stranger(f)],
    );
  },
  NothingToWithdraw: async (f) => {
    await expectError(
      f,
      f.market.write.withdraw([f.tokens.usdc.address], as(f.wallets.stranger)),
      "NothingToWithdraw",
      [stranger(f), getAddress(f.tokens.usdc.address)],
    );
  },
  NothingToDistribute: async (f) => {
    await expectError(f, f.market.write.distribute([f.splits.solo.id, NATIVE]), "NothingToDistribute", [
      f.splits.solo.id,
      NATIVE,
    ]);
  },
  EthTransferFailed: async (f) => {
    const payee = await viem.deployContract("HostilePayee", [0]); // Mode.REVERT
    const splitId = await newSplit(f, [payee.address], [10_000]);
    const offer = await newOffer(f, { splitId });
    await buy(f, offer);
    await f.market.write.distribute([splitId, NATIVE]);
    const amount = await f.market.read.withdrawable([payee.address, NATIVE]);
    assert.equal(amount, feeOf(offer.params.price, PROTOCOL_FEE_BPS).net);
    await expectError(f, payee.write.withdrawFrom([f.market.address, NATIVE]), "EthTransferFailed", [
      getAddress(payee.address),
      amount,
    ]);
  },
  ProtocolFeeTooHigh: async (f) => {
    const max = LIMITS.MAX_PROTOCOL_FEE_BPS;
    await expectError(f, f.market.write.setProtocolFee([max + 1, stranger(f)]), "ProtocolFeeTooHigh", [max + 1, max]);
  },
  ZeroAddress: async (f) => {
    await expectError(f, f.market.write.setCurrencyAllowed([zeroAddress, false]), "ZeroAddress", []);
  },
  NotLineageRegistry: async (f) => {
    await f.market.write.wireLineageRegistry([addr(f.wallets.arbiter)]);
    await expectError(
      f,
      f.market.write.writeUpstreamRoyalties([f.assets.model, []], as(f.wallets.stranger)),
      "NotLineageRegistry",
      [stranger(f)],
    );
  },
  LineageRegistryAlreadySet: async (f) => {
    await f.market.write.wireLineageRegistry([addr(f.wallets.arbiter)]);
    await expectError(f, f.market.write.wireLineageRegistry([stranger(f)]), "LineageRegistryAlreadySet", [
      getAddress(addr(f.wallets.arbiter)),
    ]);
  },
  AssetAlreadyOffered: async (f) => {
    await f.market.write.wireLineageRegistry([addr(f.wallets.arbiter)]);
    const { offerCount } = await f.market.read.assetInfo([f.assets.model]);
    assert.ok(offerCount > 0);
    await expectError(
      f,
      f.market.write.writeUpstreamRoyalties([f.assets.model, []], as(f.wallets.arbiter)),
      "AssetAlreadyOffered",
      [f.assets.model, BigInt(offerCount)],
    );
  },
  TooManyCurrencies: async (f) => {
    const max = LIMITS.MAX_CURRENCIES;
    for (let i = BigInt((await f.market.read.currencies())[0].length); i < max; i++) {
      await f.market.write.setCurrencyAllowed([getAddress(numberToHex(0x2000n + i, { size: 20 })), true]);
    }
    await expectError(f, f.market.write.setCurrencyAllowed([stranger(f), true]), "TooManyCurrencies", [max]);
  },
  ExtensionRegistryMismatch: async (f) => {
    // An extension deployed over another terms registry would check offers' terms against it.
    const otherRegistry = await viem.deployContract("TermsRegistry");
    const extension = await viem.deployContract("LicenseMarketExtension", [otherRegistry.address]);
    await expectError(
      f,
      viem.deployContract("LicenseMarket", [addr(f.wallets.admin), f.registry.address, extension.address]),
      "ExtensionRegistryMismatch",
      [getAddress(extension.address)],
    );
  },
  RefundWindowOutOfRange: async (f) => {
    // ILicenseRefunds answers at the market's address (LicenseMarket's fallback).
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    const max = 365n * DAY;
    for (const window of [0n, max + 1n]) {
      await expectError(
        f,
        refunds.write.createRefundableOffer(
          [f.baseOffer, { window: Number(window), penaltyBps: 0 }],
          as(f.wallets.creator),
        ),
        "RefundWindowOutOfRange",
        [window, max],
      );
    }
  },
  RefundPenaltyTooHigh: async (f) => {
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    await expectError(
      f,
      refunds.write.createRefundableOffer([f.baseOffer, { window: 3600, penaltyBps: 10_001 }], as(f.wallets.creator)),
      "RefundPenaltyTooHigh",
      [10_001, 10_000],
    );
  },
  NotRefundable: async (f) => {
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    const { licenseId } = await buy(f, f.offers.eth); // a plain offer: nothing is held
    await expectError(f, refunds.write.refund([licenseId], as(f.wallets.buyer)), "NotRefundable", [licenseId]);
    await expectError(f, refunds.write.releaseHeld([[licenseId]]), "NotRefundable", [licenseId]);
  },
  RefundWindowClosed: async (f) => {
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    await refunds.write.createRefundableOffer([f.baseOffer, { window: 3600, penaltyBps: 0 }], as(f.wallets.creator));
    const id = (await counts(f)).offers;
    const { licenseId, timestamp } = await buy(f, { id, params: f.baseOffer, termsHash: f.offers.eth.termsHash });
    const windowEnd = timestamp + 3600n;
    await networkHelpers.time.setNextBlockTimestamp(windowEnd);
    await expectError(f, refunds.write.refund([licenseId], as(f.wallets.buyer)), "RefundWindowClosed", [
      licenseId,
      windowEnd,
    ]);
  },
  NothingToRefund: async (f) => {
    // A 100 % penalty leaves nothing to refund, however early.
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    await refunds.write.createRefundableOffer(
      [f.baseOffer, { window: 3600, penaltyBps: 10_000 }],
      as(f.wallets.creator),
    );
    const id = (await counts(f)).offers;
    const { licenseId } = await buy(f, { id, params: f.baseOffer, termsHash: f.offers.eth.termsHash });
    await expectError(f, refunds.write.refund([licenseId], as(f.wallets.buyer)), "NothingToRefund", [licenseId]);
  },
  RefundWindowOpen: async (f) => {
    const refunds = await viem.getContractAt("ILicenseRefunds", f.market.address);
    await refunds.write.createRefundableOffer([f.baseOffer, { window: 3600, penaltyBps: 0 }], as(f.wallets.creator));
    const id = (await counts(f)).offers;
    const { licenseId, timestamp } = await buy(f, { id, params: f.baseOffer, termsHash: f.offers.eth.termsHash });
    await expectError(f, refunds.write.releaseHeld([[licenseId]], as(f.wallets.stranger)), "RefundWindowOpen", [
      licenseId,
      timestamp + 3600n,
    ]);
  },
};

const abiErrors = new Set(
  (await artifacts.readArtifact("ILicenseMarketErrors")).abi
    .filter((item) => item.type === "error")
    .map((item) => item.name as string),
);

describe("every ILicenseMarketErrors error, triggered with its arguments", () => {
  it("the table names exactly the errors of the ABI", () => {
    assert.deepEqual(new Set(Object.keys(ERROR_CASES)), abiErrors);
  });

  for (const [name, run] of Object.entries(ERROR_CASES)) {
    it(name, async () => {
      const f = await load();
      await run(f);
      assert.ok(raisedErrors.has(name), `${name} was raised with its arguments`);
    });
  }

  it("every error of the ABI was raised by some test of this file", () => {
    const missing = [...abiErrors].filter((name) => !raisedErrors.has(name));
    assert.deepEqual(missing, []);
  });
});

// ====================================================================== every function called

describe("ABI coverage", () => {
  it("every external function of LicenseMarket was called by this file", async () => {
    const names = new Set(
      (await artifacts.readArtifact("LicenseMarket")).abi
        .filter((item) => item.type === "function")
        .map((item) => item.name as string),
    );
    const uncalled = [...names].filter((n) => !calledFunctions.has(n));
    assert.deepEqual(uncalled, [], "LicenseMarket functions never called by market.test.ts");
  });
});
