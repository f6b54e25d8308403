/**
 * Refundable offers (ILicenseRefunds, answered at the market's address: LicenseMarket's fallback runs
 * LicenseMarketExtension by DELEGATECALL). A refundable sale's payment is held until its window
 * closes; within it the holder may hand the license back for the unused share less the penalty,
 * credited to its withdrawable balance; the rest is credited like a sale. Every expected amount is
 * derived from the documented formula at exact block timestamps, never copied from a run:
 *   refund = max(0, amount × (expiry − now) / paidSeconds − amount × penaltyBps / 10,000)
 *   (amount instead of the pro-rata share for a perpetual license), retained = amount − refund.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { artifacts, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  encodeErrorResult,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  parseEther,
  parseEventLogs,
  toFunctionSelector,
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
  LicenseStatus,
  licenseIdOf,
  NATIVE,
  NO_TERRITORY,
  now,
  type OfferHandle,
  type OfferParams,
  OfferStatus,
  PERPETUAL_EXPIRY,
  PROTOCOL_FEE_BPS,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

const addr = (w: { account: { address: Address } }) => getAddress(w.account.address);
const as = (w: { account: { address: Address } }) => ({ account: w.account as never });

/** LicenseMarketExtension's bound on a refund window: 365 days. */
const MAX_WINDOW = 365n * DAY;
const HOUR = 3600n;

interface Policy {
  window: number;
  penaltyBps: number;
}
type RefundableOffer = OfferHandle & { policy: Policy };

/** The market fixture plus refundable offers on five assets, and the refunds interface at the market. */
async function refundsFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const refunds = await conn.viem.getContractAt("ILicenseRefunds", f.market.address);
  const create = async (changes: Partial<OfferParams>, policy: Policy): Promise<RefundableOffer> => {
    const params = { ...f.baseOffer, ...changes };
    await refunds.write.createRefundableOffer([params, policy], as(f.wallets.creator));
    const id = (await counts(f)).offers;
    return { id, params, termsHash: (await f.market.read.offers([id])).termsHash, policy };
  };
  const refundable = {
    /** Model: 0.3 ETH + 7 wei (so the shares round), 30 days, 7-day window, 5 % penalty, an arbiter. */
    timed: await create(
      { price: parseEther("0.3") + 7n, arbiter: f.wallets.arbiter.account.address },
      { window: Number(7n * DAY), penaltyBps: 500 },
    ),
    /** extra3: 1 ETH, perpetual, 3-day window, 10 % penalty. */
    perpetual: await create(
      { assetId: f.assets.extra3, price: parseEther("1"), duration: 0n },
      { window: Number(3n * DAY), penaltyBps: 1_000 },
    ),
    /** Dataset: 25 USDC, 30 days, three-way split, 14-day window, 2.5 % penalty. */
    usdc: await create(
      { assetId: f.assets.dataset, price: 25_000_000n, currency: f.tokens.usdc.address, splitId: f.splits.trio.id },
      { window: Number(14n * DAY), penaltyBps: 250 },
    ),
    /** extra4: 0.01 ETH for a single day, with a 7-day window: it lapses inside its window. */
    short: await create(
      { assetId: f.assets.extra4, price: parseEther("0.01"), duration: DAY },
      { window: Number(7n * DAY), penaltyBps: 0 },
    ),
    /** extra5: a 100 % penalty, so no refund is ever worth anything. */
    forfeit: await create(
      { assetId: f.assets.extra5, price: parseEther("0.02") },
      { window: Number(HOUR), penaltyBps: 10_000 },
    ),
  };
  return { ...f, refunds, refundable };
}
type RFixture = Awaited<ReturnType<typeof refundsFixture>>;
const load = () => networkHelpers.loadFixture(refundsFixture);

// ---------------------------------------------------------------- arithmetic of the spec

/** What refund() pays at time `t` for a held payment (expiry PERPETUAL_EXPIRY for perpetual). */
function refundOf(amount: bigint, paidSeconds: bigint, expiry: bigint, t: bigint, penaltyBps: number): bigint {
  let unused = 0n;
  if (expiry === PERPETUAL_EXPIRY) unused = amount;
  else if (expiry > t) unused = (amount * (expiry - t)) / paidSeconds;
  const penalty = (amount * BigInt(penaltyBps)) / BPS;
  return unused > penalty ? unused - penalty : 0n;
}

/** How a credited amount is routed: each royalty floor(amount × bps), the fee, the rest to the split. */
function creditOf(amount: bigint, royaltyBps: number[] = []) {
  const royalties = royaltyBps.map((b) => (amount * BigInt(b)) / BPS);
  const fee = (amount * BigInt(PROTOCOL_FEE_BPS)) / BPS;
  const pool = amount - fee - royalties.reduce((a, b) => a + b, 0n);
  return { royalties, fee, pool };
}

// ---------------------------------------------------------------- chain helpers

