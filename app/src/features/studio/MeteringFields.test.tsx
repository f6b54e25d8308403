import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";

afterEach(cleanup);

import { type Metering, MeteringFields } from "./MeteringFields.tsx";
import { meteringDefaults, meteringPlan } from "./meteringPlan.ts";

const daily: LicensePreset["caps"] = {
  mau: 0,
  callsPerPeriod: 100,
  periodSeconds: 86_400,
  seats: 0,
  basis: "NONE",
  onExceed: "SUSPEND",
};
const ETH = { address: "0x0000000000000000000000000000000000000000" as const, symbol: "ETH", decimals: 18 };

/** The section with a draft held by the test; `setDraft` re-renders it. */
function show(over: Partial<Metering> = {}) {
  let draft = meteringDefaults(daily);
  const onRetry = vi.fn();
  const metering = (): Metering => ({
    draft,
    setDraft: (d) => {
      draft = d;
      view.rerender(<MeteringFields metering={metering()} busy={false} onRetry={onRetry} />);
    },
    caps: daily,
    currency: ETH,
    available: true,
    plan: undefined,
    problems: meteringPlan(draft, daily, 18).problems,
    retry: undefined,
    setRetry: () => {},
    ...over,
  });
  const view = render(<MeteringFields metering={metering()} busy={false} onRetry={onRetry} />);
  return { onRetry, draft: () => draft };
}

describe("MeteringFields", () => {
  it("off by default; switched on, it shows the plan's fields filled from the terms' cap", () => {
    const { draft } = show();
    expect(screen.getByRole("group", { name: "Metering (optional)" })).toBeTruthy();
    expect(screen.queryByLabelText("Included units per period")).toBeNull();
    expect(screen.getByText(/can only be set before the offer's first sale/)).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Meter gateway calls with a usage plan" }));
    expect(draft().enabled).toBe(true);
    expect((screen.getByLabelText("Included units per period") as HTMLInputElement).value).toBe("100");
    expect((screen.getByLabelText("Period in days") as HTMLInputElement).value).toBe("1");
    expect(
      screen.getByText(
        "These terms cap calls at 100 per 1 day: the plan must use that period, include at most that many and suspend the license above it.",
      ),
    ).toBeTruthy();
    expect(
      (screen.getByRole("radio", { name: "Suspend the license until the holder tops up" }) as HTMLInputElement).checked,
    ).toBe(true);
    fireEvent.change(screen.getByLabelText("Attester (the gateway's signing address)"), {
      target: { value: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
    });
    fireEvent.change(screen.getByLabelText("Period in days"), { target: { value: "30" } });
    expect(draft().periodDays).toBe("30");
    fireEvent.click(screen.getByRole("button", { name: "Match the terms' calls cap" }));
    expect(draft().periodDays).toBe("1");
  });
  it("without a UsageMeter the switch is off and says why", () => {
    show({ available: false });
    expect((screen.getByRole("checkbox") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText("This deployment has no UsageMeter, so offers cannot be metered.")).toBeTruthy();
  });
  it("offers to retry the plan of an offer published without it", () => {
    const retry = {
      offerId: 7n,
      plan: {
        attester: ETH.address,
        includedUnits: 1n,
        periodSeconds: 86_400,
        pricePerUnit: 1n,
        onExceed: "SUSPEND" as const,
      },
    };
    const { onRetry } = show({ retry });
    expect(screen.getByText(/Offer #7 was published without its plan\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Set the metering plan of offer #7" }));
    expect(onRetry).toHaveBeenCalledWith(retry);
  });
});
