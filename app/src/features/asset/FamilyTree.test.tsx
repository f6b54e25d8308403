import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

afterEach(cleanup);

import { UpstreamRoyalties } from "./FamilyTree.tsx";

describe("UpstreamRoyalties", () => {
  it("names each ancestor paid on every sale, with its split, and the total", () => {
    render(
      <UpstreamRoyalties
        royalties={[
          { splitId: 3n, bps: 1000 },
          { splitId: 9n, bps: 500 },
        ]}
        owners={new Map([["3", "CropSat-2025"]])}
      />,
    );
    const section = screen.getByRole("region", { name: "Upstream royalties" });
    expect(
      within(section).getByText(
        "Each sale of this asset pays royalties upstream: 10 % to CropSat-2025 (split 3) and 5 % to split 9.",
      ),
    ).toBeTruthy();
    expect(within(section).getByText("In all: 15 % of every sale and renewal goes upstream.")).toBeTruthy();
  });
});
