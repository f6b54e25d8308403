/**
 * The dispute actions against the SDK fixture's deployment (deployTessera deploys the DisputeDesk
 * with the market): the creator publishes an offer naming the desk as arbiter and appoints `collab`;
 * claims are filed, answered, upheld (the license is revoked), dismissed and withdrawn; `getCase`
 * and `listCases` read them back; refusals come back in plain words, and a deployment made before
 * the desk existed says so.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, keccak256, stringToHex, zeroHash } from "viem";
import { DisputeDeskAbi } from "../../scripts/sdk/generated/abis.ts";
import {
  appointArbiter,
  ContractRevertError,
  createOffer,
  errorSentences,
  fileClaim,
  getCase,
  getLicense,
  isEntitled,
  listCases,
  purchase,
  respondToClaim,
  ruleOnClaim,
  type TesseraClient,
  TesseraError,
  WalletRequiredError,
  withdrawClaim,
} from "../../scripts/sdk/index.ts";
import { DAY, sdkFixture } from "./setup.ts";

const connection = await network.create();
const { networkHelpers } = connection;

const doc = (label: string) => keccak256(stringToHex(label));

/** The SDK fixture and an offer naming its DisputeDesk as arbiter, `collab` appointed. */
async function disputesFixture(conn: NetworkConnection) {
  const f = await sdkFixture(conn);
  const desk = f.deployment.contracts.DisputeDesk;
  if (!desk) throw new Error("deployTessera deploys the DisputeDesk");
  const disputeDesk = desk.address;
  const creator = f.client(f.wallets.creator);
  const { offerId } = await createOffer(creator, {
    assetId: f.assets.model,
    termsId: f.terms.worldwide.id,
    price: 1n,
    duration: 30n * DAY,
    splitId: f.split.id,
    arbiter: disputeDesk,
  });
  await appointArbiter(creator, { offerId, arbiter: f.wallets.collab.account.address });
  return { f, offerId };
}
const load = () => networkHelpers.loadFixture(disputesFixture);

const revertedWith = (name: string, sentence: RegExp) => (e: ContractRevertError) =>
  e instanceof ContractRevertError && e.errorName === name && sentence.test(e.shortMessage);

