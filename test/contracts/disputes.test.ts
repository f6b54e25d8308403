/**
 * DisputeDesk: breach claims against licenses, ruled by the arbiter the asset's controller appointed
 * for the offer before its first sale. An offer names the desk as its arbiter on the market; an
 * upheld claim revokes the license through the market in the same transaction. Every function,
 * error and event is exercised on the real market (no mock), and every attack has a named test.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { artifacts, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  type ContractErrorName,
  getAddress,
  type Hash,
  keccak256,
  parseEventLogs,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";
import {
  buy,
  DAY,
  type Fixture,
  LicenseStatus,
  mineAt,
  type OfferHandle,
  type OfferParams,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

type Desk = ContractReturnType<"DisputeDesk">;
type DeskError = ContractErrorName<Desk["abi"]>;

/** IDisputeDesk.CaseStatus ordinals. */
const CaseStatus = { NONE: 0, OPEN: 1, UPHELD: 2, DISMISSED: 3, WITHDRAWN: 4 } as const;
/** A deterministic non-zero hash of an off-chain document. */
const doc = (label: string): Hash => keccak256(stringToHex(label));
const as = (w: WalletClient) => ({ account: w.account });
const addr = (w: WalletClient): Address => getAddress(w.account.address);

// ---------------------------------------------------------------- fixture

/**
 * The market fixture, a DisputeDesk over it, and offers naming the desk as their market arbiter:
 * `desk` (model) and `transferable` (dataset) with wallets.arbiter appointed, `foreign` (the other
 * creator's asset) with collab1 appointed, `unappointed` (extra3) with nobody appointed yet.
 */
async function disputesFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const desk = await conn.viem.deployContract("DisputeDesk", [f.market.address]);
  const onDesk: OfferParams = { ...f.baseOffer, arbiter: desk.address };
  const defs = {
    desk: { params: onDesk, by: f.wallets.creator },
    unappointed: { params: { ...onDesk, assetId: f.assets.extra3 }, by: f.wallets.creator },
    transferable: {
      params: { ...onDesk, assetId: f.assets.dataset, termsId: f.terms.worldwideTransferable.id },
      by: f.wallets.creator,
    },
    foreign: { params: { ...onDesk, assetId: f.assets.foreign }, by: f.wallets.otherCreator },
  };
  const offers = {} as Record<keyof typeof defs, OfferHandle>;
  for (const [key, { params, by }] of Object.entries(defs) as [keyof typeof defs, (typeof defs)["desk"]][]) {
    await f.market.write.createOffer([params], as(by));
    const id = (await f.market.read.counts())[1];
    offers[key] = { id, params, termsHash: (await f.market.read.offers([id])).termsHash };
  }
  await desk.write.appointArbiter([offers.desk.id, f.wallets.arbiter.account.address], as(f.wallets.creator));
  await desk.write.appointArbiter([offers.transferable.id, f.wallets.arbiter.account.address], as(f.wallets.creator));
  await desk.write.appointArbiter([offers.foreign.id, f.wallets.collab1.account.address], as(f.wallets.otherCreator));
  return { ...f, desk, deskOffers: offers };
}
type DFixture = Fixture & {
  desk: Desk;
  deskOffers: Record<"desk" | "unappointed" | "transferable" | "foreign", OfferHandle>;
};
const load = () => networkHelpers.loadFixture(disputesFixture) as Promise<DFixture>;

/** A license under `offer` bought by `holder` (default: buyer). */
async function license(f: DFixture, offer: OfferHandle, holder: WalletClient = f.wallets.buyer) {
  const { licenseId, timestamp } = await buy(f, offer, { from: holder });
  const info = await f.market.read.licenseInfo([licenseId]);
  return { licenseId, boughtAt: timestamp, assetId: info.assetId, offerId: info.offerId, version: info.version };
}

/** Waits for a transaction and returns its receipt and block time. */
async function mined(f: DFixture, hash: Promise<Hash>) {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  const block = await f.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { hash: receipt.transactionHash, receipt, timestamp: block.timestamp, blockNumber: receipt.blockNumber };
}

/** Files a claim as `by` (default: the creator) and returns the new case id. */
async function file(f: DFixture, licenseId: bigint, evidence = doc("evidence"), by = f.wallets.creator) {
  const tx = await mined(f, f.desk.write.fileClaim([licenseId, evidence], as(by)));
  const [filed] = parseEventLogs({ abi: f.desk.abi, logs: tx.receipt.logs, eventName: "ClaimFiled" });
  assert.ok(filed, "a ClaimFiled event");
  return { caseId: filed.args.caseId, ...tx };
}

