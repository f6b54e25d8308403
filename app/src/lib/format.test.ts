import { describe, expect, it } from "vitest";
import { formatBalance, formatDuration, formatPrice, formatRelative, parseAmount, shortAddress } from "./format.ts";

const ETH = { symbol: "ETH", decimals: 18 };
const USDC = { symbol: "dUSDC", decimals: 6 };

describe("formatPrice", () => {
  it("shows exact amounts with grouping and no trailing zeros", () => {
    expect(formatPrice(10_000_000_000_000_000n, ETH)).toBe("0.01 ETH");
    expect(formatPrice(12_000_000_000n, USDC)).toBe("12,000 dUSDC");
    expect(formatPrice(1_234_567_890_000n, USDC)).toBe("1,234,567.89 dUSDC");
    expect(formatPrice(1n, ETH)).toBe("0.000000000000000001 ETH");
    expect(formatPrice(0n, ETH)).toBe("Free");
  });
  it("rounds balances down, never up", () => {
    expect(formatBalance(9_999_988_812_835_794_607_190n, ETH)).toBe("9,999.9888 ETH");
    expect(formatBalance(1_999_999n, USDC, 2)).toBe("1.99 dUSDC");
  });
});

describe("parseAmount", () => {
  it("parses what users type, in base units", () => {
    expect(parseAmount("0.5", 18)).toBe(500_000_000_000_000_000n);
    expect(parseAmount("1,000", 6)).toBe(1_000_000_000n);
    expect(parseAmount(" 12 ", 6)).toBe(12_000_000n);
  });
  it("rejects garbage, negatives and too many decimals", () => {
    expect(parseAmount("abc", 18)).toBeNull();
    expect(parseAmount("-1", 18)).toBeNull();
    expect(parseAmount("1.1234567", 6)).toBeNull();
    expect(parseAmount("", 6)).toBeNull();
  });
});

describe("durations and dates", () => {
  it("uses the largest exact unit", () => {
    expect(formatDuration(0n)).toBe("perpetual");
    expect(formatDuration(86_400n)).toBe("1 day");
    expect(formatDuration(30n * 86_400n)).toBe("30 days");
    expect(formatDuration(14n * 86_400n)).toBe("2 weeks");
    expect(formatDuration(365n * 86_400n)).toBe("1 year");
    expect(formatDuration(90)).toBe("90 seconds");
  });
  it("says past or future", () => {
    expect(formatRelative(1_000 + 3 * 86_400, 1_000)).toBe("in 3 days");
    expect(formatRelative(1_000 - 7_200, 1_000)).toBe("2 hours ago");
  });
  it("shortens addresses", () => {
    expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x7099…79C8");
  });
});
