/**
 * Consortium and ConsortiumFactory on the real market: creation and its limits, governance by
 * weight at each proposal's snapshot, pooled assets and offers, revenue shared by weight to the wei
 * (ETH and an ERC-20) through membership changes, cross-licensing through `accessExpiry`, every
 * custom error with the values it names, and the named attacks. Revenue reaches the consortium only
 * through real sales on the market.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  type ContractErrorName,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  parseEther,
  parseEventLogs,
  zeroAddress,
} from "viem";
import { measureConsortiumClaims } from "../../bench/gas/consortium.ts";
import { loadArtifact } from "../../scripts/lib/artifacts.ts";
import {
  encodeProposal,
  type PooledOfferParams,
  type ProposalAction,
} from "../../scripts/sdk/actions/consortium/proposals.ts";
import {
  buy,
  DAY,
  type Fixture,
  feeOf,
  NATIVE,
  type OfferHandle,
  OfferStatus,
  PROTOCOL_FEE_BPS,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

type Consortium = ContractReturnType<"Consortium">;
type ConsortiumError = ContractErrorName<Consortium["abi"]>;

const THRESHOLD_BPS = 6_000;
const LIFETIME = 7n * DAY;
const MAX_UINT64 = 2n ** 64n - 1n;
/** IConsortiumTypes.ProposalStatus ordinals. */
const Status = { ACTIVE: 0, PASSED: 1, DEFEATED: 2, EXPIRED: 3, EXECUTED: 4 } as const;
/** IConsortiumTypes.ProposalKind ordinals. */
const Kind = {
  ADMIT_MEMBER: 0,
  REMOVE_MEMBER: 1,
  SET_WEIGHT: 2,
  ADD_ASSET: 3,
  PUBLISH_OFFER: 4,
  SET_OFFER_STATUS: 5,
  RELEASE_ASSET: 6,
} as const;

const addr = (w: WalletClient): Address => getAddress(w.account.address);
/** Distinct non-zero addresses for members that never sign. */
const filler = (i: number): Address => getAddress(`0x${(0xf111_0000 + i).toString(16).padStart(40, "0")}`);

// ---------------------------------------------------------------- fixture

/**
 * The market fixture and a consortium of three: creator (weight 50), otherCreator (30) and collab1
 * (20); 60 % to pass, so any two of creator and another, or all three, pass; creator alone does not.
 */
async function consortiumFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const factory = await conn.viem.deployContract("ConsortiumFactory");
  const { creator, otherCreator, collab1 } = f.wallets;
  const founders = { a: creator, b: otherCreator, c: collab1 };
  const weights = { a: 50n, b: 30n, c: 20n };
  const hash = await factory.write.createConsortium([
    f.market.address,
    [addr(creator), addr(otherCreator), addr(collab1)],
    [weights.a, weights.b, weights.c],
    THRESHOLD_BPS,
    LIFETIME,
  ]);
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: "ConsortiumCreated" });
  assert.ok(created, "a ConsortiumCreated event");
  const consortium = await conn.viem.getContractAt("Consortium", created.args.consortium);
  return { ...f, factory, consortium, founders, weights, createdReceipt: receipt, splitId: created.args.splitId };
}
type CFixture = Fixture & Awaited<ReturnType<typeof consortiumFixture>>;
const load = () => {
  sales = 0;
  return networkHelpers.loadFixture(consortiumFixture) as Promise<CFixture>;
};

// ---------------------------------------------------------------- helpers