/** Desk errors a test has seen raised. */
const raised = new Set<string>();

async function expectDeskError(
  f: DFixture,
  call: Promise<unknown>,
  name: DeskError,
  args: readonly unknown[],
): Promise<void> {
  // The table of errors is untyped here; each test passes the values its error names. A view's
  // revert is checked the same way as a transaction's.
  await viem.assertions.revertWithCustomErrorWithArgs(call as Promise<Hash>, f.desk, name, [...args] as never);
  raised.add(name);
}

// ---------------------------------------------------------------- appointing arbiters

describe("DisputeDesk: appointing an offer's arbiter", () => {
  it("deploys over the market, with no case and no arbiter on a fresh offer", async () => {
    const f = await load();
    assert.equal(await f.desk.read.market(), getAddress(f.market.address));
    assert.equal(await f.desk.read.MAX_PAGE(), 100n);
    assert.equal(await f.desk.read.caseCount(), 0n);
    assert.equal(await f.desk.read.arbiterOf([f.deskOffers.unappointed.id]), zeroAddress);
    assert.equal(await f.desk.read.arbiterOf([f.deskOffers.desk.id]), addr(f.wallets.arbiter));
    assert.equal(await f.desk.read.arbiterOf([f.deskOffers.foreign.id]), addr(f.wallets.collab1));
    assert.equal((await f.market.read.offers([f.deskOffers.desk.id])).arbiter, getAddress(f.desk.address));
  });

  it("the asset's controller appoints once, before the first sale: ArbiterAppointed, arbiterOf", async () => {
    const f = await load();
    const offer = f.deskOffers.unappointed;
    const multisig = addr(f.wallets.collab2);
    await viem.assertions.emitWithArgs(
      f.desk.write.appointArbiter([offer.id, multisig], as(f.wallets.creator)),
      f.desk,
      "ArbiterAppointed",
      [offer.id, f.assets.extra3, multisig],
    );
    assert.equal(await f.desk.read.arbiterOf([offer.id]), multisig);
    // The appointed arbiter rules on the licenses sold afterwards.
    const { licenseId } = await license(f, offer);
    const { caseId } = await file(f, licenseId);
    await mined(f, f.desk.write.dismiss([caseId, doc("ruling")], as(f.wallets.collab2)));
    assert.equal((await f.desk.read.caseInfo([caseId])).status, CaseStatus.DISMISSED);
  });

  it("the zero address and the desk itself cannot be appointed: DisputeInvalidArbiter", async () => {
    const f = await load();
    for (const who of [zeroAddress, getAddress(f.desk.address)]) {
      await expectDeskError(
        f,
        f.desk.write.appointArbiter([f.deskOffers.unappointed.id, who], as(f.wallets.creator)),
        "DisputeInvalidArbiter",
        [who],
      );
    }
  });

  it("attack: someone other than the asset's controller appoints an arbiter: DisputeNotAssetController", async () => {
    const f = await load();
    const offer = f.deskOffers.unappointed;
    for (const w of [f.wallets.stranger, f.wallets.otherCreator, f.wallets.arbiter, f.wallets.admin]) {
      await expectDeskError(
        f,
        f.desk.write.appointArbiter([offer.id, w.account.address], as(w)),
        "DisputeNotAssetController",
        [f.assets.extra3, addr(w)],
      );
    }
    assert.equal(await f.desk.read.arbiterOf([offer.id]), zeroAddress);
  });

  it("an offer that does not name the desk as its market arbiter: DisputeOfferNotOnDesk", async () => {
    const f = await load();
    // The fixture's `eth` offer names an EOA arbiter directly; `perpetual` names none.
    await expectDeskError(
      f,
      f.desk.write.appointArbiter([f.offers.eth.id, f.wallets.collab2.account.address], as(f.wallets.creator)),
      "DisputeOfferNotOnDesk",
      [f.offers.eth.id, addr(f.wallets.arbiter)],
    );
    await expectDeskError(
      f,
      f.desk.write.appointArbiter([f.offers.perpetual.id, f.wallets.collab2.account.address], as(f.wallets.creator)),
      "DisputeOfferNotOnDesk",
      [f.offers.perpetual.id, zeroAddress],
    );
  });

  it("an offer that does not exist: the market's OfferNotFound", async () => {
    const f = await load();
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.desk.write.appointArbiter([999n, f.wallets.arbiter.account.address], as(f.wallets.creator)),
      f.market,
      "OfferNotFound",
      [999n],
    );
  });

  it("attack: the licensor swaps the arbiter after sales", async () => {
    const f = await load();
    const offer = f.deskOffers.desk;
    // Swapping an appointed arbiter is refused, before a sale as after it.
    await expectDeskError(
      f,
      f.desk.write.appointArbiter([offer.id, f.wallets.creator.account.address], as(f.wallets.creator)),
      "DisputeArbiterAlreadyAppointed",
      [offer.id, addr(f.wallets.arbiter)],
    );
    const { licenseId } = await license(f, offer);
    await expectDeskError(
      f,
      f.desk.write.appointArbiter([offer.id, f.wallets.creator.account.address], as(f.wallets.creator)),
      "DisputeArbiterAlreadyAppointed",
      [offer.id, addr(f.wallets.arbiter)],
    );
    // Nor can a licensor that appointed nobody pick an arbiter once buyers have bought.
    await license(f, f.deskOffers.unappointed, f.wallets.buyer2);
    await expectDeskError(
      f,
      f.desk.write.appointArbiter(
        [f.deskOffers.unappointed.id, f.wallets.creator.account.address],
        as(f.wallets.creator),
      ),
      "DisputeOfferAlreadySold",
      [f.deskOffers.unappointed.id, 1n],
    );
    // The arbiter the buyer saw still rules, and the licensor cannot.
    const { caseId } = await file(f, licenseId);
    await expectDeskError(f, f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.creator)), "DisputeNotArbiter", [
      caseId,
      addr(f.wallets.arbiter),
      addr(f.wallets.creator),
    ]);
    await mined(f, f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.arbiter)));
    assert.equal((await f.desk.read.caseInfo([caseId])).arbiter, addr(f.wallets.arbiter));
  });

  it("offers naming an EOA arbiter on the market keep working without the desk", async () => {
    const f = await load();
    const { licenseId, assetId } = await license(f, f.offers.eth);
    await mined(f, f.market.write.revoke([licenseId, doc("direct ruling")], as(f.wallets.arbiter)));
    assert.equal((await f.market.read.licenseInfo([licenseId])).status, LicenseStatus.REVOKED);
    assert.equal(await f.market.read.isEntitled([f.wallets.buyer.account.address, assetId]), false);
    // The desk cannot revoke there (it is not that offer's arbiter), and keeps no case of it.
    assert.equal(await f.desk.read.openCaseOf([licenseId]), 0n);
  });
});

