import { describe, expect, it } from "vitest";
import {
  parsePenaltyBps,
  refundAfter,
  refundPlan,
  refundPolicyWords,
  refundPreview,
  refundState,
  refundStateWords,
} from "./refunds.ts";

const ETH = { symbol: "ETH", decimals: 18 };
const E = (n: number) => BigInt(Math.round(n * 1e6)) * 10n ** 12n;
const DAY = 86_400n;

describe("refundPlan (the offer form's Refunds choice)", () => {
  it("final sales by default: no policy, no problem", () => {
    expect(refundPlan({ refundable: false, days: "abc", penalty: "x" })).toEqual({});
  });
  it("refundable: window in days, penalty in percent to 0.01 %", () => {
    expect(refundPlan({ refundable: true, days: "14", penalty: "10" })).toEqual({
      policy: { window: 14n * DAY, penaltyBps: 1_000 },
    });
    expect(refundPlan({ refundable: true, days: "365", penalty: "12.34" }).policy?.penaltyBps).toBe(1_234);
    expect(refundPlan({ refundable: true, days: "1", penalty: "0" }).policy).toEqual({ window: DAY, penaltyBps: 0 });
    expect(refundPlan({ refundable: true, days: "7", penalty: "100" }).policy?.penaltyBps).toBe(10_000);
  });
  it("explains what is wrong with each field", () => {
    for (const days of ["0", "366", "1.5", "", "-3"]) {
      expect(refundPlan({ refundable: true, days, penalty: "10" }).daysProblem).toBe(
        "Enter the refund window in whole days, from 1 to 365.",
      );
    }
    for (const penalty of ["100.01", "101", "1.234", "", "-1", "ten"]) {
      const plan = refundPlan({ refundable: true, days: "14", penalty });
      expect(plan.penaltyProblem).toBe("Enter the penalty as a percentage from 0 to 100 (at most two decimals).");
      expect(plan.policy).toBeUndefined();
    }
  });
  it("parses penalties exactly", () => {
    expect(parsePenaltyBps("0.01")).toBe(1);
    expect(parsePenaltyBps("2.5 %")).toBe(250);
    expect(parsePenaltyBps(" 33.3 ")).toBe(3_330);
    expect(parsePenaltyBps("1e2")).toBeNull();
  });
});

describe("refundPolicyWords (offer cards, buy step)", () => {
  it("names the window and the penalty, or says sales are final", () => {
    expect(refundPolicyWords({ window: 14n * DAY, penaltyBps: 1_000 })).toBe("Refundable for 14 days (10 % penalty)");
    expect(refundPolicyWords({ window: 7n * DAY, penaltyBps: 250 })).toBe("Refundable for 7 days (2.5 % penalty)");
    expect(refundPolicyWords({ window: DAY, penaltyBps: 0 })).toBe("Refundable for 1 day (no penalty)");
    expect(refundPolicyWords(null)).toBe("Sales are final");
    expect(refundPolicyWords(undefined)).toBe("Sales are final");
  });
});

describe("refundAfter (as the contract computes it)", () => {
  it("the unused share less the penalty, never below zero", () => {
    expect(refundAfter(E(0.02), 30n * DAY, 0n, 1_000)).toBe(E(0.018));
    expect(refundAfter(E(0.02), 30n * DAY, 15n * DAY, 1_000)).toBe(E(0.008));
    expect(refundAfter(E(0.02), 30n * DAY, 29n * DAY, 1_000)).toBe(0n);
    expect(refundAfter(E(0.02), 0n, 100n * DAY, 500)).toBe(E(0.019));
  });
  it("the preview says what a buyer gets, with figures", () => {
    expect(refundPreview({ window: 14n * DAY, penaltyBps: 1_000 }, E(0.02), 30n * DAY, ETH)).toBe(
      "Within 14 days of buying, a buyer may hand the licence back: access ends at once and they get the unused " +
        "share of what they paid, less a 10 % penalty. Each payment is held until its window closes, then credited " +
        "to you. Handed back at once, a 0.02 ETH licence returns 0.018 ETH; after 7 days, about 0.013333 ETH.",
    );
    expect(refundPreview(undefined, E(0.02), 30n * DAY, ETH)).toMatch(/^Sales are final/);
    expect(refundPreview({ window: DAY, penaltyBps: 0 }, null, null, ETH)).not.toMatch(/Handed back/);
  });
});

describe("refundState (My licenses)", () => {
  const quote = { refundable: true, releasable: false, refund: E(0.018), held: E(0.02), windowEnd: 1_800_000_000n };
  it("open within the window, with the quote", () => {
    const state = refundState({ quote, refundable: true, revoked: false });
    expect(state).toEqual({ kind: "open", refund: E(0.018), paid: E(0.02), windowEnd: 1_800_000_000n });
    expect(refundStateWords(state, ETH)).toBe(
      "If you hand it back now you get 0.018 ETH of 0.02 ETH paid (window closes 2027-01-15 08:00 UTC).",
    );
  });
  it("closed after the window (dated while held), nothing when the penalty eats it, none for final sales", () => {
    const closed = refundState({
      quote: { ...quote, refundable: false, releasable: true },
      refundable: true,
      revoked: false,
    });
    expect(refundStateWords(closed, ETH)).toBe("Refunds closed on 2027-01-15 08:00 UTC.");
    const released = refundState({
      quote: { ...quote, held: 0n, refundable: false },
      refundable: true,
      revoked: false,
    });
    expect(refundStateWords(released, ETH)).toBe("Refunds for this licence have closed: its refund window is over.");
    const nothing = refundState({
      quote: { ...quote, refundable: false, refund: 0n },
      refundable: true,
      revoked: false,
    });
    expect(nothing.kind).toBe("nothing");
    expect(refundStateWords(nothing, ETH)).toMatch(/^Handing it back now would return nothing of the 0.02 ETH paid/);
    expect(refundState({ quote: undefined, refundable: false, revoked: false })).toEqual({ kind: "none" });
    expect(refundState({ quote, refundable: true, revoked: true })).toEqual({ kind: "none" });
  });
  it("refunded: the amount and when access ended", () => {
    const state = refundState({
      quote: undefined,
      refunded: { refund: E(0.018), endedAt: 1_800_000_000n },
      refundable: true,
      revoked: false,
    });
    expect(refundStateWords(state, ETH)).toBe(
      "Refunded: you handed this licence back on 2027-01-15 08:00 UTC and 0.018 ETH went to your balance at the market.",
    );
  });
});
