import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { getAddress, keccak256, stringToHex, zeroHash } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeskCase } from "./disputesLogic.ts";
import { RulingForm } from "./RulingForm.tsx";

afterEach(cleanup);

const open: DeskCase = {
  caseId: 4n,
  licenseId: 9n,
  assetId: 1n,
  offerId: 5n,
  claimant: getAddress("0xc4ea000000000000000000000000000000000001"),
  holder: getAddress("0x401d000000000000000000000000000000000001"),
  arbiter: getAddress("0xa4b1000000000000000000000000000000000001"),
  evidenceHash: keccak256(stringToHex("evidence")),
  responseHash: zeroHash,
  rulingHash: zeroHash,
  status: "OPEN",
  filedAt: 100n,
  respondedAt: 0n,
  closedAt: 0n,
  responses: [],
};

describe("RulingForm", () => {
  it("needs a ruling note, states the consequences, then upholds with the note's hash", async () => {
    const onRule = vi.fn(async () => true);
    render(<RulingForm dispute={open} disabled={false} onRule={onRule} />);
    const form = screen.getByRole("form", { name: "Rule on case 4" });
    const uphold = within(form).getByRole("button", { name: "Uphold (revoke the license)" });
    expect((uphold as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText("Ruling note as text"), { target: { value: "Resold: upheld." } });
    const hash = keccak256(stringToHex("Resold: upheld."));
    expect(within(form).getByText(hash)).toBeTruthy();

    fireEvent.click(uphold);
    const confirm = within(form).getByRole("group", {
      name: "Uphold case 4? License 9 is revoked in the same transaction: its holder's access ends in that block. Rulings are final.",
    });
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(confirm).getByRole("button", { name: "Yes, uphold and revoke" }));
    expect(onRule).toHaveBeenCalledWith("uphold", hash);
    await waitFor(() => expect(within(form).queryByRole("group", { name: /Uphold case 4/ })).toBeNull());
  });

  it("dismisses after its own confirmation; Cancel goes back", () => {
    const onRule = vi.fn(async () => true);
    render(<RulingForm dispute={open} disabled={false} onRule={onRule} />);
    fireEvent.change(screen.getByLabelText("Ruling note as text"), { target: { value: "No breach." } });
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    const confirm = screen.getByRole("group", { name: /^Dismiss case 4\? License 9 stays as it is/ });
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(onRule).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, dismiss" }));
    expect(onRule).toHaveBeenCalledWith("dismiss", keccak256(stringToHex("No breach.")));
  });
});
