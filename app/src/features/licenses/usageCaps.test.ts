import { describe, expect, it } from "vitest";
import { findPreset, type LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import { addDays, callsMeter, callsWindow, capLines, meterLevel, percentUsed, sumUsage, utcDay } from "./usageCaps.ts";

const TODAY = "2026-03-31";
const caps = (over: Partial<LicensePreset["caps"]>): LicensePreset["caps"] => ({
  mau: 0,
  callsPerPeriod: 0,
  periodSeconds: 0,
  seats: 0,
  basis: "NONE",
  onExceed: "NONE",
  ...over,
});

describe("usage against caps", () => {
  it("days and windows in UTC", () => {
    expect(utcDay(Date.parse("2026-03-31T23:59:59Z"))).toBe("2026-03-31");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(callsWindow(86_400, TODAY)).toEqual({ from: TODAY, words: "today" });
    expect(callsWindow(2_592_000, TODAY)).toEqual({ from: "2026-03-02", words: "in the last 30 days" });
    expect(callsWindow(3_600, TODAY)).toBeUndefined();
    expect(callsWindow(0, TODAY)).toEqual({ from: undefined, words: "in total" });
  });

  it("warns from 80 % and flags at or over the cap", () => {
    expect(meterLevel(799, 1000)).toBe("ok");
    expect(meterLevel(800, 1000)).toBe("warn");
    expect(meterLevel(999, 1000)).toBe("warn");
    expect(meterLevel(1000, 1000)).toBe("over");
    expect(meterLevel(1001, 1000)).toBe("over");
    expect(percentUsed(7999, 10_000)).toBe(79);
  });

  it("sums the gateway's daily counts over the window", () => {
    const usage = {
      periods: [
        { period: "2026-02-20", requests: 50, bytes: 1 },
        { period: "2026-03-02", requests: 5, bytes: 10 },
        { period: TODAY, requests: 7, bytes: 700 },
      ],
    };
    expect(sumUsage(usage, TODAY, "2026-03-02")).toEqual({ today: { requests: 7, bytes: 700 }, window: 12 });
    expect(sumUsage(usage, TODAY, undefined).window).toBe(62);
    expect(sumUsage({ periods: [] }, TODAY, TODAY)).toEqual({ today: { requests: 0, bytes: 0 }, window: 0 });
  });

  it("words the enterprise agreement's cap (1,000,000 calls per 30 days, next tier beyond)", () => {
    const enterprise = findPreset("enterprise-api").caps;
    const window = callsWindow(enterprise.periodSeconds, TODAY);
    if (!window) throw new Error("a 30-day period is measurable");
    expect(callsMeter(10, enterprise, window)).toMatchObject({ level: "ok", warning: undefined });
    expect(callsMeter(850_000, enterprise, window)).toMatchObject({
      level: "warn",
      percent: 85,
      words: "850,000 of 1,000,000 calls in the last 30 days (85 %)",
      warning: "Warning: 85 % of the calls cap used (850,000 of 1,000,000 per 30 days).",
    });
    expect(callsMeter(1_000_000, enterprise, window).warning).toBe(
      "Cap reached: 1,000,000 of 1,000,000 calls per 30 days. Beyond it the next pricing tier applies.",
    );
    expect(callsMeter(1_200_000, enterprise, window).warning).toMatch(/^Over the cap: 1,200,000 of 1,000,000/);
    expect(capLines(enterprise, window, 10, 3).map((l) => `${l.label}: ${l.words}`)).toEqual([
      "Calls: 10 of 1,000,000 calls in the last 30 days (0 %)",
      "Seats: up to 50 (not metered by the gateway)",
      "Monthly active users: no cap",
    ]);
  });

  it("says no cap when the terms cap nothing, and does not meter a sub-day period", () => {
    expect(capLines(findPreset("apache-2.0").caps, callsWindow(0, TODAY), 4, 4).map((l) => l.words)).toEqual([
      "no cap",
      "no cap",
      "no cap",
    ]);
    expect(capLines(findPreset("llama3.1").caps, callsWindow(0, TODAY), 0, 0)[2]?.words).toBe(
      "up to 700,000,000 (you count these; not metered by the gateway)",
    );
    const hourly = capLines(caps({ callsPerPeriod: 100, periodSeconds: 3_600 }), undefined, 0, 12)[0];
    expect(hourly?.meter).toBeUndefined();
    expect(hourly?.words).toBe("up to 100 per 1 hour; the gateway counts whole days (12 today), so no meter");
  });
});
