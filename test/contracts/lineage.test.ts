/**
 * LineageRegistry: registering an asset as a derivative of licensed parents. Every derivative case
 * of the reference vectors gets its verdict; every rule is hit with its own custom error and the
 * values it names; `checkDerivative` is asked first in every test and must report the very revert
 * data `registerDerivative` then reverts with (or success and the same commitment).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { artifacts, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type AbiParameter,
  type ContractErrorName,
  decodeErrorResult,
  encodeAbiParameters,
  getAddress,
  type Hex,
  keccak256,
  parseEventLogs,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { encodeTerms, type LicensePreset, presetFile, termsHash } from "../../scripts/sdk/terms/codec.ts";
import {
  AssetKind,
  buy,
  contentHash,
  DAY,
  type Fixture,
  LicenseStatus,
  type OfferHandle,
  preset,
  territory,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

type Lineage = ContractReturnType<"LineageRegistry">;
type LineageError = ContractErrorName<Lineage["abi"]>;

/** ILineageRegistry.Relation ordinals. */
const Relation = { FINE_TUNED_FROM: 0, TRAINED_ON: 1, DISTILLED_FROM: 2 } as const;
/** TermsCompat obligations bits. */
const ATTRIBUTION = 1;
const NON_COMPETING = 2;
/** ITermsRegistry.Scope ordinals. */
const Scope = { EVALUATION: 0, NONCOMMERCIAL: 1, INTERNAL: 2, COMMERCIAL: 3 } as const;
/** Grants bits (TermsBits). */
const GRANT_MODIFY = 1n << 2n;
const GRANT_DISTRIBUTE_DERIVATIVES = 1n << 4n;
const GRANT_TRAIN_ON = 1n << 6n;
const MAX_PARENTS = 16n;
const MAX_DEPTH = 8n;

interface ParentArg {
  licenseId: bigint;
  relation: number;
}
interface ChildArg {
  termsId: bigint;
  name: string;
  family: string;
  trainingConfigHash: Hex;
}

// ---------------------------------------------------------------- terms

const withoutBitmaps = (p: LicensePreset): LicensePreset => {
  const { bitmaps: _derived, ...rest } = p;
  return rest;
};
const variant = (base: string, changes: Partial<LicensePreset>): LicensePreset => ({
  ...withoutBitmaps(preset(base)),
  ...changes,
});

/** Terms the tests register beyond the reference presets. */
const VARIANTS = {
  /** CC-BY-4.0 with a share-alike rule: derivatives must use the same terms. */
  sameLicense: variant("cc-by-4.0", { id: "cc-by-sa-like", derivatives: "SAME_LICENSE" }),
  /** Apache-2.0 whose outputs may not train other models. */
  noDistill: variant("apache-2.0", { id: "apache-2.0-no-distill", outputTraining: "PROHIBITED" }),
  /** Llama 2 without its MAU cap. */
  llama2Uncapped: variant("llama2", { id: "llama2-uncapped", caps: { ...preset("llama2").caps, mau: 0 } }),
} as const;

// ---------------------------------------------------------------- fixture

/** The market fixture, every preset and variant registered, and a LineageRegistry over both. */
async function lineageFixture(conn: NetworkConnection) {
  const f = await tesseraFixture(conn);
  const lineage = await conn.viem.deployContract("LineageRegistry", [f.market.address, f.registry.address]);
  await f.market.write.wireLineageRegistry([lineage.address]);
  const termsIds = new Map<string, bigint>();
  const all = [...presetFile.licenses, ...Object.values(VARIANTS)];
  for (const p of all) termsIds.set(p.id, await registerTerms(f, p));
  // A split for the deriver's own offers (chains, cycles).
  await f.market.write.createSplit([[f.wallets.buyer.account.address], [10_000], zeroAddress], {
    account: f.wallets.buyer.account,
  });
  const buyerSplit = (await f.market.read.counts())[2];
  return { ...f, lineage, termsIds, buyerSplit };
}
type LFixture = Fixture & { lineage: Lineage; termsIds: Map<string, bigint>; buyerSplit: bigint };
const load = () => networkHelpers.loadFixture(lineageFixture) as Promise<LFixture>;

async function registerTerms(f: Fixture, p: LicensePreset): Promise<bigint> {
  const struct = encodeTerms(p);
  await f.registry.write.registerTerms([struct]);
  const id = await f.registry.read.termsIdOf([termsHash(struct)]);
  assert.notEqual(id, 0n, `terms ${p.id} registered`);
  return id;
}

const termsId = (f: LFixture, id: string): bigint => {
  const found = f.termsIds.get(id);
  assert.ok(found !== undefined, `terms ${id} registered by the fixture`);
  return found;
};

let labels = 0;
async function registerAsset(f: Fixture, by: WalletClient, kind: number = AssetKind.MODEL): Promise<bigint> {
  const label = `lineage-asset-${++labels}`;
  await f.market.write.registerAsset([kind, contentHash(`${label} v1`), `ipfs://${label}`], { account: by.account });
  return (await f.market.read.counts())[0];
}

interface LicenseOptions {
  /** Who controls the parent asset and sells the license (default: creator). */
  owner?: WalletClient;
  /** Who buys it (default: buyer, the deriver). */
  holder?: WalletClient;
  /** An existing parent asset (default: a new one). */
  assetId?: bigint;
  kind?: number;
  duration?: bigint;
  allVersions?: boolean;
  arbiter?: Hex;
  /** The offer's royalty on derivatives (default 0). */
  royaltyBps?: number;
  /** The offer's split (default: the owner's solo split). */
  splitId?: bigint;
}

