/**
 * The refund actions against the SDK fixture's deployment (deployTessera deploys the market with its
 * LicenseMarketExtension): the creator publishes refundable offers, buyers buy, quote and refund
 * (entitlement ends, the refund is withdrawable), held payments are listed and released once their
 * window closes; refusals come back in plain words, and a deployment made before refunds existed
 * says so (and reads every offer as final).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, parseEther, zeroAddress } from "viem";
import {
  ContractRevertError,
  createOffer,
  getOffer,
  getRefundPolicy,
  isEntitled,
  listHeldPayments,
  listOffers,
  purchase,
  refund,
  refundQuote,
  releaseHeld,
  type TesseraClient,
  TesseraError,
  withdraw,
} from "../../scripts/sdk/index.ts";
import { DAY, sdkFixture } from "./setup.ts";

const connection = await network.create();
const { networkHelpers } = connection;

const WINDOW = 7n * DAY;
const PENALTY_BPS = 1_000; // 10%
const PRICE = parseEther("0.3");

/** The SDK fixture and two refundable offers: 30 days on the model, perpetual on the dataset. */
async function refundsFixture(conn: NetworkConnection) {
  const f = await sdkFixture(conn);
  const creator = f.client(f.wallets.creator);
  const policy = { window: WINDOW, penaltyBps: PENALTY_BPS };
  const { offerId: monthly } = await createOffer(creator, {
    assetId: f.assets.model,
    termsId: f.terms.worldwide.id,
    price: PRICE,
    duration: 30n * DAY,
    splitId: f.split.id,
    refund: policy,
  });
  const { offerId: perpetual } = await createOffer(creator, {
    assetId: f.assets.dataset,
    termsId: f.terms.worldwide.id,
    price: PRICE,
    splitId: f.split.id,
    refund: policy,
  });
  return { f, offers: { monthly, perpetual } };
}
const load = () => networkHelpers.loadFixture(refundsFixture);

const revertedWith = (name: string, sentence: RegExp) => (e: unknown) =>
  e instanceof ContractRevertError && e.errorName === name && sentence.test(e.shortMessage);

