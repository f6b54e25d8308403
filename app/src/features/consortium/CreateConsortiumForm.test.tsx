import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { getAddress } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(cleanup);

import { CreateConsortiumForm } from "./CreateConsortiumForm.tsx";

const A = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const B = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

describe("CreateConsortiumForm", () => {
  it("validates in plain words before submitting members, threshold and lifetime", () => {
    const onSubmit = vi.fn();
    render(<CreateConsortiumForm initial={[{ address: A, weight: "60" }]} me={A} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole("button", { name: "Add member" }));
    fireEvent.change(screen.getByLabelText(/^Member 2/), { target: { value: "0x12" } });
    fireEvent.change(screen.getByLabelText("Threshold to pass (% of the weight)"), { target: { value: "50" } });
    fireEvent.click(screen.getByRole("button", { name: "Create consortium" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Member 2/).getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toContain("more than 50 % (a majority)");

    fireEvent.change(screen.getByLabelText(/^Member 2/), { target: { value: B } });
    fireEvent.change(screen.getAllByLabelText(/^Weight/)[1] as HTMLElement, { target: { value: "40" } });
    expect(screen.getByText("Share 40 %")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Threshold to pass (% of the weight)"), { target: { value: "66.67" } });
    expect(screen.getByText("A proposal passes when members holding 66.67 % of the weight vote yes.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Proposal lifetime (days)"), { target: { value: "3" } });
    fireEvent.click(screen.getByRole("button", { name: "Create consortium" }));
    expect(onSubmit).toHaveBeenCalledWith({
      members: [
        { account: A, weight: 60n },
        { account: B, weight: 40n },
      ],
      thresholdBps: 6_667,
      lifetime: 259_200n,
    });
  });

  it("says why it cannot be sent", () => {
    render(
      <CreateConsortiumForm
        initial={[{ address: A, weight: "1" }]}
        disabledReason="Connect a wallet to create a consortium."
        onSubmit={() => {}}
      />,
    );
    const submit = screen.getByRole("button", { name: "Create consortium" }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(submit.getAttribute("aria-describedby")).toBe("create-why");
    expect(screen.getByText("Connect a wallet to create a consortium.")).toBeTruthy();
  });
});