/** A parent asset under terms `terms` (a registered id) and a license on it. */
async function license(f: LFixture, terms: bigint, options: LicenseOptions = {}) {
  const owner = options.owner ?? f.wallets.creator;
  const assetId = options.assetId ?? (await registerAsset(f, owner, options.kind));
  const splitId = options.splitId ?? (owner === f.wallets.creator ? f.splits.solo.id : f.buyerSplit);
  const params = {
    ...f.baseOffer,
    assetId,
    termsId: terms,
    splitId,
    duration: options.duration ?? 30n * DAY,
    allVersions: options.allVersions ?? false,
    arbiter: options.arbiter ?? zeroAddress,
    royaltyBps: options.royaltyBps ?? 0,
  };
  await f.market.write.createOffer([params], { account: owner.account });
  const offerId = (await f.market.read.counts())[1];
  const offer: OfferHandle = { id: offerId, params, termsHash: (await f.market.read.offers([offerId])).termsHash };
  const { licenseId } = await buy(f, offer, { from: options.holder ?? f.wallets.buyer, territory: territory("US") });
  return { assetId, licenseId, offerId };
}

const childOf = (termsIdValue: bigint, name: string, family = ""): ChildArg => ({
  termsId: termsIdValue,
  name,
  family,
  trainingConfigHash: keccak256(stringToHex(`training config of ${name}`)),
});

// ---------------------------------------------------------------- verdicts

/** Lineage errors a test has seen raised (by both checkDerivative and registerDerivative). */
const raised = new Set<string>();

interface Attempt {
  from?: WalletClient;
  childAssetId: bigint;
  parents: ParentArg[];
  child: ChildArg;
}

/** checkDerivative reports `name(args)`, then registerDerivative reverts with exactly that. */
async function expectRejected(f: LFixture, a: Attempt, name: LineageError, args: readonly unknown[]): Promise<void> {
  const from = a.from ?? f.wallets.buyer;
  const [failure, commitment, links] = await f.lineage.read.checkDerivative([
    from.account.address,
    a.childAssetId,
    a.parents,
    a.child,
  ]);
  const decoded = decodeErrorResult({ abi: f.lineage.abi, data: failure });
  assert.equal(decoded.errorName, name, "checkDerivative names the failing rule");
  assert.deepEqual(decoded.args, args, "checkDerivative names the offending values");
  assert.equal(commitment, zeroHash);
  assert.equal(links.length, 0);
  await viem.assertions.revertWithCustomErrorWithArgs(
    f.lineage.write.registerDerivative([a.childAssetId, a.parents, a.child], { account: from.account }),
    f.lineage,
    name,
    // The values were checked against the decoded error above; the table of cases is untyped.
    [...args] as never,
  );
  raised.add(name);
}

/** checkDerivative passes, registerDerivative succeeds with the commitment it predicted. */
async function expectAccepted(f: LFixture, a: Attempt) {
  const from = a.from ?? f.wallets.buyer;
  const [failure, predicted, links] = await f.lineage.read.checkDerivative([
    from.account.address,
    a.childAssetId,
    a.parents,
    a.child,
  ]);
  assert.equal(
    failure,
    "0x",
    failure === "0x" ? "" : decodeErrorResult({ abi: f.lineage.abi, data: failure }).errorName,
  );
  const hash = await f.lineage.write.registerDerivative([a.childAssetId, a.parents, a.child], {
    account: from.account,
  });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [event] = parseEventLogs({ abi: f.lineage.abi, logs: receipt.logs, eventName: "DerivativeRegistered" });
  assert.ok(event, "a DerivativeRegistered event");
  assert.equal(event.args.lineageCommitment, predicted, "the commitment checkDerivative predicted");
  const stored = await f.lineage.read.lineageOf([a.childAssetId]);
  assert.equal(stored.commitment, predicted);
  assert.deepEqual(stored.parents, links, "the links checkDerivative predicted");
  return { hash, receipt, commitment: predicted, links };
}

/** The commitment as the NatSpec defines it, computed off-chain. */
function commitmentOf(f: LFixture, childAssetId: bigint, child: ChildArg, links: readonly unknown[]): Hex {
  const fn = f.lineage.abi.find((item) => item.type === "function" && item.name === "lineageCommitment");
  assert.ok(fn && fn.type === "function");
  return keccak256(
    encodeAbiParameters(fn.inputs as readonly AbiParameter[], [
      childAssetId,
      child.termsId,
      keccak256(stringToHex(child.name)),
      keccak256(stringToHex(child.family)),
      child.trainingConfigHash,
      links,
    ]),
  );
}

// ---------------------------------------------------------------- reference vectors

const RELATIONS: Record<string, number> = {
  fineTunedFrom: Relation.FINE_TUNED_FROM,
  trainedOn: Relation.TRAINED_ON,
  distilledFrom: Relation.DISTILLED_FROM,
};

/** The error (and its values, given the parent asset and the terms) each rejected vector must get. */
const EXPECTED: Record<string, (parent: bigint, f: LFixture, child: ChildArg) => [LineageError, unknown[]]> = {
  "llama31-derivative-without-prefix": (parent, _f, child) => [
    "LineageNamePrefixMissing",
    [parent, "Llama", child.name],
  ],
  "openrail-derivative-drops-restrictions": (parent) => ["LineageBannedUseDropped", [parent, 0x3ffn]],
  "commercial-model-trained-on-mdl": (parent) => [
    "LineageCommercialModelNotGranted",
    [parent, Scope.COMMERCIAL, Scope.INTERNAL],
  ],
  "non-llama-distilled-from-llama2": (parent, _f, child) => ["LineageFamilyMismatch", [parent, "llama", child.family]],
};

