/**
 * AccessRouter: the gateway's one view of entitlement. A license holder, the user of a seat on an
 * organisation license and a member of the consortium that pools an asset are each entitled, by
 * their route; anyone else, a freed seat, a departed member and a look-alike consortium are not.
 * Everything is real: the market, SeatRegistry, ConsortiumFactory and a Consortium on EDR.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress } from "viem";
import { encodeProposal, type ProposalAction } from "../../scripts/sdk/actions/consortium/proposals.ts";
import { encodeTerms, termsHash } from "../../scripts/sdk/terms/codec.ts";
import { AssetKind, buy, contentHash, DAY, type Fixture, preset, territory, tesseraFixture } from "./fixture.ts";

const { viem, networkHelpers } = await network.create();

/** IAccessRouter.Route ordinals. */
const Route = { NONE: 0, LICENSE: 1, SEAT: 2, CONSORTIUM: 3 } as const;
const MAX_UINT64 = 2n ** 64n - 1n;

async function accessFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const { market, registry, wallets } = f;
  const seats = await conn.viem.deployContract("SeatRegistry", [market.address, registry.address]);
  const factory = await conn.viem.deployContract("ConsortiumFactory");
  const router = await conn.viem.deployContract("AccessRouter", [market.address, seats.address, factory.address]);

  // An organisation license (enterprise terms: 50 seats) on a new model, held by the buyer.
  const struct = encodeTerms(preset("enterprise-api"));
  await registry.write.registerTerms([struct]);
  const enterprise = await registry.read.termsIdOf([termsHash(struct)]);
  const model = await registerAsset(f, wallets.creator, "org model");
  const params = { ...f.baseOffer, assetId: model, termsId: enterprise, duration: 30n * DAY };
  await market.write.createOffer([params], { account: wallets.creator.account });
  const offerId = (await market.read.counts())[1];
  const termsHashOf = (await market.read.offers([offerId])).termsHash;
  const license = await buy(
    f,
    { id: offerId, params, termsHash: termsHashOf },
    { from: wallets.buyer, territory: territory("US") },
  );

  // A consortium of collab1 and collab2 (60 / 40, threshold 60 %) pooling a dataset.
  await factory.write.createConsortium([
    market.address,
    [wallets.collab1.account.address, wallets.collab2.account.address],
    [60n, 40n],
    6_000,
    7n * DAY,
  ]);
  const consortium = await conn.viem.getContractAt("Consortium", await factory.read.consortiumAt([0n]));
  const pooled = await registerAsset(f, wallets.collab1, "pooled dataset", AssetKind.DATASET);
  await market.write.nominateAssetController([pooled, consortium.address], { account: wallets.collab1.account });
  const enact = async (action: ProposalAction) => {
    const { kind, payload } = encodeProposal(action);
    await consortium.write.propose([kind, payload], { account: wallets.collab1.account });
    const id = await consortium.read.proposalCount();
    await consortium.write.vote([id, true], { account: wallets.collab1.account });
    await consortium.write.execute([id], { account: wallets.stranger.account });
  };
  await enact({ kind: "ADD_ASSET", assetId: pooled });
  return { ...f, seats, factory, router, consortium, enact, model, pooled, license };
}
type AFixture = Awaited<ReturnType<typeof accessFixture>>;
const load = () => networkHelpers.loadFixture(accessFixture) as Promise<AFixture>;

async function registerAsset(f: Fixture, by: WalletClient, label: string, kind: number = AssetKind.MODEL) {
  await f.market.write.registerAsset([kind, contentHash(label), `ipfs://${label}`], { account: by.account });
  return (await f.market.read.counts())[0];
}

const access = (f: AFixture, who: WalletClient, assetId: bigint, version = 1n) =>
  f.router.read.access([who.account.address, assetId, version]);

