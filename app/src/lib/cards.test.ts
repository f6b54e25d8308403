import { describe, expect, it, vi } from "vitest";
import type { CatalogIndex, Listing } from "../features/catalog/catalogTypes.ts";
import { applyCards, CARDS_BATCH, cardSummary, chunk, fetchCards, waitForCard } from "./cards.ts";

describe("cardSummary", () => {
  it("takes the title and the first paragraph, without Markdown", () => {
    const s = cardSummary("# Aurora-7B\n\n_Version 2._ A **small** [chat](https://x) model.\n\n## Usage\n\nRun it.");
    expect(s).toEqual({ title: "Aurora-7B", summary: "Version 2. A small chat model." });
  });
  it("copes with a card without a title", () => {
    expect(cardSummary("just text")).toEqual({ title: undefined, summary: "just text" });
  });
});

describe("chunk", () => {
  it("splits in order, the last chunk shorter", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});

const answer = (ids: string[]) =>
  new Response(
    JSON.stringify({
      cards: Object.fromEntries(
        ids.map((id) => [
          id,
          Number(id) % 7 === 0
            ? null
            : { version: 1, contentHash: "0x00", title: `Model ${id}`, summary: `About ${id}` },
        ]),
      ),
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

describe("fetchCards", () => {
  it("asks /v1/cards in batches of at most 1000 ids and merges the answers", async () => {
    const fetcher = vi.fn(async (url: string | URL | Request) => {
      const ids = new URL(String(url)).searchParams.get("ids")?.split(",") ?? [];
      return answer(ids);
    });
    const ids = Array.from({ length: 2345 }, (_, i) => BigInt(i + 1));
    const cards = await fetchCards("http://gw", [...ids, 5n], fetcher as typeof fetch);
    expect(fetcher).toHaveBeenCalledTimes(3);
    const sizes = fetcher.mock.calls.map(([u]) => new URL(String(u)).searchParams.get("ids")?.split(",").length);
    expect(sizes).toEqual([CARDS_BATCH, CARDS_BATCH, 345]);
    expect(String(fetcher.mock.calls[0]?.[0])).toMatch(/^http:\/\/gw\/v1\/cards\?ids=1,2,3,/);
    expect(cards.get("5")).toEqual({ title: "Model 5", summary: "About 5" });
    // Assets without a card are absent: they keep their fallback title.
    expect(cards.has("7")).toBe(false);
    expect(cards.size).toBe(2345 - Math.floor(2345 / 7));
  });
  it("fails on a gateway error (the caller keeps the fallback titles)", async () => {
    const fetcher = async () => new Response("{}", { status: 503 });
    await expect(fetchCards("http://gw", [1n], fetcher as typeof fetch)).rejects.toThrow(/503/);
  });
  it("makes no request for no ids", async () => {
    const fetcher = vi.fn();
    expect((await fetchCards("http://gw", [], fetcher as unknown as typeof fetch)).size).toBe(0);
    expect(fetcher).not.toHaveBeenCalled();
  });
});

describe("applyCards", () => {
  const listing = (id: bigint): Listing => ({
    assetId: id,
    kind: "MODEL",
    controller: "0x0000000000000000000000000000000000000001",
    title: `Asset #${id}`,
    metadataURI: "public/README.md",
    versionCount: 1,
    latestContentHash: "0x00",
    registeredBlock: 1n,
    offers: [],
    sold: 0,
    search: `asset #${id}`,
  });
  const index: CatalogIndex = {
    listings: [listing(1n), listing(2n)],
    byId: new Map(),
    currencies: new Map(),
    block: 1n,
  };
  it("names listings by their cards and makes them searchable by it", () => {
    const named = applyCards(index, new Map([["2", { title: "Orca", summary: "A whale of a model" }]]));
    expect(named.listings.map((l) => l.title)).toEqual(["Asset #1", "Orca"]);
    expect(named.byId.get("2")?.summary).toBe("A whale of a model");
    expect(named.byId.get("2")?.search).toContain("whale");
    expect(index.listings[1]?.title).toBe("Asset #2");
  });
  it("returns the same index while no card is known", () => {
    expect(applyCards(index, undefined)).toBe(index);
    expect(applyCards(index, new Map())).toBe(index);
  });
});

describe("waitForCard", () => {
  it("polls until the gateway knows the version, without the HTTP cache", async () => {
    let calls = 0;
    const fetcher = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      expect(init?.cache).toBe("no-store");
      calls++;
      const card = calls < 3 ? null : { version: 2, contentHash: "0x00", title: "T", summary: "" };
      return new Response(JSON.stringify({ cards: { "9": card } }), { status: 200 });
    });
    const ok = await waitForCard("http://gw", 9n, 2, { intervalMs: 1, fetcher: fetcher as typeof fetch });
    expect(ok).toBe(true);
    expect(calls).toBe(3);
  });
  it("gives up at the deadline", async () => {
    const fetcher = async () => new Response(JSON.stringify({ cards: { "9": null } }), { status: 200 });
    expect(
      await waitForCard("http://gw", 9n, 1, { timeoutMs: 20, intervalMs: 5, fetcher: fetcher as typeof fetch }),
    ).toBe(false);
  });
});