/** Buys under `offer` in a block at exactly `t` (an ERC-20 price is minted and approved before). */
async function buyAt(f: Fixture, offer: OfferHandle, t: bigint, from: WalletClient = f.wallets.buyer) {
  const { price, currency } = offer.params;
  if (currency !== NATIVE) {
    const token = await viem.getContractAt("MockERC20", currency);
    await token.write.mint([from.account.address, price]);
    await token.write.approve([f.market.address, price], as(from));
  }
  await networkHelpers.time.setNextBlockTimestamp(t);
  const hash = await f.market.write.purchase([offer.id, from.account.address, price, offer.termsHash, NO_TERRITORY], {
    ...as(from),
    value: currency === NATIVE ? price : 0n,
  });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [purchased] = parseEventLogs({ abi: f.market.abi, logs: receipt.logs, eventName: "LicensePurchased" });
  assert.ok(purchased);
  assert.equal((await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp, t);
  return { hash, licenseId: purchased.args.licenseId, timestamp: t, price };
}

/** Sends `refund(licenseId)` in a block at exactly `t`. */
async function refundAt(f: RFixture, licenseId: bigint, t: bigint, by: WalletClient = f.wallets.buyer) {
  await networkHelpers.time.setNextBlockTimestamp(t);
  return f.refunds.write.refund([licenseId], as(by));
}

async function gasCost(f: Fixture, hash: Hash): Promise<bigint> {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  return receipt.gasUsed * receipt.effectiveGasPrice;
}

/** Pays out `w`'s whole balance in `currency` and checks it arrived: the refund is really payable. */
async function withdrawAll(f: RFixture, w: WalletClient, currency: Address, expected: bigint) {
  assert.equal(await f.market.read.withdrawable([w.account.address, currency]), expected);
  if (currency === NATIVE) {
    const before = await f.publicClient.getBalance({ address: w.account.address });
    const hash = await f.market.write.withdraw([NATIVE], as(w));
    const after = await f.publicClient.getBalance({ address: w.account.address });
    assert.equal(after - before + (await gasCost(f, hash)), expected);
  } else {
    const token = await viem.getContractAt("MockERC20", currency);
    const before = await token.read.balanceOf([w.account.address]);
    await f.market.write.withdraw([currency], as(w));
    assert.equal((await token.read.balanceOf([w.account.address])) - before, expected);
  }
  assert.equal(await f.market.read.withdrawable([w.account.address, currency]), 0n);
}

const pool = (f: Fixture, splitId: bigint, currency: Address = NATIVE) =>
  f.market.read.pendingRevenue([splitId, currency]);
const treasury = (f: Fixture, currency: Address = NATIVE) =>
  f.market.read.withdrawable([f.wallets.treasury.account.address, currency]);

async function marketBalance(f: Fixture, currency: Address): Promise<bigint> {
  if (currency === NATIVE) return f.publicClient.getBalance({ address: f.market.address });
  const token = await viem.getContractAt("MockERC20", currency);
  return token.read.balanceOf([f.market.address]);
}

/**
 * Solvency to the wei: the market's balance in `currency` equals every account's withdrawable
 * balance, plus every split's pool, plus every held payment (the test names all of them).
 */
async function assertCovered(f: RFixture, currency: Address, licenseIds: bigint[]) {
  const accounts = Object.values(f.wallets).map((w) => w.account.address);
  const [, , splitCount] = await f.market.read.counts();
  let owed = 0n;
  for (const a of accounts) owed += await f.market.read.withdrawable([a, currency]);
  for (let s = 1n; s <= splitCount; s++) owed += await pool(f, s, currency);
  for (const id of licenseIds) {
    const quote = await f.refunds.read.refundQuote([id]);
    if (quote.currency === getAddress(currency)) owed += quote.held;
  }
  assert.equal(await marketBalance(f, currency), owed, "balance = withdrawable + pools + held");
}

/** A derivative of two upstream splits (12.5 % and 3.33 %), and a refundable offer on it. */
async function derivativeOffer(f: RFixture) {
  const [lineage] = (await viem.getWalletClients()).slice(12);
  assert.ok(lineage, "a 13th hardhat account plays the LineageRegistry");
  await f.market.write.wireLineageRegistry([lineage.account.address]);
  await f.market.write.registerAsset(
    [AssetKind.MODEL, contentHash("refund derivative"), "ipfs://d"],
    as(f.wallets.creator),
  );
  const derivative = (await counts(f)).assets;
  const upstream: bigint[] = [];
  for (const w of [f.wallets.collab1, f.wallets.collab2]) {
    await f.market.write.createSplit([[w.account.address], [10_000], zeroAddress], as(w));
    upstream.push((await counts(f)).splits);
  }
  const royaltyBps = [1_250, 333];
  const shares = upstream.map((splitId, i) => ({ splitId: Number(splitId), bps: royaltyBps[i] ?? 0 }));
  await f.market.write.writeUpstreamRoyalties([derivative, shares], as(lineage));
  const policy = { window: Number(7n * DAY), penaltyBps: 700 };
  const params = { ...f.baseOffer, assetId: derivative, price: 1_000_003n };
  await f.refunds.write.createRefundableOffer([params, policy], as(f.wallets.creator));
  const id = (await counts(f)).offers;
  const offer: RefundableOffer = { id, params, termsHash: f.offers.eth.termsHash, policy };
  return { offer, upstream, royaltyBps };
}

const REENTRANCY: Hex = encodeErrorResult({
  abi: [{ type: "error", name: "ReentrancyGuardReentrantCall", inputs: [] }],
  errorName: "ReentrancyGuardReentrantCall",
});

// ====================================================================== publishing

describe("createRefundableOffer and refundPolicy", () => {
  it("only the asset's controller publishes one", async () => {
    const f = await load();
    const policy = { window: 3600, penaltyBps: 0 };
    for (const w of [f.wallets.stranger, f.wallets.otherCreator, f.wallets.admin, f.wallets.buyer]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.createRefundableOffer([f.baseOffer, policy], as(w)),
        f.market,
        "NotAssetController",
        [f.assets.model, addr(w)],
      );
    }
  });

  it("the window is 1 s..365 days (RefundWindowOutOfRange) and the penalty at most 10,000 bps (RefundPenaltyTooHigh)", async () => {
    const f = await load();
    const byCreator = as(f.wallets.creator);
    for (const window of [0n, MAX_WINDOW + 1n, 2n ** 32n - 1n]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.createRefundableOffer([f.baseOffer, { window: Number(window), penaltyBps: 0 }], byCreator),
        f.market,
        "RefundWindowOutOfRange",
        [window, 31_536_000n],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.createRefundableOffer([f.baseOffer, { window: 1, penaltyBps: 10_001 }], byCreator),
      f.market,
      "RefundPenaltyTooHigh",
      [10_001, 10_000],
    );
    // The bounds themselves are accepted.
    const before = (await counts(f)).offers;
    await f.refunds.write.createRefundableOffer([f.baseOffer, { window: 1, penaltyBps: 10_000 }], byCreator);
    await f.refunds.write.createRefundableOffer(
      [f.baseOffer, { window: Number(MAX_WINDOW), penaltyBps: 0 }],
      byCreator,
    );
    assert.equal((await counts(f)).offers, before + 2n);
    assert.deepEqual(await f.refunds.read.refundPolicy([before + 1n]), { window: 1, penaltyBps: 10_000 });
    assert.deepEqual(await f.refunds.read.refundPolicy([before + 2n]), { window: Number(MAX_WINDOW), penaltyBps: 0 });
  });

  it("emits OfferCreated and RefundPolicySet; refundPolicy returns it, {0,0} for a plain offer, OfferNotFound for none", async () => {
    const f = await load();
    const params = { ...f.baseOffer, assetId: f.assets.extra4, price: 123_456_789n, duration: 10n * DAY };
    const policy = { window: 86_400, penaltyBps: 1_234 };
    const id = (await counts(f)).offers + 1n;
    const hash = await f.refunds.write.createRefundableOffer([params, policy], as(f.wallets.creator));
    await viem.assertions.emitWithArgs(hash, f.market, "OfferCreated", [
      id,
      params.assetId,
      params.termsId,
      params.price,
      NATIVE,
      params.duration,
      params.splitId,
    ]);
    await viem.assertions.emitWithArgs(hash, f.market, "RefundPolicySet", [id, 86_400, 1_234]);
    assert.deepEqual(await f.refunds.read.refundPolicy([id]), policy);
    const info = await f.market.read.offers([id]);
    assert.equal(info.price, params.price);
    assert.equal(info.status, OfferStatus.ACTIVE);
    assert.equal(info.protocolFeeBps, PROTOCOL_FEE_BPS);
    assert.equal((await f.market.read.assetInfo([params.assetId])).offerCount, 2); // the fixture's `short` + this

    assert.deepEqual(await f.refunds.read.refundPolicy([f.offers.eth.id]), { window: 0, penaltyBps: 0 });
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.read.refundPolicy([id + 1n]),
      f.market,
      "OfferNotFound",
      [id + 1n],
    );
  });

  it("plain createOffer still runs through its stub: OfferCreated, no policy, and less gas than a refundable one", async () => {
    const f = await load();
    const params = { ...f.baseOffer, assetId: f.assets.extra5, price: 42n };
    const plainHash = await f.market.write.createOffer([params], as(f.wallets.creator));
    const plain = await f.publicClient.waitForTransactionReceipt({ hash: plainHash });
    const plainId = (await counts(f)).offers;
    await viem.assertions.emitWithArgs(plainHash, f.market, "OfferCreated", [
      plainId,
      params.assetId,
      params.termsId,
      42n,
      NATIVE,
      params.duration,
      params.splitId,
    ]);
    assert.equal(parseEventLogs({ abi: f.market.abi, logs: plain.logs, eventName: "RefundPolicySet" }).length, 0);
    assert.deepEqual(await f.refunds.read.refundPolicy([plainId]), { window: 0, penaltyBps: 0 });
    assert.equal((await f.market.read.offers([plainId])).price, 42n);

    const refundableHash = await f.refunds.write.createRefundableOffer(
      [params, { window: 60, penaltyBps: 1 }],
      as(f.wallets.creator),
    );
    const refundable = await f.publicClient.waitForTransactionReceipt({ hash: refundableHash });
    // Same offer writes, plus the policy's fresh slot (≥ 20,000 gas) and its event.
    assert.ok(refundable.gasUsed - plain.gasUsed > 20_000n, `${refundable.gasUsed} vs ${plain.gasUsed}`);
    // A sale under the plain offer is credited at once, as before the feature.
    const { licenseId } = await buy(f, { id: plainId, params, termsHash: f.offers.eth.termsHash });
    assert.equal(await pool(f, f.splits.solo.id), creditOf(42n).pool);
    assert.equal((await f.refunds.read.refundQuote([licenseId])).held, 0n);
  });
});