// ---------------------------------------------------------------- the whole flow

describe("DisputeDesk: the whole flow", () => {
  it("appoint → sell → file → respond → uphold: the license is REVOKED and entitlement ends in that block", async () => {
    const f = await load();
    const holder = f.wallets.buyer;
    const { licenseId, assetId, offerId, version } = await license(f, f.deskOffers.desk, holder);
    assert.equal(await f.market.read.isEntitled([holder.account.address, assetId]), true);

    // File.
    const evidence = doc("model weights redistributed on a public mirror");
    const filing = f.desk.write.fileClaim([licenseId, evidence], as(f.wallets.creator));
    await viem.assertions.emitWithArgs(filing, f.desk, "ClaimFiled", [
      1n,
      licenseId,
      assetId,
      addr(f.wallets.creator),
      addr(holder),
      addr(f.wallets.arbiter),
      evidence,
    ]);
    const filed = await mined(f, filing);
    const caseId = 1n;
    assert.equal(await f.desk.read.caseCount(), 1n);
    assert.equal(await f.desk.read.openCaseOf([licenseId]), caseId);
    assert.deepEqual(await f.desk.read.casesOfAsset([assetId, 0n, 10n]), [[caseId], 1n]);
    assert.deepEqual(await f.desk.read.caseInfo([caseId]), {
      licenseId,
      assetId,
      offerId,
      claimant: addr(f.wallets.creator),
      holder: addr(holder),
      arbiter: addr(f.wallets.arbiter),
      evidenceHash: evidence,
      responseHash: zeroHash,
      rulingHash: zeroHash,
      status: CaseStatus.OPEN,
      filedAt: filed.timestamp,
      respondedAt: 0n,
      closedAt: 0n,
    });

    // Respond.
    const response = doc("the mirror is a private, licensed deployment");
    const responding = f.desk.write.respond([caseId, response], as(holder));
    await viem.assertions.emitWithArgs(responding, f.desk, "ClaimResponded", [caseId, addr(holder), response]);
    const responded = await mined(f, responding);
    const afterResponse = await f.desk.read.caseInfo([caseId]);
    assert.equal(afterResponse.responseHash, response);
    assert.equal(afterResponse.respondedAt, responded.timestamp);
    assert.equal(afterResponse.status, CaseStatus.OPEN);

    // Uphold: the desk revokes on the market in the same transaction.
    const ruling = doc("upheld: redistribution breaches the terms");
    const upholding = f.desk.write.uphold([caseId, ruling], as(f.wallets.arbiter));
    await viem.assertions.emitWithArgs(upholding, f.desk, "ClaimUpheld", [
      caseId,
      licenseId,
      addr(f.wallets.arbiter),
      ruling,
    ]);
    await viem.assertions.emitWithArgs(upholding, f.market, "LicenseRevoked", [
      licenseId,
      getAddress(f.desk.address),
      ruling,
    ]);
    const upheld = await mined(f, upholding);
    const at = { blockNumber: upheld.blockNumber };
    const before = { blockNumber: upheld.blockNumber - 1n };
    assert.equal(await f.market.read.isEntitled([holder.account.address, assetId], before), true);
    assert.equal(await f.market.read.isEntitled([holder.account.address, assetId], at), false);
    assert.equal(await f.market.read.accessExpiry([holder.account.address, assetId, BigInt(version)], at), 0n);
    assert.equal((await f.market.read.licenseInfo([licenseId], at)).status, LicenseStatus.REVOKED);

    const closed = await f.desk.read.caseInfo([caseId]);
    assert.equal(closed.status, CaseStatus.UPHELD);
    assert.equal(closed.rulingHash, ruling);
    assert.equal(closed.closedAt, upheld.timestamp);
    assert.equal(closed.responseHash, response);
    assert.equal(await f.desk.read.openCaseOf([licenseId]), 0n);
  });

  it("appoint → sell → file → respond → dismiss: the license stays ACTIVE", async () => {
    const f = await load();
    const holder = f.wallets.buyer;
    const { licenseId, assetId, version } = await license(f, f.deskOffers.desk, holder);
    const { caseId } = await file(f, licenseId);
    await mined(f, f.desk.write.respond([caseId, doc("response")], as(holder)));
    const ruling = doc("dismissed: no breach shown");
    const dismissing = f.desk.write.dismiss([caseId, ruling], as(f.wallets.arbiter));
    await viem.assertions.emitWithArgs(dismissing, f.desk, "ClaimDismissed", [
      caseId,
      licenseId,
      addr(f.wallets.arbiter),
      ruling,
    ]);
    const dismissed = await mined(f, dismissing);
    assert.equal(
      parseEventLogs({ abi: f.market.abi, logs: dismissed.receipt.logs, eventName: "LicenseRevoked" }).length,
      0,
    );
    assert.equal((await f.market.read.licenseInfo([licenseId])).status, LicenseStatus.ACTIVE);
    assert.equal(await f.market.read.isEntitled([holder.account.address, assetId]), true);
    assert.notEqual(await f.market.read.accessExpiry([holder.account.address, assetId, BigInt(version)]), 0n);
    const info = await f.desk.read.caseInfo([caseId]);
    assert.equal(info.status, CaseStatus.DISMISSED);
    assert.equal(info.rulingHash, ruling);
    assert.equal(info.closedAt, dismissed.timestamp);
    assert.equal(await f.desk.read.openCaseOf([licenseId]), 0n);

    // A dismissal closes that case only: the licensor may file a new claim (new evidence).
    const second = await file(f, licenseId, doc("new evidence"));
    assert.equal(second.caseId, caseId + 1n);
    assert.equal(await f.desk.read.openCaseOf([licenseId]), second.caseId);
  });

  it("the claimant withdraws an open claim: ClaimWithdrawn; the license may be claimed again", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    const withdrawing = f.desk.write.withdrawClaim([caseId], as(f.wallets.creator));
    await viem.assertions.emitWithArgs(withdrawing, f.desk, "ClaimWithdrawn", [
      caseId,
      licenseId,
      addr(f.wallets.creator),
    ]);
    const withdrawn = await mined(f, withdrawing);
    const info = await f.desk.read.caseInfo([caseId]);
    assert.equal(info.status, CaseStatus.WITHDRAWN);
    assert.equal(info.closedAt, withdrawn.timestamp);
    assert.equal(info.rulingHash, zeroHash);
    assert.equal(await f.desk.read.openCaseOf([licenseId]), 0n);
    assert.equal((await f.market.read.licenseInfo([licenseId])).status, LicenseStatus.ACTIVE);
    await expectDeskError(f, f.desk.write.withdrawClaim([caseId], as(f.wallets.creator)), "DisputeCaseNotOpen", [
      caseId,
      CaseStatus.WITHDRAWN,
    ]);
    assert.equal((await file(f, licenseId)).caseId, caseId + 1n);
  });

  it("the holder may respond several times: every response is an event, the latest is stored", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    let last = 0n;
    for (const label of ["first answer", "exhibit A", "exhibit B"]) {
      const r = await mined(f, f.desk.write.respond([caseId, doc(label)], as(f.wallets.buyer)));
      const [event] = parseEventLogs({ abi: f.desk.abi, logs: r.receipt.logs, eventName: "ClaimResponded" });
      assert.equal(event?.args.responseHash, doc(label));
      last = r.timestamp;
    }
    const info = await f.desk.read.caseInfo([caseId]);
    assert.equal(info.responseHash, doc("exhibit B"));
    assert.equal(info.respondedAt, last);
  });

  it("checks-effects-interactions: the ruling is recorded (ClaimUpheld) before the market revokes", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    const { receipt } = await mined(f, f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.arbiter)));
    const [upheld] = parseEventLogs({ abi: f.desk.abi, logs: receipt.logs, eventName: "ClaimUpheld" });
    const [revoked] = parseEventLogs({ abi: f.market.abi, logs: receipt.logs, eventName: "LicenseRevoked" });
    assert.ok(upheld && revoked);
    assert.ok(upheld.logIndex < revoked.logIndex, "the desk's state and event come before the market call");
  });
});

