/**
 * The consortium actions against a real deployment (deployTessera) and a ConsortiumFactory: create
 * a consortium, pool an asset and publish a pooled offer by proposal, an outside buyer purchases,
 * a member syncs and claims its share; getConsortium reads it all back; Consortium errors come back
 * in plain words.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, parseEther, zeroAddress } from "viem";
import { createConsortium } from "../../scripts/sdk/actions/consortium/createConsortium.ts";
import { execute } from "../../scripts/sdk/actions/consortium/execute.ts";
import { getConsortium } from "../../scripts/sdk/actions/consortium/getConsortium.ts";
import { decodeProposal, encodeProposal, type ProposalAction } from "../../scripts/sdk/actions/consortium/proposals.ts";
import { propose } from "../../scripts/sdk/actions/consortium/propose.ts";
import { syncAndClaim } from "../../scripts/sdk/actions/consortium/syncAndClaim.ts";
import { vote } from "../../scripts/sdk/actions/consortium/vote.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { consortiumErrorSentences } from "../../scripts/sdk/consortiumErrors.ts";
import { ContractRevertError } from "../../scripts/sdk/errors.ts";
import { IConsortiumErrorsAbi } from "../../scripts/sdk/generated/abis.ts";
import { DAY, sdkFixture } from "./setup.ts";

const { viem, networkHelpers } = await network.create();

async function rejected(promise: Promise<unknown>, errorName: string, sentence: RegExp) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ContractRevertError, `a ContractRevertError, not ${String(err)}`);
    assert.equal(err.errorName, errorName);
    assert.match(err.shortMessage, sentence);
    return true;
  });
}

describe("SDK consortium actions", () => {
  it("creates a consortium, pools an asset, sells under a pooled offer and pays members by weight", async () => {
    const f = await networkHelpers.loadFixture(sdkFixture);
    const factory = await viem.deployContract("ConsortiumFactory");
    const creator = f.client(f.wallets.creator);
    const collab = f.client(f.wallets.collab);
    const buyer = f.client(f.wallets.buyer);
    const [creatorAddress, collabAddress] = [f.wallets.creator, f.wallets.collab].map((w) =>
      getAddress(w.account.address),
    );

    const { consortium, splitId } = await createConsortium(creator, {
      factory: factory.address,
      members: [
        { account: creatorAddress, weight: 60n },
        { account: collabAddress, weight: 40n },
      ],
      thresholdBps: 5_001,
      lifetime: DAY,
    });
    assert.equal(await factory.read.isConsortium([consortium]), true);

    // Pool the model: its controller nominates the consortium, a member proposes, creator's 60 % passes it.
    await f.market.write.nominateAssetController([f.assets.model, consortium], { account: f.wallets.creator.account });
    const added = await propose(creator, { consortium, action: { kind: "ADD_ASSET", assetId: f.assets.model } });
    assert.equal((await vote(creator, { consortium, proposalId: added.proposalId })).weight, 60n);
    await execute(buyer, { consortium, proposalId: added.proposalId }); // anyone may execute

    const offer = {
      assetId: f.assets.model,
      termsId: f.terms.worldwide.id,
      price: parseEther("1"),
      currency: zeroAddress,
      duration: 0n,
      maxSupply: 0,
      allVersions: true,
      arbiter: zeroAddress,
      royaltyBps: 0,
    } as const;
    const published = await propose(collab, { consortium, action: { kind: "PUBLISH_OFFER", offer } });
    await vote(collab, { consortium, proposalId: published.proposalId });
    await vote(creator, { consortium, proposalId: published.proposalId });
    await execute(collab, { consortium, proposalId: published.proposalId });

    let state = await getConsortium(creator, { consortium, account: creatorAddress });
    assert.equal(state.splitId, splitId);
    assert.equal(state.thresholdBps, 5_001);
    assert.equal(state.lifetime, DAY);
    assert.equal(state.totalWeight, 100n);
    assert.deepEqual(state.members, [
      { account: creatorAddress, weight: 60n },
      { account: collabAddress, weight: 40n },
    ]);
    assert.deepEqual(state.pooledAssets, [f.assets.model]);
    assert.equal(state.pooledOffers.length, 1);
    assert.deepEqual(
      state.proposals.map((p) => [p.kind, p.status, p.voted]),
      [
        ["ADD_ASSET", "EXECUTED", true],
        ["PUBLISH_OFFER", "EXECUTED", true],
      ],
    );
    assert.deepEqual(state.proposals[1]?.action, { kind: "PUBLISH_OFFER", offer });

    const offerId = state.pooledOffers[0];
    assert.ok(offerId !== undefined);
    await purchase(buyer, { offerId });
    state = await getConsortium(creator, { consortium, currencies: [zeroAddress] });
    const arrived = state.revenue[0]?.unsynced ?? 0n;
    assert.ok(arrived > 0n && arrived <= parseEther("1"), "the sale waits in the market");

    const collabClaim = await syncAndClaim(collab, { consortium, currency: zeroAddress });
    assert.equal(collabClaim.synced, arrived, "the claim synced first");
    assert.equal(collabClaim.amount, (arrived * 40n) / 100n);
    state = await getConsortium(creator, { consortium, account: creatorAddress });
    const eth = state.revenue.find((r) => r.currency === zeroAddress);
    assert.equal(eth?.unsynced, 0n);
    assert.equal(eth?.owedToAccount, (arrived * 60n) / 100n);
    const to = getAddress(f.wallets.buyer2.account.address);
    const before = await f.publicClient.getBalance({ address: to });
    const paid = await syncAndClaim(creator, { consortium, currency: zeroAddress, to });
    assert.equal(paid.amount, (arrived * 60n) / 100n);
    assert.equal((await f.publicClient.getBalance({ address: to })) - before, paid.amount);
  });

  it("decodes Consortium errors into sentences", async () => {
    const f = await networkHelpers.loadFixture(sdkFixture);
    const factory = await viem.deployContract("ConsortiumFactory");
    const creator = f.client(f.wallets.creator);
    const stranger = f.client(f.wallets.buyer2);
    const creatorAddress = f.wallets.creator.account.address;
    await rejected(
      createConsortium(creator, { factory: factory.address, members: [], thresholdBps: 6_000, lifetime: DAY }),
      "ConsortiumNoMembers",
      /at least one member/,
    );
    await rejected(
      createConsortium(creator, {
        factory: factory.address,
        members: [{ account: creatorAddress, weight: 1n }],
        thresholdBps: 5_000,
        lifetime: DAY,
      }),
      "ConsortiumInvalidThreshold",
      /50% is outside 50.01% to 100%/,
    );
    const { consortium } = await createConsortium(creator, {
      factory: factory.address,
      members: [{ account: creatorAddress, weight: 1n }],
      thresholdBps: 10_000,
      lifetime: DAY,
    });
    await rejected(
      propose(stranger, { consortium, action: { kind: "ADD_ASSET", assetId: 1n } }),
      "ConsortiumNotMember",
      /is not a member of the consortium/,
    );
    const { proposalId } = await propose(creator, { consortium, action: { kind: "ADD_ASSET", assetId: 1n } });
    await vote(creator, { consortium, proposalId });
    await rejected(vote(creator, { consortium, proposalId }), "ConsortiumAlreadyVoted", /has already voted/);
    await rejected(
      syncAndClaim(creator, { consortium, currency: zeroAddress }),
      "ConsortiumNothingToClaim",
      /no ETH for you to claim/,
    );
    // Market errors still come back in the market's words.
    await rejected(execute(creator, { consortium, proposalId }), "NotPendingAssetController", /was not nominated/);
  });

  it("has a sentence for every Consortium error and round-trips every kind of proposal", () => {
    for (const item of IConsortiumErrorsAbi) {
      assert.ok(Object.hasOwn(consortiumErrorSentences, item.name), `a sentence for ${item.name}`);
    }
    const account = getAddress("0x00000000000000000000000000000000000000aa");
    const actions: ProposalAction[] = [
      { kind: "ADMIT_MEMBER", account, weight: 7n },
      { kind: "REMOVE_MEMBER", account },
      { kind: "SET_WEIGHT", account, weight: 9n },
      { kind: "ADD_ASSET", assetId: 3n },
      {
        kind: "PUBLISH_OFFER",
        offer: {
          assetId: 3n,
          termsId: 2n,
          price: 5n,
          currency: account,
          duration: 60n,
          maxSupply: 4,
          allVersions: false,
          arbiter: account,
          royaltyBps: 250,
        },
      },
      { kind: "SET_OFFER_STATUS", offerId: 8n, status: "PAUSED" },
      { kind: "RELEASE_ASSET", assetId: 3n, to: account },
    ];
    for (const action of actions) {
      const { kind, payload } = encodeProposal(action);
      assert.deepEqual(decodeProposal(kind, payload), action);
    }
  });
});