describe("SDK dispute actions", () => {
  it("files, answers and upholds a claim: the license is revoked; getCase reads every stage", async () => {
    const { f, offerId } = await load();
    const creator = f.client(f.wallets.creator);
    const buyer = f.client(f.wallets.buyer);
    const arbiter = f.client(f.wallets.collab);
    const { licenseId } = await purchase(buyer, { offerId });

    const { caseId } = await fileClaim(creator, { licenseId, evidenceHash: doc("evidence") });
    assert.equal(caseId, 1n);
    const filed = await getCase(f.reader, { caseId });
    assert.equal(filed.status, "OPEN");
    assert.equal(filed.licenseId, licenseId);
    assert.equal(filed.assetId, f.assets.model);
    assert.equal(filed.offerId, offerId);
    assert.equal(filed.claimant, getAddress(f.wallets.creator.account.address));
    assert.equal(filed.holder, getAddress(f.wallets.buyer.account.address));
    assert.equal(filed.arbiter, getAddress(f.wallets.collab.account.address));
    assert.equal(filed.evidenceHash, doc("evidence"));
    assert.equal(filed.rulingHash, zeroHash);
    assert.ok(filed.filedAt > 0n && filed.closedAt === 0n);

    await respondToClaim(buyer, { caseId, responseHash: doc("response") });
    assert.equal((await getCase(f.reader, { caseId })).responseHash, doc("response"));

    await ruleOnClaim(arbiter, { caseId, ruling: "uphold", rulingHash: doc("ruling") });
    const ruled = await getCase(f.reader, { caseId });
    assert.equal(ruled.status, "UPHELD");
    assert.equal(ruled.rulingHash, doc("ruling"));
    assert.ok(ruled.closedAt >= ruled.respondedAt && ruled.respondedAt >= ruled.filedAt);
    assert.equal((await getLicense(f.reader, { licenseId })).status, "REVOKED");
    assert.equal(
      await isEntitled(f.reader, { account: f.wallets.buyer.account.address, assetId: f.assets.model }),
      false,
    );
  });

  it("dismisses and withdraws; listCases pages an asset's cases in filing order", async () => {
    const { f, offerId } = await load();
    const creator = f.client(f.wallets.creator);
    const arbiter = f.client(f.wallets.collab);
    const a = await purchase(f.client(f.wallets.buyer), { offerId });
    const b = await purchase(f.client(f.wallets.buyer2), { offerId });

    const first = await fileClaim(creator, { licenseId: a.licenseId, evidenceHash: doc("a") });
    await ruleOnClaim(arbiter, { caseId: first.caseId, ruling: "dismiss", rulingHash: doc("no") });
    const second = await fileClaim(creator, { licenseId: b.licenseId, evidenceHash: doc("b") });
    await withdrawClaim(creator, { caseId: second.caseId });
    const third = await fileClaim(creator, { licenseId: a.licenseId, evidenceHash: doc("a2") });
    assert.equal((await getLicense(f.reader, { licenseId: a.licenseId })).status, "ACTIVE");

    const all = await listCases(f.reader, { assetId: f.assets.model });
    assert.equal(all.total, 3n);
    assert.deepEqual(
      all.cases.map((c) => [c.caseId, c.status]),
      [
        [first.caseId, "DISMISSED"],
        [second.caseId, "WITHDRAWN"],
        [third.caseId, "OPEN"],
      ],
    );
    const page = await listCases(f.reader, { assetId: f.assets.model, offset: 1n, limit: 1n });
    assert.deepEqual(
      page.cases.map((c) => c.caseId),
      [second.caseId],
    );
    assert.equal(page.total, 3n);
    assert.deepEqual(await listCases(f.reader, { assetId: f.assets.dataset }), { cases: [], total: 0n });
  });

  it("refusals come back as plain-English ContractRevertErrors", async () => {
    const { f, offerId } = await load();
    const creator = f.client(f.wallets.creator);
    const stranger = f.client(f.wallets.buyer2);
    const { licenseId } = await purchase(f.client(f.wallets.buyer), { offerId });

    await assert.rejects(
      fileClaim(stranger, { licenseId, evidenceHash: doc("x") }),
      revertedWith("DisputeNotAssetController", /does not control asset/),
    );
    await assert.rejects(
      appointArbiter(creator, { offerId, arbiter: f.wallets.creator.account.address }),
      revertedWith("DisputeArbiterAlreadyAppointed", /already has .* as its arbiter/),
    );
    // An offer naming no arbiter on the market: the desk has no say over its licenses.
    await assert.rejects(
      appointArbiter(creator, { offerId: f.offers.eth, arbiter: f.wallets.collab.account.address }),
      revertedWith("DisputeOfferNotOnDesk", /has no arbiter on the market/),
    );
    const { caseId } = await fileClaim(creator, { licenseId, evidenceHash: doc("x") });
    await assert.rejects(
      ruleOnClaim(creator, { caseId, ruling: "uphold", rulingHash: doc("r") }),
      revertedWith("DisputeNotArbiter", /is not the arbiter of case/),
    );
    await assert.rejects(
      respondToClaim(stranger, { caseId, responseHash: doc("r") }),
      revertedWith("DisputeNotLicenseHolder", /only its holder/),
    );
    await assert.rejects(getCase(f.reader, { caseId: 99n }), revertedWith("DisputeCaseNotFound", /99/));
    // The market's own errors, passed on by the desk, keep the market's sentences.
    await assert.rejects(
      fileClaim(creator, { licenseId: licenseId + 1000n, evidenceHash: doc("x") }),
      revertedWith("LicenseNotFound", /does not exist/),
    );
    await assert.rejects(
      withdrawClaim(f.reader, { caseId }),
      (e: WalletRequiredError) => e instanceof WalletRequiredError && /withdraw a claim/.test(e.shortMessage),
    );
  });

  it("a deployment made before the DisputeDesk existed says to redeploy", async () => {
    const { f, offerId } = await load();
    const creator = f.client(f.wallets.creator);
    const older = (client: TesseraClient) => ({ ...client, contracts: { ...client.contracts, disputes: undefined } });
    const noDesk = (e: TesseraError) =>
      e instanceof TesseraError && e.shortMessage === "This deployment has no DisputeDesk: redeploy to use disputes.";
    await assert.rejects(
      appointArbiter(older(creator), { offerId, arbiter: f.wallets.collab.account.address }),
      noDesk,
    );
    await assert.rejects(listCases(older(f.reader), { assetId: f.assets.model }), noDesk);
  });

  it("every DisputeDesk error has a sentence", () => {
    const names = DisputeDeskAbi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(names.length > 0);
    for (const name of names) assert.equal(typeof (errorSentences as Record<string, unknown>)[name], "function", name);
  });
});