describe("LineageRegistry: the reference derivative cases", () => {
  const cases = presetFile.cases.filter((c) => c.parent !== undefined);

  it("covers all five derivative cases of vectors.json", () => {
    assert.equal(cases.length, 5);
    for (const c of cases) if (c.expect === "reject") assert.ok(EXPECTED[c.id], `expected error for ${c.id}`);
  });

  for (const c of cases) {
    it(`${c.id}: ${c.expect} (${c.reason})`, async () => {
      const f = await load();
      assert.ok(c.parent && c.child);
      const childTerms = c.child.override
        ? await registerTerms(f, variant(c.child.terms, c.child.override))
        : termsId(f, c.child.terms);
      const parent = await license(f, termsId(f, c.parent));
      const childAssetId = await registerAsset(f, f.wallets.buyer);
      const attempt = {
        childAssetId,
        parents: [{ licenseId: parent.licenseId, relation: RELATIONS[c.relation ?? "fineTunedFrom"] ?? -1 }],
        child: childOf(childTerms, c.child.name, c.child.family ?? ""),
      };
      const expected = EXPECTED[c.id];
      if (c.expect === "accept") {
        assert.equal(expected, undefined);
        await expectAccepted(f, attempt);
        assert.deepEqual(await f.lineage.read.parentsOf([childAssetId]), [parent.assetId]);
      } else {
        assert.ok(expected);
        const [name, args] = expected(parent.assetId, f, attempt.child);
        await expectRejected(f, attempt, name, args);
      }
    });
  }
});

// ---------------------------------------------------------------- registration rules