// ====================================================================== purchase

describe("purchase of a refundable offer", () => {
  it("holds the whole price: no pool, fee or balance is credited; the market's balance grows by it; refundQuote is exact", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const { price } = offer.params;
    const poolBefore = await pool(f, f.splits.solo.id);
    const feeBefore = await treasury(f);
    const balanceBefore = await marketBalance(f, NATIVE);
    const t0 = (await now(f)) + 100n;
    const { licenseId, hash } = await buyAt(f, offer, t0);
    await viem.assertions.emitWithArgs(hash, f.market, "LicensePurchased", [
      licenseId,
      offer.id,
      addr(f.wallets.buyer),
      addr(f.wallets.buyer),
      price,
      t0 + 30n * DAY,
      NO_TERRITORY,
    ]);
    assert.equal(await pool(f, f.splits.solo.id), poolBefore);
    assert.equal(await treasury(f), feeBefore);
    assert.equal(await f.market.read.withdrawable([f.wallets.creator.account.address, NATIVE]), 0n);
    assert.equal(await marketBalance(f, NATIVE), balanceBefore + price);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.distribute([f.splits.solo.id, NATIVE]),
      f.market,
      "NothingToDistribute",
      [f.splits.solo.id, NATIVE],
    );

    const windowEnd = t0 + 7n * DAY;
    const expected = refundOf(price, 30n * DAY, t0 + 30n * DAY, t0, 500);
    // Refund at the purchase block: nothing used yet, so just the 5 % penalty is kept.
    assert.equal(expected, price - (price * 500n) / BPS);
    assert.deepEqual(await f.refunds.read.refundQuote([licenseId]), {
      refundable: true,
      releasable: false,
      refund: expected,
      retained: price - expected,
      held: price,
      windowEnd,
      currency: NATIVE,
    });
    assert.equal(await f.market.read.isEntitled([f.wallets.buyer.account.address, offer.params.assetId]), true);

    // An ERC-20 sale is held the same way.
    const usdc = f.refundable.usdc;
    const tokenBefore = await marketBalance(f, f.tokens.usdc.address);
    const bought = await buy(f, usdc, { from: f.wallets.buyer2 });
    assert.equal(await marketBalance(f, f.tokens.usdc.address), tokenBefore + 25_000_000n);
    assert.equal(await pool(f, f.splits.trio.id, f.tokens.usdc.address), 0n);
    assert.equal(await treasury(f, f.tokens.usdc.address), 0n);
    const quote = await f.refunds.read.refundQuote([bought.licenseId]);
    assert.equal(quote.held, 25_000_000n);
    assert.equal(quote.currency, getAddress(f.tokens.usdc.address));
    assert.equal(quote.windowEnd, bought.timestamp + 14n * DAY);
  });
});

// ====================================================================== refund

describe("refund", () => {
  it("pays the unused share less the penalty, pro rata to the second, at several times; the rest is credited as a sale", async () => {
    const offer = (await load()).refundable.timed;
    const { price } = offer.params;
    const paid = 30n * DAY;
    // Hand-checked once: 1 day in, 29/30 of 0.3 ETH + 7 wei, less 5 %.
    assert.equal(refundOf(price, paid, paid, DAY, 500), 275_000_000_000_000_006n);
    for (const elapsed of [1n, DAY, 3n * DAY + 17n, 7n * DAY - 1n]) {
      const f = await load();
      const t0 = (await now(f)) + 10n;
      const { licenseId } = await buyAt(f, offer, t0);
      const t = t0 + elapsed;
      const refund = refundOf(price, paid, t0 + paid, t, 500);
      const retained = price - refund;
      assert.ok(refund > 0n && refund < price);
      if (elapsed > 1n) {
        // Views read the latest block: a quote in a block at t − 1 is the refund at t − 1.
        await networkHelpers.time.increaseTo(t - 1n);
        assert.equal(
          (await f.refunds.read.refundQuote([licenseId])).refund,
          refundOf(price, paid, t0 + paid, t - 1n, 500),
        );
      }
      const poolBefore = await pool(f, f.splits.solo.id);
      const feeBefore = await treasury(f);
      const hash = await refundAt(f, licenseId, t);
      await viem.assertions.emitWithArgs(hash, f.market, "LicenseRefunded", [
        licenseId,
        addr(f.wallets.buyer),
        refund,
        retained,
      ]);
      const credit = creditOf(retained);
      assert.equal((await treasury(f)) - feeBefore, credit.fee, `fee at +${elapsed}s`);
      assert.equal((await pool(f, f.splits.solo.id)) - poolBefore, credit.pool, `pool at +${elapsed}s`);
      assert.equal(refund + credit.fee + credit.pool, price, "refund + fee + pool = price, to the wei");
      await withdrawAll(f, f.wallets.buyer, NATIVE, refund);
    }
  });

  it("ends entitlement in that block: isEntitled false, accessExpiry 0, EXPIRED at that time; the quote is empty", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0);
    const buyer = f.wallets.buyer.account.address;
    assert.equal(await f.market.read.accessExpiry([buyer, f.assets.model, 1n]), t0 + 30n * DAY);
    const t = t0 + 2n * DAY;
    const hash = await refundAt(f, licenseId, t);
    await viem.assertions.emitWithArgs(hash, f.market, "SubscriptionUpdate", [licenseId, t]);
    assert.equal(await f.market.read.isEntitled([buyer, f.assets.model]), false);
    assert.equal(await f.market.read.isEntitledToVersion([buyer, f.assets.model, 1n]), false);
    assert.equal(await f.market.read.accessExpiry([buyer, f.assets.model, 1n]), 0n);
    const info = await f.market.read.licenseInfo([licenseId]);
    assert.equal(info.status, LicenseStatus.EXPIRED);
    assert.equal(info.expiresAt, t);
    assert.equal(info.holder, addr(f.wallets.buyer));
    assert.equal(await f.market.read.expiresAt([licenseId]), t);
    assert.deepEqual(await f.refunds.read.refundQuote([licenseId]), {
      refundable: false,
      releasable: false,
      refund: 0n,
      retained: 0n,
      held: 0n,
      windowEnd: 0n,
      currency: NATIVE,
    });
  });

  it("a perpetual license refunds price − penalty at any time in its window", async () => {
    const f = await load();
    const offer = f.refundable.perpetual;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0);
    assert.equal(await f.market.read.expiresAt([licenseId]), PERPETUAL_EXPIRY);
    const refund = parseEther("0.9"); // 1 ETH less 10 %
    assert.equal(refundOf(parseEther("1"), 0n, PERPETUAL_EXPIRY, t0, 1_000), refund);
    const t = t0 + 3n * DAY - 1n; // the window's last second
    await networkHelpers.time.increaseTo(t - 1n);
    assert.equal((await f.refunds.read.refundQuote([licenseId])).refund, refund);
    const poolBefore = await pool(f, f.splits.solo.id);
    const hash = await refundAt(f, licenseId, t);
    await viem.assertions.emitWithArgs(hash, f.market, "LicenseRefunded", [
      licenseId,
      addr(f.wallets.buyer),
      refund,
      parseEther("0.1"),
    ]);
    assert.equal((await pool(f, f.splits.solo.id)) - poolBefore, creditOf(parseEther("0.1")).pool);
    assert.equal(await f.market.read.expiresAt([licenseId]), t); // no longer perpetual
    assert.equal(await f.market.read.isEntitled([f.wallets.buyer.account.address, f.assets.extra3]), false);
    await withdrawAll(f, f.wallets.buyer, NATIVE, refund);
  });

  it("an ERC-20 refund is withdrawn in the token; the retained part reaches the fee and the three-way split", async () => {
    const f = await load();
    const offer = f.refundable.usdc;
    const usdc = f.tokens.usdc.address;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0, f.wallets.buyer2);
    const t = t0 + 2n * DAY;
    // 28 of 30 days unused: floor(25e6 × 28 / 30) = 23,333,333, less 2.5 % (625,000).
    const refund = 22_708_333n;
    assert.equal(refundOf(25_000_000n, 30n * DAY, t0 + 30n * DAY, t, 250), refund);
    const retained = 25_000_000n - refund;
    const hash = await refundAt(f, licenseId, t, f.wallets.buyer2);
    await viem.assertions.emitWithArgs(hash, f.market, "LicenseRefunded", [
      licenseId,
      addr(f.wallets.buyer2),
      refund,
      retained,
    ]);
    const credit = creditOf(retained);
    assert.equal(await treasury(f, usdc), credit.fee);
    assert.equal(await pool(f, f.splits.trio.id, usdc), credit.pool);
    assert.equal(await marketBalance(f, usdc), 25_000_000n);
    await withdrawAll(f, f.wallets.buyer2, usdc, refund);
    assert.equal(await marketBalance(f, usdc), retained);
  });

  it("a derivative's refund credits the retained part's upstream royalties: refund + royalties + fee + pool = price", async () => {
    const f = await load();
    const { offer, upstream, royaltyBps } = await derivativeOffer(f);
    const price = offer.params.price;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0, f.wallets.buyer3);
    for (const splitId of upstream) assert.equal(await pool(f, splitId), 0n, "nothing credited upstream at sale");
    const t = t0 + 5n * DAY + 13n;
    const refund = refundOf(price, 30n * DAY, t0 + 30n * DAY, t, 700);
    const retained = price - refund;
    await refundAt(f, licenseId, t, f.wallets.buyer3);
    const credit = creditOf(retained, royaltyBps);
    const royalties = await Promise.all(upstream.map((s) => pool(f, s)));
    assert.deepEqual(royalties, credit.royalties);
    assert.ok(credit.royalties.every((r) => r > 0n));
    assert.equal(await treasury(f), credit.fee);
    assert.equal(await pool(f, f.splits.solo.id), credit.pool);
    assert.equal(
      refund + royalties.reduce((a, b) => a + b, 0n) + credit.fee + credit.pool,
      price,
      "refund + royalties + fee + pool = price, to the wei",
    );
    assert.equal(await f.market.read.withdrawable([f.wallets.buyer3.account.address, NATIVE]), refund);
  });

  it("an approved operator's refund is credited to the holder, not to the operator", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0);
    await f.market.write.approve([f.wallets.buyer2.account.address, licenseId], as(f.wallets.buyer));
    const t = t0 + HOUR;
    const refund = refundOf(offer.params.price, 30n * DAY, t0 + 30n * DAY, t, 500);
    const hash = await refundAt(f, licenseId, t, f.wallets.buyer2);
    await viem.assertions.emitWithArgs(hash, f.market, "LicenseRefunded", [
      licenseId,
      addr(f.wallets.buyer),
      refund,
      offer.params.price - refund,
    ]);
    assert.equal(await f.market.read.withdrawable([f.wallets.buyer2.account.address, NATIVE]), 0n);
    assert.equal(await f.market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]), refund);

    // An operator approved for all (setApprovalForAll) likewise.
    const other = await buyAt(f, f.refundable.perpetual, t + 10n);
    await f.market.write.setApprovalForAll([f.wallets.stranger.account.address, true], as(f.wallets.buyer));
    await refundAt(f, other.licenseId, t + 20n, f.wallets.stranger);
    assert.equal(await f.market.read.withdrawable([f.wallets.stranger.account.address, NATIVE]), 0n);
    assert.equal(
      await f.market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]),
      refund + parseEther("0.9"),
    );
  });
});