// ---------------------------------------------------------------- filing

describe("DisputeDesk: filing a claim", () => {
  it("attack: a stranger files a claim", async () => {
    const f = await load();
    const { licenseId, assetId } = await license(f, f.deskOffers.desk);
    // Not a stranger, not the holder, not the arbiter, not another asset's controller.
    for (const w of [f.wallets.stranger, f.wallets.buyer, f.wallets.arbiter, f.wallets.otherCreator]) {
      await expectDeskError(f, f.desk.write.fileClaim([licenseId, doc("x")], as(w)), "DisputeNotAssetController", [
        assetId,
        addr(w),
      ]);
    }
    assert.equal(await f.desk.read.caseCount(), 0n);
  });

  it("the licensor is the asset's controller at filing: a new controller files, the old one cannot but keeps its case", async () => {
    const f = await load();
    const { licenseId, assetId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    await f.market.write.nominateAssetController([assetId, f.wallets.collab2.account.address], as(f.wallets.creator));
    await f.market.write.acceptAssetController([assetId], as(f.wallets.collab2));
    // The old controller, who filed, may still withdraw its case; the new one may not.
    await expectDeskError(f, f.desk.write.withdrawClaim([caseId], as(f.wallets.collab2)), "DisputeNotClaimant", [
      caseId,
      addr(f.wallets.creator),
      addr(f.wallets.collab2),
    ]);
    await mined(f, f.desk.write.withdrawClaim([caseId], as(f.wallets.creator)));
    await expectDeskError(
      f,
      f.desk.write.fileClaim([licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeNotAssetController",
      [assetId, addr(f.wallets.creator)],
    );
    const next = await file(f, licenseId, doc("x"), f.wallets.collab2);
    assert.equal((await f.desk.read.caseInfo([next.caseId])).claimant, addr(f.wallets.collab2));
  });

  it("attack: a claim against a license whose offer has no appointed arbiter", async () => {
    const f = await load();
    // The offer names the desk, but nobody was appointed before its first sale (nor can be now).
    const unappointed = await license(f, f.deskOffers.unappointed);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([unappointed.licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeNoArbiter",
      [unappointed.licenseId, f.deskOffers.unappointed.id],
    );
    // An offer whose market arbiter is an EOA, and one with no arbiter: the desk has no say.
    const direct = await license(f, f.offers.erc20, f.wallets.buyer2);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([direct.licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeNoArbiter",
      [direct.licenseId, f.offers.erc20.id],
    );
    const eoa = await license(f, f.offers.transferable, f.wallets.buyer3);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([eoa.licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeNoArbiter",
      [eoa.licenseId, f.offers.transferable.id],
    );
    assert.equal(await f.desk.read.caseCount(), 0n);
  });

  it("a license that is not ACTIVE: DisputeLicenseNotActive (EXPIRED, REVOKED)", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    await mined(f, f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.arbiter)));
    await expectDeskError(
      f,
      f.desk.write.fileClaim([licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeLicenseNotActive",
      [licenseId, LicenseStatus.REVOKED],
    );
    const other = await license(f, f.deskOffers.desk, f.wallets.buyer2);
    await mineAt(f, boughtAt + 31n * DAY);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([other.licenseId, doc("x")], as(f.wallets.creator)),
      "DisputeLicenseNotActive",
      [other.licenseId, LicenseStatus.EXPIRED],
    );
  });

  it("one open case per license: DisputeCaseAlreadyOpen", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([licenseId, doc("again")], as(f.wallets.creator)),
      "DisputeCaseAlreadyOpen",
      [licenseId, caseId],
    );
    // Another license of the same offer is a separate matter.
    const other = await license(f, f.deskOffers.desk, f.wallets.buyer2);
    assert.equal((await file(f, other.licenseId)).caseId, caseId + 1n);
  });

  it("evidence, responses and rulings need a non-zero hash: DisputeEmptyHash", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    await expectDeskError(
      f,
      f.desk.write.fileClaim([licenseId, zeroHash], as(f.wallets.creator)),
      "DisputeEmptyHash",
      [],
    );
    const { caseId } = await file(f, licenseId);
    await expectDeskError(f, f.desk.write.respond([caseId, zeroHash], as(f.wallets.buyer)), "DisputeEmptyHash", []);
    await expectDeskError(f, f.desk.write.uphold([caseId, zeroHash], as(f.wallets.arbiter)), "DisputeEmptyHash", []);
    await expectDeskError(f, f.desk.write.dismiss([caseId, zeroHash], as(f.wallets.arbiter)), "DisputeEmptyHash", []);
  });

  it("a license that does not exist: the market's LicenseNotFound", async () => {
    const f = await load();
    const missing = (f.deskOffers.desk.id << 32n) | 7n;
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.desk.write.fileClaim([missing, doc("x")], as(f.wallets.creator)),
      f.market,
      "LicenseNotFound",
      [missing],
    );
  });
});

