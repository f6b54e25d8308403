import type { UseQueryResult } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { encodeTerms, findPreset, termsHash } from "../../../../scripts/sdk/terms/codec.ts";

afterEach(cleanup);

import type { RegistryVerdict } from "./derivativeParents.ts";
import { ParentConstraintsPanel } from "./ParentsPanel.tsx";
import type { ParentSide } from "./parentConstraints.ts";

const side = (id: string, title: string, relation: ParentSide["relation"]): ParentSide => {
  const terms = findPreset(id);
  return { title, relation, terms, termsHash: termsHash(encodeTerms(terms)) };
};
const apache = findPreset("apache-2.0");
const draft = { terms: apache, termsHash: termsHash(encodeTerms(apache)), name: "Orca-8B", family: "" };
// A bare success: the SDK's may carry more than the panel reads (e.g. royalties).
const verdict = (data: RegistryVerdict | { kind: "checked"; result: { ok: true; commitment: string } }) =>
  ({ isPending: false, isError: false, fetchStatus: "idle", data }) as unknown as UseQueryResult<RegistryVerdict>;

describe("ParentConstraintsPanel", () => {
  it("says what each parent forces and flags every rule the draft breaks", () => {
    render(
      <ParentConstraintsPanel
        sides={[
          side("cdla-permissive-2.0", "CropSat-2025", "TRAINED_ON"),
          side("llama3.1", "Llama 3.1", "FINE_TUNED_FROM"),
        ]}
        pending={false}
        error={undefined}
        child={draft}
        registered={false}
        verdict={verdict({ kind: "unregistered" })}
      />,
    );
    const panel = screen.getByRole("region", { name: "What the parents force" });
    expect(within(panel).getByText("Your draft breaks 3 rules its parents force.")).toBeTruthy();
    const crop = screen.getByRole("article", { name: "Constraints from CropSat-2025" });
    expect(crop.textContent).toBe("CropSat-2025 (CDLA-Permissive-2.0, trained on)Nothing forced.");
    const llama = screen.getByRole("article", { name: "Constraints from Llama 3.1" });
    const items = within(llama)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items[0]).toBe(
      "✗ caps: monthly active users ≤ 700,000,000 — breaks this rule: your draft puts no cap on monthly active users (at most 700,000,000)",
    );
    expect(items[1]).toMatch(/^✗ keep these banned uses: .* — breaks this rule: your draft drops all of them$/);
    expect(items[2]).toBe('✗ name must start with "Llama" — breaks this rule: "Orca-8B" does not start with "Llama"');
    expect(items[3]).toBe("ℹ Recorded when registering: credit Llama 3.1 (recorded as attribution)");
    expect(within(panel).getByText(/these exact terms are not registered yet/)).toBeTruthy();
  });
  it("shows the LineageRegistry's verdict", () => {
    render(
      <ParentConstraintsPanel
        sides={[side("cdla-permissive-2.0", "CropSat-2025", "TRAINED_ON")]}
        pending={false}
        error={undefined}
        child={draft}
        registered={false}
        verdict={verdict({ kind: "checked", result: { ok: true, commitment: "0x00" } })}
      />,
    );
    expect(screen.getByText("Your draft keeps every rule its parents force.")).toBeTruthy();
    expect(
      screen.getByText("✓ LineageRegistry: registering this asset as a derivative with these terms would be accepted."),
    ).toBeTruthy();
  });
  it("shows nothing for an original work", () => {
    const { container } = render(
      <ParentConstraintsPanel
        sides={[]}
        pending={false}
        error={undefined}
        child={draft}
        registered={false}
        verdict={verdict({ kind: "unregistered" })}
      />,
    );
    expect(container.textContent).toBe("");
  });
});