// ====================================================================== errors

describe("refund errors, with their arguments", () => {
  it("NotRefundable: a plain offer's license, after a refund, after a release", async () => {
    const f = await load();
    const plain = await buy(f, f.offers.eth);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([plain.licenseId], as(f.wallets.buyer)),
      f.market,
      "NotRefundable",
      [plain.licenseId],
    );
    const refunded = await buy(f, f.refundable.perpetual);
    await f.refunds.write.refund([refunded.licenseId], as(f.wallets.buyer));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([refunded.licenseId], as(f.wallets.buyer)),
      f.market,
      "NotRefundable",
      [refunded.licenseId],
    );
    const released = await buy(f, f.refundable.usdc, { from: f.wallets.buyer2 });
    await networkHelpers.time.increaseTo(released.timestamp + 14n * DAY);
    await f.refunds.write.releaseHeld([[released.licenseId]]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([released.licenseId], as(f.wallets.buyer2)),
      f.market,
      "NotRefundable",
      [released.licenseId],
    );
  });

  it("RefundWindowClosed(licenseId, windowEnd) from the window's end on; its last second still refunds", async () => {
    const f = await load();
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, f.refundable.timed, t0);
    const windowEnd = t0 + 7n * DAY;
    for (const t of [windowEnd, windowEnd + DAY]) {
      await networkHelpers.time.setNextBlockTimestamp(t);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.refund([licenseId], as(f.wallets.buyer)),
        f.market,
        "RefundWindowClosed",
        [licenseId, windowEnd],
      );
    }
    await networkHelpers.time.increaseTo(windowEnd + DAY); // the reverted calls mined nothing
    const quote = await f.refunds.read.refundQuote([licenseId]);
    assert.equal(quote.refundable, false);
    assert.equal(quote.releasable, true);
    assert.equal(quote.held, f.refundable.timed.params.price);

    const g = await load();
    const { licenseId: id } = await buyAt(g, g.refundable.timed, t0);
    await refundAt(g, id, windowEnd - 1n);
  });

  it("NothingToRefund: a 100 % penalty, or a license that lapsed inside its window (quote: not refundable, all retained)", async () => {
    const f = await load();
    const forfeit = await buy(f, f.refundable.forfeit);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([forfeit.licenseId], as(f.wallets.buyer)),
      f.market,
      "NothingToRefund",
      [forfeit.licenseId],
    );
    const short = await buy(f, f.refundable.short, { from: f.wallets.buyer2 });
    await networkHelpers.time.increaseTo(short.timestamp + DAY);
    assert.deepEqual(await f.refunds.read.refundQuote([short.licenseId]), {
      refundable: false,
      releasable: false, // lapsed but not burned: still inside its window
      refund: 0n,
      retained: short.price,
      held: short.price,
      windowEnd: short.timestamp + 7n * DAY,
      currency: NATIVE,
    });
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([short.licenseId], as(f.wallets.buyer2)),
      f.market,
      "NothingToRefund",
      [short.licenseId],
    );
    // Cancelling (which is without refund) also leaves nothing unused.
    const cancelled = await buy(f, f.refundable.timed, { from: f.wallets.buyer3 });
    await f.market.write.cancelSubscription([cancelled.licenseId], as(f.wallets.buyer3));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([cancelled.licenseId], as(f.wallets.buyer3)),
      f.market,
      "NothingToRefund",
      [cancelled.licenseId],
    );
  });

  it("NotLicenseHolder, LicenseIsRevoked, LicenseNotFound", async () => {
    const f = await load();
    const { licenseId } = await buy(f, f.refundable.timed);
    for (const w of [f.wallets.stranger, f.wallets.creator, f.wallets.admin, f.wallets.arbiter]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.refund([licenseId], as(w)),
        f.market,
        "NotLicenseHolder",
        [licenseId, addr(w)],
      );
    }
    await f.market.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([licenseId], as(f.wallets.buyer)),
      f.market,
      "LicenseIsRevoked",
      [licenseId],
    );
    const quote = await f.refunds.read.refundQuote([licenseId]);
    assert.equal(quote.refundable, false);
    assert.equal(quote.releasable, true, "a revoked license's payment may be released at once");
    assert.equal(quote.refund, 0n);

    const missing = licenseIdOf(f.refundable.timed.id, 2n);
    for (const call of [
      () => f.refunds.write.refund([missing], as(f.wallets.buyer)),
      () => f.refunds.read.refundQuote([missing]),
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(call() as Promise<Hash>, f.market, "LicenseNotFound", [
        missing,
      ]);
    }
  });

  it("RefundWindowOpen(licenseId, windowEnd) on an early release, by anyone, the licensor included", async () => {
    const f = await load();
    const { licenseId, timestamp } = await buy(f, f.refundable.timed);
    for (const w of [f.wallets.stranger, f.wallets.creator, f.wallets.buyer]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.releaseHeld([[licenseId]], as(w)),
        f.market,
        "RefundWindowOpen",
        [licenseId, timestamp + 7n * DAY],
      );
    }
  });

  it("ExtensionRegistryMismatch(extension): a market cannot be deployed over an extension of another registry", async () => {
    const f = await load();
    const other = await viem.deployContract("TermsRegistry");
    const extension = await viem.deployContract("LicenseMarketExtension", [other.address]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      viem.deployContract("LicenseMarket", [f.wallets.admin.account.address, f.registry.address, extension.address]),
      f.market,
      "ExtensionRegistryMismatch",
      [getAddress(extension.address)],
    );
    const matching = await viem.deployContract("LicenseMarketExtension", [f.registry.address]);
    const market = await viem.deployContract("LicenseMarket", [
      f.wallets.admin.account.address,
      f.registry.address,
      matching.address,
    ]);
    assert.equal(await market.read.termsRegistry(), getAddress(f.registry.address));
  });
});