// ---------------------------------------------------------------- who may respond, rule, withdraw

describe("DisputeDesk: who may respond, rule and withdraw", () => {
  it("attack: a stranger (or the licensor) rules on a case", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    const arbiter = addr(f.wallets.arbiter);
    // collab1 is the arbiter of another offer (the other creator's): it has no say here either.
    for (const w of [f.wallets.stranger, f.wallets.creator, f.wallets.buyer, f.wallets.collab1, f.wallets.admin]) {
      await expectDeskError(f, f.desk.write.uphold([caseId, doc("r")], as(w)), "DisputeNotArbiter", [
        caseId,
        arbiter,
        addr(w),
      ]);
      await expectDeskError(f, f.desk.write.dismiss([caseId, doc("r")], as(w)), "DisputeNotArbiter", [
        caseId,
        arbiter,
        addr(w),
      ]);
    }
    // The desk is the market arbiter, but nobody can revoke through the market directly.
    for (const w of [f.wallets.arbiter, f.wallets.creator]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.market.write.revoke([licenseId, doc("r")], as(w)),
        f.market,
        "NotArbiter",
        [licenseId, addr(w)],
      );
    }
    assert.equal((await f.desk.read.caseInfo([caseId])).status, CaseStatus.OPEN);
    assert.equal((await f.market.read.licenseInfo([licenseId])).status, LicenseStatus.ACTIVE);
  });

  it("attack: ruling twice", async () => {
    const f = await load();
    const a = await license(f, f.deskOffers.desk);
    const upheld = await file(f, a.licenseId);
    await mined(f, f.desk.write.uphold([upheld.caseId, doc("r1")], as(f.wallets.arbiter)));
    for (const rule of [f.desk.write.uphold, f.desk.write.dismiss]) {
      await expectDeskError(f, rule([upheld.caseId, doc("r2")], as(f.wallets.arbiter)), "DisputeCaseNotOpen", [
        upheld.caseId,
        CaseStatus.UPHELD,
      ]);
    }
    const b = await license(f, f.deskOffers.desk, f.wallets.buyer2);
    const dismissed = await file(f, b.licenseId);
    await mined(f, f.desk.write.dismiss([dismissed.caseId, doc("r1")], as(f.wallets.arbiter)));
    for (const rule of [f.desk.write.uphold, f.desk.write.dismiss]) {
      await expectDeskError(f, rule([dismissed.caseId, doc("r2")], as(f.wallets.arbiter)), "DisputeCaseNotOpen", [
        dismissed.caseId,
        CaseStatus.DISMISSED,
      ]);
    }
    // Nor may a party act on a ruled case.
    await expectDeskError(
      f,
      f.desk.write.respond([dismissed.caseId, doc("late")], as(f.wallets.buyer2)),
      "DisputeCaseNotOpen",
      [dismissed.caseId, CaseStatus.DISMISSED],
    );
    await expectDeskError(f, f.desk.write.withdrawClaim([upheld.caseId], as(f.wallets.creator)), "DisputeCaseNotOpen", [
      upheld.caseId,
      CaseStatus.UPHELD,
    ]);
    assert.equal((await f.desk.read.caseInfo([upheld.caseId])).rulingHash, doc("r1"));
    assert.equal((await f.market.read.licenseInfo([b.licenseId])).status, LicenseStatus.ACTIVE);
  });

  it("attack: someone other than the holder responds in its name: DisputeNotLicenseHolder", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    for (const w of [f.wallets.stranger, f.wallets.creator, f.wallets.arbiter]) {
      await expectDeskError(f, f.desk.write.respond([caseId, doc("r")], as(w)), "DisputeNotLicenseHolder", [
        caseId,
        addr(f.wallets.buyer),
        addr(w),
      ]);
    }
  });

  it("attack: the holder (or anyone but the claimant) withdraws the claim: DisputeNotClaimant", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    for (const w of [f.wallets.buyer, f.wallets.arbiter, f.wallets.stranger]) {
      await expectDeskError(f, f.desk.write.withdrawClaim([caseId], as(w)), "DisputeNotClaimant", [
        caseId,
        addr(f.wallets.creator),
        addr(w),
      ]);
    }
  });

  it("attack: the holder escapes the ruling by transferring the license", async () => {
    const f = await load();
    const from = f.wallets.buyer;
    const to = f.wallets.buyer2;
    const { licenseId, assetId } = await license(f, f.deskOffers.transferable, from);
    const { caseId } = await file(f, licenseId);
    await f.market.write.transferFrom([from.account.address, to.account.address, licenseId], as(from));
    // The case follows the license: the new holder answers, the old one no longer can.
    await expectDeskError(f, f.desk.write.respond([caseId, doc("r")], as(from)), "DisputeNotLicenseHolder", [
      caseId,
      addr(to),
      addr(from),
    ]);
    await mined(f, f.desk.write.respond([caseId, doc("new holder's answer")], as(to)));
    const upheld = await mined(f, f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.arbiter)));
    assert.equal(
      await f.market.read.isEntitled([to.account.address, assetId], { blockNumber: upheld.blockNumber }),
      false,
    );
    assert.equal((await f.market.read.licenseInfo([licenseId])).status, LicenseStatus.REVOKED);
    const info = await f.desk.read.caseInfo([caseId]);
    assert.equal(info.holder, addr(from), "the holder at filing is kept");
    assert.equal(info.status, CaseStatus.UPHELD);
  });

  it("a case that does not exist: DisputeCaseNotFound from every function that takes one", async () => {
    const f = await load();
    const { licenseId } = await license(f, f.deskOffers.desk);
    await file(f, licenseId);
    for (const id of [0n, 2n]) {
      await expectDeskError(f, f.desk.write.respond([id, doc("r")], as(f.wallets.buyer)), "DisputeCaseNotFound", [id]);
      await expectDeskError(f, f.desk.write.uphold([id, doc("r")], as(f.wallets.arbiter)), "DisputeCaseNotFound", [id]);
      await expectDeskError(f, f.desk.write.dismiss([id, doc("r")], as(f.wallets.arbiter)), "DisputeCaseNotFound", [
        id,
      ]);
      await expectDeskError(f, f.desk.write.withdrawClaim([id], as(f.wallets.creator)), "DisputeCaseNotFound", [id]);
      await expectDeskError(f, f.desk.read.caseInfo([id]), "DisputeCaseNotFound", [id]);
    }
  });

  it("documented limit: a license burned after lapsing cannot be revoked; the arbiter dismisses instead", async () => {
    const f = await load();
    const { licenseId, boughtAt } = await license(f, f.deskOffers.desk);
    const { caseId } = await file(f, licenseId);
    await mineAt(f, boughtAt + 31n * DAY);
    await mined(f, f.market.write.burnLapsed([licenseId], as(f.wallets.buyer)));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.desk.write.uphold([caseId, doc("ruling")], as(f.wallets.arbiter)),
      f.market,
      "LicenseNotFound",
      [licenseId],
    );
    assert.equal((await f.desk.read.caseInfo([caseId])).status, CaseStatus.OPEN, "the revert undid the ruling");
    await mined(f, f.desk.write.dismiss([caseId, doc("moot: the license lapsed")], as(f.wallets.arbiter)));
    assert.equal(await f.desk.read.openCaseOf([licenseId]), 0n);
  });

  it("the desk holds no funds: it rejects ETH", async () => {
    const f = await load();
    await assert.rejects(f.wallets.stranger.sendTransaction({ to: f.desk.address, value: 1n }));
    assert.equal(await f.publicClient.getBalance({ address: f.desk.address }), 0n);
  });
});

