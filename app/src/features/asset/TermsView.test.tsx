import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

afterEach(cleanup);

import { TermsView } from "./TermsView.tsx";

describe("TermsView", () => {
  it("groups the renderer's sentences into may / must / may not", () => {
    render(
      <TermsView
        words={{
          may: ["You may use the model.", "You may fine-tune (modify) the model."],
          must: ["You must credit the licensor."],
          mayNot: [],
          notes: ["Governed by the laws of Delaware."],
        }}
      />,
    );
    const may = screen.getByRole("region", { name: "You may" });
    expect(
      within(may)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["You may use the model.", "You may fine-tune (modify) the model."]);
    expect(
      within(screen.getByRole("region", { name: "You must" })).getByText("You must credit the licensor."),
    ).toBeTruthy();
    expect(within(screen.getByRole("region", { name: "You may not" })).getByText("Nothing listed.")).toBeTruthy();
    expect(screen.getByText(/More about these terms \(1\)/)).toBeTruthy();
  });
});
