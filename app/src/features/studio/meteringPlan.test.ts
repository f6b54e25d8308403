import { describe, expect, it } from "vitest";
import type { LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import {
  fieldsFromCaps,
  type MeteringDraft,
  meteringDefaults,
  meteringPlan,
  planRequirement,
  prefillAttester,
  requiredOnExceed,
} from "./meteringPlan.ts";

const GATEWAY = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const caps = (over: Partial<LicensePreset["caps"]> = {}): LicensePreset["caps"] => ({
  mau: 0,
  callsPerPeriod: 0,
  periodSeconds: 0,
  seats: 0,
  basis: "NONE",
  onExceed: "NONE",
  ...over,
});
const draft = (over: Partial<MeteringDraft> = {}): MeteringDraft => ({
  enabled: true,
  attester: GATEWAY,
  includedUnits: "1000",
  periodDays: "30",
  pricePerUnit: "0.0001",
  onExceed: "SUSPEND",
  ...over,
});
const monthlyNextTier = caps({ callsPerPeriod: 1_000, periodSeconds: 30 * 86_400, onExceed: "NEXT_TIER" });

describe("the metering section", () => {
  it("says what the terms ask of a plan", () => {
    expect(planRequirement(caps())).toBe("These terms cap no calls: any plan fits them.");
    expect(planRequirement(caps({ onExceed: "SEPARATE_LICENSE" }))).toBe(
      "These terms cap no calls but call for a separate license above a cap: the plan must suspend the license.",
    );
    expect(planRequirement(monthlyNextTier)).toBe(
      "These terms cap calls at 1,000 per 30 days: the plan must use that period, include at most that many and say next tier above it.",
    );
  });
  it("defaults follow the terms' calls cap", () => {
    expect(fieldsFromCaps(monthlyNextTier)).toEqual({ includedUnits: "1000", periodDays: "30", onExceed: "NEXT_TIER" });
    expect(fieldsFromCaps(caps())).toEqual({ includedUnits: "1000", periodDays: "30", onExceed: "SUSPEND" });
    expect(meteringDefaults(caps(), GATEWAY)).toMatchObject({ enabled: false, attester: GATEWAY });
  });
  it("the gateway's attester fills an empty attester field once known, never one the creator typed", () => {
    const empty = meteringDefaults(caps());
    expect(prefillAttester(empty, GATEWAY).attester).toBe(GATEWAY);
    expect(prefillAttester(empty, null)).toBe(empty);
    expect(prefillAttester(empty, undefined)).toBe(empty);
    const typed = { ...empty, attester: "0x00000000000000000000000000000000000000aa" };
    expect(prefillAttester(typed, GATEWAY)).toBe(typed);
  });
  it("what the terms require above the cap", () => {
    expect(requiredOnExceed(caps())).toBeUndefined();
    expect(requiredOnExceed(monthlyNextTier)).toBe("NEXT_TIER");
    expect(requiredOnExceed(caps({ callsPerPeriod: 5, periodSeconds: 86_400 }))).toBe("SUSPEND");
    expect(requiredOnExceed(caps({ onExceed: "SEPARATE_LICENSE" }))).toBe("SUSPEND");
  });
  it("a valid draft makes the plan, in base units and seconds", () => {
    expect(meteringPlan(draft({ onExceed: "NEXT_TIER" }), monthlyNextTier, 18)).toEqual({
      plan: {
        attester: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        includedUnits: 1000n,
        periodSeconds: 30 * 86_400,
        pricePerUnit: 10n ** 14n,
        onExceed: "NEXT_TIER",
      },
      problems: [],
    });
    expect(meteringPlan(draft({ periodDays: "7", includedUnits: "0" }), caps(), 6).plan?.pricePerUnit).toBe(100n);
  });
  it("refuses what UsageMeter.setPlan would refuse, in words", () => {
    const problems = (d: Partial<MeteringDraft>, c = caps()) => meteringPlan(draft(d), c, 18).problems;
    expect(problems({ attester: "" })).toEqual([
      "Metering: the attester must be an address (the gateway's signing address).",
    ]);
    expect(problems({ attester: "0x0000000000000000000000000000000000000000" })).toHaveLength(1);
    expect(problems({ periodDays: "0" })).toEqual([
      "Metering: the period must be a whole number of days, at least one.",
    ]);
    expect(problems({ periodDays: "1.5" })).toHaveLength(1);
    expect(problems({ includedUnits: "-1" })).toEqual(["Metering: enter the included units as a whole number."]);
    expect(problems({ pricePerUnit: "abc" })).toEqual([
      "Metering: enter a valid price per extra unit (0 = none sold).",
    ]);
    expect(problems({ includedUnits: "0", pricePerUnit: "0" })).toEqual([
      "Metering: include some units or sell extra ones; a plan with neither could never be used.",
    ]);
    expect(problems({ onExceed: "SUSPEND" }, monthlyNextTier)).toEqual([
      "Metering: these terms call for the next tier above a cap, so the plan must say next tier.",
    ]);
    const daily = caps({ callsPerPeriod: 100, periodSeconds: 86_400, onExceed: "SUSPEND" });
    expect(problems({ onExceed: "NEXT_TIER", periodDays: "1", includedUnits: "100" }, daily)).toEqual([
      "Metering: these terms call for suspension above a cap, so the plan must suspend the license.",
    ]);
    expect(
      problems({ onExceed: "NEXT_TIER", periodDays: "1", includedUnits: "100" }, { ...daily, onExceed: "NONE" }),
    ).toEqual(["Metering: these terms do not let a license go past its calls cap, so the plan must suspend it."]);
    expect(problems({ onExceed: "NEXT_TIER" }, caps({ onExceed: "SEPARATE_LICENSE" }))).toEqual([
      "Metering: these terms call for a separate license above a cap, so the plan must suspend the license.",
    ]);
    expect(problems({ periodDays: "30", includedUnits: "101" }, daily)).toEqual([
      "Metering: these terms cap calls per 1 day; the period must be the same.",
      "Metering: these terms allow at most 100 calls per period; include at most that many.",
    ]);
    expect(problems({ periodDays: "1" }, caps({ callsPerPeriod: 100, periodSeconds: 0, onExceed: "SUSPEND" }))).toEqual(
      [
        "Metering: these terms cap calls per whole term, which cannot be metered in whole-day periods.",
        "Metering: these terms allow at most 100 calls per period; include at most that many.",
      ],
    );
  });
});