async function receiptOf(f: Fixture, hash: Hash | Promise<Hash>) {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

async function expectError(
  f: CFixture,
  call: Promise<unknown>,
  name: ConsortiumError,
  args: readonly unknown[],
): Promise<void> {
  await viem.assertions.revertWithCustomErrorWithArgs(call, f.consortium, name, [...args] as never);
}

async function propose(f: CFixture, action: ProposalAction, by: WalletClient = f.founders.a): Promise<bigint> {
  const { kind, payload } = encodeProposal(action);
  await receiptOf(f, f.consortium.write.propose([kind, payload], { account: by.account }));
  return f.consortium.read.proposalCount();
}

async function vote(f: CFixture, id: bigint, voters: WalletClient[], support = true) {
  for (const v of voters) await receiptOf(f, f.consortium.write.vote([id, support], { account: v.account }));
}

/** Proposes, gets creator's and otherCreator's yes (80 of 100), and has a stranger execute. */
async function enact(f: CFixture, action: ProposalAction, voters: WalletClient[] = [f.founders.a, f.founders.b]) {
  const id = await propose(f, action, voters[0]);
  await vote(f, id, voters);
  const receipt = await receiptOf(f, f.consortium.write.execute([id], { account: f.wallets.stranger.account }));
  return { id, receipt };
}

/** Pools `assetId` (its controller nominates the consortium first). */
async function pool(f: CFixture, assetId: bigint, controller: WalletClient = f.wallets.creator) {
  await f.market.write.nominateAssetController([assetId, f.consortium.address], { account: controller.account });
  return enact(f, { kind: "ADD_ASSET", assetId });
}

const pooledOffer = (f: CFixture, changes: Partial<PooledOfferParams> = {}): PooledOfferParams => ({
  assetId: f.assets.model,
  termsId: f.terms.worldwideLocked.id,
  price: parseEther("0.05"),
  currency: NATIVE,
  duration: 30n * DAY,
  maxSupply: 0,
  allVersions: false,
  arbiter: zeroAddress,
  royaltyBps: 0,
  ...changes,
});

/** Publishes a pooled offer by proposal; returns its handle for `buy`. */
async function publish(f: CFixture, offer: PooledOfferParams): Promise<OfferHandle> {
  const { receipt } = await enact(f, { kind: "PUBLISH_OFFER", offer });
  const [event] = parseEventLogs({ abi: f.consortium.abi, logs: receipt.logs, eventName: "PooledOfferPublished" });
  assert.ok(event, "a PooledOfferPublished event");
  const info = await f.market.read.offers([event.args.offerId]);
  return { id: event.args.offerId, params: { ...offer, splitId: f.splitId }, termsHash: info.termsHash };
}

/** The model asset pooled and an ETH and a USDC offer on it. */
async function withOffers(f: CFixture) {
  await pool(f, f.assets.model);
  const eth = await publish(f, pooledOffer(f));
  const usdc = await publish(f, pooledOffer(f, { price: 25_000_000n, currency: f.tokens.usdc.address }));
  return { eth, usdc };
}

/** Index of `splitId` among OfferParams' ten words. */
const SPLIT_WORD = 7;
/** `payload` with its `index`-th 32-byte word replaced by `value`. */
const withWord = (payload: Hex, index: number, value: bigint): Hex =>
  `${payload.slice(0, 2 + 64 * index)}${value.toString(16).padStart(64, "0")}${payload.slice(2 + 64 * (index + 1))}` as Hex;

const netOf = (price: bigint) => feeOf(price, PROTOCOL_FEE_BPS).net;

/** Claims as `who` and returns what it received (ETH net of gas) and the amount the event reports. */
async function claim(f: CFixture, who: WalletClient, currency: Address = NATIVE) {
  const before =
    currency === NATIVE
      ? await f.publicClient.getBalance({ address: who.account.address })
      : await f.tokens.usdc.read.balanceOf([who.account.address]);
  const receipt = await receiptOf(f, f.consortium.write.claim([currency], { account: who.account }));
  const after =
    currency === NATIVE
      ? await f.publicClient.getBalance({ address: who.account.address })
      : await f.tokens.usdc.read.balanceOf([who.account.address]);
  const gas = currency === NATIVE ? receipt.gasUsed * receipt.effectiveGasPrice : 0n;
  const [event] = parseEventLogs({ abi: f.consortium.abi, logs: receipt.logs, eventName: "RevenueClaimed" });
  assert.ok(event, "a RevenueClaimed event");
  assert.equal(after - before + gas, event.args.amount, "received what RevenueClaimed reports");
  return event.args.amount;
}

/** Accounts the market fixture does not use: outside buyers, a fresh one for each sale in a test. */
const outsiders = (await viem.getWalletClients()).slice(11);
let sales = 0;
/** An outside buyer purchases under `offer` (a different buyer each sale, so none is licensed already). */
async function sell(f: CFixture, offer: OfferHandle) {
  const from = outsiders[sales++ % outsiders.length];
  assert.ok(from, "an outside buyer");
  return buy(f, offer, { from });
}

// ---------------------------------------------------------------- tests

describe("Consortium", () => {
  describe("creation", () => {
    it("creates a consortium with its own fixed split, records it, and emits every setup event", async () => {
      const f = await load();
      const { consortium, factory, market, founders, createdReceipt } = f;
      assert.equal(await factory.read.isConsortium([consortium.address]), true);
      assert.equal(await factory.read.isConsortium([addr(f.wallets.stranger)]), false);
      assert.equal(await factory.read.consortiumCount(), 1n);
      assert.equal(getAddress(await factory.read.consortiumAt([0n])), getAddress(consortium.address));

      const split = await market.read.split([f.splitId]);
      assert.deepEqual(
        split.recipients.map((a) => getAddress(a)),
        [getAddress(consortium.address)],
      );
      assert.deepEqual(split.bps, [10_000]);
      assert.equal(split.controller, zeroAddress, "a fixed split: nobody can revise it");
      assert.equal(await consortium.read.splitId(), f.splitId);
      assert.equal(getAddress(await consortium.read.market()), getAddress(market.address));
      assert.equal(await consortium.read.thresholdBps(), THRESHOLD_BPS);
      assert.equal(await consortium.read.lifetime(), LIFETIME);
      assert.equal(await consortium.read.totalWeight(), 100n);
      assert.equal(await consortium.read.epoch(), 0);
      const [accounts, weights] = await consortium.read.members();
      assert.deepEqual(
        accounts.map((a) => getAddress(a)),
        [addr(founders.a), addr(founders.b), addr(founders.c)],
      );
      assert.deepEqual(weights, [50n, 30n, 20n]);
      assert.equal(await consortium.read.weightOf([addr(founders.b)]), 30n);
      assert.equal(await consortium.read.weightAt([addr(founders.b), 0]), 30n);
      assert.equal(await consortium.read.isMember([addr(founders.c)]), true);
      assert.equal(await consortium.read.isMember([addr(f.wallets.stranger)]), false);
      assert.deepEqual(await consortium.read.pooledAssets(), []);
      assert.deepEqual(await consortium.read.pooledOffers(), []);
      assert.deepEqual(await consortium.read.revenueCurrencies(), []);
      assert.equal(await consortium.read.proposalCount(), 0n);
      assert.equal(await consortium.read.MAX_MEMBERS(), 50n);

      const [created] = parseEventLogs({ abi: factory.abi, logs: createdReceipt.logs, eventName: "ConsortiumCreated" });
      assert.deepEqual(created?.args, {
        consortium: getAddress(consortium.address),
        market: getAddress(market.address),
        creator: addr(f.wallets.admin),
        splitId: f.splitId,
      });
      const own = createdReceipt.logs.filter((l) => getAddress(l.address) === getAddress(consortium.address));
      const configured = parseEventLogs({ abi: consortium.abi, logs: own, eventName: "ConsortiumConfigured" });
      assert.deepEqual(configured[0]?.args, {
        market: getAddress(market.address),
        splitId: f.splitId,
        thresholdBps: THRESHOLD_BPS,
        lifetime: LIFETIME,
      });
      const admitted = parseEventLogs({ abi: consortium.abi, logs: own, eventName: "MemberAdmitted" });
      assert.deepEqual(
        admitted.map((e) => [e.args.account, e.args.weight]),
        [
          [addr(founders.a), 50n],
          [addr(founders.b), 30n],
          [addr(founders.c), 20n],
        ],
      );
      const splitEvents = parseEventLogs({ abi: market.abi, logs: createdReceipt.logs, eventName: "SplitCreated" });
      assert.equal(splitEvents[0]?.args.splitId, f.splitId);
    });

    it("rejects nonsense: no members, too many, mismatched, zero or duplicate members, zero weight, bad threshold or lifetime", async () => {
      const f = await load();
      const create = (accounts: Address[], weights: bigint[], threshold = THRESHOLD_BPS, lifetime = LIFETIME) =>
        f.factory.write.createConsortium([f.market.address, accounts, weights, threshold, lifetime]);
      const a = addr(f.wallets.buyer);
      const b = addr(f.wallets.buyer2);
      await expectError(f, create([], []), "ConsortiumNoMembers", []);
      const many = Array.from({ length: 51 }, (_, i) => filler(i));
      await expectError(
        f,
        create(
          many,
          many.map(() => 1n),
        ),
        "ConsortiumTooManyMembers",
        [51n, 50n],
      );
      await expectError(f, create([a, b], [1n]), "ConsortiumLengthMismatch", [2n, 1n]);
      await expectError(f, create([a, zeroAddress], [1n, 1n]), "ConsortiumInvalidMember", [zeroAddress]);
      await expectError(f, create([a, b, a], [1n, 1n, 1n]), "ConsortiumAlreadyMember", [a]);
      await expectError(f, create([a, b], [1n, 0n]), "ConsortiumZeroWeight", [b]);
      await expectError(f, create([a], [1n], 5_000), "ConsortiumInvalidThreshold", [5_000n, 5_001n, 10_000n]);
      await expectError(f, create([a], [1n], 10_001), "ConsortiumInvalidThreshold", [10_001n, 5_001n, 10_000n]);
      await expectError(f, create([a], [1n], 6_000, 0n), "ConsortiumInvalidLifetime", [0n, 3_600n, 365n * DAY]);
      await expectError(f, create([a], [1n], 6_000, 365n * DAY + 1n), "ConsortiumInvalidLifetime", [
        365n * DAY + 1n,
        3_600n,
        365n * DAY,
      ]);
      // The limits themselves are accepted: 50 members, unanimity, the shortest and longest lifetimes.
      const fifty = many.slice(0, 50);
      await receiptOf(
        f,
        create(
          fifty,
          fifty.map(() => 1n),
          10_000,
          3_600n,
        ),
      );
      await receiptOf(f, create([a], [1n], 5_001, 365n * DAY));
      assert.equal(await f.factory.read.consortiumCount(), 3n);
    });
  });

  describe("pooling and revenue", () => {
    it("pools contributed assets, publishes pooled offers on its own split, and shares ETH and USDC sales by weight to the wei", async () => {
      const f = await load();
      const { consortium, market, founders } = f;
      // creator contributes the model, otherCreator the foreign model.
      await market.write.nominateAssetController([f.assets.model, consortium.address], { account: founders.a.account });
      const addId = await propose(f, { kind: "ADD_ASSET", assetId: f.assets.model });
      await vote(f, addId, [founders.a, founders.c]); // 70 of 100
      const exec = consortium.write.execute([addId], { account: f.wallets.stranger.account });
      await viem.assertions.emitWithArgs(exec, consortium, "ProposalExecuted", [addId, addr(f.wallets.stranger)]);
      assert.equal((await market.read.assetInfo([f.assets.model])).controller, getAddress(consortium.address));
      const pooled = await pool(f, f.assets.foreign, f.wallets.otherCreator);
      const [pooledEvent] = parseEventLogs({
        abi: consortium.abi,
        logs: pooled.receipt.logs,
        eventName: "AssetPooled",
      });
      assert.equal(pooledEvent?.args.assetId, f.assets.foreign);
      assert.deepEqual(await consortium.read.pooledAssets(), [f.assets.model, f.assets.foreign]);
      assert.equal(await consortium.read.isPooled([f.assets.foreign]), true);

      // The proposer names another split: the consortium stores and uses its own.
      const { kind, payload } = encodeProposal({ kind: "PUBLISH_OFFER", offer: pooledOffer(f) });
      const tampered = withWord(payload, SPLIT_WORD, f.splits.solo.id);
      await receiptOf(f, consortium.write.propose([kind, tampered], { account: founders.b.account }));
      const offerProposal = await consortium.read.proposalCount();
      const stored = await consortium.read.proposal([offerProposal]);
      assert.equal(stored.payload, withWord(payload, SPLIT_WORD, f.splitId), "splitId forced to the consortium's");
      await vote(f, offerProposal, [founders.a, founders.b]);
      const ethOfferId = (await market.read.counts())[1] + 1n;
      await viem.assertions.emitWithArgs(
        consortium.write.execute([offerProposal]),
        consortium,
        "PooledOfferPublished",
        [ethOfferId, f.assets.model],
      );
      assert.equal((await market.read.offers([ethOfferId])).splitId, f.splitId, "the offer pays the consortium");
      const eth: OfferHandle = {
        id: ethOfferId,
        params: { ...pooledOffer(f), splitId: f.splitId },
        termsHash: f.terms.worldwideLocked.hash,
      };
      const usdc = await publish(f, pooledOffer(f, { price: 25_000_000n, currency: f.tokens.usdc.address }));
      assert.deepEqual(await consortium.read.pooledOffers(), [ethOfferId, usdc.id]);

      // Outside buyers purchase as usual.
      await sell(f, eth);
      await sell(f, eth);
      await sell(f, usdc);
      const ethNet = 2n * netOf(parseEther("0.05"));
      const usdcNet = netOf(25_000_000n);
      assert.equal(await consortium.read.unsynced([NATIVE]), ethNet);
      assert.equal(await consortium.read.owed([addr(founders.a), NATIVE]), 0n, "nothing owed before a sync");

      const synced = consortium.write.sync([NATIVE], { account: f.wallets.stranger.account });
      await viem.assertions.emitWithArgs(synced, consortium, "RevenueSynced", [
        NATIVE,
        ethNet,
        (ethNet * 10n ** 18n) / 100n,
      ]);
      assert.equal(await consortium.read.unsynced([NATIVE]), 0n);
      assert.equal(await market.read.pendingRevenue([f.splitId, NATIVE]), 0n);
      assert.equal(await f.publicClient.getBalance({ address: consortium.address }), ethNet);
      await receiptOf(f, consortium.write.sync([f.tokens.usdc.address]));
      assert.deepEqual(await consortium.read.revenueCurrencies(), [NATIVE, getAddress(f.tokens.usdc.address)]);

      for (const [who, w] of [
        [founders.a, 50n],
        [founders.b, 30n],
        [founders.c, 20n],
      ] as const) {
        assert.equal(await consortium.read.owed([addr(who), NATIVE]), (ethNet * w) / 100n);
        assert.equal(await consortium.read.owed([addr(who), f.tokens.usdc.address]), (usdcNet * w) / 100n);
        assert.equal(await claim(f, who, NATIVE), (ethNet * w) / 100n, "ETH by weight, to the wei");
        assert.equal(await claim(f, who, f.tokens.usdc.address), (usdcNet * w) / 100n, "USDC by weight, to the wei");
        assert.equal(await consortium.read.owed([addr(who), NATIVE]), 0n);
      }
      assert.equal(await f.publicClient.getBalance({ address: consortium.address }), 0n, "everything paid out");
      assert.equal(await f.tokens.usdc.read.balanceOf([consortium.address]), 0n);
      assert.equal(await consortium.read.undistributed([NATIVE]), 0n);

      // Cross-licensing: members are entitled to every version of a pooled asset, others not.
      for (const who of [founders.a, founders.b, founders.c]) {
        assert.equal(await consortium.read.accessExpiry([addr(who), f.assets.model, 1n]), MAX_UINT64);
        assert.equal(await consortium.read.accessExpiry([addr(who), f.assets.foreign, 1n]), MAX_UINT64);
      }
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.model, 0n]), 0n, "version 0");
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.model, 2n]), 0n, "no version 2");
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.dataset, 1n]), 0n, "not pooled");
      assert.equal(await consortium.read.accessExpiry([addr(f.wallets.buyer), f.assets.model, 1n]), 0n, "not a member");
      assert.equal(await market.read.isEntitled([addr(founders.c), f.assets.model]), false, "no token was bought");
    });

    it("claim syncs first; sync is anyone's, no-ops when nothing arrived, and copes with a split distributed by a stranger", async () => {
      const f = await load();
      const { eth } = await withOffers(f);
      await sell(f, eth);
      const net = netOf(parseEther("0.05"));
      // A claim alone pulls the sale from the market.
      assert.equal(await claim(f, f.founders.b), (net * 30n) / 100n);
      // Nothing arrived: sync returns 0 and emits nothing.
      assert.equal((await f.consortium.simulate.sync([NATIVE])).result, 0n);
      const quiet = await receiptOf(f, f.consortium.write.sync([NATIVE]));
      assert.equal(parseEventLogs({ abi: f.consortium.abi, logs: quiet.logs, eventName: "RevenueSynced" }).length, 0);
      // Someone distributes the consortium's split on the market: the revenue waits as its balance.
      await sell(f, eth);
      await f.market.write.distribute([f.splitId, NATIVE], { account: f.wallets.stranger.account });
      assert.equal(await f.market.read.withdrawable([f.consortium.address, NATIVE]), net);
      assert.equal(await f.consortium.read.unsynced([NATIVE]), net);
      assert.equal((await f.consortium.simulate.sync([NATIVE])).result, net);
      await receiptOf(f, f.consortium.write.sync([NATIVE]));
      assert.equal(await f.consortium.read.owed([addr(f.founders.a), NATIVE]), net);
      assert.equal(await f.consortium.read.owed([addr(f.founders.b), NATIVE]), (net * 30n) / 100n);
      // Only currencies the market lists.
      await expectError(f, f.consortium.write.sync([f.tokens.dai.address]), "ConsortiumCurrencyNotListed", [
        getAddress(f.tokens.dai.address),
      ]);
      await expectError(f, f.consortium.write.claim([f.tokens.dai.address]), "ConsortiumCurrencyNotListed", [
        getAddress(f.tokens.dai.address),
      ]);
    });

    it("admits, reweights and removes members mid-stream: revenue that arrived before a change keeps its weights", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const { eth } = await withOffers(f);
      const net = netOf(parseEther("0.05"));
      const newcomer = f.wallets.buyer3;

      // Sale 1 under 50/30/20, left unsynced; admitting the newcomer (weight 100) syncs it first.
      await sell(f, eth);
      const admit = await enact(f, { kind: "ADMIT_MEMBER", account: addr(newcomer), weight: 100n });
      const admitted = parseEventLogs({ abi: consortium.abi, logs: admit.receipt.logs, eventName: "MemberAdmitted" });
      assert.deepEqual(admitted[0]?.args, { account: addr(newcomer), weight: 100n });
      assert.equal(await consortium.read.totalWeight(), 200n);
      assert.equal(await consortium.read.epoch(), 1);
      assert.equal(await consortium.read.owed([addr(newcomer), NATIVE]), 0n, "nothing from before joining");

      // Sale 2 under 50/30/20/100; then creator is reweighted to 150 (sale 2 left unsynced first).
      await sell(f, eth);
      const reweight = await enact(f, { kind: "SET_WEIGHT", account: addr(founders.a), weight: 150n }, [
        founders.a,
        newcomer,
      ]);
      const [changed] = parseEventLogs({
        abi: consortium.abi,
        logs: reweight.receipt.logs,
        eventName: "MemberWeightChanged",
      });
      assert.deepEqual(changed?.args, { account: addr(founders.a), oldWeight: 50n, newWeight: 150n });
      assert.equal(await consortium.read.totalWeight(), 300n);

      // Sale 3 under 150/30/20/100; then collab1 is removed (sale 3 unsynced first).
      await sell(f, eth);
      const removal = await enact(f, { kind: "REMOVE_MEMBER", account: addr(founders.c) }, [founders.a, newcomer]);
      assert.equal(
        parseEventLogs({ abi: consortium.abi, logs: removal.receipt.logs, eventName: "MemberRemoved" })[0]?.args
          .account,
        addr(founders.c),
      );
      assert.equal(await consortium.read.totalWeight(), 280n);
      assert.equal(await consortium.read.epoch(), 3);
      // Sale 4 under 150/30/100.
      await sell(f, eth);
      await receiptOf(f, consortium.write.sync([NATIVE]));

      const expected = {
        a: (net * 50n) / 100n + (net * 50n) / 200n + (net * 150n) / 300n + (net * 150n) / 280n,
        b: (net * 30n) / 100n + (net * 30n) / 200n + (net * 30n) / 300n + (net * 30n) / 280n,
        c: (net * 20n) / 100n + (net * 20n) / 200n + (net * 20n) / 300n,
        d: (net * 100n) / 200n + (net * 100n) / 300n + (net * 100n) / 280n,
      };
      // net * w / 280 is not whole for every w: owed is floored, the remainder is carried dust.
      assert.equal(await consortium.read.owed([addr(founders.a), NATIVE]), expected.a);
      assert.equal(await consortium.read.owed([addr(founders.b), NATIVE]), expected.b);
      assert.equal(await consortium.read.owed([addr(founders.c), NATIVE]), expected.c, "the leaver keeps its due");
      assert.equal(await consortium.read.owed([addr(newcomer), NATIVE]), expected.d);
      const total = 4n * net;
      const owedSum = expected.a + expected.b + expected.c + expected.d;
      assert.equal(await consortium.read.undistributed([NATIVE]), total - owedSum, "dust accounted to the wei");
      assert.equal(await claim(f, founders.c), expected.c, "a former member claims what it accrued");
      assert.equal(await claim(f, newcomer), expected.d);
      await expectError(
        f,
        consortium.write.claim([NATIVE], { account: founders.c.account }),
        "ConsortiumNothingToClaim",
        [addr(founders.c), NATIVE],
      );
    });

    it("a departing member keeps its accrued revenue and loses accessExpiry; a readmitted one starts afresh", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const { eth, usdc } = await withOffers(f);
      await sell(f, eth);
      await sell(f, usdc);
      assert.equal(await consortium.read.accessExpiry([addr(founders.c), f.assets.model, 1n]), MAX_UINT64);
      await enact(f, { kind: "REMOVE_MEMBER", account: addr(founders.c) });
      assert.equal(await consortium.read.isMember([addr(founders.c)]), false);
      assert.equal(await consortium.read.accessExpiry([addr(founders.c), f.assets.model, 1n]), 0n);
      const [accounts] = await consortium.read.members();
      assert.deepEqual(accounts.map((a) => getAddress(a)).sort(), [addr(founders.a), addr(founders.b)].sort());
      // Sales after the departure are not shared with the leaver.
      await sell(f, eth);
      await receiptOf(f, consortium.write.sync([NATIVE]));
      assert.equal(await consortium.read.owed([addr(founders.c), NATIVE]), (netOf(parseEther("0.05")) * 20n) / 100n);
      assert.equal(
        await consortium.read.owed([addr(founders.c), f.tokens.usdc.address]),
        (netOf(25_000_000n) * 20n) / 100n,
      );
      // Readmitted with weight 10: earlier dues kept, new revenue at the new weight (total 90).
      await enact(f, { kind: "ADMIT_MEMBER", account: addr(founders.c), weight: 10n });
      assert.equal(await consortium.read.accessExpiry([addr(founders.c), f.assets.model, 1n]), MAX_UINT64);
      await sell(f, eth);
      const net = netOf(parseEther("0.05"));
      assert.equal(await claim(f, founders.c), (net * 20n) / 100n + (net * 10n) / 90n);
      assert.equal(await claim(f, founders.c, f.tokens.usdc.address), (netOf(25_000_000n) * 20n) / 100n);
    });

    it("carries rounding dust into the next arrival: never lost, never paid twice", async () => {
      const f = await load();
      const { factory, market } = f;
      const trio = [f.wallets.buyer, f.wallets.buyer2, f.wallets.buyer3];
      const receipt = await receiptOf(
        f,
        factory.write.createConsortium([market.address, trio.map(addr), [1n, 1n, 1n], 6_000, LIFETIME]),
      );
      const [created] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: "ConsortiumCreated" });
      assert.ok(created);
      const consortium = await viem.getContractAt("Consortium", created.args.consortium);
      // An offer of 100 wei paying the trio's split (2 wei protocol fee: 98 arrive each sale).
      const params = { ...f.baseOffer, price: 100n, splitId: created.args.splitId };
      await market.write.createOffer([params], { account: f.wallets.creator.account });
      const offer: OfferHandle = {
        id: (await market.read.counts())[1],
        params,
        termsHash: f.terms.worldwideLocked.hash,
      };
      const g = { ...f, consortium } as CFixture;

      await sell(f, offer);
      await receiptOf(f, consortium.write.sync([NATIVE]));
      // 98 / 3: 32 wei each, 2 wei of dust.
      for (const who of trio) assert.equal(await consortium.read.owed([addr(who), NATIVE]), 32n);
      assert.equal(await consortium.read.undistributed([NATIVE]), 2n);
      for (const who of trio) assert.equal(await claim(g, who), 32n);
      assert.equal(await consortium.read.undistributed([NATIVE]), 2n, "claims move dust into the carry");
      // Next sale: 98 + 2 carried = 100 / 3: 33 each, 1 wei of dust.
      await sell(f, offer);
      await receiptOf(f, consortium.write.sync([NATIVE]));
      for (const who of trio) assert.equal(await consortium.read.owed([addr(who), NATIVE]), 33n);
      assert.equal(await consortium.read.undistributed([NATIVE]), 1n);
      assert.equal(3n * 32n + 3n * 33n + 1n, 2n * 98n, "claimed + owed + dust == received");
      assert.equal(await f.publicClient.getBalance({ address: consortium.address }), 3n * 33n + 1n);
    });
  });

  describe("governance", () => {
    it("tracks a proposal through its statuses, expiry and execution; a proposal executes once", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const { kind, payload } = encodeProposal({ kind: "ADD_ASSET", assetId: f.assets.model });
      const created = await receiptOf(f, consortium.write.propose([kind, payload], { account: founders.b.account }));
      const at = (await f.publicClient.getBlock({ blockNumber: created.blockNumber })).timestamp;
      const [createdEvent] = parseEventLogs({ abi: consortium.abi, logs: created.logs, eventName: "ProposalCreated" });
      assert.deepEqual(createdEvent?.args, {
        proposalId: 1n,
        creator: addr(founders.b),
        kind: Kind.ADD_ASSET,
        payload,
        snapshot: 0,
        expiresAt: at + LIFETIME,
      });
      let info = await consortium.read.proposal([1n]);
      assert.deepEqual(info, {
        kind: Kind.ADD_ASSET,
        payload,
        creator: addr(founders.b),
        createdAt: at,
        expiresAt: at + LIFETIME,
        snapshot: 0,
        totalWeight: 100n,
        yesWeight: 0n,
        noWeight: 0n,
        status: Status.ACTIVE,
      });
      await viem.assertions.emitWithArgs(
        consortium.write.vote([1n, true], { account: founders.a.account }),
        consortium,
        "Voted",
        [1n, addr(founders.a), true, 50n],
      );
      assert.equal(await consortium.read.hasVoted([1n, addr(founders.a)]), true);
      assert.equal(await consortium.read.hasVoted([1n, addr(founders.b)]), false);
      // 50 of the 60 needed.
      await expectError(f, consortium.write.execute([1n]), "ConsortiumProposalNotPassed", [1n, 50n, 60n]);
      await vote(f, 1n, [founders.c]);
      info = await consortium.read.proposal([1n]);
      assert.equal(info.yesWeight, 70n);
      assert.equal(info.status, Status.PASSED);
      // Passed, but the asset was never nominated: execution fails and can be retried later.
      await viem.assertions.revertWithCustomErrorWithArgs(
        consortium.write.execute([1n]),
        f.market,
        "NotPendingAssetController",
        [f.assets.model, getAddress(consortium.address)],
      );
      await f.market.write.nominateAssetController([f.assets.model, consortium.address], {
        account: f.wallets.creator.account,
      });
      await receiptOf(f, consortium.write.execute([1n]));
      assert.equal((await consortium.read.proposal([1n])).status, Status.EXECUTED);
      await expectError(f, consortium.write.execute([1n]), "ConsortiumProposalAlreadyExecuted", [1n]);
      await expectError(
        f,
        consortium.write.vote([1n, true], { account: founders.b.account }),
        "ConsortiumProposalAlreadyExecuted",
        [1n],
      );

      // Defeated: 50 no of 100 leaves at most 50 yes, below 60.
      const defeated = await propose(f, { kind: "ADD_ASSET", assetId: f.assets.dataset });
      await vote(f, defeated, [founders.a], false);
      assert.equal((await consortium.read.proposal([defeated])).noWeight, 50n);
      assert.equal((await consortium.read.proposal([defeated])).status, Status.DEFEATED);
      await expectError(f, consortium.write.execute([defeated]), "ConsortiumProposalNotPassed", [defeated, 0n, 60n]);

      // Expiry: passed but not executed within its lifetime.
      const late = await propose(f, { kind: "ADD_ASSET", assetId: f.assets.extra3 });
      await vote(f, late, [founders.a, founders.b]);
      const { expiresAt } = await consortium.read.proposal([late]);
      await networkHelpers.time.increaseTo(expiresAt - 1n);
      assert.equal((await consortium.read.proposal([late])).status, Status.PASSED);
      await networkHelpers.time.increaseTo(expiresAt);
      assert.equal((await consortium.read.proposal([late])).status, Status.EXPIRED);
      await expectError(f, consortium.write.execute([late]), "ConsortiumProposalExpired", [late, expiresAt]);
      await expectError(
        f,
        consortium.write.vote([late, true], { account: founders.c.account }),
        "ConsortiumProposalExpired",
        [late, expiresAt],
      );
      await expectError(f, consortium.write.execute([99n]), "ConsortiumProposalNotFound", [99n]);
      await expectError(f, consortium.read.proposal([0n]), "ConsortiumProposalNotFound", [0n]);
      await expectError(
        f,
        consortium.write.vote([99n, true], { account: founders.a.account }),
        "ConsortiumProposalNotFound",
        [99n],
      );
    });

    it("rejects proposals and votes from non-members", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const stranger = f.wallets.stranger;
      const { kind, payload } = encodeProposal({ kind: "ADD_ASSET", assetId: f.assets.model });
      await expectError(
        f,
        consortium.write.propose([kind, payload], { account: stranger.account }),
        "ConsortiumNotMember",
        [addr(stranger)],
      );
      const id = await propose(f, { kind: "ADD_ASSET", assetId: f.assets.model });
      await expectError(f, consortium.write.vote([id, true], { account: stranger.account }), "ConsortiumNotMember", [
        addr(stranger),
      ]);
      // A member removed after the proposal's creation had weight at its snapshot, but may no longer vote.
      await enact(f, { kind: "REMOVE_MEMBER", account: addr(founders.c) });
      await expectError(f, consortium.write.vote([id, true], { account: founders.c.account }), "ConsortiumNotMember", [
        addr(founders.c),
      ]);
      await expectError(
        f,
        consortium.write.propose([kind, payload], { account: founders.c.account }),
        "ConsortiumNotMember",
        [addr(founders.c)],
      );
    });

    it("validates every kind of proposal when proposed and again when executed", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const bad = (action: ProposalAction, name: ConsortiumError, args: readonly unknown[]) => {
        const { kind, payload } = encodeProposal(action);
        return expectError(f, consortium.write.propose([kind, payload], { account: founders.a.account }), name, args);
      };
      const stranger = addr(f.wallets.stranger);
      // Payload lengths.
      await expectError(
        f,
        consortium.write.propose([Kind.ADMIT_MEMBER, "0x1234"], { account: founders.a.account }),
        "ConsortiumInvalidPayload",
        [Kind.ADMIT_MEMBER, 2n],
      );
      await expectError(
        f,
        consortium.write.propose([Kind.PUBLISH_OFFER, `0x${"00".repeat(64)}`], { account: founders.a.account }),
        "ConsortiumInvalidPayload",
        [Kind.PUBLISH_OFFER, 64n],
      );
      await expectError(
        f,
        consortium.write.propose([Kind.REMOVE_MEMBER, `0x${"00".repeat(64)}`], { account: founders.a.account }),
        "ConsortiumInvalidPayload",
        [Kind.REMOVE_MEMBER, 64n],
      );
      // Membership.
      await bad({ kind: "ADMIT_MEMBER", account: zeroAddress, weight: 1n }, "ConsortiumInvalidMember", [zeroAddress]);
      await bad({ kind: "ADMIT_MEMBER", account: addr(founders.b), weight: 1n }, "ConsortiumAlreadyMember", [
        addr(founders.b),
      ]);
      await bad({ kind: "ADMIT_MEMBER", account: stranger, weight: 0n }, "ConsortiumZeroWeight", [stranger]);
      await bad({ kind: "REMOVE_MEMBER", account: stranger }, "ConsortiumNotMember", [stranger]);
      await bad({ kind: "SET_WEIGHT", account: stranger, weight: 5n }, "ConsortiumNotMember", [stranger]);
      await bad({ kind: "SET_WEIGHT", account: addr(founders.b), weight: 0n }, "ConsortiumZeroWeight", [
        addr(founders.b),
      ]);
      // Assets and offers.
      await bad({ kind: "RELEASE_ASSET", assetId: f.assets.model, to: stranger }, "ConsortiumAssetNotPooled", [
        f.assets.model,
      ]);
      await bad({ kind: "PUBLISH_OFFER", offer: pooledOffer(f) }, "ConsortiumAssetNotPooled", [f.assets.model]);
      await expectError(
        f,
        consortium.write.propose(
          [Kind.SET_OFFER_STATUS, encodeAbiParameters([{ type: "uint256" }, { type: "uint8" }], [1n, 0])],
          {
            account: founders.a.account,
          },
        ),
        "ConsortiumInvalidOfferStatus",
        [OfferStatus.NONE],
      );
      await pool(f, f.assets.model);
      await bad({ kind: "ADD_ASSET", assetId: f.assets.model }, "ConsortiumAssetAlreadyPooled", [f.assets.model]);
      await bad({ kind: "RELEASE_ASSET", assetId: f.assets.model, to: zeroAddress }, "ConsortiumInvalidRecipient", [
        zeroAddress,
      ]);

      // Valid when proposed, stale when executed: checked again.
      const admitTwice = [
        await propose(f, { kind: "ADMIT_MEMBER", account: stranger, weight: 5n }),
        await propose(f, { kind: "ADMIT_MEMBER", account: stranger, weight: 7n }),
      ];
      for (const id of admitTwice) await vote(f, id, [founders.a, founders.b]);
      await receiptOf(f, consortium.write.execute([admitTwice[0] ?? 0n]));
      await expectError(f, consortium.write.execute([admitTwice[1] ?? 0n]), "ConsortiumAlreadyMember", [stranger]);
      assert.equal(await consortium.read.weightOf([stranger]), 5n);

      // The last member cannot leave: a consortium of one.
      const solo = await receiptOf(
        f,
        f.factory.write.createConsortium([f.market.address, [addr(founders.a)], [1n], 10_000, LIFETIME]),
      );
      const [created] = parseEventLogs({ abi: f.factory.abi, logs: solo.logs, eventName: "ConsortiumCreated" });
      assert.ok(created);
      const one = await viem.getContractAt("Consortium", created.args.consortium);
      const removal = encodeProposal({ kind: "REMOVE_MEMBER", account: addr(founders.a) });
      await viem.assertions.revertWithCustomErrorWithArgs(
        one.write.propose([removal.kind, removal.payload], { account: founders.a.account }),
        one,
        "ConsortiumLastMember",
        [addr(founders.a)],
      );

      // Fifty members: a fifty-first cannot be admitted.
      const fifty = [addr(founders.a), ...Array.from({ length: 49 }, (_, i) => filler(i))];
      const full = await receiptOf(
        f,
        f.factory.write.createConsortium([f.market.address, fifty, fifty.map(() => 1n), 5_001, LIFETIME]),
      );
      const [fullEvent] = parseEventLogs({ abi: f.factory.abi, logs: full.logs, eventName: "ConsortiumCreated" });
      assert.ok(fullEvent);
      const crowded = await viem.getContractAt("Consortium", fullEvent.args.consortium);
      const admission = encodeProposal({ kind: "ADMIT_MEMBER", account: stranger, weight: 1n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        crowded.write.propose([admission.kind, admission.payload], { account: founders.a.account }),
        crowded,
        "ConsortiumTooManyMembers",
        [51n, 50n],
      );
    });

    it("pauses, resumes and closes a pooled offer; releases a pooled asset; re-pooling an unaccepted release cancels it", async () => {
      const f = await load();
      const { consortium, market, founders } = f;
      const { eth } = await withOffers(f);
      const paused = await enact(f, { kind: "SET_OFFER_STATUS", offerId: eth.id, status: "PAUSED" });
      const [statusEvent] = parseEventLogs({
        abi: consortium.abi,
        logs: paused.receipt.logs,
        eventName: "PooledOfferStatusSet",
      });
      assert.deepEqual(statusEvent?.args, { offerId: eth.id, status: OfferStatus.PAUSED });
      assert.equal((await market.read.offers([eth.id])).status, OfferStatus.PAUSED);
      await enact(f, { kind: "SET_OFFER_STATUS", offerId: eth.id, status: "ACTIVE" });
      await sell(f, eth);
      await enact(f, { kind: "SET_OFFER_STATUS", offerId: eth.id, status: "CLOSED" });
      assert.equal((await market.read.offers([eth.id])).status, OfferStatus.CLOSED);

      // Release the model to otherCreator: members lose access at once; the nominee accepts.
      const released = await enact(f, { kind: "RELEASE_ASSET", assetId: f.assets.model, to: addr(founders.b) });
      const [releaseEvent] = parseEventLogs({
        abi: consortium.abi,
        logs: released.receipt.logs,
        eventName: "AssetReleased",
      });
      assert.deepEqual(releaseEvent?.args, { assetId: f.assets.model, to: addr(founders.b) });
      assert.deepEqual(await consortium.read.pooledAssets(), []);
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.model, 1n]), 0n);
      assert.equal((await market.read.assetInfo([f.assets.model])).pendingController, addr(founders.b));

      // Not yet accepted: re-pooling takes it back by cancelling the nomination.
      await enact(f, { kind: "ADD_ASSET", assetId: f.assets.model });
      assert.equal((await market.read.assetInfo([f.assets.model])).pendingController, zeroAddress);
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.model, 1n]), MAX_UINT64);

      // Released again, and accepted this time.
      await pool(f, f.assets.dataset);
      await enact(f, { kind: "RELEASE_ASSET", assetId: f.assets.model, to: addr(founders.b) });
      assert.deepEqual(await consortium.read.pooledAssets(), [f.assets.dataset]);
      await market.write.acceptAssetController([f.assets.model], { account: founders.b.account });
      assert.equal((await market.read.assetInfo([f.assets.model])).controller, addr(founders.b));
      assert.equal(await consortium.read.accessExpiry([addr(founders.a), f.assets.model, 1n]), 0n);
      // Revenue from before the release is still shared.
      assert.equal(await claim(f, founders.a), (netOf(parseEther("0.05")) * 50n) / 100n);
    });

    it("a currency whose payouts fail does not freeze membership changes", async () => {
      const f = await load();
      const { consortium, market, founders } = f;
      const reverting = f.tokens.reverting;
      // Anyone may publish an offer paying the consortium's split: here, in a token that can freeze.
      const params = {
        ...f.baseOffer,
        assetId: f.assets.extra4,
        price: 1_000n,
        currency: reverting.address,
        splitId: f.splitId,
      };
      await market.write.createOffer([params], { account: f.wallets.creator.account });
      const offer: OfferHandle = {
        id: (await market.read.counts())[1],
        params,
        termsHash: f.terms.worldwideLocked.hash,
      };
      const buyer = outsiders[0];
      assert.ok(buyer);
      await reverting.write.mint([buyer.account.address, 1_000n]);
      await reverting.write.approve([market.address, 1_000n], { account: buyer.account });
      await market.write.purchase([offer.id, buyer.account.address, 1_000n, offer.termsHash, "0x0000"], {
        account: buyer.account,
      });
      await reverting.write.setTransfersDisabled([true]);
      const { receipt } = await enact(f, { kind: "ADMIT_MEMBER", account: addr(f.wallets.stranger), weight: 10n });
      const [skipped] = parseEventLogs({ abi: consortium.abi, logs: receipt.logs, eventName: "RevenueSyncSkipped" });
      assert.equal(skipped?.args.currency, getAddress(reverting.address));
      assert.equal(await consortium.read.isMember([addr(f.wallets.stranger)]), true, "the admission went through");
      const net = netOf(1_000n);
      assert.equal(await consortium.read.unsynced([reverting.address]), net, "the revenue waits in the market");
      // A direct sync or claim in that currency reports the token's refusal.
      await viem.assertions.revertWithCustomError(
        consortium.write.sync([reverting.address]),
        reverting,
        "TransfersDisabled",
      );
      await reverting.write.setTransfersDisabled([false]);
      assert.equal((await consortium.simulate.sync([reverting.address])).result, net);
      await receiptOf(f, consortium.write.sync([reverting.address]));
      assert.equal(await consortium.read.owed([addr(founders.a), reverting.address]), (net * 50n) / 110n);
    });

    it("an executor cannot starve a sync of gas to push revenue past a membership change", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const { usdc } = await withOffers(f);
      await sell(f, usdc);
      const id = await propose(f, { kind: "ADMIT_MEMBER", account: addr(f.wallets.stranger), weight: 100n });
      await vote(f, id, [founders.a, founders.b]);
      const data = encodeFunctionData({ abi: consortium.abi, functionName: "execute", args: [id] });
      // Every gas limit either executes with the sale synced first, or reverts. Somewhere the token's
      // transfer runs out of gas inside the market's withdraw: that is ConsortiumSyncFailed, not a skip.
      const outcomes = new Set<string>();
      let lowest: bigint | undefined;
      for (let gas = 150_000n; gas <= 700_000n; gas += 2_000n) {
        try {
          await f.publicClient.call({ to: consortium.address, data, gas, account: f.wallets.stranger.account });
          outcomes.add("executed");
          lowest ??= gas;
        } catch (err) {
          const details = (err as { details?: string }).details ?? "";
          outcomes.add(/custom error '(\w+)/.exec(details)?.[1] ?? "reverted");
        }
      }
      assert.ok(outcomes.has("ConsortiumSyncFailed"), `ConsortiumSyncFailed among ${[...outcomes].join(", ")}`);
      assert.ok(!outcomes.has("RevenueSyncSkipped"));
      assert.ok(lowest !== undefined, "executes with enough gas");
      // At the lowest gas that executes, the sale was still synced first (no RevenueSyncSkipped).
      const receipt = await receiptOf(
        f,
        consortium.write.execute([id], { account: f.wallets.stranger.account, gas: lowest }),
      );
      assert.equal(
        parseEventLogs({ abi: consortium.abi, logs: receipt.logs, eventName: "RevenueSyncSkipped" }).length,
        0,
      );
      assert.equal(await consortium.read.unsynced([f.tokens.usdc.address]), 0n, "synced before the admission");
      assert.equal(await consortium.read.owed([addr(f.wallets.stranger), f.tokens.usdc.address]), 0n);
    });

    it("pays only through claims: rejects stray ETH, pays to another address, reports failed payouts", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const { eth } = await withOffers(f);
      await expectError(
        f,
        f.wallets.stranger.sendTransaction({ to: consortium.address, value: 1n }),
        "ConsortiumUnexpectedEth",
        [addr(f.wallets.stranger)],
      );
      await expectError(
        f,
        consortium.write.claim([NATIVE], { account: founders.a.account }),
        "ConsortiumNothingToClaim",
        [addr(founders.a), NATIVE],
      );
      await sell(f, eth);
      const share = (netOf(parseEther("0.05")) * 50n) / 100n;
      await expectError(
        f,
        consortium.write.claimTo([NATIVE, zeroAddress], { account: founders.a.account }),
        "ConsortiumInvalidRecipient",
        [zeroAddress],
      );
      const hostile = await viem.deployContract("HostilePayee", [0]);
      await expectError(
        f,
        consortium.write.claimTo([NATIVE, hostile.address], { account: founders.a.account }),
        "ConsortiumEthTransferFailed",
        [getAddress(hostile.address), share],
      );
      const to = addr(f.wallets.collab2);
      const before = await f.publicClient.getBalance({ address: to });
      await viem.assertions.emitWithArgs(
        consortium.write.claimTo([NATIVE, to], { account: founders.a.account }),
        consortium,
        "RevenueClaimed",
        [addr(founders.a), NATIVE, to, share],
      );
      assert.equal((await f.publicClient.getBalance({ address: to })) - before, share);
    });
  });

  describe("attacks", () => {
    it("attack: governance capture by flash-joined weight", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const attacker = f.wallets.stranger;
      await pool(f, f.assets.model);
      // The victim proposal: hand the pooled model to the attacker. creator votes no.
      const grab = await propose(f, { kind: "RELEASE_ASSET", assetId: f.assets.model, to: addr(attacker) }, founders.c);
      await vote(f, grab, [founders.c]);
      // The attacker gets admitted with overwhelming weight (colluding with a majority), and
      // collab1 is reweighted to 1,000 in the same breath.
      await enact(f, { kind: "ADMIT_MEMBER", account: addr(attacker), weight: 10_000n });
      await enact(f, { kind: "SET_WEIGHT", account: addr(founders.c), weight: 1_000n }, [founders.a, attacker]);
      assert.equal(await consortium.read.totalWeight(), 10_000n + 1_080n);
      // Weight gained after the proposal's creation cannot vote on it.
      await expectError(
        f,
        consortium.write.vote([grab, true], { account: attacker.account }),
        "ConsortiumNoWeightAtSnapshot",
        [grab, addr(attacker)],
      );
      const info = await consortium.read.proposal([grab]);
      assert.equal(info.snapshot, 0);
      assert.equal(info.totalWeight, 100n, "the threshold is of the snapshot's total");
      assert.equal(info.yesWeight, 20n, "collab1's yes counts its weight at the snapshot, not 1,000");
      assert.equal(await consortium.read.weightAt([addr(founders.c), info.snapshot]), 20n);
      assert.equal(await consortium.read.weightAt([addr(attacker), info.snapshot]), 0n);
      await expectError(f, consortium.write.execute([grab]), "ConsortiumProposalNotPassed", [grab, 20n, 60n]);
      // Nor on a proposal created earlier in the very block the admission executes in: the snapshot
      // is a membership epoch, not a block number.
      const accomplice = f.wallets.buyer;
      const admitId = await propose(f, { kind: "ADMIT_MEMBER", account: addr(accomplice), weight: 10_000n });
      await vote(f, admitId, [founders.a, attacker]);
      const target = encodeProposal({ kind: "RELEASE_ASSET", assetId: f.assets.model, to: addr(accomplice) });
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
      let sameBlock: bigint;
      try {
        const proposed = await consortium.write.propose([target.kind, target.payload], {
          account: founders.b.account,
          gas: 500_000n,
        });
        const admitted = await consortium.write.execute([admitId], {
          account: f.wallets.stranger.account,
          gas: 2_000_000n,
        });
        await networkHelpers.mine();
        const [r1, r2] = [
          await f.publicClient.getTransactionReceipt({ hash: proposed }),
          await f.publicClient.getTransactionReceipt({ hash: admitted }),
        ];
        assert.equal(r1.status, "success");
        assert.equal(r2.status, "success");
        assert.equal(r1.blockNumber, r2.blockNumber, "proposed and admitted in one block");
        sameBlock = await consortium.read.proposalCount();
      } finally {
        await connection.provider.request({ method: "evm_setAutomine", params: [true] });
      }
      assert.equal(await consortium.read.isMember([addr(accomplice)]), true);
      await expectError(
        f,
        consortium.write.vote([sameBlock, true], { account: accomplice.account }),
        "ConsortiumNoWeightAtSnapshot",
        [sameBlock, addr(accomplice)],
      );
      assert.equal((await consortium.read.proposal([grab])).status, Status.ACTIVE);
      assert.equal((await f.market.read.assetInfo([f.assets.model])).controller, getAddress(consortium.address));
    });

    it("attack: reentrant claim", async () => {
      const f = await load();
      const { factory, market } = f;
      const mallory = await viem.deployContract("ConsortiumReentrantMember");
      const honest = f.wallets.buyer;
      const receipt = await receiptOf(
        f,
        factory.write.createConsortium([market.address, [mallory.address, addr(honest)], [1n, 1n], 6_000, LIFETIME]),
      );
      const [created] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: "ConsortiumCreated" });
      assert.ok(created);
      const consortium = await viem.getContractAt("Consortium", created.args.consortium);
      await mallory.write.setConsortium([consortium.address]);
      const params = { ...f.baseOffer, price: parseEther("1"), splitId: created.args.splitId };
      await market.write.createOffer([params], { account: f.wallets.creator.account });
      const offer: OfferHandle = {
        id: (await market.read.counts())[1],
        params,
        termsHash: f.terms.worldwideLocked.hash,
      };
      await sell(f, offer);
      await sell(f, offer);
      const net = 2n * netOf(parseEther("1"));

      const claimData = encodeFunctionData({ abi: consortium.abi, functionName: "claim", args: [NATIVE] });
      await mallory.write.arm([claimData]);
      await mallory.write.call([claimData]);
      assert.equal(await mallory.read.attempted(), true);
      assert.equal(await mallory.read.succeeded(), false, "the re-entrant claim failed");
      const failure = await mallory.read.failure();
      const guard = encodeFunctionData({
        abi: [{ type: "function", name: "ReentrancyGuardReentrantCall", inputs: [] }],
        functionName: "ReentrancyGuardReentrantCall",
      });
      assert.equal(failure, guard, "stopped by the reentrancy guard");
      assert.equal(await f.publicClient.getBalance({ address: mallory.address }), net / 2n, "paid once");
      assert.equal(await consortium.read.owed([mallory.address, NATIVE]), 0n);
      assert.equal(await consortium.read.owed([addr(honest), NATIVE]), net / 2n, "the honest member's share intact");
      assert.equal(await f.publicClient.getBalance({ address: consortium.address }), net / 2n);
    });

    it("attack: vote twice", async () => {
      const f = await load();
      const { consortium, founders } = f;
      const id = await propose(f, { kind: "ADD_ASSET", assetId: f.assets.model });
      await vote(f, id, [founders.a]);
      await expectError(
        f,
        consortium.write.vote([id, true], { account: founders.a.account }),
        "ConsortiumAlreadyVoted",
        [id, addr(founders.a)],
      );
      await expectError(
        f,
        consortium.write.vote([id, false], { account: founders.a.account }),
        "ConsortiumAlreadyVoted",
        [id, addr(founders.a)],
      );
      // Leaving and rejoining does not reset a vote (nor does the rejoined weight count: snapshot).
      await enact(f, { kind: "REMOVE_MEMBER", account: addr(founders.a) }, [founders.b, founders.a]);
      await enact(f, { kind: "ADMIT_MEMBER", account: addr(founders.a), weight: 50n }, [founders.b, founders.c]);
      await expectError(
        f,
        consortium.write.vote([id, true], { account: founders.a.account }),
        "ConsortiumAlreadyVoted",
        [id, addr(founders.a)],
      );
      assert.equal((await consortium.read.proposal([id])).yesWeight, 50n);
    });
  });

  describe("gas and size", () => {
    it("a member's claim costs the same gas with 2, 10 and 50 members", async () => {
      const gas = await measureConsortiumClaims(viem);
      assert.equal(gas.consortiumClaim10, gas.consortiumClaim2);
      assert.equal(gas.consortiumClaim50, gas.consortiumClaim2);
    });

    // Under --coverage the artifacts hold instrumented bytecode, larger by design.
    const skip = hre.globalOptions.coverage ? "coverage instruments the bytecode" : false;
    it("Consortium and ConsortiumFactory fit in 24,576 bytes", { skip }, async () => {
      for (const name of ["Consortium", "ConsortiumFactory"] as const) {
        const { deployedBytecode } = await loadArtifact(name);
        const size = (deployedBytecode.length - 2) / 2;
        assert.ok(size > 0 && size <= 24_576, `${name} is ${size} bytes`);
      }
    });
  });
});
