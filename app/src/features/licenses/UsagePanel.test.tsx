import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { findPreset } from "../../../../scripts/sdk/terms/codec.ts";

afterEach(cleanup);

import { UsageFigures } from "./UsagePanel.tsx";
import { callsWindow, capLines } from "./usageCaps.ts";

const TODAY = "2026-03-31";
const enterprise = findPreset("enterprise-api").caps;
const span = callsWindow(enterprise.periodSeconds, TODAY);

function show(used: number) {
  render(
    <UsageFigures
      today={{ requests: used, bytes: 2048 }}
      lines={capLines(enterprise, span, used, used)}
      licenseId={7n}
    />,
  );
}

describe("UsageFigures", () => {
  it("shows a meter for the calls cap and the unmetered caps as they stand", () => {
    show(12);
    expect(screen.getByText(/Today \(UTC\): 12 requests, 2.0 KiB served\./)).toBeTruthy();
    const meter = screen.getByRole("meter", { name: "Calls used of the cap, license 7" });
    expect(meter.getAttribute("aria-valuetext")).toBe("12 of 1,000,000 calls in the last 30 days (0 %)");
    expect(meter.getAttribute("max")).toBe("1000000");
    expect(screen.getByText("up to 50 (not metered by the gateway)")).toBeTruthy();
    expect(screen.getByText("no cap")).toBeTruthy();
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });
  it("warns from 80 % (status) and alerts at the cap", () => {
    show(800_000);
    expect(screen.getByRole("status").textContent).toBe(
      "⚠ Warning: 80 % of the calls cap used (800,000 of 1,000,000 per 30 days).",
    );
    cleanup();
    show(1_000_000);
    expect(screen.getByRole("alert").textContent).toBe(
      "✗ Cap reached: 1,000,000 of 1,000,000 calls per 30 days. Beyond it the next pricing tier applies.",
    );
  });
});
