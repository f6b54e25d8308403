import { describe, expect, it } from "vitest";
import type { GetUsageReturnType } from "../../../../scripts/sdk/index.ts";
import { meteredView, topUpQuote } from "./meteredUsage.ts";

const ETH = { symbol: "ETH", decimals: 18 };
const usage = (over: Partial<GetUsageReturnType> = {}): GetUsageReturnType => ({
  plan: {
    attester: "0x0000000000000000000000000000000000000001",
    includedUnits: 60n,
    periodSeconds: 86_400,
    pricePerUnit: 10n ** 12n,
    onExceed: "SUSPEND",
  },
  currency: "0x0000000000000000000000000000000000000000",
  allowanceCap: 0n,
  period: 20_000n,
  periodStart: 20_000n * 86_400n,
  periodEnd: 20_001n * 86_400n,
  units: 12n,
  allowance: 60n,
  toppedUp: 0n,
  overCap: false,
  suspended: false,
  overage: { units: 0n, amount: 0n },
  ...over,
});

describe("meteredView", () => {
  it("within the allowance: units of the allowance, a meter, what is left", () => {
    const view = meteredView(usage(), ETH);
    expect(view.words).toBe("12 of 60 units this period (20 %)");
    expect(view.allowanceWords).toBe("60 included per period");
    expect(view.meter).toMatchObject({ used: 12, cap: 60, level: "ok" });
    expect(view.standing).toEqual({ kind: "within", words: "48 units left this period." });
  });
  it("suspended over the cap until a top-up", () => {
    const view = meteredView(usage({ units: 70n, allowance: 70n, toppedUp: 10n, overCap: true, suspended: true }), ETH);
    expect(view.words).toBe("70 of 70 units this period (100 %)");
    expect(view.allowanceWords).toBe("60 included per period + 10 topped up this period");
    expect(view.meter?.level).toBe("over");
    expect(view.standing).toEqual({ kind: "suspended", words: "Suspended: over the cap until you top up." });
  });
  it("next tier: the units over and what they cost", () => {
    const view = meteredView(
      usage({ units: 1_065n, allowance: 1_000n, overCap: true, overage: { units: 65n, amount: 65n * 10n ** 12n } }),
      ETH,
    );
    expect(view.standing).toEqual({ kind: "next-tier", words: "Next tier: 65 units over, 0.000065 ETH owed." });
    expect(meteredView(usage({ units: 70n, overage: { units: 10n, amount: 0n } }), ETH).standing.words).toBe(
      "Next tier: 10 units over, nothing owed.",
    );
  });
  it("nothing included and nothing topped up: no meter", () => {
    const view = meteredView(usage({ allowance: 0n, units: 0n, plan: { ...usage().plan, includedUnits: 0n } }), ETH);
    expect(view.meter).toBeUndefined();
    expect(view.words).toBe("0 units this period, none included: top up to use it");
  });
});

describe("topUpQuote", () => {
  it("whole units at the plan's price", () => {
    expect(topUpQuote("10", usage())).toEqual({ ok: true, units: 10n, cost: 10n * 10n ** 12n });
    expect(topUpQuote("1,000", usage())).toMatchObject({ ok: true, units: 1000n });
  });
  it("refuses zero, fractions and text", () => {
    for (const bad of ["0", "1.5", "", "ten", "-3"]) {
      expect(topUpQuote(bad, usage())).toEqual({ ok: false, problem: "Enter a whole number of units (at least 1)." });
    }
    expect(topUpQuote((2n ** 64n).toString(), usage())).toMatchObject({ ok: false });
  });
  it("keeps the allowance within the terms' cap", () => {
    expect(topUpQuote("40", usage({ allowanceCap: 100n }))).toMatchObject({ ok: true, units: 40n });
    expect(topUpQuote("41", usage({ allowanceCap: 100n }))).toEqual({
      ok: false,
      problem: "The terms cap this license at 100 units a period: at most 40 more this period.",
    });
    expect(topUpQuote("1", usage({ allowanceCap: 60n }))).toEqual({
      ok: false,
      problem: "The terms cap this license at 60 units a period, and its allowance is already there.",
    });
  });
});
