import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { getAddress, keccak256, stringToHex, zeroHash } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { GetLicenseReturnType } from "../../../../scripts/sdk/index.ts";
import type { DeskCase } from "../disputes/disputesLogic.ts";
import { DisputesOption } from "./DisputesOption.tsx";
import { type DisputesDraft, disputesPlan } from "./disputesOption.ts";
import { CasesTable, ClaimableLicenses } from "./StudioDisputesPanel.tsx";

afterEach(cleanup);

const h = (label: string) => keccak256(stringToHex(label));
const desk = getAddress("0xde5c000000000000000000000000000000000001");
const creator = getAddress("0xc4ea000000000000000000000000000000000001");
const holder = getAddress("0x401d000000000000000000000000000000000001");
const arbiter = getAddress("0xa4b1000000000000000000000000000000000001");
const dispute = (over: Partial<DeskCase>): DeskCase => ({
  caseId: 1n,
  licenseId: 9n,
  assetId: 1n,
  offerId: 5n,
  claimant: creator,
  holder,
  arbiter,
  evidenceHash: h("evidence"),
  responseHash: zeroHash,
  rulingHash: zeroHash,
  status: "OPEN",
  filedAt: 100n,
  respondedAt: 0n,
  closedAt: 0n,
  responses: [],
  ...over,
});
const license = (licenseId: bigint): GetLicenseReturnType => ({
  licenseId,
  holder,
  assetId: 1n,
  offerId: 5n,
  termsId: 1n,
  expiresAt: 2_000_000_000n,
  perpetual: false,
  version: 1,
  allVersions: false,
  status: "ACTIVE",
});

function Harness() {
  const [draft, setDraft] = useState<DisputesDraft>({ enabled: false, arbiter: "" });
  return <DisputesOption draft={draft} plan={disputesPlan(draft, desk)} onChange={setDraft} />;
}

describe("DisputesOption (offer form)", () => {
  it("ticked, asks for the arbiter to appoint and validates it; says it is appointed before the first sale", () => {
    render(<Harness />);
    const option = screen.getByRole("checkbox", { name: "Disputes: breach claims ruled by an arbiter I appoint" });
    expect(option.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText(/can only be appointed before the offer's first sale/)).toBeTruthy();
    expect(screen.queryByLabelText(/Arbiter to appoint/)).toBeNull();
    fireEvent.click(option);
    const input = screen.getByLabelText(/Arbiter to appoint/);
    fireEvent.change(input, { target: { value: desk } });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(/cannot be its own arbiter/)).toBeTruthy();
    fireEvent.change(input, { target: { value: arbiter } });
    expect(input.getAttribute("aria-invalid")).toBe("false");
  });
});

describe("the studio's Disputes panel", () => {
  it("lists the cases with their hashes; withdraws an open claim of the account's", () => {
    const onWithdraw = vi.fn();
    render(
      <CasesTable
        cases={[
          dispute({ caseId: 1n, status: "DISMISSED", responseHash: h("reply"), rulingHash: h("no") }),
          dispute({ caseId: 2n }),
        ]}
        account={creator}
        disabled={false}
        onWithdraw={onWithdraw}
      />,
    );
    const rows = within(screen.getByRole("table", { name: "Cases on your assets" })).getAllByRole("row");
    expect(rows[0]?.textContent).toBe("CaseStatusLicenseHolderEvidenceResponseRulingActions");
    expect(within(rows[1] as HTMLElement).getByText("Dismissed")).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText(h("no"))).toBeTruthy();
    expect(within(rows[1] as HTMLElement).queryByRole("button")).toBeNull();
    expect(within(rows[2] as HTMLElement).getByText("No response yet")).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText("Awaiting the arbiter")).toBeTruthy();
    fireEvent.click(within(rows[2] as HTMLElement).getByRole("button", { name: "Withdraw claim in case 2" }));
    expect(onWithdraw).toHaveBeenCalledWith(2n);
  });

  it("files a breach claim with the evidence's hash; a license with an open case cannot get another", () => {
    const onFile = vi.fn(async () => true);
    render(
      <ClaimableLicenses
        licenses={[license(9n), license(10n)]}
        openOn={new Map([["10", dispute({ caseId: 3n, licenseId: 10n })]])}
        arbiterOf={new Map([["5", arbiter]])}
        disabled={false}
        onFile={onFile}
      />,
    );
    expect(screen.getByText("Case 3 is open against this license.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "File a breach claim against license 10" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "File a breach claim against license 9" }));
    const form = screen.getByRole("form", { name: "Breach claim against license 9" });
    fireEvent.change(within(form).getByLabelText("Evidence as text"), { target: { value: "Seen on a mirror." } });
    expect(within(form).getByText(h("Seen on a mirror."))).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "File claim" }));
    expect(onFile).toHaveBeenCalledWith(9n, h("Seen on a mirror."));
  });
});