// ====================================================================== renewal

describe("renewal of a refundable license", () => {
  it("within the window: added to what is held (and to the time paid for); the refund is exact and at most the total", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const { price } = offer.params;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0);
    const poolBefore = await pool(f, f.splits.solo.id);
    await networkHelpers.time.setNextBlockTimestamp(t0 + DAY);
    await f.market.write.renew([licenseId, 2n, price * 2n], { ...as(f.wallets.buyer), value: price * 2n });
    assert.equal(await pool(f, f.splits.solo.id), poolBefore, "the renewal is held, not credited");
    assert.equal(await treasury(f), 0n);
    const quote = await f.refunds.read.refundQuote([licenseId]);
    assert.equal(quote.held, price * 3n);
    assert.equal(quote.windowEnd, t0 + 7n * DAY, "a renewal does not extend the window");
    const expiry = t0 + 90n * DAY;
    assert.equal(await f.market.read.expiresAt([licenseId]), expiry);
    assert.equal(quote.refund, refundOf(price * 3n, 90n * DAY, expiry, t0 + DAY, 500));

    const t = t0 + 2n * DAY;
    const refund = refundOf(price * 3n, 90n * DAY, expiry, t, 500);
    assert.ok(refund <= price * 3n);
    // 88 of 90 paid days unused, less 5 % of all three payments.
    assert.equal(refund, (price * 3n * 88n) / 90n - (price * 3n * 500n) / BPS);
    const hash = await refundAt(f, licenseId, t);
    await viem.assertions.emitWithArgs(hash, f.market, "LicenseRefunded", [
      licenseId,
      addr(f.wallets.buyer),
      refund,
      price * 3n - refund,
    ]);
    const credit = creditOf(price * 3n - refund);
    assert.equal(await treasury(f), credit.fee);
    assert.equal((await pool(f, f.splits.solo.id)) - poolBefore, credit.pool);
    await assertCovered(f, NATIVE, [licenseId]);
  });

  it("after the window: credited at once; the earlier payment stays held until releaseHeld", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const { price } = offer.params;
    const t0 = (await now(f)) + 10n;
    const { licenseId } = await buyAt(f, offer, t0);
    await networkHelpers.time.setNextBlockTimestamp(t0 + 7n * DAY); // the window's end: closed
    await f.market.write.renew([licenseId, 1n, price], { ...as(f.wallets.buyer), value: price });
    const credit = creditOf(price);
    assert.equal(await pool(f, f.splits.solo.id), credit.pool);
    assert.equal(await treasury(f), credit.fee);
    assert.equal((await f.refunds.read.refundQuote([licenseId])).held, price);
    const released = await f.refunds.simulate.releaseHeld([[licenseId]]);
    assert.equal(released.result, price);
    await f.refunds.write.releaseHeld([[licenseId]]);
    assert.equal(await pool(f, f.splits.solo.id), credit.pool * 2n);
    assert.equal(await treasury(f), credit.fee * 2n);
    assert.equal(await marketBalance(f, NATIVE), price * 2n);
    await assertCovered(f, NATIVE, [licenseId]);
  });

  it("a renewal that would take what is held past 2^128 - 1 reverts PriceOutOfRange; nothing is held or paid", async () => {
    const f = await load();
    const price = 2n ** 127n; // the largest price a renewal can double past the held amount's 128 bits
    const params = { ...f.baseOffer, assetId: f.assets.extra3, price, currency: f.tokens.usdc.address };
    await f.refunds.write.createRefundableOffer(
      [params, { window: Number(DAY), penaltyBps: 0 }],
      as(f.wallets.creator),
    );
    const offer = { id: (await counts(f)).offers, params, termsHash: f.offers.eth.termsHash };
    const { usdc } = f.tokens;
    await usdc.write.mint([addr(f.wallets.buyer), price * 2n]);
    await usdc.write.approve([f.market.address, price * 2n], as(f.wallets.buyer));
    const { licenseId } = await buy(f, offer);
    const balanceBefore = await usdc.read.balanceOf([addr(f.wallets.buyer)]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.renew([licenseId, 1n, price], as(f.wallets.buyer)),
      f.market,
      "PriceOutOfRange",
      [price * 2n],
    );
    assert.equal((await f.refunds.read.refundQuote([licenseId])).held, price);
    assert.equal(await usdc.read.balanceOf([addr(f.wallets.buyer)]), balanceBefore);
  });
});

// ====================================================================== release