// ---------------------------------------------------------------- views

describe("DisputeDesk: views", () => {
  it("casesOfAsset pages an asset's cases in filing order; DisputePageTooLarge above 100", async () => {
    const f = await load();
    const buyers = [f.wallets.buyer, f.wallets.buyer2, f.wallets.buyer3];
    const model: bigint[] = [];
    const dataset: bigint[] = [];
    for (const b of buyers) {
      const m = await license(f, f.deskOffers.desk, b);
      model.push((await file(f, m.licenseId)).caseId);
      const d = await license(f, f.deskOffers.transferable, b);
      dataset.push((await file(f, d.licenseId)).caseId);
    }
    // Closing a case does not remove it from the list (append-only).
    await mined(f, f.desk.write.withdrawClaim([model[0] ?? 0n], as(f.wallets.creator)));
    const page = (assetId: bigint, offset: bigint, limit: bigint) => f.desk.read.casesOfAsset([assetId, offset, limit]);
    assert.deepEqual(await page(f.assets.model, 0n, 100n), [model, 3n]);
    assert.deepEqual(await page(f.assets.dataset, 0n, 2n), [dataset.slice(0, 2), 3n]);
    assert.deepEqual(await page(f.assets.dataset, 2n, 2n), [dataset.slice(2), 3n]);
    assert.deepEqual(await page(f.assets.model, 3n, 10n), [[], 3n]);
    assert.deepEqual(await page(f.assets.model, 2n ** 256n - 1n, 100n), [[], 3n], "an offset past the end");
    assert.deepEqual(await page(f.assets.model, 1n, 0n), [[], 3n]);
    assert.deepEqual(await page(f.assets.foreign, 0n, 10n), [[], 0n]);
    assert.equal(await f.desk.read.caseCount(), 6n);
    await expectDeskError(f, page(f.assets.model, 0n, 101n), "DisputePageTooLarge", [101n, 100n]);
  });
});