describe("LineageRegistry: who may register, and what", () => {
  it("records the lineage, emits DerivativeRegistered and ParentLinked, and the views agree", async () => {
    const f = await load();
    const model = await license(f, termsId(f, "llama3.1"));
    const data = await license(f, termsId(f, "cdla-permissive-2.0"), { kind: AssetKind.DATASET });
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const child = childOf(termsId(f, "llama3.1"), "Llama-3.1-Orca-8B", "llama");
    const parents = [
      { licenseId: model.licenseId, relation: Relation.FINE_TUNED_FROM },
      { licenseId: data.licenseId, relation: Relation.TRAINED_ON },
    ];
    const expectedLinks = [
      {
        assetId: model.assetId,
        licenseId: model.licenseId,
        contentHash: (await f.market.read.assetVersion([model.assetId, 1n])).contentHash,
        version: 1,
        relation: Relation.FINE_TUNED_FROM,
        termsId: termsId(f, "llama3.1"),
        obligations: ATTRIBUTION, // Llama 3.1's brand duty: "Built with Llama"
      },
      {
        assetId: data.assetId,
        licenseId: data.licenseId,
        contentHash: (await f.market.read.assetVersion([data.assetId, 1n])).contentHash,
        version: 1,
        relation: Relation.TRAINED_ON,
        termsId: termsId(f, "cdla-permissive-2.0"),
        obligations: 0,
      },
    ];
    const commitment = commitmentOf(f, childAssetId, child, expectedLinks);

    const hash = await f.lineage.write.registerDerivative([childAssetId, parents, child], {
      account: f.wallets.buyer.account,
    });
    await viem.assertions.emitWithArgs(Promise.resolve(hash), f.lineage, "DerivativeRegistered", [
      childAssetId,
      [model.assetId, data.assetId],
      commitment,
    ]);
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const linked = parseEventLogs({ abi: f.lineage.abi, logs: receipt.logs, eventName: "ParentLinked" });
    assert.deepEqual(
      linked.map((e) => e.args),
      expectedLinks.map((l) => ({
        childAssetId,
        parentAssetId: l.assetId,
        licenseId: l.licenseId,
        version: l.version,
        contentHash: l.contentHash,
        relation: l.relation,
        obligations: l.obligations,
      })),
    );

    const stored = await f.lineage.read.lineageOf([childAssetId]);
    assert.deepEqual(stored.parents, expectedLinks);
    assert.equal(stored.childTermsId, child.termsId);
    assert.equal(stored.nameHash, keccak256(stringToHex(child.name)));
    assert.equal(stored.familyHash, keccak256(stringToHex(child.family)));
    assert.equal(stored.trainingConfigHash, child.trainingConfigHash);
    assert.equal(stored.commitment, commitment);
    assert.equal(stored.depth, 1);
    assert.equal(BigInt(stored.registeredAt), (await f.publicClient.getBlock()).timestamp);
    assert.equal(
      await f.lineage.read.lineageCommitment([
        childAssetId,
        child.termsId,
        stored.nameHash,
        stored.familyHash,
        stored.trainingConfigHash,
        expectedLinks,
      ]),
      commitment,
    );

    assert.deepEqual(await f.lineage.read.parentsOf([childAssetId]), [model.assetId, data.assetId]);
    assert.deepEqual(await f.lineage.read.childrenOf([model.assetId]), [childAssetId]);
    assert.deepEqual(await f.lineage.read.childrenOf([data.assetId]), [childAssetId]);
    assert.equal(await f.lineage.read.childCount([model.assetId]), 1n);
    assert.equal(await f.lineage.read.ancestryDepth([childAssetId]), 1n);
    assert.equal(await f.lineage.read.ancestryDepth([model.assetId]), 0n);
    assert.deepEqual(await f.lineage.read.parentsOf([model.assetId]), []);
    assert.equal((await f.lineage.read.lineageOf([model.assetId])).registeredAt, 0n);
    assert.equal(await f.lineage.read.market(), getAddress(f.market.address));
    assert.equal(await f.lineage.read.termsRegistry(), getAddress(f.registry.address));
    assert.equal(await f.lineage.read.MAX_PARENTS(), MAX_PARENTS);
    assert.equal(await f.lineage.read.MAX_DEPTH(), MAX_DEPTH);
  });

  it("childrenOf is append-only across registrations (the family tree)", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"));
    const second = await license(f, termsId(f, "apache-2.0"), { assetId: parent.assetId, holder: f.wallets.buyer2 });
    const a = await registerAsset(f, f.wallets.buyer);
    const b = await registerAsset(f, f.wallets.buyer2);
    const child = childOf(termsId(f, "apache-2.0"), "tuned");
    await expectAccepted(f, { childAssetId: a, parents: [{ licenseId: parent.licenseId, relation: 0 }], child });
    await expectAccepted(f, {
      from: f.wallets.buyer2,
      childAssetId: b,
      parents: [{ licenseId: second.licenseId, relation: 0 }],
      child,
    });
    assert.deepEqual(await f.lineage.read.childrenOf([parent.assetId]), [a, b]);
    assert.equal(await f.lineage.read.childCount([parent.assetId]), 2n);
  });

  it("records the license's version, or the parent's latest for an all-versions license", async () => {
    const f = await load();
    const pinned = await license(f, termsId(f, "apache-2.0"));
    const floating = await license(f, termsId(f, "cdla-permissive-2.0"), { allVersions: true });
    for (const assetId of [pinned.assetId, floating.assetId]) {
      await f.market.write.publishVersion([assetId, contentHash(`asset ${assetId} v2`), "ipfs://v2"], {
        account: f.wallets.creator.account,
      });
    }
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const { links } = await expectAccepted(f, {
      childAssetId,
      parents: [
        { licenseId: pinned.licenseId, relation: Relation.FINE_TUNED_FROM },
        { licenseId: floating.licenseId, relation: Relation.TRAINED_ON },
      ],
      child: childOf(termsId(f, "apache-2.0"), "versions"),
    });
    assert.equal(links[0]?.version, 1);
    assert.equal(links[0]?.contentHash, (await f.market.read.assetVersion([pinned.assetId, 1n])).contentHash);
    assert.equal(links[1]?.version, 2);
    assert.equal(links[1]?.contentHash, contentHash(`asset ${floating.assetId} v2`));
  });

  it("rejects a caller who does not control the child", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"));
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    await expectRejected(
      f,
      {
        from: f.wallets.stranger,
        childAssetId,
        parents: [{ licenseId: parent.licenseId, relation: 0 }],
        child: childOf(termsId(f, "apache-2.0"), "x"),
      },
      "LineageNotChildController",
      [childAssetId, getAddress(f.wallets.stranger.account.address)],
    );
  });

  it("lineage is write-once", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"));
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const attempt = {
      childAssetId,
      parents: [{ licenseId: parent.licenseId, relation: 0 }],
      child: childOf(termsId(f, "apache-2.0"), "x"),
    };
    const first = await expectAccepted(f, attempt);
    await expectRejected(f, attempt, "LineageAlreadyRegistered", [childAssetId]);
    assert.equal((await f.lineage.read.lineageOf([childAssetId])).commitment, first.commitment);
  });

  it("takes 1 to 16 parents: 0 and 17 are rejected, 16 accepted", async () => {
    const f = await load();
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const child = childOf(termsId(f, "apache-2.0"), "many");
    await expectRejected(f, { childAssetId, parents: [], child }, "LineageInvalidParentCount", [0n, 1n, MAX_PARENTS]);
    const parents: ParentArg[] = [];
    for (let i = 0; i < 16; i++) {
      const p = await license(f, termsId(f, "apache-2.0"));
      parents.push({ licenseId: p.licenseId, relation: Relation.FINE_TUNED_FROM });
    }
    const tooMany = [...parents, { licenseId: 1n, relation: 0 }];
    await expectRejected(f, { childAssetId, parents: tooMany, child }, "LineageInvalidParentCount", [
      17n,
      1n,
      MAX_PARENTS,
    ]);
    const { receipt } = await expectAccepted(f, { childAssetId, parents, child });
    assert.equal((await f.lineage.read.parentsOf([childAssetId])).length, 16);
    console.log(`# gas: registerDerivative with 16 parents: ${receipt.gasUsed}`);
  });

  it("rejects the same parent asset twice", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"));
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const link = { licenseId: parent.licenseId, relation: Relation.FINE_TUNED_FROM };
    await expectRejected(
      f,
      { childAssetId, parents: [link, { ...link, relation: Relation.DISTILLED_FROM }], child: childOf(1n, "x") },
      "LineageDuplicateParent",
      [parent.assetId],
    );
  });

  it("attack: a derivative registered with someone else's parent license", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"), { holder: f.wallets.buyer2 });
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    await expectRejected(
      f,
      {
        childAssetId,
        parents: [{ licenseId: parent.licenseId, relation: 0 }],
        child: childOf(termsId(f, "apache-2.0"), "x"),
      },
      "LineageNotLicenseHolder",
      [parent.licenseId, getAddress(f.wallets.buyer2.account.address), getAddress(f.wallets.buyer.account.address)],
    );
  });

  it("attack: a derivative registered with an expired parent license", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"), { duration: 7n * DAY });
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const attempt = {
      childAssetId,
      parents: [{ licenseId: parent.licenseId, relation: 0 }],
      child: childOf(termsId(f, "apache-2.0"), "x"),
    };
    const { expiresAt } = await f.market.read.licenseInfo([parent.licenseId]);
    await networkHelpers.time.increaseTo(expiresAt);
    await expectRejected(f, attempt, "LineageLicenseNotActive", [parent.licenseId, LicenseStatus.EXPIRED]);
  });

  it("attack: a derivative registered with a revoked parent license", async () => {
    const f = await load();
    const parent = await license(f, termsId(f, "apache-2.0"), { arbiter: f.wallets.arbiter.account.address });
    await f.market.write.revoke([parent.licenseId, keccak256(stringToHex("ruling"))], {
      account: f.wallets.arbiter.account,
    });
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    await expectRejected(
      f,
      {
        childAssetId,
        parents: [{ licenseId: parent.licenseId, relation: 0 }],
        child: childOf(termsId(f, "apache-2.0"), "x"),
      },
      "LineageLicenseNotActive",
      [parent.licenseId, LicenseStatus.REVOKED],
    );
  });

  it("a license that does not exist reverts with the market's LicenseNotFound, in both", async () => {
    const f = await load();
    const childAssetId = await registerAsset(f, f.wallets.buyer);
    const args = [childAssetId, [{ licenseId: 12345n, relation: 0 }], childOf(1n, "x")] as const;
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.lineage.read.checkDerivative([f.wallets.buyer.account.address, ...args]),
      f.market,
      "LicenseNotFound",
      [12345n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.lineage.write.registerDerivative([...args], { account: f.wallets.buyer.account }),
      f.market,
      "LicenseNotFound",
      [12345n],
    );
  });
});

