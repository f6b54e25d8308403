import { describe, expect, it } from "vitest";
import { percentToBps, validateSplit } from "./split.ts";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

describe("percentToBps", () => {
  it("converts percentages with up to two decimals", () => {
    expect(percentToBps("70")).toBe(7_000);
    expect(percentToBps("12.5")).toBe(1_250);
    expect(percentToBps("0.01")).toBe(1);
    expect(percentToBps("100")).toBe(10_000);
  });
  it("rejects zero, over 100 and finer than a basis point", () => {
    expect(percentToBps("0")).toBeNull();
    expect(percentToBps("100.01")).toBeNull();
    expect(percentToBps("0.001")).toBeNull();
    expect(percentToBps("ten")).toBeNull();
  });
});

describe("validateSplit", () => {
  it("accepts shares summing to 10,000 bps and checksums addresses", () => {
    const v = validateSplit([
      { address: A, percent: "70" },
      { address: B, percent: "30" },
    ]);
    expect(v.ok).toBe(true);
    expect(v.bps).toEqual([7_000, 3_000]);
    expect(v.recipients[1]).toBe("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  });
  it("reports a sum that is not 100 %", () => {
    const v = validateSplit([
      { address: A, percent: "70" },
      { address: B, percent: "20" },
    ]);
    expect(v.ok).toBe(false);
    expect(v.totalBps).toBe(9_000);
    expect(v.errors.join()).toMatch(/90\.00 %/);
  });
  it("flags bad, zero and duplicate addresses per row", () => {
    const v = validateSplit([
      { address: "0x123", percent: "25" },
      { address: "0x0000000000000000000000000000000000000000", percent: "25" },
      { address: A, percent: "25" },
      { address: A.toLowerCase(), percent: "25" },
    ]);
    expect(v.ok).toBe(false);
    expect(v.rowErrors[0]).toMatch(/40 hex/);
    expect(v.rowErrors[1]).toMatch(/zero address/);
    expect(v.rowErrors[2]).toBeUndefined();
    expect(v.rowErrors[3]).toMatch(/twice/);
  });
  it("needs at least one recipient", () => {
    expect(validateSplit([]).errors).toContain("Add at least one recipient.");
  });
});