// ---------------------------------------------------------------- gas and coverage of the errors

describe("DisputeDesk: coverage", () => {
  it("gas: appointArbiter, fileClaim, respond, uphold, dismiss, withdrawClaim", async () => {
    const f = await load();
    const gas = async (hash: Promise<Hash>) => (await mined(f, hash)).receipt.gasUsed;
    console.log(
      `# gas: appointArbiter: ${await gas(
        f.desk.write.appointArbiter(
          [f.deskOffers.unappointed.id, f.wallets.collab2.account.address],
          as(f.wallets.creator),
        ),
      )}`,
    );
    const a = await license(f, f.deskOffers.desk);
    const b = await license(f, f.deskOffers.desk, f.wallets.buyer2);
    const c = await license(f, f.deskOffers.desk, f.wallets.buyer3);
    console.log(
      `# gas: fileClaim (first case): ${await gas(f.desk.write.fileClaim([a.licenseId, doc("e")], as(f.wallets.creator)))}`,
    );
    console.log(
      `# gas: fileClaim: ${await gas(f.desk.write.fileClaim([b.licenseId, doc("e")], as(f.wallets.creator)))}`,
    );
    await mined(f, f.desk.write.fileClaim([c.licenseId, doc("e")], as(f.wallets.creator)));
    console.log(`# gas: respond (first): ${await gas(f.desk.write.respond([1n, doc("r")], as(f.wallets.buyer)))}`);
    console.log(`# gas: respond (again): ${await gas(f.desk.write.respond([1n, doc("r2")], as(f.wallets.buyer)))}`);
    console.log(`# gas: uphold (revokes): ${await gas(f.desk.write.uphold([1n, doc("u")], as(f.wallets.arbiter)))}`);
    console.log(`# gas: dismiss: ${await gas(f.desk.write.dismiss([2n, doc("d")], as(f.wallets.arbiter)))}`);
    console.log(`# gas: withdrawClaim: ${await gas(f.desk.write.withdrawClaim([3n], as(f.wallets.creator)))}`);
  });

  it("every DisputeDesk error was raised by a test", async () => {
    const { abi } = await artifacts.readArtifact("DisputeDesk");
    const declared = abi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(declared.length > 0);
    const missing = declared.filter((name) => !raised.has(name));
    assert.deepEqual(missing, [], `errors never raised: ${missing.join(", ")}`);
  });
});
