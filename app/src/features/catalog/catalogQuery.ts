/**
 * Catalog search, filters, sorting and pagination: pure functions over the in-memory index, so they
 * stay fast at thousands of listings, with the filter state kept in the URL.
 */
import type { Address } from "viem";
import { allowsTerritory } from "../../lib/terms.ts";
import type { Listing, ListingOffer } from "./catalogTypes.ts";

export const PAGE_SIZE = 24;

export type SortKey = "newest" | "oldest" | "price-asc" | "price-desc" | "name" | "popular";

export interface CatalogFilters {
  q: string;
  kind: "ANY" | "MODEL" | "DATASET";
  scope: "ANY" | "RESEARCH" | "COMMERCIAL";
  fineTuning: boolean;
  derivatives: boolean;
  /** Two-letter country of use, or "" for any. */
  territory: string;
  /** Only offers in this currency ("" = any). */
  currency: Address | "";
  /** Highest price in base units of `currency` (needs a currency). */
  maxPrice: bigint | null;
  sort: SortKey;
  /** 1-based. */
  page: number;
}

export const DEFAULT_FILTERS: CatalogFilters = {
  q: "",
  kind: "ANY",
  scope: "ANY",
  fineTuning: false,
  derivatives: false,
  territory: "",
  currency: "",
  maxPrice: null,
  sort: "newest",
  page: 1,
};

/** Whether any filter applies to offers (listings without a matching active offer drop out). */
export function hasOfferFilter(f: CatalogFilters): boolean {
  return f.scope !== "ANY" || f.fineTuning || f.derivatives || f.territory !== "" || f.currency !== "";
}

export function offerMatches(offer: ListingOffer, f: CatalogFilters): boolean {
  if (!offer.active) return false;
  const t = offer.terms;
  if (f.scope === "RESEARCH" && !t?.research) return false;
  if (f.scope === "COMMERCIAL" && !t?.commercial) return false;
  if (f.fineTuning && !t?.fineTuning) return false;
  if (f.derivatives && !t?.derivatives) return false;
  if (f.territory !== "" && !(t && allowsTerritory(t.territory, f.territory))) return false;
  if (f.currency !== "" && offer.currency.toLowerCase() !== f.currency.toLowerCase()) return false;
  if (f.currency !== "" && f.maxPrice !== null && offer.price > f.maxPrice) return false;
  return true;
}

export interface CatalogRow {
  listing: Listing;
  /** The active offers that satisfy the filters (all active ones when no offer filter is set). */
  offers: ListingOffer[];
}

function matchesQuery(listing: Listing, terms: string[]): boolean {
  return terms.every((term) => listing.search.includes(term));
}

/** The cheapest matching offer, preferring `currency` (or ETH when none is chosen). */
function cheapest(row: CatalogRow, currency: string): ListingOffer | undefined {
  const preferred = (currency || "0x0000000000000000000000000000000000000000").toLowerCase();
  let best: ListingOffer | undefined;
  for (const o of row.offers) {
    if (o.currency.toLowerCase() !== preferred) continue;
    if (!best || o.price < best.price) best = o;
  }
  return best;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortRows(rows: CatalogRow[], sort: SortKey, currency: string): CatalogRow[] {
  const byNewest = (a: CatalogRow, b: CatalogRow) =>
    compareBig(b.listing.registeredBlock, a.listing.registeredBlock) ||
    compareBig(b.listing.assetId, a.listing.assetId);
  const sorted = [...rows];
  switch (sort) {
    case "newest":
      return sorted.sort(byNewest);
    case "oldest":
      return sorted.sort((a, b) => -byNewest(a, b));
    case "name":
      return sorted.sort((a, b) => a.listing.title.localeCompare(b.listing.title) || byNewest(a, b));
    case "popular":
      return sorted.sort((a, b) => b.listing.sold - a.listing.sold || byNewest(a, b));
    case "price-asc":
    case "price-desc": {
      // Prices compare within one currency; listings without an offer in it go last.
      const keyed = sorted.map((row) => ({ row, best: cheapest(row, currency) }));
      const dir = sort === "price-asc" ? 1 : -1;
      keyed.sort((a, b) => {
        if (!a.best || !b.best) return a.best ? -1 : b.best ? 1 : byNewest(a.row, b.row);
        return dir * compareBig(a.best.price, b.best.price) || byNewest(a.row, b.row);
      });
      return keyed.map((k) => k.row);
    }
  }
}

export interface CatalogPage {
  rows: CatalogRow[];
  total: number;
  page: number;
  pageCount: number;
}

/** Filters, sorts and paginates `listings` (page clamped to the available pages). */
export function queryCatalog(listings: readonly Listing[], f: CatalogFilters, pageSize = PAGE_SIZE): CatalogPage {
  const terms = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  const offerFilter = hasOfferFilter(f);
  const rows: CatalogRow[] = [];
  for (const listing of listings) {
    if (f.kind !== "ANY" && listing.kind !== f.kind) continue;
    if (terms.length > 0 && !matchesQuery(listing, terms)) continue;
    const offers = listing.offers.filter((o) => offerMatches(o, f));
    if (offerFilter && offers.length === 0) continue;
    rows.push({ listing, offers });
  }
  const sorted = sortRows(rows, f.sort, f.currency);
  const pageCount = Math.max(1, Math.ceil(sorted.length / pageSize));
  const page = Math.min(Math.max(1, f.page), pageCount);
  return { rows: sorted.slice((page - 1) * pageSize, page * pageSize), total: sorted.length, page, pageCount };
}

// ---------------------------------------------------------------- URL state

const SORTS: SortKey[] = ["newest", "oldest", "price-asc", "price-desc", "name", "popular"];

export function filtersFromParams(params: URLSearchParams): CatalogFilters {
  const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  const currency = params.get("currency") ?? "";
  const max = params.get("max");
  return {
    q: params.get("q") ?? "",
    kind: pick(params.get("kind"), ["ANY", "MODEL", "DATASET"], "ANY"),
    scope: pick(params.get("scope"), ["ANY", "RESEARCH", "COMMERCIAL"], "ANY"),
    fineTuning: params.get("ft") === "1",
    derivatives: params.get("deriv") === "1",
    territory: /^[A-Za-z]{2}$/.test(params.get("country") ?? "") ? (params.get("country") ?? "").toUpperCase() : "",
    currency: /^0x[0-9a-fA-F]{40}$/.test(currency) ? (currency as Address) : "",
    maxPrice: max && /^\d+$/.test(max) ? BigInt(max) : null,
    sort: pick(params.get("sort"), SORTS, "newest"),
    page: Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1),
  };
}

export function filtersToParams(f: CatalogFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.kind !== "ANY") p.set("kind", f.kind);
  if (f.scope !== "ANY") p.set("scope", f.scope);
  if (f.fineTuning) p.set("ft", "1");
  if (f.derivatives) p.set("deriv", "1");
  if (f.territory) p.set("country", f.territory);
  if (f.currency) p.set("currency", f.currency);
  if (f.maxPrice !== null) p.set("max", f.maxPrice.toString());
  if (f.sort !== "newest") p.set("sort", f.sort);
  if (f.page > 1) p.set("page", String(f.page));
  return p;
}