describe("releaseHeld", () => {
  it("anyone releases a batch once the windows closed: RefundHoldReleased each, the total returned and credited", async () => {
    const f = await load();
    const t0 = (await now(f)) + 10n;
    const a = await buyAt(f, f.refundable.timed, t0);
    const b = await buyAt(f, f.refundable.perpetual, t0 + 1n);
    const c = await buyAt(f, f.refundable.short, t0 + 2n, f.wallets.buyer2);
    const ids = [a.licenseId, b.licenseId, c.licenseId];
    const amounts = [a.price, b.price, c.price];
    const total = amounts.reduce((x, y) => x + y, 0n);
    await networkHelpers.time.increaseTo(t0 + 2n + 7n * DAY);
    const simulated = await f.refunds.simulate.releaseHeld([ids], as(f.wallets.stranger));
    assert.equal(simulated.result, total);
    const hash = await f.refunds.write.releaseHeld([ids], as(f.wallets.stranger));
    for (const [i, id] of ids.entries()) {
      await viem.assertions.emitWithArgs(hash, f.market, "RefundHoldReleased", [id, amounts[i] ?? 0n]);
    }
    const credits = amounts.map((x) => creditOf(x));
    assert.equal(
      await treasury(f),
      credits.reduce((s, c) => s + c.fee, 0n),
    );
    assert.equal(
      await pool(f, f.splits.solo.id),
      credits.reduce((s, c) => s + c.pool, 0n),
    );
    for (const id of ids) assert.equal((await f.refunds.read.refundQuote([id])).held, 0n);
    await assertCovered(f, NATIVE, ids);
    // A second release of any of them reverts (the whole batch with it).
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.releaseHeld([[b.licenseId]]),
      f.market,
      "NotRefundable",
      [b.licenseId],
    );
  });

  it("a batch naming one id twice reverts NotRefundable and releases nothing", async () => {
    const f = await load();
    const a = await buy(f, f.refundable.timed);
    await networkHelpers.time.increaseTo(a.timestamp + 7n * DAY);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.releaseHeld([[a.licenseId, a.licenseId]]),
      f.market,
      "NotRefundable",
      [a.licenseId],
    );
    assert.equal((await f.refunds.read.refundQuote([a.licenseId])).held, a.price);
    assert.equal(await pool(f, f.splits.solo.id), 0n);
  });

  it("right after a revocation, inside the window", async () => {
    const f = await load();
    const a = await buy(f, f.refundable.timed);
    await f.market.write.revoke([a.licenseId, zeroHash], as(f.wallets.arbiter));
    assert.ok((await now(f)) < a.timestamp + 7n * DAY);
    const hash = await f.refunds.write.releaseHeld([[a.licenseId]], as(f.wallets.stranger));
    await viem.assertions.emitWithArgs(hash, f.market, "RefundHoldReleased", [a.licenseId, a.price]);
    assert.equal(await pool(f, f.splits.solo.id), creditOf(a.price).pool);
    assert.equal(await treasury(f), creditOf(a.price).fee);
  });

  it("after a lapsed license was burned (burnLapsed), inside the window", async () => {
    const f = await load();
    const a = await buy(f, f.refundable.short);
    await networkHelpers.time.increaseTo(a.timestamp + DAY); // lapsed, window open until +7 days
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.releaseHeld([[a.licenseId]]),
      f.market,
      "RefundWindowOpen",
      [a.licenseId, a.timestamp + 7n * DAY],
    );
    await f.market.write.burnLapsed([a.licenseId], as(f.wallets.buyer));
    const quote = await f.refunds.read.refundQuote([a.licenseId]);
    assert.equal(quote.releasable, true, "a burned license's payment may be released at once");
    assert.equal(quote.held, a.price);
    const total = await f.refunds.simulate.releaseHeld([[a.licenseId]]);
    assert.equal(total.result, a.price);
    const hash = await f.refunds.write.releaseHeld([[a.licenseId]]);
    await viem.assertions.emitWithArgs(hash, f.market, "RefundHoldReleased", [a.licenseId, a.price]);
    assert.equal(await pool(f, f.splits.solo.id), creditOf(a.price).pool);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.read.refundQuote([a.licenseId]),
      f.market,
      "LicenseNotFound",
      [a.licenseId],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.releaseHeld([[a.licenseId]]),
      f.market,
      "NotRefundable",
      [a.licenseId],
    );
  });
});

// ====================================================================== attacks

