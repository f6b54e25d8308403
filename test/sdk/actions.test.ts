/**
 * Every SDK action against a real deployment on Hardhat's EDR chain: reads return what the
 * contracts hold, writes return what their events report.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, zeroAddress } from "viem";
import {
  AllowanceTooLowError,
  approveCurrency,
  balances,
  distribute,
  getAsset,
  getLicense,
  getOffer,
  getSplit,
  isEntitled,
  isEntitledToVersion,
  licensesOf,
  listOffers,
  PERPETUAL,
  purchase,
  renew,
  tesseraContracts,
  WalletRequiredError,
  withdraw,
} from "../../scripts/sdk/index.ts";
import { loadDeployment } from "../../scripts/sdk/node.ts";
import { contentHash, DAY, sdkFixture } from "./setup.ts";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(sdkFixture);

describe("SDK deployments", () => {
  it("tesseraContracts pairs each deployed address with its generated ABI", async () => {
    const f = await load();
    const contracts = tesseraContracts(f.deployment);
    assert.equal(contracts.market.address, f.deployment.contracts.LicenseMarket.address);
    assert.equal(contracts.registry.address, f.deployment.contracts.TermsRegistry.address);
    assert.equal(contracts.renderer.address, f.deployment.contracts.TermsRenderer.address);
    assert.equal(contracts.metadata.address, f.deployment.contracts.LicenseMetadata.address);
    assert.ok(contracts.market.abi.some((item) => item.type === "function" && item.name === "purchase"));
  });

  it("loadDeployment fails clearly for a chain without a deployment", async () => {
    await assert.rejects(loadDeployment(999_999_999), /No Tessera deployment for chain 999999999/);
  });
});

describe("SDK reads", () => {
  it("getAsset returns the asset and all its versions", async () => {
    const f = await load();
    const asset = await getAsset(f.reader, { assetId: f.assets.model });
    assert.equal(asset.controller, getAddress(f.wallets.creator.account.address));
    assert.equal(asset.pendingController, zeroAddress);
    assert.equal(asset.kind, "MODEL");
    assert.deepEqual(
      asset.versions.map(({ version, contentHash, metadataURI }) => ({ version, contentHash, metadataURI })),
      [
        { version: 1, contentHash: contentHash("model v1"), metadataURI: "ipfs://model/v1" },
        { version: 2, contentHash: contentHash("model v2"), metadataURI: "ipfs://model/v2" },
      ],
    );
    assert.ok(asset.versions.every((v) => v.publishedAt > 0n));
    assert.equal((await getAsset(f.reader, { assetId: f.assets.dataset })).kind, "DATASET");
  });

  it("getOffer returns the offer, its terms hash, decoded terms and plain words", async () => {
    const f = await load();
    const offer = await getOffer(f.reader, { offerId: f.offers.allowList });
    assert.equal(offer.assetId, f.assets.dataset);
    assert.equal(offer.termsId, f.terms.allowList.id);
    assert.equal(offer.termsHash, f.terms.allowList.hash);
    assert.equal(offer.price, f.offerParams.allowList.price);
    assert.equal(offer.status, "ACTIVE");
    assert.equal(offer.territoryRestricted, true);
    assert.equal(offer.terms.preset.id, "cc-by-4.0-us-ca");
    assert.deepEqual(offer.terms.preset.territory.codes, ["US", "CA"]);
    assert.ok(offer.plainWords.may.length > 0, "the renderer says what you may do");
    assert.ok(offer.plainWords.may.every((s) => typeof s === "string" && s.length > 0));
  });

  it("listOffers lists an asset's active offers, and inactive ones on request", async () => {
    const f = await load();
    const model = await listOffers(f.reader, { assetId: f.assets.model });
    assert.deepEqual(
      model.map((o) => o.offerId),
      [f.offers.eth, f.offers.capped],
    );
    const dataset = await listOffers(f.reader, { assetId: f.assets.dataset });
    assert.deepEqual(
      dataset.map((o) => o.offerId),
      [f.offers.allowList, f.offers.usdc],
    );
    await f.market.write.setOfferStatus([f.offers.capped, 2], { account: f.wallets.creator.account });
    assert.deepEqual(
      (await listOffers(f.reader, { assetId: f.assets.model })).map((o) => o.offerId),
      [f.offers.eth],
    );
    const all = await listOffers(f.reader, { assetId: f.assets.model, includeInactive: true });
    assert.deepEqual(
      all.map((o) => [o.offerId, o.status]),
      [
        [f.offers.eth, "ACTIVE"],
        [f.offers.capped, "PAUSED"],
      ],
    );
  });
});

describe("SDK purchase, entitlement and licenses", () => {
  it("purchase pays ETH and returns the license id from LicensePurchased", async () => {
    const f = await load();
    const buyer = f.wallets.buyer.account.address;
    assert.equal(await isEntitled(f.reader, { account: buyer, assetId: f.assets.model }), false);
    const bought = await purchase(f.client(), { offerId: f.offers.eth });
    const block = await f.publicClient.getBlock({ blockNumber: bought.receipt.blockNumber });
    assert.equal(bought.licenseId, (f.offers.eth << 32n) | 1n);
    assert.equal(bought.price, f.offerParams.eth.price);
    assert.equal(bought.expiresAt, block.timestamp + 30n * DAY);
    assert.equal(await f.market.read.ownerOf([bought.licenseId]), getAddress(buyer));

    assert.equal(await isEntitled(f.reader, { account: buyer, assetId: f.assets.model }), true);
    assert.equal(await isEntitledToVersion(f.reader, { account: buyer, assetId: f.assets.model, version: 2n }), true);
    assert.equal(await isEntitledToVersion(f.reader, { account: buyer, assetId: f.assets.model, version: 1n }), false);

    const license = await getLicense(f.reader, { licenseId: bought.licenseId });
    assert.deepEqual(license, {
      licenseId: bought.licenseId,
      holder: getAddress(buyer),
      assetId: f.assets.model,
      offerId: f.offers.eth,
      termsId: f.terms.worldwide.id,
      expiresAt: bought.expiresAt,
      perpetual: false,
      version: 2,
      allVersions: false,
      status: "ACTIVE",
    });
  });

  it("purchase mints to a recipient and declares a territory", async () => {
    const f = await load();
    const recipient = f.wallets.buyer2.account.address;
    const bought = await purchase(f.client(), { offerId: f.offers.allowList, recipient, territory: "US" });
    const license = await getLicense(f.reader, { licenseId: bought.licenseId });
    assert.equal(license.holder, getAddress(recipient));
    assert.equal(license.expiresAt, PERPETUAL);
    assert.equal(license.perpetual, true);
  });

  it("an ERC-20 purchase needs approveCurrency first", async () => {
    const f = await load();
    const buyer = f.wallets.buyer.account;
    const price = f.offerParams.usdc.price;
    await f.usdc.write.mint([buyer.address, price]);
    const failure = await purchase(f.client(), { offerId: f.offers.usdc }).catch((e: unknown) => e);
    assert.ok(failure instanceof AllowanceTooLowError);
    assert.equal(failure.required, price);
    assert.equal(failure.allowance, 0n);

    await approveCurrency(f.client(), { currency: f.usdc.address, amount: price });
    assert.equal(await f.usdc.read.allowance([buyer.address, f.market.address]), price);
    const bought = await purchase(f.client(), { offerId: f.offers.usdc });
    assert.equal(bought.price, price);
    assert.equal(await f.usdc.read.balanceOf([buyer.address]), 0n);
  });

  it("renew extends a license by whole periods", async () => {
    const f = await load();
    const bought = await purchase(f.client(), { offerId: f.offers.eth });
    const renewed = await renew(f.client(f.wallets.buyer2), { licenseId: bought.licenseId, periods: 2n });
    assert.equal(renewed.price, 2n * f.offerParams.eth.price);
    assert.equal(renewed.expiresAt, bought.expiresAt + 60n * DAY);
    assert.equal((await getLicense(f.reader, { licenseId: bought.licenseId })).expiresAt, renewed.expiresAt);
  });

  it("licensesOf follows Transfer logs to the current holder", async () => {
    const f = await load();
    const buyer = f.wallets.buyer.account.address;
    const buyer2 = f.wallets.buyer2.account.address;
    const a = await purchase(f.client(), { offerId: f.offers.eth });
    const b = await purchase(f.client(), { offerId: f.offers.allowList, territory: "CA" });
    assert.deepEqual(
      (await licensesOf(f.reader, { account: buyer })).map((l) => l.licenseId),
      [a.licenseId, b.licenseId],
    );
    assert.deepEqual(await licensesOf(f.reader, { account: buyer2 }), []);

    // Apache-2.0 licenses are locked, but a lapsed one can be burned: then nobody holds it.
    await networkHelpers.time.increase(31n * DAY);
    await f.market.write.burnLapsed([a.licenseId], { account: f.wallets.buyer.account });
    const left = await licensesOf(f.reader, { account: buyer });
    assert.deepEqual(
      left.map((l) => l.licenseId),
      [b.licenseId],
    );
  });

  it("write actions need a wallet", async () => {
    const f = await load();
    await assert.rejects(purchase(f.reader, { offerId: f.offers.eth }), WalletRequiredError);
  });
});

describe("SDK revenue", () => {
  it("getSplit, distribute, balances and withdraw move a sale to its recipients", async () => {
    const f = await load();
    const { creator, collab } = f.wallets;
    const price = f.offerParams.eth.price;
    await purchase(f.client(), { offerId: f.offers.eth });

    const before = await getSplit(f.reader, { splitId: f.split.id });
    assert.deepEqual(
      before.recipients,
      f.split.recipients.map((a) => getAddress(a)),
    );
    assert.deepEqual(before.bps, f.split.bps);
    assert.equal(before.controller, zeroAddress);
    assert.deepEqual(before.pending, [
      { currency: zeroAddress, amount: price },
      { currency: getAddress(f.usdc.address), amount: 0n },
    ]);

    const distributed = await distribute(f.client(collab), { splitId: f.split.id, currency: zeroAddress });
    assert.equal(distributed.amount, price);
    assert.equal((await getSplit(f.reader, { splitId: f.split.id })).pending[0]?.amount, 0n);

    const collabShare = (price * 3_000n) / 10_000n;
    const creatorBalances = await balances(f.reader, { account: creator.account.address });
    assert.deepEqual(creatorBalances, [
      { currency: zeroAddress, allowed: true, withdrawable: price - collabShare },
      { currency: getAddress(f.usdc.address), allowed: true, withdrawable: 0n },
    ]);

    const before2 = await f.publicClient.getBalance({ address: collab.account.address });
    const paid = await withdraw(f.client(collab), { currency: zeroAddress, to: f.wallets.buyer2.account.address });
    assert.equal(paid.amount, collabShare);
    assert.equal((await f.publicClient.getBalance({ address: collab.account.address })) < before2, true, "gas only");
    const own = await withdraw(f.client(creator), { currency: zeroAddress });
    assert.equal(own.amount, price - collabShare);
    assert.equal((await balances(f.reader, { account: creator.account.address }))[0]?.withdrawable, 0n);
  });
});
