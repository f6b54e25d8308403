import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { GetUsageReturnType } from "../../../../scripts/sdk/index.ts";

afterEach(cleanup);

import { MeteredFigures } from "./MeteredUsage.tsx";

const DAY = 86_400n;
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
  periodStart: 20_000n * DAY,
  periodEnd: 20_001n * DAY,
  units: 12n,
  allowance: 60n,
  toppedUp: 0n,
  overCap: false,
  suspended: false,
  overage: { units: 0n, amount: 0n },
  ...over,
});
const show = (u: GetUsageReturnType) =>
  render(
    <MeteredFigures
      usage={u}
      currency={{ symbol: "ETH", decimals: 18 }}
      now={Number(20_001n * DAY - 5n * 3600n)}
      licenseId={9n}
    />,
  );

describe("MeteredFigures", () => {
  it("units of the allowance with a meter, what is left and when the period ends", () => {
    show(usage());
    expect(screen.getByText("12 of 60 units this period (20 %)")).toBeTruthy();
    const meter = screen.getByRole("meter", { name: "Metered units used of the allowance, license 9" });
    expect(meter.getAttribute("aria-valuetext")).toBe("12 of 60 units this period (20 %)");
    expect(screen.getByText("48 units left this period.")).toBeTruthy();
    expect(screen.getByText("Allowance: 60 included per period.")).toBeTruthy();
    expect(screen.getByText("This period ends 2024-10-05 00:00 UTC (in 5 hours).")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });
  it("alerts when suspended, and states the next tier's overage", () => {
    show(usage({ units: 60n, overCap: true, suspended: true }));
    expect(screen.getByRole("alert").textContent).toBe("✗ Suspended: over the cap until you top up.");
    cleanup();
    show(usage({ units: 70n, overCap: true, overage: { units: 10n, amount: 10n ** 13n } }));
    expect(screen.getByRole("status").textContent).toBe("⚠ Next tier: 10 units over, 0.00001 ETH owed.");
  });
});