describe("attacks on refunds", () => {
  it("attack: the licensor distributes and withdraws all it can; refunds stay fully payable (ETH and ERC-20), balance = owed to the wei", async () => {
    const f = await load();
    const usdc = f.tokens.usdc.address;
    const timed = await buy(f, f.refundable.timed);
    const perpetual = await buy(f, f.refundable.perpetual, { from: f.wallets.buyer3 });
    const token = await buy(f, f.refundable.usdc, { from: f.wallets.buyer2 });
    const plain = await buy(f, f.offers.perpetual, { from: f.wallets.buyer2 }); // credited at once
    const plainUsdc = await buy(f, f.offers.erc20, { from: f.wallets.buyer3 });
    const ids = [timed.licenseId, perpetual.licenseId, token.licenseId, plain.licenseId, plainUsdc.licenseId];
    await assertCovered(f, NATIVE, ids);
    await assertCovered(f, usdc, ids);

    // Everything the licensor side can reach: pools distributed, every payee withdraws.
    const drain = async () => {
      for (const [splitId, currency] of [
        [f.splits.solo.id, NATIVE],
        [f.splits.trio.id, usdc],
      ] as const) {
        if ((await pool(f, splitId, currency)) !== 0n) await f.market.write.distribute([splitId, currency]);
      }
      for (const w of [f.wallets.creator, f.wallets.collab1, f.wallets.collab2, f.wallets.treasury]) {
        for (const currency of [NATIVE, usdc]) {
          if ((await f.market.read.withdrawable([w.account.address, currency])) !== 0n) {
            await f.market.write.withdraw([currency], as(w));
          }
        }
      }
    };
    await drain();
    await assertCovered(f, NATIVE, ids);
    await assertCovered(f, usdc, ids);
    assert.equal(await marketBalance(f, NATIVE), timed.price + perpetual.price, "only the held payments remain");
    assert.equal(await marketBalance(f, usdc), token.price);

    const t = (await now(f)) + 60n;
    const refunds = [
      refundOf(timed.price, 30n * DAY, timed.timestamp + 30n * DAY, t, 500),
      refundOf(perpetual.price, 0n, PERPETUAL_EXPIRY, t + 1n, 1_000),
      refundOf(token.price, 30n * DAY, token.timestamp + 30n * DAY, t + 2n, 250),
    ];
    await refundAt(f, timed.licenseId, t);
    await refundAt(f, perpetual.licenseId, t + 1n, f.wallets.buyer3);
    await refundAt(f, token.licenseId, t + 2n, f.wallets.buyer2);
    await assertCovered(f, NATIVE, ids);
    await assertCovered(f, usdc, ids);
    await drain(); // the licensor takes the retained parts first
    await withdrawAll(f, f.wallets.buyer, NATIVE, refunds[0] ?? 0n);
    await withdrawAll(f, f.wallets.buyer3, NATIVE, refunds[1] ?? 0n);
    await withdrawAll(f, f.wallets.buyer2, usdc, refunds[2] ?? 0n);
    assert.equal(await marketBalance(f, NATIVE), 0n, "every wei paid in was paid out");
    assert.equal(await marketBalance(f, usdc), 0n);
  });

  it("attack: double refund, and refund then release, pay once", async () => {
    const f = await load();
    const { licenseId, price } = await buy(f, f.refundable.perpetual);
    await f.refunds.write.refund([licenseId], as(f.wallets.buyer));
    const owed = await f.market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]);
    assert.equal(owed, price - (price * 1_000n) / BPS);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([licenseId], as(f.wallets.buyer)),
      f.market,
      "NotRefundable",
      [licenseId],
    );
    await networkHelpers.time.increase(4n * DAY);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.releaseHeld([[licenseId]]),
      f.market,
      "NotRefundable",
      [licenseId],
    );
    await withdrawAll(f, f.wallets.buyer, NATIVE, owed);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.withdraw([NATIVE], as(f.wallets.buyer)),
      f.market,
      "NothingToWithdraw",
      [addr(f.wallets.buyer), NATIVE],
    );
  });

  it("attack: refund → renew, and refund → burn → rebuy → refund, never extract more than was paid", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const { price } = offer.params;
    const buyer = f.wallets.buyer;
    const t0 = (await now(f)) + 10n;
    const first = await buyAt(f, offer, t0);
    const r1 = refundOf(price, 30n * DAY, t0 + 30n * DAY, t0 + HOUR, 500);
    await refundAt(f, first.licenseId, t0 + HOUR);
    // Renewing the refunded license: a fresh payment, credited at once (nothing is held any more).
    await networkHelpers.time.setNextBlockTimestamp(t0 + HOUR + 1n);
    await f.market.write.renew([first.licenseId, 1n, price], { ...as(buyer), value: price });
    assert.equal(await f.market.read.expiresAt([first.licenseId]), t0 + HOUR + 1n + 30n * DAY);
    assert.equal((await f.refunds.read.refundQuote([first.licenseId])).held, 0n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([first.licenseId], as(buyer)),
      f.market,
      "NotRefundable",
      [first.licenseId],
    );
    // A second licence on the same asset is a new sale, refundable on its own terms only.
    const other = await buyAt(f, offer, t0 + 2n * HOUR, f.wallets.buyer2);
    const r2 = refundOf(price, 30n * DAY, t0 + 2n * HOUR + 30n * DAY, t0 + 3n * HOUR, 500);
    await refundAt(f, other.licenseId, t0 + 3n * HOUR, f.wallets.buyer2);
    // The first buyer ends the renewed license (cancel), burns it, buys anew and refunds again.
    await f.market.write.cancelSubscription([first.licenseId], as(buyer));
    await f.market.write.burnLapsed([first.licenseId], as(buyer));
    const t1 = t0 + DAY;
    const third = await buyAt(f, offer, t1);
    const r3 = refundOf(price, 30n * DAY, t1 + 30n * DAY, t1 + 1n, 500);
    await refundAt(f, third.licenseId, t1 + 1n);
    const paidByBuyer = price * 3n;
    const extracted = await f.market.read.withdrawable([buyer.account.address, NATIVE]);
    assert.equal(extracted, r1 + r3);
    assert.ok(extracted < paidByBuyer);
    assert.equal(await f.market.read.withdrawable([f.wallets.buyer2.account.address, NATIVE]), r2);
    // Everything not refunded was credited, to the wei: 4 payments in, the market owes exactly them.
    const retained = [price - r1, price, price - r2, price - r3].map((x) => creditOf(x));
    assert.equal(
      await pool(f, f.splits.solo.id),
      retained.reduce((s, c) => s + c.pool, 0n),
    );
    assert.equal(
      await treasury(f),
      retained.reduce((s, c) => s + c.fee, 0n),
    );
    assert.equal(await marketBalance(f, NATIVE), price * 4n);
    await assertCovered(f, NATIVE, [other.licenseId, third.licenseId]); // the first was burned
    assert.equal((await f.market.read.offers([offer.id])).sold, 3, "refunded licenses still count as sold");
  });

  it("attack: neither a stranger nor the licensor (nor the owner) refunds someone's license or releases it early; pausing or closing the offer does not take the refund away", async () => {
    const f = await load();
    const { licenseId, timestamp, price } = await buy(f, f.refundable.perpetual);
    for (const w of [f.wallets.stranger, f.wallets.creator, f.wallets.admin, f.wallets.collab1]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.refund([licenseId], as(w)),
        f.market,
        "NotLicenseHolder",
        [licenseId, addr(w)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.refunds.write.releaseHeld([[licenseId]], as(w)),
        f.market,
        "RefundWindowOpen",
        [licenseId, timestamp + 3n * DAY],
      );
    }
    await f.market.write.setOfferStatus([f.refundable.perpetual.id, OfferStatus.CLOSED], as(f.wallets.creator));
    // The policy has no setter: it is the one recorded at creation.
    assert.deepEqual(await f.refunds.read.refundPolicy([f.refundable.perpetual.id]), f.refundable.perpetual.policy);
    await f.refunds.write.refund([licenseId], as(f.wallets.buyer));
    assert.equal(
      await f.market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]),
      price - (price * 1_000n) / BPS,
    );
  });

  it("attack (documented): a licensor who names itself the offer's arbiter can revoke and release the hold inside the window, voiding the refund", async () => {
    const f = await load();
    const params = { ...f.baseOffer, assetId: f.assets.extra5, arbiter: f.wallets.creator.account.address };
    await f.refunds.write.createRefundableOffer(
      [params, { window: Number(7n * DAY), penaltyBps: 0 }],
      as(f.wallets.creator),
    );
    const id = (await counts(f)).offers;
    // The buyer can see this before paying: offers(id).arbiter is the asset's controller.
    assert.equal((await f.market.read.offers([id])).arbiter, addr(f.wallets.creator));
    const { licenseId, price } = await buy(f, { id, params, termsHash: f.offers.eth.termsHash });
    await f.market.write.revoke([licenseId, zeroHash], as(f.wallets.creator));
    await f.refunds.write.releaseHeld([[licenseId]], as(f.wallets.creator));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.refunds.write.refund([licenseId], as(f.wallets.buyer)),
      f.market,
      "LicenseIsRevoked",
      [licenseId],
    );
    assert.equal(await pool(f, f.splits.solo.id), creditOf(price).pool);
  });

  it("attack: buy → refund → burn cycles cannot sell out a capped offer: refunded licenses give their place back", async () => {
    const f = await load();
    const params = { ...f.baseOffer, assetId: f.assets.extra4, duration: 0n, maxSupply: 2 };
    await f.refunds.write.createRefundableOffer(
      [params, { window: Number(DAY), penaltyBps: 0 }],
      as(f.wallets.creator),
    );
    const offer = { id: (await counts(f)).offers, params, termsHash: f.offers.eth.termsHash };
    for (let i = 0; i < 2; i++) {
      const { licenseId } = await buy(f, offer);
      await f.refunds.write.refund([licenseId], as(f.wallets.buyer)); // perpetual, no penalty: all of it
      await f.market.write.burnLapsed([licenseId], as(f.wallets.buyer));
    }
    assert.equal(await f.market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]), params.price * 2n);
    assert.equal(await pool(f, f.splits.solo.id), 0n, "the licensor earned nothing from the cycles");
    // Four sales, two refunded: two live licenses at most, as the cap says.
    await buy(f, offer, { from: f.wallets.buyer2 });
    await buy(f, offer, { from: f.wallets.stranger });
    assert.equal((await f.market.read.offers([offer.id])).sold, 4);
    await viem.assertions.revertWithCustomErrorWithArgs(
      buy(f, offer, { from: f.wallets.buyer }) as unknown as Promise<Hash>,
      f.market,
      "OfferSoldOut",
      [offer.id, 2n],
    );
  });

  it("attack: the extension called at its own address sees an empty market with no owner: no offers, refunds or releases", async () => {
    const f = await load();
    const extension = await viem.deployContract("LicenseMarketExtension", [f.registry.address]);
    const market = await viem.deployContract("LicenseMarket", [
      f.wallets.admin.account.address,
      f.registry.address,
      extension.address,
    ]);
    const viaMarket = await viem.getContractAt("ILicenseRefunds", market.address);
    // Real business on the market: an asset, a refundable offer, a sale.
    await market.write.registerAsset([AssetKind.MODEL, contentHash("own pair"), "ipfs://x"], as(f.wallets.creator));
    await market.write.createSplit([[f.wallets.creator.account.address], [10_000], zeroAddress]);
    const params = { ...f.baseOffer, assetId: 1n, splitId: 1n, duration: 0n }; // perpetual: refund = price
    await viaMarket.write.createRefundableOffer([params, { window: 3600, penaltyBps: 0 }], as(f.wallets.creator));
    await market.write.purchase(
      [1n, f.wallets.buyer.account.address, params.price, f.offers.eth.termsHash, NO_TERRITORY],
      {
        ...as(f.wallets.buyer),
        value: params.price,
      },
    );
    const licenseId = licenseIdOf(1n, 1n);
    assert.equal((await viaMarket.read.refundQuote([licenseId])).held, params.price);

    // The extension at its own address: no owner, no assets, offers or licenses.
    assert.equal(await extension.read.owner(), zeroAddress);
    assert.equal(await market.read.owner(), addr(f.wallets.admin));
    const creator = as(f.wallets.creator);
    const expect = async (call: Promise<unknown>, name: string, args: unknown[]) =>
      viem.assertions.revertWithCustomErrorWithArgs(call as Promise<Hash>, extension, name as never, args as never);
    await expect(extension.write.createOffer([params], creator), "AssetNotFound", [1n]);
    await expect(
      extension.write.createRefundableOffer([params, { window: 3600, penaltyBps: 0 }], creator),
      "AssetNotFound",
      [1n],
    );
    await expect(extension.write.refund([licenseId], as(f.wallets.buyer)), "LicenseNotFound", [licenseId]);
    await expect(extension.write.releaseHeld([[licenseId]]), "NotRefundable", [licenseId]);
    await expect(extension.read.refundQuote([licenseId]), "LicenseNotFound", [licenseId]);
    await expect(extension.read.refundPolicy([1n]), "OfferNotFound", [1n]);
    await expect(extension.write.setOfferStatus([1n, OfferStatus.CLOSED], creator), "OfferNotFound", [1n]);
    await expect(extension.write.revoke([licenseId, zeroHash], as(f.wallets.arbiter)), "LicenseNotFound", [licenseId]);
    for (const w of [f.wallets.admin, f.wallets.stranger]) {
      await expect(extension.write.setMetadataRenderer([zeroAddress], as(w)), "OwnableUnauthorizedAccount", [addr(w)]);
      await expect(extension.write.wireLineageRegistry([addr(w)], as(w)), "OwnableUnauthorizedAccount", [addr(w)]);
      await expect(extension.write.transferOwnership([addr(w)], as(w)), "OwnableUnauthorizedAccount", [addr(w)]);
      await expect(extension.write.acceptOwnership(as(w)), "OwnableUnauthorizedAccount", [addr(w)]);
      await expect(extension.write.writeUpstreamRoyalties([1n, []], as(w)), "NotLineageRegistry", [addr(w)]);
    }
    assert.equal(await extension.read.owner(), zeroAddress);
    assert.equal(await f.publicClient.getBalance({ address: extension.address }), 0n);
    // The market is untouched: its buyer still refunds.
    await viaMarket.write.refund([licenseId], as(f.wallets.buyer));
    assert.equal(await market.read.withdrawable([f.wallets.buyer.account.address, NATIVE]), params.price);
  });

  it("attack: the fallback rejects ETH and unknown selectors; it answers exactly ILicenseRefunds", async () => {
    const f = await load();
    const { licenseId } = await buy(f, f.refundable.perpetual);
    const before = await marketBalance(f, NATIVE);
    const buyer = f.wallets.buyer;
    const refundData = encodeFunctionData({ abi: f.refunds.abi, functionName: "refund", args: [licenseId] });
    for (const tx of [
      { data: "0x" as Hex, value: 1n }, // no receive(): plain ETH
      { data: refundData, value: 1n }, // the fallback is not payable
      { data: "0xdeadbeef" as Hex, value: 0n }, // unknown selector
      { data: "0xdeadbeef" as Hex, value: 1n },
      { data: "0x01" as Hex, value: 0n }, // shorter than a selector
    ]) {
      await viem.assertions.revert(
        buyer.sendTransaction({ to: f.market.address, ...tx, account: buyer.account, chain: buyer.chain }),
      );
    }
    assert.equal(await marketBalance(f, NATIVE), before);
    assert.equal((await f.refunds.read.refundQuote([licenseId])).held, parseEther("1"), "still held, not refunded");

    // The extension's selectors that the market does not dispatch itself are exactly ILicenseRefunds':
    // no ERC-721 or admin entry point of the extension is reachable past the market's own checks.
    const selectors = async (name: string) =>
      new Set(
        (await artifacts.readArtifact(name)).abi
          .filter((item) => item.type === "function")
          .map((item) => toFunctionSelector(item as never)),
      );
    const market = await selectors("LicenseMarket");
    const fallbackOnly = [...(await selectors("LicenseMarketExtension"))].filter((s) => !market.has(s)).sort();
    assert.deepEqual(fallbackOnly, [...(await selectors("ILicenseRefunds"))].sort());
  });

  it("attack: re-entering refund from onERC721Received during the purchase fails with ReentrancyGuardReentrantCall", async () => {
    const f = await load();
    const offer = f.refundable.timed;
    const attacker = await viem.deployContract("ReentrantReceiver", [f.market.address]);
    const licenseId = licenseIdOf(offer.id, 1n); // the id the purchase will mint
    const refundData = encodeFunctionData({ abi: f.refunds.abi, functionName: "refund", args: [licenseId] });
    await attacker.write.arm([refundData]);
    const purchase = encodeFunctionData({
      abi: f.market.abi,
      functionName: "purchase",
      args: [offer.id, attacker.address, offer.params.price, offer.termsHash, NO_TERRITORY],
    });
    await attacker.write.call([purchase], { value: offer.params.price });
    // purchase holds the (transient) guard; refund runs by DELEGATECALL in the same context, so the
    // guard sees the re-entry: the refund reverts, the purchase completes, the payment stays held.
    assert.equal(await attacker.read.attempted(), true);
    assert.equal(await attacker.read.succeeded(), false);
    assert.equal(await attacker.read.failure(), REENTRANCY);
    assert.equal(await f.market.read.ownerOf([licenseId]), getAddress(attacker.address));
    assert.equal((await f.refunds.read.refundQuote([licenseId])).held, offer.params.price);
    assert.equal(await f.market.read.withdrawable([attacker.address, NATIVE]), 0n);

    // Outside the purchase, the same contract refunds normally, once.
    await attacker.write.call([refundData]);
    const owed = await f.market.read.withdrawable([attacker.address, NATIVE]);
    assert.ok(owed > 0n && owed < offer.params.price);
    await viem.assertions.revertWithCustomErrorWithArgs(attacker.write.call([refundData]), f.market, "NotRefundable", [
      licenseId,
    ]);
  });

  it("attack: re-entering refund from receive() during a withdrawal fails too; each is paid once", async () => {
    const f = await load();
    const attacker = await viem.deployContract("ReentrantReceiver", [f.market.address]);
    const buyFor = (offer: RefundableOffer) =>
      attacker.write.call(
        [
          encodeFunctionData({
            abi: f.market.abi,
            functionName: "purchase",
            args: [offer.id, attacker.address, offer.params.price, offer.termsHash, NO_TERRITORY],
          }),
        ],
        { value: offer.params.price },
      );
    const refundData = (id: bigint) => encodeFunctionData({ abi: f.refunds.abi, functionName: "refund", args: [id] });
    await buyFor(f.refundable.perpetual);
    await buyFor(f.refundable.timed);
    const first = licenseIdOf(f.refundable.perpetual.id, 1n);
    const second = licenseIdOf(f.refundable.timed.id, 1n);
    await attacker.write.call([refundData(first)]);
    const owed = await f.market.read.withdrawable([attacker.address, NATIVE]);
    assert.equal(owed, parseEther("0.9"));
    await attacker.write.arm([refundData(second)]);
    await attacker.write.call([encodeFunctionData({ abi: f.market.abi, functionName: "withdraw", args: [NATIVE] })]);
    assert.equal(await attacker.read.attempted(), true);
    assert.equal(await attacker.read.succeeded(), false);
    assert.equal(await attacker.read.failure(), REENTRANCY);
    assert.equal(await f.publicClient.getBalance({ address: attacker.address }), owed);
    assert.equal((await f.refunds.read.refundQuote([second])).held, f.refundable.timed.params.price);
    assert.equal(await f.market.read.withdrawable([attacker.address, NATIVE]), 0n);
    await assertCovered(f, NATIVE, [first, second]);
  });
});
