import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { getAddress } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PERPETUAL } from "../../../../scripts/sdk/index.ts";

afterEach(cleanup);

import { SeatForm } from "./SeatForm.tsx";
import { SeatList } from "./SeatsPanel.tsx";

const NOW = Date.UTC(2026, 10, 25, 8, 0) / 1000;
const holder = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const alice = getAddress("0x5ea7000000000000000000000000000000000001");
const bob = getAddress("0x5ea7000000000000000000000000000000000002");
const license = { expiresAt: BigInt(NOW + 30 * 86_400), perpetual: false };

describe("SeatList", () => {
  it("lists the seats against the cap; frees one, or all after a confirmation", () => {
    const onFree = vi.fn();
    const onFreeAll = vi.fn();
    render(
      <SeatList
        licenseId={7n}
        seats={[
          { user: alice, expires: PERPETUAL, effectiveExpiry: license.expiresAt },
          { user: bob, expires: 5n, effectiveExpiry: 0n },
        ]}
        cap={50n}
        now={NOW}
        disabled={false}
        onFree={onFree}
        onFreeAll={onFreeAll}
      />,
    );
    expect(screen.getByText("2 of 50 seats in use.")).toBeTruthy();
    const items = within(screen.getByRole("list", { name: "Seat users of license 7" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual([
      `${alice} as long as the license, until 2026-12-25 08:00 UTC (in 4 weeks)Free seat`,
      `${bob} lapsed: no access (free it to reuse the seat)Free seat`,
    ]);
    fireEvent.click(screen.getByRole("button", { name: `Free the seat of ${bob}` }));
    expect(onFree).toHaveBeenCalledWith(bob);

    fireEvent.click(screen.getByRole("button", { name: "Free all seats" }));
    const confirm = screen.getByRole("group", { name: "Free all 2 seats? Their users lose access." });
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(confirm).getByRole("button", { name: "Yes, free all seats" }));
    expect(onFreeAll).toHaveBeenCalledOnce();
    expect(screen.queryByRole("group")).toBeNull();
  });
});

describe("SeatForm", () => {
  const show = (onAssign = vi.fn(async () => true), seats = [] as Parameters<typeof SeatForm>[0]["seats"], cap = 50n) =>
    render(
      <SeatForm
        licenseId={7n}
        holder={holder}
        license={license}
        seats={seats}
        cap={cap}
        now={NOW}
        disabled={false}
        onAssign={onAssign}
      />,
    );

  it("validates the address and assigns a seat for as long as the license", async () => {
    const onAssign = vi.fn(async () => true);
    show(onAssign);
    const form = screen.getByRole("form", { name: "Assign a seat on license 7" });
    const input = within(form).getByLabelText(/^Seat user address/);
    const submit = within(form).getByRole("button", { name: "Assign seat" });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: "0x12" } });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Not a valid address.")).toBeTruthy();
    fireEvent.change(input, { target: { value: holder } });
    expect(screen.getByText("You hold the license: you need no seat.")).toBeTruthy();
    fireEvent.change(input, { target: { value: alice.toLowerCase() } });
    expect(within(form).getByRole("radio", { name: "As long as the license" })).toHaveProperty("checked", true);
    fireEvent.click(submit);
    await waitFor(() => expect(onAssign).toHaveBeenCalledWith(alice, PERPETUAL));
    await waitFor(() => expect((input as HTMLInputElement).value).toBe(""));
  });

  it("ends a seat on a chosen day, in the future", async () => {
    const onAssign = vi.fn(async () => true);
    show(onAssign);
    fireEvent.change(screen.getByLabelText(/^Seat user address/), { target: { value: alice } });
    fireEvent.click(screen.getByRole("radio", { name: "On a date" }));
    const date = screen.getByLabelText(/^End date \(UTC\)/);
    fireEvent.change(date, { target: { value: "2026-11-24" } });
    expect(screen.getByText("The seat must end in the future.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Assign seat" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(date, { target: { value: "2026-11-30" } });
    expect(screen.getByText("The seat ends 2026-12-01 00:00 UTC.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Assign seat" }));
    await waitFor(() => expect(onAssign).toHaveBeenCalledWith(alice, BigInt(Date.UTC(2026, 11, 1) / 1000)));
  });

  it("says when every seat is taken", () => {
    show(undefined, [{ user: bob, expires: PERPETUAL, effectiveExpiry: license.expiresAt }], 1n);
    fireEvent.change(screen.getByLabelText(/^Seat user address/), { target: { value: alice } });
    expect(screen.getByRole("status").textContent).toBe("Every seat is taken (1 of 1): free one first.");
    expect((screen.getByRole("button", { name: "Assign seat" }) as HTMLButtonElement).disabled).toBe(true);
    // Updating the seated user's expiry needs no free seat.
    fireEvent.change(screen.getByLabelText(/^Seat user address/), { target: { value: bob } });
    expect(screen.queryByRole("status")).toBeNull();
    expect((screen.getByRole("button", { name: "Assign seat" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