describe("LineageRegistry: the graph stays acyclic and shallow", () => {
  it("attack: a cycle in the lineage graph (a parent registering under its own child): the parent has offers, so its lineage is final", async () => {
    const f = await load();
    // creator's base model P; the buyer fine-tunes it into C.
    const p = await license(f, termsId(f, "apache-2.0"));
    const c = await registerAsset(f, f.wallets.buyer);
    const child = childOf(termsId(f, "apache-2.0"), "C");
    await expectAccepted(f, { childAssetId: c, parents: [{ licenseId: p.licenseId, relation: 0 }], child });
    // P's controller licenses C and tries to declare P a derivative of C: P -> C -> P.
    const onC = await license(f, termsId(f, "apache-2.0"), {
      owner: f.wallets.buyer,
      holder: f.wallets.creator,
      assetId: c,
    });
    await expectRejected(
      f,
      {
        from: f.wallets.creator,
        childAssetId: p.assetId,
        parents: [{ licenseId: onC.licenseId, relation: 0 }],
        child: childOf(termsId(f, "apache-2.0"), "P"),
      },
      "LineageChildAlreadyOffered",
      [p.assetId, 1n],
    );
  });

  it("attack: a cycle of length one (an asset naming a license on itself): the license needs an offer on it, so its lineage is final", async () => {
    const f = await load();
    const own = await registerAsset(f, f.wallets.buyer);
    const self = await license(f, termsId(f, "apache-2.0"), {
      owner: f.wallets.buyer,
      holder: f.wallets.buyer,
      assetId: own,
    });
    await expectRejected(
      f,
      {
        childAssetId: own,
        parents: [{ licenseId: self.licenseId, relation: 0 }],
        child: childOf(termsId(f, "apache-2.0"), "self"),
      },
      "LineageChildAlreadyOffered",
      [own, 1n],
    );
  });

  it(`bounds ancestry at ${MAX_DEPTH} levels: a ninth level is rejected`, async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    let parentAsset = await registerAsset(f, f.wallets.buyer);
    for (let depth = 1n; depth <= MAX_DEPTH + 1n; depth++) {
      const onParent = await license(f, apache, {
        owner: f.wallets.buyer,
        holder: f.wallets.buyer,
        assetId: parentAsset,
      });
      const next = await registerAsset(f, f.wallets.buyer);
      const attempt = {
        childAssetId: next,
        parents: [{ licenseId: onParent.licenseId, relation: 0 }],
        child: childOf(apache, `level ${depth}`),
      };
      if (depth > MAX_DEPTH) {
        await expectRejected(f, attempt, "LineageTooDeep", [next, depth, MAX_DEPTH]);
        break;
      }
      await expectAccepted(f, attempt);
      assert.equal(await f.lineage.read.ancestryDepth([next]), depth);
      parentAsset = next;
    }
  });

  it("depth is 1 + the deepest parent's", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const root = await license(f, apache);
    const mid = await registerAsset(f, f.wallets.buyer);
    await expectAccepted(f, {
      childAssetId: mid,
      parents: [{ licenseId: root.licenseId, relation: 0 }],
      child: childOf(apache, "mid"),
    });
    const onMid = await license(f, apache, { owner: f.wallets.buyer, holder: f.wallets.buyer2, assetId: mid });
    const shallow = await license(f, apache, { holder: f.wallets.buyer2 });
    const leaf = await registerAsset(f, f.wallets.buyer2);
    await expectAccepted(f, {
      from: f.wallets.buyer2,
      childAssetId: leaf,
      parents: [
        { licenseId: shallow.licenseId, relation: 0 },
        { licenseId: onMid.licenseId, relation: 0 },
      ],
      child: childOf(apache, "leaf"),
    });
    assert.equal(await f.lineage.read.ancestryDepth([leaf]), 2n);
  });
});

// ---------------------------------------------------------------- terms rules

/** One parent under `parentTerms`, one child under `childTerms`, relation `relation`. */
async function single(
  f: LFixture,
  parentTerms: string,
  relation: number,
  child: Omit<ChildArg, "termsId"> & { terms: string },
) {
  const parent = await license(f, termsId(f, parentTerms));
  const childAssetId = await registerAsset(f, f.wallets.buyer);
  return {
    parent,
    attempt: {
      childAssetId,
      parents: [{ licenseId: parent.licenseId, relation }],
      child: {
        ...childOf(termsId(f, child.terms), child.name, child.family),
        trainingConfigHash: child.trainingConfigHash,
      },
    },
  };
}
const named = (terms: string, name: string, family = "") => ({ terms, name, family, trainingConfigHash: zeroHash });

describe("LineageRegistry: FINE_TUNED_FROM (the derivative rule)", () => {
  it("rejects a parent whose terms forbid derivatives", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "enterprise-api", 0, named("enterprise-api", "x"));
    await expectRejected(f, attempt, "LineageDerivativesNotAllowed", [parent.assetId, termsId(f, "enterprise-api")]);
  });

  it("rejects a parent that grants no modify / distributeDerivatives", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "mdl-cropland", 0, named("mdl-cropland", "x"));
    const required = GRANT_MODIFY | GRANT_DISTRIBUTE_DERIVATIVES;
    await expectRejected(f, attempt, "LineageGrantMissing", [parent.assetId, required, required]);
  });

  it("SAME_LICENSE: other terms are rejected, the same terms accepted", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "cc-by-sa-like", 0, named("cc-by-4.0", "x"));
    await expectRejected(f, attempt, "LineageTermsNotSame", [
      parent.assetId,
      termsId(f, "cc-by-sa-like"),
      termsId(f, "cc-by-4.0"),
    ]);
    await expectAccepted(f, { ...attempt, child: { ...attempt.child, termsId: termsId(f, "cc-by-sa-like") } });
  });

  it("rejects a child scope wider than the parent's", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "cc-by-nc-4.0", 0, named("apache-2.0", "x"));
    await expectRejected(f, attempt, "LineageScopeExceedsParent", [
      parent.assetId,
      Scope.COMMERCIAL,
      Scope.NONCOMMERCIAL,
    ]);
  });

  it("rejects a child territory that is not a subset of the parent's (DENY EU, GB, KR vs worldwide)", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "hunyuan3d-2.1", 0, named("llama2", "x"));
    await expectRejected(f, attempt, "LineageTerritoryNotSubset", [
      parent.assetId,
      termsId(f, "hunyuan3d-2.1"),
      termsId(f, "llama2"),
    ]);
    await expectAccepted(f, { ...attempt, child: { ...attempt.child, termsId: termsId(f, "hunyuan3d-2.1") } });
  });

  it("rejects child caps looser than the parent's (no MAU cap under Llama 2's 700M)", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "llama2", 0, named("llama2-uncapped", "x"));
    await expectRejected(f, attempt, "LineageCapExceeded", [parent.assetId, "caps.mau", 0n, 700_000_000n]);
  });

  it("name prefix and brand: a Llama 3.1 fine-tune named Llama… is accepted with attribution recorded", async () => {
    const f = await load();
    const { attempt } = await single(f, "llama3.1", 0, named("llama3.1", "Llama-3.1-Orca-8B"));
    const { links } = await expectAccepted(f, attempt);
    assert.equal(links[0]?.obligations, ATTRIBUTION);
  });
});

