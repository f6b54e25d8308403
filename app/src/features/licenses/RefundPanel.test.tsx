import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RefundState } from "../../lib/refunds.ts";
import type { TxState } from "../../ui/TxStatus.tsx";
import { RefundView } from "./RefundPanel.tsx";

afterEach(cleanup);

const ETH = { symbol: "ETH", decimals: 18 };
const milli = (n: bigint) => n * 10n ** 15n;
const policy = { window: 14n * 86_400n, penaltyBps: 1_000 };

function show(state: RefundState, over: { tx?: TxState; withdrawable?: bigint; canAct?: boolean } = {}) {
  const onRefund = vi.fn();
  const onWithdraw = vi.fn();
  render(
    <RefundView
      state={state}
      currency={ETH}
      policy={policy}
      canAct={over.canAct ?? true}
      busy={false}
      tx={over.tx ?? { status: "idle" }}
      withdrawable={over.withdrawable}
      onRefund={onRefund}
      onWithdraw={onWithdraw}
    />,
  );
  return { onRefund, onWithdraw };
}

describe("RefundView (My licenses)", () => {
  it("within the window: the quote, then an explicit confirmation before the refund", () => {
    const { onRefund } = show({ kind: "open", refund: milli(18n), paid: milli(20n), windowEnd: 1_800_000_000n });
    expect(screen.getByText("Refundable for 14 days (10 % penalty).")).toBeTruthy();
    expect(
      screen.getByText(
        "If you hand it back now you get 0.018 ETH of 0.02 ETH paid (window closes 2027-01-15 08:00 UTC).",
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Refund" }));
    expect(onRefund).not.toHaveBeenCalled();
    const confirm = screen.getByRole("group", { name: "Confirm the refund" });
    expect(confirm.textContent).toMatch(/Your access ends now\./);
    fireEvent.click(screen.getByRole("button", { name: "Keep the licence" }));
    expect(screen.queryByRole("group", { name: "Confirm the refund" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Refund" }));
    fireEvent.click(screen.getByRole("button", { name: "Hand it back for 0.018 ETH" }));
    expect(onRefund).toHaveBeenCalledOnce();
  });
  it("no wallet: the quote without an enabled button", () => {
    show({ kind: "open", refund: 1n, paid: 2n, windowEnd: 1n }, { canAct: false });
    expect((screen.getByRole("button", { name: "Refund" }) as HTMLButtonElement).disabled).toBe(true);
  });
  it("after the window: no button, the date refunds closed", () => {
    show({ kind: "closed", windowEnd: 1_800_000_000n });
    expect(screen.getByText("Refunds closed on 2027-01-15 08:00 UTC.")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });
  it("refunded: the amount, the transaction, and Withdraw while there is a balance", () => {
    const hash = `0x${"ab".repeat(32)}` as const;
    const { onWithdraw } = show(
      { kind: "refunded", refund: milli(18n), endedAt: 1_800_000_000n },
      { tx: { status: "confirmed", label: "Refund", hash }, withdrawable: milli(18n) },
    );
    expect(
      screen.getByText(/^Refunded: you handed this licence back on 2027-01-15 08:00 UTC and 0.018 ETH/),
    ).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe(`✓ Refund: confirmed — transaction ${hash}`);
    expect(screen.getByText(/0.018 ETH to collect/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Withdraw ETH" }));
    expect(onWithdraw).toHaveBeenCalledOnce();
    cleanup();
    show({ kind: "refunded", refund: milli(18n), endedAt: 1_800_000_000n }, { withdrawable: 0n });
    expect(screen.queryByRole("button", { name: /Withdraw/ })).toBeNull();
  });
  it("renders nothing for a final sale", () => {
    const { container } = render(
      <RefundView
        state={{ kind: "none" }}
        currency={ETH}
        canAct
        busy={false}
        tx={{ status: "idle" }}
        onRefund={() => {}}
        onWithdraw={() => {}}
      />,
    );
    expect(container.textContent).toBe("");
  });
});
