/**
 * Listing names and summaries come from each asset's public card (public/README.md at the
 * gateway): the chain records only a content hash and a metadata URI. The gateway's
 * `GET /v1/cards?ids=…` answers the title and summary of up to 1000 assets' newest cards in one
 * call, so the whole catalog needs ⌈n / 1000⌉ requests; listings without a card keep their
 * fallback title.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { CatalogIndex, Listing } from "../features/catalog/catalogTypes.ts";
import { gatewayBase } from "./gateway.ts";
import { cardTitle } from "./markdown.ts";
import { useCatalog } from "./useCatalog.ts";

export interface CardSummary {
  title: string | undefined;
  /** The first paragraph after the title, without Markdown emphasis. */
  summary: string | undefined;
}

/** Title and summary of a card's Markdown (the same rule as the gateway's, for local previews). */
export function cardSummary(markdown: string): CardSummary {
  const title = cardTitle(markdown);
  const paragraphs = markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith("#") && !p.startsWith("|") && !p.startsWith("```"));
  const first = paragraphs[0]
    ?.replace(/[*_`]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ");
  return { title, summary: first && first.length > 200 ? `${first.slice(0, 199)}…` : first };
}

/** The most ids the gateway takes in one `/v1/cards` call. */
export const CARDS_BATCH = 1000;

/** `items` in consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface CardsAnswer {
  cards: Record<string, { version: number; contentHash: string; title: string; summary: string } | null>;
}

/**
 * Card summaries of `assetIds`, keyed by decimal id, in batches of 1000 (fetched in parallel).
 * Assets without a card (or whose card has no title) are absent from the map.
 */
export async function fetchCards(
  base: string,
  assetIds: readonly bigint[],
  fetcher: typeof fetch = fetch,
): Promise<Map<string, CardSummary>> {
  const ids = [...new Set(assetIds.map((id) => id.toString()))];
  const answers = await Promise.all(
    chunk(ids, CARDS_BATCH).map(async (batch) => {
      const res = await fetcher(`${base}/v1/cards?ids=${batch.join(",")}`);
      if (!res.ok) throw new Error(`The gateway answered ${res.status} for the catalog's cards.`);
      return ((await res.json()) as CardsAnswer).cards ?? {};
    }),
  );
  const out = new Map<string, CardSummary>();
  for (const cards of answers) {
    for (const [id, card] of Object.entries(cards)) {
      if (card?.title) out.set(id, { title: card.title, summary: card.summary || undefined });
    }
  }
  return out;
}

/**
 * Waits (up to `timeoutMs`) until `/v1/cards` knows version `version` of `assetId`: the gateway
 * learns of new versions from chain events, a moment after they are mined. True when it does.
 */
export async function waitForCard(
  base: string,
  assetId: bigint,
  version: number,
  { timeoutMs = 8000, intervalMs = 400, fetcher = fetch as typeof fetch } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetcher(`${base}/v1/cards?ids=${assetId}`, { cache: "no-store" });
      if (res.ok) {
        const card = ((await res.json()) as CardsAnswer).cards?.[assetId.toString()];
        if (card && card.version >= version) return true;
      }
    } catch {
      // The gateway is briefly unreachable: keep trying until the deadline.
    }
    if (Date.now() + intervalMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Card summaries of `assetIds` (newest version of each), keyed by asset id. */
export function useCardSummaries(assetIds: readonly bigint[]) {
  return useQuery({
    queryKey: ["card-summaries", assetIds.join(",")],
    enabled: assetIds.length > 0,
    staleTime: 30_000,
    // New cards and versions published by others show up without a reload.
    refetchInterval: 60_000,
    queryFn: () => fetchCards(gatewayBase(), assetIds),
  });
}

/** `listing` named and summarised by its card (searchable by them too), or unchanged without one. */
export function withCard(listing: Listing, card: CardSummary | undefined): Listing {
  if (!card?.title) return listing;
  return {
    ...listing,
    title: card.title,
    summary: card.summary,
    search: `${card.title} ${card.summary ?? ""} ${listing.search}`.toLowerCase(),
  };
}

/** The index with card titles applied (the same object while no card is known). */
export function applyCards(index: CatalogIndex, cards: Map<string, CardSummary> | undefined): CatalogIndex {
  if (!cards || cards.size === 0) return index;
  const listings = index.listings.map((l) => withCard(l, cards.get(l.assetId.toString())));
  return { ...index, listings, byId: new Map(listings.map((l) => [l.assetId.toString(), l])) };
}

/**
 * The catalog index with names from the cards: listings show as soon as the chain is read, and get
 * their card titles when `/v1/cards` answers (a gateway that cannot answer leaves the fallbacks).
 */
export function useNamedCatalog() {
  const catalog = useCatalog();
  const ids = useMemo(() => catalog.data?.listings.map((l) => l.assetId) ?? [], [catalog.data]);
  const cards = useCardSummaries(ids);
  const index = useMemo(
    () => (catalog.data ? applyCards(catalog.data, cards.data) : undefined),
    [catalog.data, cards.data],
  );
  return { catalog, cards, index };
}
