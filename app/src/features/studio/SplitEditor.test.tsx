import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(cleanup);

import { SplitEditor } from "./SplitEditor.tsx";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("SplitEditor", () => {
  it("blocks a split that does not add up to 100 % and submits one that does", () => {
    const onSubmit = vi.fn();
    render(<SplitEditor initial={[{ address: A, percent: "70" }]} onSubmit={onSubmit} />);
    expect(screen.getByText(/Total: 70.00 %/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Create split" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toMatch(/not 100 %/);

    fireEvent.click(screen.getByRole("button", { name: "Add recipient" }));
    fireEvent.change(screen.getByLabelText(/^Recipient 2/), { target: { value: B } });
    fireEvent.change(screen.getAllByLabelText("Share %")[1] as HTMLElement, { target: { value: "30" } });
    expect(screen.getByText(/Total: 100.00 %/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Create split" }));
    expect(onSubmit).toHaveBeenCalledWith({ recipients: [A, B], bps: [7_000, 3_000], revisable: false });
  });

  it("marks an invalid address", () => {
    render(<SplitEditor initial={[{ address: "0xnope", percent: "100" }]} onSubmit={() => {}} />);
    expect(screen.getByLabelText(/^Recipient 1/).getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(/40 hex digits/)).toBeTruthy();
  });
});
