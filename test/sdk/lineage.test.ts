/**
 * The lineage actions against a real deployment (LineageRegistry deployed by deployTessera): a
 * buyer licensed on a dataset registers a model trained on it, the family reads back; a dataset
 * whose terms forbid commercial models is refused in plain words, before and at the transaction; the
 * dataset offer's royalty is predicted and recorded as the model's upstream royalty.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { keccak256, stringToHex, zeroAddress } from "viem";
import { checkDerivative } from "../../scripts/sdk/actions/checkDerivative.ts";
import { createOffer } from "../../scripts/sdk/actions/createOffer.ts";
import { getLineage } from "../../scripts/sdk/actions/getLineage.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { registerAsset } from "../../scripts/sdk/actions/registerAsset.ts";
import { registerDerivative } from "../../scripts/sdk/actions/registerDerivative.ts";
import { registerTerms } from "../../scripts/sdk/actions/registerTerms.ts";
import { ContractRevertError } from "../../scripts/sdk/errors.ts";
import { encodeTerms, findPreset } from "../../scripts/sdk/terms/codec.ts";
import { contentHash, sdkFixture } from "./setup.ts";

const { networkHelpers } = await network.create();

describe("SDK lineage actions", () => {
  it("registers a model trained on a licensed dataset, reads the family, refuses what the terms forbid", async () => {
    const f = await networkHelpers.loadFixture(sdkFixture);
    const creator = f.client(f.wallets.creator);
    const buyer = f.client(f.wallets.buyer);
    const termsOf = async (id: string) =>
      (await registerTerms(creator, { terms: encodeTerms(findPreset(id)) })).termsId;
    const [cdla, mdl, apache] = [
      await termsOf("cdla-permissive-2.0"),
      await termsOf("mdl-cropland"),
      await termsOf("apache-2.0"),
    ];
    const offerOn = async (termsId: bigint, royaltyBps = 0) => {
      const { assetId } = await registerAsset(creator, {
        kind: "DATASET",
        contentHash: contentHash(`d${termsId}`),
        metadataURI: "",
      });
      const { offerId } = await createOffer(creator, {
        assetId,
        termsId,
        price: 1n,
        duration: 0n,
        splitId: f.split.id,
        royaltyBps,
      });
      return { assetId, licenseId: (await purchase(buyer, { offerId })).licenseId };
    };
    const open = await offerOn(cdla, 750);
    const restricted = await offerOn(mdl);
    const { assetId: model } = await registerAsset(buyer, {
      kind: "MODEL",
      contentHash: contentHash("model"),
      metadataURI: "",
    });
    const child = {
      termsId: apache,
      name: "open-classifier",
      family: "",
      trainingConfigHash: keccak256(stringToHex("cfg")),
    };

    // A commercial model may not be trained on the MDL dataset: said before any transaction, and at it.
    const refused = {
      childAssetId: model,
      parents: [{ licenseId: restricted.licenseId, relation: "TRAINED_ON" as const }],
      child,
    };
    const verdict = await checkDerivative(buyer, refused);
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok && verdict.error instanceof ContractRevertError);
    assert.equal(!verdict.ok && (verdict.error as ContractRevertError).errorName, "LineageCommercialModelNotGranted");
    assert.match(!verdict.ok ? verdict.error.shortMessage : "", /does not allow commercial models/);
    await assert.rejects(
      registerDerivative(buyer, refused),
      (e: ContractRevertError) => e.errorName === "LineageCommercialModelNotGranted",
    );

    // CDLA-Permissive places no restriction on results: accepted, and the commitment is the one predicted.
    const accepted = {
      childAssetId: model,
      parents: [{ licenseId: open.licenseId, relation: "TRAINED_ON" as const }],
      child,
    };
    const predicted = await checkDerivative(buyer, accepted);
    assert.ok(predicted.ok);
    assert.deepEqual(
      predicted.royalties,
      [{ splitId: f.split.id, bps: 750 }],
      "the dataset's 7.5 % royalty, predicted",
    );
    const { commitment } = await registerDerivative(buyer, accepted);
    assert.equal(commitment, predicted.ok ? predicted.commitment : zeroAddress);
    const family = await getLineage(f.reader, { assetId: model });
    assert.equal(family.commitment, commitment);
    assert.deepEqual(family.royalties, [{ splitId: f.split.id, bps: 750 }], "and recorded with the market");
    assert.deepEqual(
      family.parents.map((p) => [p.assetId, p.version, p.relation, p.licenseId]),
      [[open.assetId, 1, "TRAINED_ON", open.licenseId]],
    );
    assert.equal(family.parents[0]?.contentHash, contentHash(`d${cdla}`));
    assert.deepEqual((await getLineage(f.reader, { assetId: open.assetId })).children, [model]);
    // Lineage is write-once.
    await assert.rejects(
      registerDerivative(buyer, accepted),
      (e: ContractRevertError) => e.errorName === "LineageAlreadyRegistered",
    );
  });
});
