import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { getAddress, keccak256, stringToHex, zeroHash } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DeskCase, licenseDispute } from "../disputes/disputesLogic.ts";
import { LicenseDisputeView } from "./LicenseDispute.tsx";

afterEach(cleanup);

const h = (label: string) => keccak256(stringToHex(label));
const base: DeskCase = {
  caseId: 2n,
  licenseId: 9n,
  assetId: 1n,
  offerId: 5n,
  claimant: getAddress("0xc4ea000000000000000000000000000000000001"),
  holder: getAddress("0x401d000000000000000000000000000000000001"),
  arbiter: getAddress("0xa4b1000000000000000000000000000000000001"),
  evidenceHash: h("evidence"),
  responseHash: zeroHash,
  rulingHash: zeroHash,
  status: "OPEN",
  filedAt: 1_764_000_000n,
  respondedAt: 0n,
  closedAt: 0n,
  responses: [],
};

describe("LicenseDisputeView (My licenses)", () => {
  it("an open case: the notice, its history, and a response sent as a hash", async () => {
    const onRespond = vi.fn(async () => true);
    render(
      <LicenseDisputeView
        licenseId={9n}
        dispute={licenseDispute([base], 9n)}
        disabled={false}
        tx={{ status: "idle" }}
        onRespond={onRespond}
      />,
    );
    expect(
      screen.getByText("A breach claim is open against this license (case 2) — respond before the arbiter rules."),
    ).toBeTruthy();
    expect(within(screen.getByRole("list", { name: "History of case 2" })).getByText(h("evidence"))).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Respond" }));
    const form = screen.getByRole("form", { name: "Respond to case 2" });
    const send = within(form).getByRole("button", { name: "Send response" });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText("Your response as text"), { target: { value: "Licensed use only." } });
    fireEvent.click(send);
    expect(onRespond).toHaveBeenCalledWith(2n, h("Licensed use only."));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Respond to case 2" })).toBeNull());
  });

  it("a revoked license: which ruling revoked it, and the case history", () => {
    const upheld: DeskCase = {
      ...base,
      status: "UPHELD",
      responses: [h("reply")],
      responseHash: h("reply"),
      respondedAt: 1_764_000_100n,
      rulingHash: h("ruling"),
      closedAt: 1_764_000_200n,
    };
    render(
      <LicenseDisputeView
        licenseId={9n}
        dispute={licenseDispute([upheld], 9n)}
        disabled={false}
        tx={{ status: "idle" }}
        onRespond={vi.fn()}
      />,
    );
    expect(screen.getByText("Revoked by the arbiter's ruling in case 2.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Respond" })).toBeNull();
    expect(screen.getByRole("heading", { name: "Case 2: Upheld: license revoked" })).toBeTruthy();
    const steps = within(screen.getByRole("list", { name: "History of case 2" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent?.split(" · ")[0]);
    expect(steps).toEqual(["Claim filed with evidence", "Holder responded", "Upheld by the arbiter: license revoked"]);
  });
});
