import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { zeroAddress } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HeldPayment } from "../../../../scripts/sdk/index.ts";
import { HeldPaymentsView, heldTotals } from "./HeldPaymentsPanel.tsx";

afterEach(cleanup);

const USDC = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const;
const cur = (a: string) => (a === zeroAddress ? { symbol: "ETH", decimals: 18 } : { symbol: "dUSDC", decimals: 6 });
const NOW = 1_800_000_000;
const held: HeldPayment[] = [
  {
    licenseId: 4n,
    offerId: 30n,
    amount: 2n * 10n ** 16n,
    currency: zeroAddress,
    windowEnd: BigInt(NOW - 60),
    releasable: true,
  },
  {
    licenseId: 9n,
    offerId: 30n,
    amount: 2n * 10n ** 16n,
    currency: zeroAddress,
    windowEnd: BigInt(NOW + 3 * 86_400),
    releasable: false,
  },
  {
    licenseId: 12n,
    offerId: 31n,
    amount: 5_000_000n,
    currency: USDC,
    windowEnd: BigInt(NOW + 86_400),
    releasable: false,
  },
];

function show(list: HeldPayment[], released?: string) {
  const onRelease = vi.fn();
  render(
    <HeldPaymentsView
      held={list}
      currencyOf={cur}
      now={NOW}
      canAct
      busy={false}
      tx={
        released
          ? { status: "confirmed", label: "Release of 1 payment", hash: `0x${"12".repeat(32)}` }
          : { status: "idle" }
      }
      released={released}
      onRelease={onRelease}
    />,
  );
  return onRelease;
}

describe("HeldPaymentsView (studio)", () => {
  it("totals per currency", () => {
    expect(heldTotals(held)).toEqual([
      { currency: zeroAddress, total: 4n * 10n ** 16n, count: 2 },
      { currency: USDC, total: 5_000_000n, count: 1 },
    ]);
  });
  it("each payment with its window, and a release of the releasable ones", () => {
    const onRelease = show(held);
    expect(screen.getByTestId("held-ETH").textContent).toBe("0.04 ETH held (2 payments)");
    expect(screen.getByTestId("held-dUSDC").textContent).toBe("5 dUSDC held (1 payment)");
    expect(screen.getByText(/Licence 4 \(offer #30\): 0.02 ETH — window closed .*: can be released/)).toBeTruthy();
    expect(screen.getByText(/Licence 9 \(offer #30\): 0.02 ETH — window closes .* \(in 3 days\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Release 1 payment" }));
    expect(onRelease).toHaveBeenCalledWith([4n]);
  });
  it("nothing releasable yet: when the next window closes; nothing held: says so", () => {
    show(held.slice(1));
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText(/Nothing can be released yet: the next window closes 2027-01-16 08:00 UTC\./)).toBeTruthy();
    cleanup();
    show([], "Released 0.02 ETH as revenue (see Earnings above).");
    expect(screen.getByText(/No payment is held/)).toBeTruthy();
    expect(screen.getByText("Released 0.02 ETH as revenue (see Earnings above).")).toBeTruthy();
  });
});