describe("AccessRouter: license, seat or consortium membership, in one view", () => {
  it("a license holder is entitled by its license, until the license's expiry (the market's own answer)", async () => {
    const f = await load();
    const own = await f.market.read.accessExpiry([f.wallets.buyer.account.address, f.model, 1n]);
    assert.ok(own > 0n);
    assert.deepEqual(await access(f, f.wallets.buyer, f.model), [own, Route.LICENSE]);
    assert.equal(await f.router.read.accessExpiry([f.wallets.buyer.account.address, f.model, 1n]), own);
    // A version the license does not cover is refused by every route.
    assert.deepEqual(await access(f, f.wallets.buyer, f.model, 2n), [0n, Route.NONE]);
  });

  it("a seat user is entitled until the earlier of the seat's and the license's expiry; a freed seat entitles no one", async () => {
    const f = await load();
    const user = f.wallets.buyer2;
    assert.deepEqual(await access(f, user, f.model), [0n, Route.NONE]);
    const licenseExpiry = await f.market.read.accessExpiry([f.wallets.buyer.account.address, f.model, 1n]);
    const seatExpiry = licenseExpiry - DAY;
    await f.seats.write.setUser([f.license.licenseId, user.account.address, seatExpiry], {
      account: f.wallets.buyer.account,
    });
    assert.deepEqual(await access(f, user, f.model), [seatExpiry, Route.SEAT]);
    await f.seats.write.setUser([f.license.licenseId, user.account.address, MAX_UINT64], {
      account: f.wallets.buyer.account,
    });
    assert.deepEqual(await access(f, user, f.model), [licenseExpiry, Route.SEAT], "capped by the license");
    await f.seats.write.setUser([f.license.licenseId, user.account.address, 0n], { account: f.wallets.buyer.account });
    assert.deepEqual(await access(f, user, f.model), [0n, Route.NONE]);
  });

  it("a consortium member is entitled to every version of a pooled asset without a token; a departing member loses it", async () => {
    const f = await load();
    const { collab1, collab2, stranger } = f.wallets;
    assert.deepEqual(await access(f, collab2, f.pooled), [MAX_UINT64, Route.CONSORTIUM]);
    assert.deepEqual(await access(f, collab1, f.pooled), [MAX_UINT64, Route.CONSORTIUM]);
    assert.deepEqual(await access(f, stranger, f.pooled), [0n, Route.NONE]);
    assert.deepEqual(await access(f, collab2, f.pooled, 2n), [0n, Route.NONE], "no version 2 yet");
    // Membership covers the consortium's pooled assets only.
    assert.deepEqual(await access(f, collab2, f.model), [0n, Route.NONE]);

    await f.enact({ kind: "REMOVE_MEMBER", account: collab2.account.address });
    assert.deepEqual(await access(f, collab2, f.pooled), [0n, Route.NONE]);
  });

  it("the later expiry wins: a member who also holds a license is entitled by membership (perpetual)", async () => {
    const f = await load();
    // Only the consortium controls the pooled asset now, so it publishes the offer.
    const { splitId: _ownSplit, ...pooledOffer } = { ...f.baseOffer, assetId: f.pooled };
    await f.enact({ kind: "PUBLISH_OFFER", offer: pooledOffer });
    const offerId = (await f.market.read.counts())[1];
    const params = { ...pooledOffer, splitId: await f.consortium.read.splitId() };
    const info = await f.market.read.offers([offerId]);
    await buy(f, { id: offerId, params, termsHash: info.termsHash }, { from: f.wallets.collab2 });
    const [expiry, route] = await access(f, f.wallets.collab2, f.pooled);
    assert.deepEqual([expiry, route], [MAX_UINT64, Route.CONSORTIUM]);
    // An outside buyer of the pooled offer is entitled by its license.
    await buy(f, { id: offerId, params, termsHash: info.termsHash }, { from: f.wallets.buyer3 });
    assert.equal((await access(f, f.wallets.buyer3, f.pooled))[1], Route.LICENSE);
  });

  it("attack: a look-alike consortium (not created by the factory) that controls an asset entitles no one", async () => {
    const f = await load();
    const fake = await viem.deployContract("LookalikeConsortium");
    const asset = await registerAsset(f, f.wallets.stranger, "hijacked");
    await f.market.write.nominateAssetController([asset, fake.address], { account: f.wallets.stranger.account });
    await fake.write.acceptControl([f.market.address, asset]);
    assert.equal((await f.market.read.assetInfo([asset])).controller, getAddress(fake.address));
    assert.equal(await fake.read.accessExpiry([f.wallets.stranger.account.address, asset, 1n]), MAX_UINT64);
    assert.deepEqual(await access(f, f.wallets.stranger, asset), [0n, Route.NONE]);
  });

  it("an asset that does not exist: not entitled, no revert (the gateway asks before it knows)", async () => {
    const f = await load();
    const missing = (await f.market.read.counts())[0] + 1n;
    assert.deepEqual(await access(f, f.wallets.buyer, missing), [0n, Route.NONE]);
  });

  it("names its sources", async () => {
    const f = await load();
    assert.equal(await f.router.read.market(), getAddress(f.market.address));
    assert.equal(await f.router.read.seats(), getAddress(f.seats.address));
    assert.equal(await f.router.read.consortia(), getAddress(f.factory.address));
  });
});