describe("LineageRegistry: TRAINED_ON", () => {
  it("rejects a dataset that grants no trainOn", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "enterprise-api", Relation.TRAINED_ON, named("apache-2.0", "x"));
    await expectRejected(f, attempt, "LineageGrantMissing", [parent.assetId, GRANT_TRAIN_ON, GRANT_TRAIN_ON]);
  });

  it("accepts an INTERNAL model trained on a dataset without commercialiseModel", async () => {
    const f = await load();
    const { attempt } = await single(f, "mdl-cropland", Relation.TRAINED_ON, named("mdl-cropland", "crops"));
    await expectAccepted(f, attempt);
  });
});

describe("LineageRegistry: DISTILLED_FROM, by the parent's outputTraining", () => {
  it("INHERIT_TERMS: treated as a derivative (OpenRAIL's bans must pass on)", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "openrail-m", Relation.DISTILLED_FROM, named("apache-2.0", "x"));
    await expectRejected(f, attempt, "LineageBannedUseDropped", [parent.assetId, 0x3ffn]);
    await expectAccepted(f, { ...attempt, child: { ...attempt.child, termsId: termsId(f, "openrail-m") } });
  });

  it("ATTRIBUTE_AND_NAME: the name rule applies and attribution is recorded", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "llama3.1", Relation.DISTILLED_FROM, named("apache-2.0", "Orca-2"));
    await expectRejected(f, attempt, "LineageNamePrefixMissing", [parent.assetId, "Llama", "Orca-2"]);
    const { links } = await expectAccepted(f, { ...attempt, child: { ...attempt.child, name: "Llama-Orca-2" } });
    assert.equal(links[0]?.obligations, ATTRIBUTION);
  });

  it("SAME_FAMILY_ONLY: a llama-family model is accepted", async () => {
    const f = await load();
    const { attempt } = await single(f, "llama2", Relation.DISTILLED_FROM, named("apache-2.0", "tiny", "llama"));
    await expectAccepted(f, attempt);
  });

  it("INTERNAL_ONLY: a commercial model is rejected, an internal one accepted", async () => {
    const f = await load();
    const { parent, attempt } = await single(f, "mdl-cropland", Relation.DISTILLED_FROM, named("apache-2.0", "x"));
    await expectRejected(f, attempt, "LineageOutputsInternalOnly", [parent.assetId, Scope.COMMERCIAL, Scope.INTERNAL]);
    await expectAccepted(f, { ...attempt, child: { ...attempt.child, termsId: termsId(f, "mdl-cropland") } });
  });

  it("NO_COMPETING: accepted, with the registrant's non-competing attestation recorded", async () => {
    const f = await load();
    const { attempt } = await single(f, "enterprise-api", Relation.DISTILLED_FROM, named("apache-2.0", "helper"));
    const { links } = await expectAccepted(f, attempt);
    assert.equal(links[0]?.obligations, NON_COMPETING);
  });

  it("PROHIBITED: rejected", async () => {
    const f = await load();
    const { parent, attempt } = await single(
      f,
      "apache-2.0-no-distill",
      Relation.DISTILLED_FROM,
      named("apache-2.0", "x"),
    );
    await expectRejected(f, attempt, "LineageOutputTrainingProhibited", [
      parent.assetId,
      termsId(f, "apache-2.0-no-distill"),
    ]);
  });

  it("UNRESTRICTED and NOT_ADDRESSED: accepted", async () => {
    const f = await load();
    for (const terms of ["cdla-permissive-2.0", "apache-2.0"]) {
      const { attempt } = await single(f, terms, Relation.DISTILLED_FROM, named("apache-2.0", "student"));
      const { links } = await expectAccepted(f, attempt);
      assert.equal(links[0]?.obligations, 0);
    }
  });
});

