import { describe, expect, it } from "vitest";
import { cardSummary, mapLimit } from "./cards.ts";

describe("cardSummary", () => {
  it("takes the title and the first paragraph, without Markdown", () => {
    const s = cardSummary("# Aurora-7B\n\n_Version 2._ A **small** [chat](https://x) model.\n\n## Usage\n\nRun it.");
    expect(s).toEqual({ title: "Aurora-7B", summary: "Version 2. A small chat model." });
  });
  it("copes with a card without a title", () => {
    expect(cardSummary("just text")).toEqual({ title: undefined, summary: "just text" });
  });
});

describe("mapLimit", () => {
  it("keeps order and never exceeds the limit", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });
});
