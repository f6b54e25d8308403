import type { UseQueryResult } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(cleanup);

import type { RegistryVerdict } from "./derivativeParents.ts";
import { LineageRegistration } from "./LineageRegistration.tsx";

const accepted = {
  isPending: false,
  isError: false,
  fetchStatus: "idle",
  data: {
    kind: "checked",
    termsId: 4n,
    result: { ok: true, commitment: "0x00", royalties: [{ splitId: 3n, bps: 1000 }] },
  },
} as unknown as UseQueryResult<RegistryVerdict>;
const owners = new Map([["3", "CropSat-2025"]]);

function renderStep(props: Partial<Parameters<typeof LineageRegistration>[0]>) {
  const onRegister = vi.fn();
  const onSkip = vi.fn();
  render(
    <LineageRegistration
      step={{ kind: "ready" }}
      verdict={accepted}
      owners={owners}
      registeredRoyalties={undefined}
      walletReady
      tx={{ status: "idle" }}
      onRegister={onRegister}
      onSkip={onSkip}
      {...props}
    />,
  );
  return { onRegister, onSkip, step: screen.getByRole("region", { name: "Register as a derivative" }) };
}

describe("LineageRegistration", () => {
  it("shows the royalties the derivative will owe and registers the lineage", () => {
    const { onRegister, step } = renderStep({});
    expect(
      within(step).getByText("Every sale of this asset will pay 10 % to CropSat-2025's split (split 3)."),
    ).toBeTruthy();
    expect(within(step).getByText("In all: 10 % of every sale and renewal goes upstream.")).toBeTruthy();
    fireEvent.click(within(step).getByRole("button", { name: "Register lineage" }));
    expect(onRegister).toHaveBeenCalledOnce();
  });
  it("keeps the button disabled while the registry refuses or a transaction is in flight", () => {
    const refused = {
      ...accepted,
      data: { kind: "checked", termsId: 4n, result: { ok: false, error: new Error("no") } },
    } as unknown as UseQueryResult<RegistryVerdict>;
    const { step } = renderStep({ verdict: refused });
    expect((within(step).getByRole("button", { name: "Register lineage" }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    const again = renderStep({ tx: { status: "signing", label: "Lineage registration" } });
    expect((within(again.step).getByRole("button", { name: "Register lineage" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(within(again.step).getByText(/Lineage registration: confirm in your wallet/)).toBeTruthy();
  });
  it("offers to skip for an original work, before the first offer", () => {
    const { onSkip, step } = renderStep({ step: { kind: "pick" } });
    expect(within(step).getByText(/Step 1 of 2, optional/)).toBeTruthy();
    fireEvent.click(within(step).getByRole("button", { name: "Skip: this is an original work" }));
    expect(onSkip).toHaveBeenCalledWith(true);
  });
  it("explains that it is too late once the asset has offers", () => {
    const { step } = renderStep({ step: { kind: "offered", offerCount: 1 } });
    expect(within(step).getByRole("note").textContent).toBe(
      "This asset already has offers: its lineage can no longer be registered (it had to be before the first offer).",
    );
    expect(within(step).queryByRole("button")).toBeNull();
  });
  it("shows what a registered derivative pays upstream", () => {
    const { step } = renderStep({ step: { kind: "registered" }, registeredRoyalties: [{ splitId: 3n, bps: 1000 }] });
    expect(
      within(step).getByText("Each sale of this asset pays royalties upstream: 10 % to CropSat-2025 (split 3)."),
    ).toBeTruthy();
  });
});
