/**
 * The creator-side SDK actions (registerAsset, publishVersion, registerTerms, createSplit,
 * createOffer) against a real deployment on Hardhat's EDR chain: each returns the id its event
 * reports, the chain holds what was sent, and reverts come back as decoded Tessera errors.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, parseEther, zeroAddress } from "viem";
import { readOffer } from "../../scripts/sdk/actions/listOffers.ts";
import {
  ContractRevertError,
  createOffer,
  createSplit,
  getAsset,
  getSplit,
  publishVersion,
  registerAsset,
  registerTerms,
  WalletRequiredError,
} from "../../scripts/sdk/index.ts";
import { encodeTerms, findPreset } from "../../scripts/sdk/terms/codec.ts";
import { contentHash, DAY, sdkFixture } from "./setup.ts";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(sdkFixture);

describe("SDK creator actions", () => {
  it("registerAsset and publishVersion return the new asset id and version number", async () => {
    const f = await load();
    const creator = f.client(f.wallets.creator);
    const { assetId } = await registerAsset(creator, {
      kind: "DATASET",
      contentHash: contentHash("corpus v1"),
      metadataURI: "ipfs://corpus/v1",
    });
    assert.equal(assetId, 3n, "the fixture registered two assets before");
    const { version } = await publishVersion(creator, {
      assetId,
      contentHash: contentHash("corpus v2"),
      metadataURI: "ipfs://corpus/v2",
    });
    assert.equal(version, 2);
    const asset = await getAsset(f.reader, { assetId });
    assert.equal(asset.kind, "DATASET");
    assert.equal(asset.controller, getAddress(f.wallets.creator.account.address));
    assert.deepEqual(
      asset.versions.map((v) => [v.contentHash, v.metadataURI]),
      [
        [contentHash("corpus v1"), "ipfs://corpus/v1"],
        [contentHash("corpus v2"), "ipfs://corpus/v2"],
      ],
    );
  });

  it("publishVersion by someone else is a decoded NotAssetController revert", async () => {
    const f = await load();
    const err = await publishVersion(f.client(f.wallets.buyer), {
      assetId: f.assets.model,
      contentHash: contentHash("hijack"),
      metadataURI: "",
    }).catch((e: unknown) => e);
    assert.ok(err instanceof ContractRevertError, String(err));
    assert.equal(err.errorName, "NotAssetController");
    assert.match(err.shortMessage, /does not control asset 1/);
  });

  it("registerTerms registers new terms once, then returns the existing id without a transaction", async () => {
    const f = await load();
    const creator = f.client(f.wallets.creator);
    const terms = encodeTerms(findPreset("openrail-m"));
    const first = await registerTerms(creator, { terms });
    assert.equal(first.registered, true);
    assert.ok(first.hash !== undefined);
    const onChain = await f.registry.read.termsIdOf([first.termsHash]);
    assert.equal(first.termsId, onChain);
    const again = await registerTerms(creator, { terms });
    assert.deepEqual([again.termsId, again.registered, again.hash], [first.termsId, false, undefined]);
    // Already-registered terms need no wallet: the fixture's apache-2.0 resolves through a reader.
    const known = await registerTerms(f.reader, { terms: encodeTerms(findPreset("apache-2.0")) });
    assert.equal(known.termsId, f.terms.worldwide.id);
    await assert.rejects(
      registerTerms(f.reader, { terms: encodeTerms(findPreset("llama2")) }),
      (e) => e instanceof WalletRequiredError,
    );
  });

  it("createSplit and createOffer return the ids their events report, with the chain holding the params", async () => {
    const f = await load();
    const creator = f.client(f.wallets.creator);
    const collab = f.wallets.collab.account.address;
    const { splitId } = await createSplit(creator, {
      recipients: [f.wallets.creator.account.address, collab],
      bps: [6_000, 4_000],
    });
    assert.equal(splitId, 2n, "the fixture created split 1");
    const split = await getSplit(f.reader, { splitId });
    assert.deepEqual(split.bps, [6_000, 4_000]);
    assert.equal(split.controller, zeroAddress);

    const { offerId } = await createOffer(creator, {
      assetId: f.assets.model,
      termsId: f.terms.worldwide.id,
      price: parseEther("0.2"),
      duration: 7n * DAY,
      maxSupply: 3,
      allVersions: true,
      splitId,
      royaltyBps: 250,
    });
    assert.equal(offerId, 5n, "the fixture created four offers");
    const offer = await readOffer(f.reader, offerId);
    assert.equal(offer.price, parseEther("0.2"));
    assert.equal(offer.duration, 7n * DAY);
    assert.equal(offer.maxSupply, 3);
    assert.equal(offer.allVersions, true);
    assert.equal(offer.splitId, splitId);
    assert.equal(offer.royaltyBps, 250);
    assert.equal(offer.currency, zeroAddress);
    assert.equal(offer.termsHash, f.terms.worldwide.hash);
  });

  it("createSplit and createOffer reverts decode into sentences", async () => {
    const f = await load();
    const creator = f.client(f.wallets.creator);
    await assert.rejects(
      createSplit(creator, { recipients: [f.wallets.creator.account.address], bps: [9_000] }),
      (e) => e instanceof ContractRevertError && e.errorName === "SplitBpsSum" && /90%/.test(e.shortMessage),
    );
    await assert.rejects(
      createOffer(creator, { assetId: f.assets.model, termsId: f.terms.worldwide.id, price: 1n, splitId: 99n }),
      (e) => e instanceof ContractRevertError && e.errorName === "SplitNotFound",
    );
    await assert.rejects(
      createOffer(f.reader, { assetId: f.assets.model, termsId: 1n, price: 1n, splitId: 1n }),
      (e) => e instanceof WalletRequiredError,
    );
  });
});