describe("LineageRegistry: upstream royalties", () => {
  const MAX_UPSTREAM_BPS = 5_000n;
  const MAX_ROYALTY_SHARES = 16n;

  /** A new split paying `payee` alone (each ancestor's revenue lands in its own pool). */
  async function soloSplit(f: LFixture, payee: WalletClient): Promise<bigint> {
    await f.market.write.createSplit([[payee.account.address], [10_000], zeroAddress], { account: payee.account });
    return (await f.market.read.counts())[2];
  }

  /** The deriver (buyer) offers its registered derivative; buyer2 buys; the pools' changes. */
  async function sellDerivative(f: LFixture, childAssetId: bigint, watched: readonly bigint[]) {
    const params = { ...f.baseOffer, assetId: childAssetId, termsId: termsId(f, "apache-2.0"), splitId: f.buyerSplit };
    await f.market.write.createOffer([params], { account: f.wallets.buyer.account });
    const offerId = (await f.market.read.counts())[1];
    const offer: OfferHandle = { id: offerId, params, termsHash: (await f.market.read.offers([offerId])).termsHash };
    const pools = () => Promise.all(watched.map((id) => f.market.read.pendingRevenue([id, zeroAddress])));
    const treasury = () => f.market.read.withdrawable([f.wallets.treasury.account.address, zeroAddress]);
    const [before, feeBefore] = [await pools(), await treasury()];
    const sale = await buy(f, offer, { from: f.wallets.buyer2 });
    const [after, feeAfter] = [await pools(), await treasury()];
    return { sale, offerId, credited: after.map((a, i) => a - (before[i] ?? 0n)), fee: feeAfter - feeBefore };
  }

  it("a derivative owes its parent offer's royalty on every sale and renewal: royalties + split + fee = price, to the wei", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const parentSplit = await soloSplit(f, f.wallets.collab1);
    const parent = await license(f, apache, { royaltyBps: 1_000, splitId: parentSplit });
    const child = await registerAsset(f, f.wallets.buyer);
    const { receipt } = await expectAccepted(f, {
      childAssetId: child,
      parents: [{ licenseId: parent.licenseId, relation: Relation.FINE_TUNED_FROM }],
      child: childOf(apache, "child"),
    });
    const [set] = parseEventLogs({ abi: f.market.abi, logs: receipt.logs, eventName: "UpstreamRoyaltiesSet" });
    assert.ok(set, "the market records the royalties with the lineage");
    assert.equal(set.args.assetId, child);
    assert.deepEqual(set.args.shares, [{ splitId: Number(parentSplit), bps: 1_000 }]);
    assert.deepEqual(await f.market.read.upstreamRoyalties([child]), [{ splitId: Number(parentSplit), bps: 1_000 }]);

    const { sale, credited, fee } = await sellDerivative(f, child, [parentSplit, f.buyerSplit]);
    const price = sale.price;
    assert.equal(credited[0], (price * 1_000n) / 10_000n, "the parent's split got 10 %");
    assert.equal(fee, (price * 250n) / 10_000n, "the treasury got the protocol fee");
    assert.equal((credited[0] ?? 0n) + (credited[1] ?? 0n) + fee, price, "royalty + split + fee = price");

    // A renewal of three periods pays the same way.
    const pools = () =>
      Promise.all([parentSplit, f.buyerSplit].map((id) => f.market.read.pendingRevenue([id, zeroAddress])));
    const before = await pools();
    await f.market.write.renew([sale.licenseId, 3n, price * 3n], {
      account: f.wallets.buyer2.account,
      value: price * 3n,
    });
    const after = await pools();
    const cost = price * 3n;
    assert.equal((after[0] ?? 0n) - (before[0] ?? 0n), (cost * 1_000n) / 10_000n);
    assert.equal(
      (after[0] ?? 0n) - (before[0] ?? 0n) + ((after[1] ?? 0n) - (before[1] ?? 0n)) + (cost * 250n) / 10_000n,
      cost,
    );
  });

  it("a grandchild pays its parent and its grandparent (shares are inherited down the chain)", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const grandSplit = await soloSplit(f, f.wallets.collab1);
    const grand = await license(f, apache, { royaltyBps: 500, splitId: grandSplit });
    const mid = await registerAsset(f, f.wallets.buyer);
    await expectAccepted(f, {
      childAssetId: mid,
      parents: [{ licenseId: grand.licenseId, relation: Relation.FINE_TUNED_FROM }],
      child: childOf(apache, "mid"),
    });
    // The deriver sells a license on the middle asset (royalty 8 %) to buyer3, who derives further.
    const midSplit = f.buyerSplit;
    const onMid = await license(f, apache, {
      owner: f.wallets.buyer,
      holder: f.wallets.buyer3,
      assetId: mid,
      royaltyBps: 800,
      splitId: midSplit,
    });
    const leaf = await registerAsset(f, f.wallets.buyer3);
    await expectAccepted(f, {
      from: f.wallets.buyer3,
      childAssetId: leaf,
      parents: [{ licenseId: onMid.licenseId, relation: Relation.FINE_TUNED_FROM }],
      child: childOf(apache, "leaf"),
    });
    assert.deepEqual(await f.market.read.upstreamRoyalties([leaf]), [
      { splitId: Number(midSplit), bps: 800 },
      { splitId: Number(grandSplit), bps: 500 },
    ]);
  });

  it("a diamond: an ancestor reached along two paths is owed once, at the larger share", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const topSplit = await soloSplit(f, f.wallets.collab2);
    // Two licenses on the same top asset, under offers with different royalties but one split.
    const top = await registerAsset(f, f.wallets.creator);
    const viaA = await license(f, apache, { assetId: top, royaltyBps: 300, splitId: topSplit });
    const viaB = await license(f, apache, {
      assetId: top,
      royaltyBps: 700,
      splitId: topSplit,
      holder: f.wallets.buyer3,
    });
    const a = await registerAsset(f, f.wallets.buyer);
    const b = await registerAsset(f, f.wallets.buyer3);
    await expectAccepted(f, {
      childAssetId: a,
      parents: [{ licenseId: viaA.licenseId, relation: 0 }],
      child: childOf(apache, "a"),
    });
    await expectAccepted(f, {
      from: f.wallets.buyer3,
      childAssetId: b,
      parents: [{ licenseId: viaB.licenseId, relation: 0 }],
      child: childOf(apache, "b"),
    });
    const bSplit = await soloSplit(f, f.wallets.buyer3);
    const onA = await license(f, apache, { owner: f.wallets.buyer, holder: f.wallets.stranger, assetId: a });
    const onB = await license(f, apache, {
      owner: f.wallets.buyer3,
      holder: f.wallets.stranger,
      assetId: b,
      splitId: bSplit,
    });
    const d = await registerAsset(f, f.wallets.stranger);
    await expectAccepted(f, {
      from: f.wallets.stranger,
      childAssetId: d,
      parents: [
        { licenseId: onA.licenseId, relation: 0 },
        { licenseId: onB.licenseId, relation: 0 },
      ],
      child: childOf(apache, "d"),
    });
    assert.deepEqual(await f.market.read.upstreamRoyalties([d]), [{ splitId: Number(topSplit), bps: 700 }]);
  });

  it("attack: a royalty cap overflow (parents asking 30 % + 25 % are rejected at registration)", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const p1 = await license(f, apache, { royaltyBps: 3_000, splitId: await soloSplit(f, f.wallets.collab1) });
    const p2 = await license(f, apache, { royaltyBps: 2_500, splitId: await soloSplit(f, f.wallets.collab2) });
    const child = await registerAsset(f, f.wallets.buyer);
    await expectRejected(
      f,
      {
        childAssetId: child,
        parents: [
          { licenseId: p1.licenseId, relation: 0 },
          { licenseId: p2.licenseId, relation: 0 },
        ],
        child: childOf(apache, "greedy"),
      },
      "LineageRoyaltyCapExceeded",
      [child, 5_500n, MAX_UPSTREAM_BPS],
    );
    // Exactly 50 % is allowed.
    const p3 = await license(f, apache, { royaltyBps: 2_000, splitId: await soloSplit(f, f.wallets.collab2) });
    await expectAccepted(f, {
      childAssetId: child,
      parents: [
        { licenseId: p1.licenseId, relation: 0 },
        { licenseId: p3.licenseId, relation: 0 },
      ],
      child: childOf(apache, "fair"),
    });
  });

  it(`bounds a sale's work: royalties to more than ${MAX_ROYALTY_SHARES} ancestors' splits are rejected`, async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const parents: ParentArg[] = [];
    for (let i = 0; i < Number(MAX_ROYALTY_SHARES); i++) {
      const split = await soloSplit(f, f.wallets.collab1);
      parents.push({
        licenseId: (await license(f, apache, { royaltyBps: 100, splitId: split })).licenseId,
        relation: 0,
      });
    }
    const wide = await registerAsset(f, f.wallets.buyer);
    await expectAccepted(f, { childAssetId: wide, parents, child: childOf(apache, "wide") });
    assert.equal((await f.market.read.upstreamRoyalties([wide])).length, Number(MAX_ROYALTY_SHARES));
    const onWide = await license(f, apache, {
      owner: f.wallets.buyer,
      holder: f.wallets.buyer3,
      assetId: wide,
      royaltyBps: 100,
    });
    const leaf = await registerAsset(f, f.wallets.buyer3);
    await expectRejected(
      f,
      {
        from: f.wallets.buyer3,
        childAssetId: leaf,
        parents: [{ licenseId: onWide.licenseId, relation: 0 }],
        child: childOf(apache, "leaf"),
      },
      "LineageTooManyRoyaltyShares",
      [leaf, MAX_ROYALTY_SHARES],
    );
  });

  it("attack: royalty evasion by selling first and declaring parents later (the first offer makes lineage final)", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    const parent = await license(f, apache, { royaltyBps: 1_000, splitId: await soloSplit(f, f.wallets.collab1) });
    const child = await registerAsset(f, f.wallets.buyer);
    const params = { ...f.baseOffer, assetId: child, termsId: apache, splitId: f.buyerSplit };
    await f.market.write.createOffer([params], { account: f.wallets.buyer.account });
    assert.equal((await f.market.read.assetInfo([child])).offerCount, 1);
    await expectRejected(
      f,
      { childAssetId: child, parents: [{ licenseId: parent.licenseId, relation: 0 }], child: childOf(apache, "late") },
      "LineageChildAlreadyOffered",
      [child, 1n],
    );
  });

  it("the market takes royalties from the wired registry only, wired once by its owner", async () => {
    const f = await load();
    assert.equal(await f.market.read.lineage(), getAddress(f.lineage.address));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.writeUpstreamRoyalties([f.assets.model, [{ splitId: 1, bps: 5_000 }]], {
        account: f.wallets.stranger.account,
      }),
      f.market,
      "NotLineageRegistry",
      [getAddress(f.wallets.stranger.account.address)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.wireLineageRegistry([f.wallets.stranger.account.address]),
      f.market,
      "LineageRegistryAlreadySet",
      [getAddress(f.lineage.address)],
    );
    const extension = await viem.deployContract("LicenseMarketExtension", [f.registry.address]);
    const fresh = await viem.deployContract("LicenseMarket", [
      f.wallets.admin.account.address,
      f.registry.address,
      extension.address,
    ]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      fresh.write.wireLineageRegistry([f.lineage.address], { account: f.wallets.stranger.account }),
      fresh,
      "OwnableUnauthorizedAccount",
      [getAddress(f.wallets.stranger.account.address)],
    );
    await viem.assertions.revertWithCustomError(fresh.write.wireLineageRegistry([zeroAddress]), fresh, "ZeroAddress");
    await viem.assertions.emitWithArgs(
      fresh.write.wireLineageRegistry([f.lineage.address]),
      fresh,
      "LineageRegistrySet",
      [getAddress(f.lineage.address)],
    );
  });
});

describe("LineageRegistry: coverage of the rules", () => {
  it("gas: registerDerivative with 1 and 4 parents", async () => {
    const f = await load();
    const apache = termsId(f, "apache-2.0");
    for (const n of [1, 4]) {
      const parents: ParentArg[] = [];
      for (let i = 0; i < n; i++) parents.push({ licenseId: (await license(f, apache)).licenseId, relation: 0 });
      const childAssetId = await registerAsset(f, f.wallets.buyer);
      const { receipt } = await expectAccepted(f, { childAssetId, parents, child: childOf(apache, `gas-${n}`) });
      console.log(`# gas: registerDerivative with ${n} parent(s): ${receipt.gasUsed}`);
    }
  });

  it("every LineageRegistry error was raised by a test, through checkDerivative and registerDerivative", async () => {
    const { abi } = await artifacts.readArtifact("LineageRegistry");
    const declared = abi.flatMap((item) => (item.type === "error" ? [item.name] : []));
    assert.ok(declared.length > 0);
    const missing = declared.filter((name) => !raised.has(name));
    assert.deepEqual(missing, [], `errors never raised: ${missing.join(", ")}`);
  });
});
