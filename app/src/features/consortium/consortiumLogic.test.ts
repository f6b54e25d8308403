import { getAddress, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  countdownText,
  describeProposal,
  EMPTY_DRAFT,
  executeBlock,
  lifetimeText,
  parseThreshold,
  parseWeight,
  percentText,
  relativeText,
  requiredWeight,
  tally,
  validateCreate,
  validateDraft,
  voteBlock,
} from "./consortiumLogic.ts";

const A = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const B = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
const C = getAddress("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
const USDC = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const ctx = {
  assetTitle: (id: bigint) => (id === 7n ? "Aurora-7B" : undefined),
  currency: (a: `0x${string}`) =>
    a === zeroAddress ? { symbol: "ETH", decimals: 18 } : { symbol: "dUSDC", decimals: 6 },
  termsName: (id: bigint) => (id === 3n ? "Apache License 2.0" : undefined),
  offerAsset: (id: bigint) => (id === 12n ? 7n : undefined),
};

describe("describeProposal", () => {
  it("puts every kind in plain words", () => {
    expect(describeProposal({ kind: "ADMIT_MEMBER", account: A, weight: 20n }, ctx)).toBe(
      "Admit 0x7099…79C8 with weight 20",
    );
    expect(describeProposal({ kind: "REMOVE_MEMBER", account: B }, ctx)).toBe("Remove member 0x3C44…93BC");
    expect(describeProposal({ kind: "SET_WEIGHT", account: B, weight: 5n }, ctx)).toBe(
      "Set the weight of 0x3C44…93BC to 5",
    );
    expect(describeProposal({ kind: "ADD_ASSET", assetId: 7n }, ctx)).toBe("Pool asset 7 (Aurora-7B)");
    expect(describeProposal({ kind: "ADD_ASSET", assetId: 8n }, ctx)).toBe("Pool asset 8");
    expect(describeProposal({ kind: "SET_OFFER_STATUS", offerId: 12n, status: "PAUSED" }, ctx)).toBe(
      "Pause offer #12 on asset 7 (Aurora-7B)",
    );
    expect(describeProposal({ kind: "SET_OFFER_STATUS", offerId: 13n, status: "ACTIVE" }, ctx)).toBe(
      "Resume offer #13",
    );
    expect(describeProposal({ kind: "RELEASE_ASSET", assetId: 7n, to: C }, ctx)).toBe(
      "Release asset 7 (Aurora-7B) to 0x90F7…b906",
    );
  });
  it("describes a pooled offer's price, period and terms", () => {
    const offer = {
      assetId: 7n,
      termsId: 3n,
      price: 50_000_000_000_000_000n,
      currency: zeroAddress,
      duration: 30n * 86_400n,
      maxSupply: 0,
      allVersions: false,
      arbiter: zeroAddress,
      royaltyBps: 0,
    };
    expect(describeProposal({ kind: "PUBLISH_OFFER", offer }, ctx)).toBe(
      "Publish an offer on asset 7 (Aurora-7B): 0.05 ETH, 30 days, terms #3 (Apache License 2.0)",
    );
    expect(
      describeProposal(
        {
          kind: "PUBLISH_OFFER",
          offer: { ...offer, currency: USDC, price: 12_000_000n, duration: 0n, allVersions: true, maxSupply: 100 },
        },
        ctx,
      ),
    ).toBe(
      "Publish an offer on asset 7 (Aurora-7B): 12 dUSDC, perpetual, terms #3 (Apache License 2.0), every version, at most 100 licenses",
    );
  });
});

describe("tally", () => {
  it("rounds the required weight up, as the contract does", () => {
    expect(requiredWeight(100n, 5_001)).toBe(51n);
    expect(requiredWeight(3n, 6_667)).toBe(3n);
    expect(requiredWeight(3n, 6_666)).toBe(2n);
  });
  it("measures yes and no against the threshold", () => {
    const t = tally({ yesWeight: 30n, noWeight: 10n, totalWeight: 100n }, 5_100);
    expect(t).toMatchObject({ required: 51n, missing: 21n, yesPercent: 30, noPercent: 10, thresholdPercent: 51 });
    expect(t.unreachable).toBe(false);
    expect(t.text).toBe("Yes 30 of 100 weight (30 %), no 10 (10 %); passing needs 51 (51 %).");
    expect(tally({ yesWeight: 0n, noWeight: 50n, totalWeight: 100n }, 5_100).unreachable).toBe(true);
    expect(tally({ yesWeight: 2n, noWeight: 0n, totalWeight: 3n }, 6_667).text).toBe(
      "Yes 2 of 3 weight (66.67 %), no 0 (0 %); passing needs 3 (66.67 %).",
    );
  });
  it("writes shares", () => {
    expect(percentText(1n, 3n)).toBe("33.33 %");
    expect(percentText(1n, 2n)).toBe("50 %");
    expect(percentText(1n, 8n)).toBe("12.5 %");
    expect(percentText(1n, 0n)).toBe("0 %");
  });
});

describe("countdowns", () => {
  const now = 1_000_000;
  it("says when voting closes or closed", () => {
    expect(countdownText("ACTIVE", BigInt(now + 3 * 86_400), now)).toBe("Voting closes in 3 days.");
    expect(countdownText("PASSED", BigInt(now + 7_200), now)).toBe("Can be executed until it expires in 2 hours.");
    expect(countdownText("EXPIRED", BigInt(now - 60), now)).toBe("Expired 1 minute ago, before it was executed.");
    expect(countdownText("EXECUTED", BigInt(now - 60), now)).toBe("Executed: its action is done.");
  });
  it("counts down in two units", () => {
    expect(relativeText(BigInt(now + 86_400 + 23 * 3_600 + 59), now)).toBe("in 1 day 23 hours");
    expect(relativeText(BigInt(now + 2 * 86_400), now)).toBe("in 2 days");
    expect(relativeText(BigInt(now + 3_600 + 300), now)).toBe("in 1 hour 5 minutes");
    expect(relativeText(BigInt(now + 20), now)).toBe("in 1 minute");
    expect(relativeText(BigInt(now - 7_200), now)).toBe("2 hours ago");
  });
  it("writes lifetimes", () => {
    expect(lifetimeText(7n * 86_400n)).toBe("1 week");
    expect(lifetimeText(3n * 86_400n)).toBe("3 days");
    expect(lifetimeText(86_400n + 3_600n * 12n)).toBe("1 day 12 hours");
  });
});

describe("who may act", () => {
  const member = { connected: true, ready: true, member: true, weightAtSnapshot: 10n };
  const open = { status: "ACTIVE" as const, voted: false };
  it("explains every refused vote", () => {
    expect(voteBlock(open, member)).toBeUndefined();
    expect(voteBlock({ ...open, voted: true }, member)).toBe("Already voted: you voted on this proposal.");
    expect(voteBlock(open, { ...member, weightAtSnapshot: 0n })).toBe(
      "You joined after this proposal was created, so you cannot vote on it.",
    );
    expect(voteBlock(open, { ...member, member: false })).toBe("Only members can vote: you are not a member.");
    expect(voteBlock(open, { ...member, connected: false })).toBe("Connect a wallet to vote.");
    expect(voteBlock(open, { ...member, ready: false })).toBe(
      "Switch your wallet to the marketplace's network to vote.",
    );
    expect(voteBlock({ ...open, status: "EXPIRED" }, member)).toBe("This proposal expired: voting is over.");
  });
  it("lets anyone execute a passed proposal", () => {
    const outsider = { connected: true, ready: true, member: false };
    expect(executeBlock({ status: "PASSED" }, { missing: 0n }, outsider)).toBeUndefined();
    expect(executeBlock({ status: "ACTIVE" }, { missing: 21n }, outsider)).toBe(
      "Not passed yet: it needs 21 more yes weight.",
    );
    expect(executeBlock({ status: "PASSED" }, { missing: 0n }, outsider, "Nominate first.")).toBe("Nominate first.");
    expect(executeBlock({ status: "PASSED" }, { missing: 0n }, { ...outsider, connected: false })).toBe(
      "Connect a wallet to execute it.",
    );
  });
});

describe("create form", () => {
  it("accepts members, a majority threshold and whole days", () => {
    const v = validateCreate(
      [
        { address: A.toLowerCase(), weight: "60" },
        { address: B, weight: "40" },
      ],
      "66.67",
      "7",
    );
    expect(v.ok).toBe(true);
    expect(v.members).toEqual([
      { account: A, weight: 60n },
      { account: B, weight: 40n },
    ]);
    expect(v.thresholdBps).toBe(6_667);
    expect(v.lifetime).toBe(604_800n);
    expect(v.totalWeight).toBe(100n);
  });
  it("says what is wrong in plain words", () => {
    const v = validateCreate(
      [
        { address: A, weight: "1" },
        { address: A, weight: "2" },
        { address: "0x12", weight: "1" },
        { address: zeroAddress, weight: "1" },
        { address: B, weight: "0" },
      ],
      "50",
      "400",
    );
    expect(v.ok).toBe(false);
    expect(v.rowErrors).toEqual([
      undefined,
      "This address is listed twice.",
      "Enter a 0x address of 40 hex digits.",
      "The zero address cannot be a member.",
      "Enter a weight: a whole number of at least 1.",
    ]);
    expect(v.errors).toEqual([
      "The threshold must be more than 50 % (a majority) and at most 100 %, with two decimals at most.",
      "Proposals stay open for a whole number of days, from 1 to 365.",
    ]);
    expect(validateCreate([], "51", "1").errors).toEqual(["Add at least one member."]);
  });
  it("parses weights and thresholds", () => {
    expect(parseWeight("1,000")).toBe(1_000n);
    expect(parseWeight("0")).toBeNull();
    expect(parseWeight("1.5")).toBeNull();
    expect(parseWeight((2n ** 96n).toString())).toBeNull();
    expect(parseThreshold("50.01 %")).toBe(5_001);
    expect(parseThreshold("100")).toBe(10_000);
    expect(parseThreshold("abc")).toBeNull();
  });
});

describe("new proposal form", () => {
  const dctx = {
    members: [
      { account: A, weight: 60n },
      { account: B, weight: 40n },
    ],
    pooledAssets: [7n],
    pooledOffers: [12n],
    currencies: new Map([
      [zeroAddress as string, { decimals: 18 }],
      [USDC.toLowerCase(), { decimals: 6 }],
    ]),
  };
  it("builds each kind's action", () => {
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "ADMIT_MEMBER", account: C, weight: "20" }, dctx)).toEqual({
      action: { kind: "ADMIT_MEMBER", account: C, weight: 20n },
      errors: [],
    });
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "REMOVE_MEMBER", account: B }, dctx).action).toEqual({
      kind: "REMOVE_MEMBER",
      account: B,
    });
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "ADD_ASSET", assetId: "8" }, dctx).action).toEqual({
      kind: "ADD_ASSET",
      assetId: 8n,
    });
    expect(
      validateDraft({ ...EMPTY_DRAFT, kind: "SET_OFFER_STATUS", offerId: "12", offerStatus: "CLOSED" }, dctx).action,
    ).toEqual({ kind: "SET_OFFER_STATUS", offerId: 12n, status: "CLOSED" });
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "RELEASE_ASSET", assetId: "7", to: C }, dctx).action).toEqual({
      kind: "RELEASE_ASSET",
      assetId: 7n,
      to: C,
    });
    expect(
      validateDraft(
        { ...EMPTY_DRAFT, kind: "PUBLISH_OFFER", assetId: "7", price: "12.5", currency: USDC, days: "30" },
        dctx,
      ).action,
    ).toEqual({
      kind: "PUBLISH_OFFER",
      offer: {
        assetId: 7n,
        termsId: 0n,
        price: 12_500_000n,
        currency: USDC,
        duration: 2_592_000n,
        maxSupply: 0,
        allVersions: false,
        arbiter: zeroAddress,
        royaltyBps: 0,
      },
    });
  });
  it("refuses what the consortium would refuse, in plain words", () => {
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "ADMIT_MEMBER", account: A, weight: "x" }, dctx).errors).toEqual([
      "This address is already a member.",
      "Enter a weight: a whole number of at least 1.",
    ]);
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "SET_WEIGHT", account: C, weight: "3" }, dctx).errors).toEqual([
      "Pick a current member.",
    ]);
    expect(
      validateDraft(
        { ...EMPTY_DRAFT, kind: "REMOVE_MEMBER", account: A },
        { ...dctx, members: [dctx.members[0] as never] },
      ).errors,
    ).toEqual(["The last member cannot be removed."]);
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "ADD_ASSET", assetId: "7" }, dctx).errors).toEqual([
      "Asset 7 is already pooled.",
    ]);
    expect(validateDraft({ ...EMPTY_DRAFT, kind: "PUBLISH_OFFER", assetId: "8", price: "1.2.3" }, dctx).errors).toEqual(
      ["Pick a pooled asset: the consortium sells only assets it pools.", "Enter a valid price, e.g. 0.05."],
    );
    expect(
      validateDraft({ ...EMPTY_DRAFT, kind: "RELEASE_ASSET", assetId: "7", to: zeroAddress }, dctx).errors,
    ).toEqual(["The zero address cannot receive an asset."]);
  });
});
