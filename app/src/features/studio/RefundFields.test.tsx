import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { FINAL_SALES, type RefundDraft, refundPlan } from "../../lib/refunds.ts";
import { RefundFields } from "./RefundFields.tsx";

afterEach(cleanup);

const ETH = { address: "0x0000000000000000000000000000000000000000" as const, symbol: "ETH", decimals: 18 };
let lastPlan: ReturnType<typeof refundPlan> = {};

function Harness() {
  const [draft, setDraft] = useState<RefundDraft>(FINAL_SALES);
  const plan = refundPlan(draft);
  lastPlan = plan;
  return (
    <RefundFields
      draft={draft}
      plan={plan}
      onChange={setDraft}
      price={20_000_000_000_000_000n}
      duration={30n * 86_400n}
      currency={ETH}
    />
  );
}

describe("RefundFields (studio offer form)", () => {
  it("sales are final by default, and the preview says so", () => {
    render(<Harness />);
    expect(screen.getByRole("group", { name: "Refunds" })).toBeTruthy();
    expect((screen.getByRole("radio", { name: "Sales are final" }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText(/Refund window in days/)).toBeNull();
    expect(screen.getByText(/^Sales are final: buyers cannot hand a licence back/)).toBeTruthy();
    expect(lastPlan.policy).toBeUndefined();
  });
  it("refundable: window and penalty, validated inline, previewed in plain words", () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole("radio", { name: "Refundable" }));
    const days = screen.getByLabelText(/Refund window in days/) as HTMLInputElement;
    const penalty = screen.getByLabelText(/Penalty in %/) as HTMLInputElement;
    expect(days.value).toBe("14");
    expect(penalty.value).toBe("10");
    expect(lastPlan.policy).toEqual({ window: 14n * 86_400n, penaltyBps: 1_000 });
    expect(screen.getByText(/Handed back at once, a 0.02 ETH licence returns 0.018 ETH/)).toBeTruthy();

    fireEvent.change(days, { target: { value: "400" } });
    expect(days.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Enter the refund window in whole days, from 1 to 365.")).toBeTruthy();
    fireEvent.change(penalty, { target: { value: "12.345" } });
    expect(screen.getByText("Enter the penalty as a percentage from 0 to 100 (at most two decimals).")).toBeTruthy();
    expect(lastPlan.policy).toBeUndefined();

    fireEvent.change(days, { target: { value: "7" } });
    fireEvent.change(penalty, { target: { value: "2.5" } });
    expect(days.getAttribute("aria-invalid")).toBe("false");
    expect(lastPlan.policy).toEqual({ window: 7n * 86_400n, penaltyBps: 250 });
    expect(screen.getByText(/less a 2.5 % penalty/)).toBeTruthy();
  });
});