describe("SDK refund actions", () => {
  it("createOffer with refund publishes the policy; getRefundPolicy, getOffer and listOffers read it", async () => {
    const { f, offers } = await load();
    const expected = { window: WINDOW, penaltyBps: PENALTY_BPS };
    assert.deepEqual(await getRefundPolicy(f.reader, { offerId: offers.monthly }), expected);
    assert.deepEqual((await getOffer(f.reader, { offerId: offers.monthly })).refundPolicy, expected);
    assert.deepEqual((await getOffer(f.reader, { offerId: offers.perpetual })).refundPolicy, expected);
    assert.equal(await getRefundPolicy(f.reader, { offerId: f.offers.eth }), null, "a plain offer is final");
    assert.equal((await getOffer(f.reader, { offerId: f.offers.eth })).refundPolicy, null);
    const listed = await listOffers(f.reader, { assetId: f.assets.model });
    assert.deepEqual(
      listed.map((o) => [o.offerId, o.refundPolicy]),
      [
        [f.offers.eth, null],
        [f.offers.capped, null],
        [offers.monthly, expected],
      ],
    );
  });

  it("quotes exactly, refunds exactly (entitlement ends), and withdraw pays the refund", async () => {
    const { f, offers } = await load();
    const buyer = f.client(f.wallets.buyer);
    const holder = f.wallets.buyer.account.address;
    const { licenseId, receipt } = await purchase(buyer, { offerId: offers.monthly });
    const bought = (await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
    const expiry = bought + 30n * DAY;

    // A day later: 29 of 30 days unused, less 10% of the payment.
    await networkHelpers.time.increaseTo(bought + DAY);
    const quote = await refundQuote(f.reader, { licenseId });
    const now = (await f.publicClient.getBlock()).timestamp;
    const unused = (PRICE * (expiry - now)) / (30n * DAY);
    const penalty = (PRICE * BigInt(PENALTY_BPS)) / 10_000n;
    assert.deepEqual(quote, {
      refundable: true,
      releasable: false,
      refund: unused - penalty,
      retained: PRICE - (unused - penalty),
      held: PRICE,
      windowEnd: bought + WINDOW,
      currency: zeroAddress,
    });
    assert.equal(quote.refund, parseEther("0.26"), "0.3 × 29/30 − 0.03");

    await networkHelpers.time.setNextBlockTimestamp(bought + DAY + 1n);
    const refunded = await refund(buyer, { licenseId });
    const atRefund = (await f.publicClient.getBlock({ blockNumber: refunded.receipt.blockNumber })).timestamp;
    const expectedRefund = (PRICE * (expiry - atRefund)) / (30n * DAY) - penalty;
    assert.equal(refunded.refund, expectedRefund);
    assert.equal(refunded.retained, PRICE - expectedRefund);
    assert.equal(refunded.holder, getAddress(holder));
    assert.equal(await isEntitled(f.reader, { account: holder, assetId: f.assets.model }), false, "ends at once");

    const after = await refundQuote(f.reader, { licenseId });
    assert.deepEqual([after.held, after.refundable, after.releasable], [0n, false, false], "nothing held any more");
    assert.deepEqual(await listHeldPayments(f.reader, { offerIds: [offers.monthly] }), []);

    const before = await f.publicClient.getBalance({ address: holder });
    const paid = await withdraw(buyer, { currency: zeroAddress });
    assert.equal(paid.amount, expectedRefund, "withdraw pays exactly the refund");
    const gas = paid.receipt.gasUsed * paid.receipt.effectiveGasPrice;
    assert.equal(await f.publicClient.getBalance({ address: holder }), before + expectedRefund - gas);
  });

  it("a perpetual licence refunds the whole payment less the penalty", async () => {
    const { f, offers } = await load();
    const buyer = f.client(f.wallets.buyer2);
    const { licenseId } = await purchase(buyer, { offerId: offers.perpetual });
    await networkHelpers.time.increase(3n * DAY);
    const expected = PRICE - (PRICE * BigInt(PENALTY_BPS)) / 10_000n;
    assert.equal((await refundQuote(f.reader, { licenseId })).refund, expected);
    const refunded = await refund(buyer, { licenseId });
    assert.deepEqual([refunded.refund, refunded.retained], [expected, PRICE - expected]);
    assert.equal(await isEntitled(f.reader, { account: refunded.holder, assetId: f.assets.dataset }), false);
  });

  it("lists held payments, not releasable until the window closes; releaseHeld credits them all", async () => {
    const { f, offers } = await load();
    const first = await purchase(f.client(f.wallets.buyer), { offerId: offers.monthly });
    const second = await purchase(f.client(f.wallets.buyer2), { offerId: offers.monthly });
    const third = await purchase(f.client(f.wallets.collab), { offerId: offers.perpetual });
    await purchase(f.client(f.wallets.poor), { offerId: f.offers.eth }).catch(() => undefined); // not refundable
    const offerIds = [offers.monthly, offers.perpetual, f.offers.eth];

    const held = await listHeldPayments(f.reader, { offerIds });
    assert.deepEqual(
      held.map((h) => [h.licenseId, h.offerId, h.amount, h.currency, h.releasable]),
      [
        [first.licenseId, offers.monthly, PRICE, zeroAddress, false],
        [second.licenseId, offers.monthly, PRICE, zeroAddress, false],
        [third.licenseId, offers.perpetual, PRICE, zeroAddress, false],
      ],
    );
    for (const [h, p] of [
      [held[0], first],
      [held[1], second],
    ] as const) {
      const block = await f.publicClient.getBlock({ blockNumber: p.receipt.blockNumber });
      assert.equal(h?.windowEnd, block.timestamp + WINDOW, "windowEnd = purchase + window");
    }
    assert.deepEqual(await listHeldPayments(f.reader, { offerIds: [offers.perpetual] }), [held[2]], "by offer");
    assert.deepEqual(await listHeldPayments(f.reader, { offerIds: [] }), []);

    const anyone = f.client(f.wallets.poor);
    await assert.rejects(
      releaseHeld(anyone, { licenseIds: [first.licenseId] }),
      revertedWith("RefundWindowOpen", /can be refunded until .*stays held/),
    );
    await assert.rejects(releaseHeld(anyone, { licenseIds: [] }), /Choose at least one held payment/);

    await networkHelpers.time.increase(WINDOW + 1n);
    const releasable = await listHeldPayments(f.reader, { offerIds });
    assert.deepEqual(
      releasable.map((h) => [h.licenseId, h.releasable]),
      [
        [first.licenseId, true],
        [second.licenseId, true],
        [third.licenseId, true],
      ],
    );
    const quote = await refundQuote(f.reader, { licenseId: first.licenseId });
    assert.deepEqual([quote.refundable, quote.releasable, quote.refund], [false, true, 0n]);
    await assert.rejects(
      refund(f.client(f.wallets.buyer), { licenseId: first.licenseId }),
      revertedWith("RefundWindowClosed", /refund window of license \d+ closed on/),
    );

    const released = await releaseHeld(anyone, { licenseIds: releasable.map((h) => h.licenseId) });
    assert.deepEqual(
      released.released,
      releasable.map((h) => ({ licenseId: h.licenseId, amount: PRICE })),
    );
    assert.deepEqual(await listHeldPayments(f.reader, { offerIds }), []);
    assert.equal(
      await isEntitled(f.reader, { account: f.wallets.buyer.account.address, assetId: f.assets.model }),
      true,
      "a release does not end the licence",
    );
    await assert.rejects(
      releaseHeld(anyone, { licenseIds: [first.licenseId] }),
      revertedWith("NotRefundable", /nothing to refund/),
    );
  });

  it("decodes refusals into plain sentences", async () => {
    const { f, offers } = await load();
    const buyer = f.client(f.wallets.buyer);
    const creator = f.client(f.wallets.creator);
    const { licenseId } = await purchase(buyer, { offerId: offers.monthly });
    await assert.rejects(
      refund(f.client(f.wallets.buyer2), { licenseId }),
      (e: unknown) => e instanceof ContractRevertError && e.errorName === "NotLicenseHolder",
    );
    await refund(buyer, { licenseId });
    await assert.rejects(
      refund(buyer, { licenseId }),
      revertedWith("NotRefundable", /nothing to refund: its offer is not refundable, or it was refunded/),
    );
    const plain = await purchase(f.client(f.wallets.buyer2), { offerId: f.offers.allowList, territory: "US" });
    await assert.rejects(
      refund(f.client(f.wallets.buyer2), { licenseId: plain.licenseId }),
      revertedWith("NotRefundable", /not refundable/),
    );

    const base = { assetId: f.assets.model, termsId: f.terms.worldwide.id, price: 1n, splitId: f.split.id };
    await assert.rejects(
      createOffer(creator, { ...base, refund: { window: 0n, penaltyBps: 0 } }),
      revertedWith("RefundWindowOutOfRange", /refund window of 0 seconds is outside the allowed range/),
    );
    await assert.rejects(
      createOffer(creator, { ...base, refund: { window: 366n * DAY, penaltyBps: 0 } }),
      revertedWith("RefundWindowOutOfRange", /refund window of 31622400 seconds .*31536000 seconds/),
    );
    await assert.rejects(
      createOffer(creator, { ...base, refund: { window: DAY, penaltyBps: 10_001 } }),
      revertedWith("RefundPenaltyTooHigh", /refund penalty of .* is above the maximum/),
    );
  });

  it("a deployment made before refunds: a clear error, and every offer reads as final", async () => {
    const { f, offers } = await load();
    const older = (client: TesseraClient): TesseraClient => ({
      ...client,
      contracts: { ...client.contracts, refunds: undefined },
    });
    const reader = older(f.reader);
    const wallet = older(f.client(f.wallets.buyer));
    const creator = older(f.client(f.wallets.creator));
    assert.equal(reader.contracts.refunds, undefined);

    assert.equal(await getRefundPolicy(reader, { offerId: offers.monthly }), null);
    assert.equal((await getOffer(reader, { offerId: offers.monthly })).refundPolicy, null);
    const clear = (e: unknown) =>
      e instanceof TesseraError &&
      !(e instanceof ContractRevertError) &&
      /This deployment has no LicenseMarketExtension: redeploy to use refundable offers\./.test(e.shortMessage);
    await assert.rejects(refund(wallet, { licenseId: (offers.monthly << 32n) | 1n }), clear);
    await assert.rejects(refundQuote(reader, { licenseId: 1n }), clear);
    await assert.rejects(releaseHeld(wallet, { licenseIds: [1n] }), clear);
    await assert.rejects(listHeldPayments(reader, { offerIds: [offers.monthly] }), clear);
    await assert.rejects(
      createOffer(creator, {
        assetId: f.assets.model,
        termsId: f.terms.worldwide.id,
        price: 1n,
        splitId: f.split.id,
        refund: { window: DAY, penaltyBps: 0 },
      }),
      clear,
    );
  });
});
