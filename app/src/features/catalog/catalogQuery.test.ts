import { type Address, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { findPreset } from "../../../../scripts/sdk/terms/codec.ts";
import { termsFacts } from "../../lib/terms.ts";
import { titleFromUri } from "./catalogIndex.ts";
import {
  type CatalogFilters,
  DEFAULT_FILTERS,
  filtersFromParams,
  filtersToParams,
  queryCatalog,
} from "./catalogQuery.ts";
import type { Listing, ListingOffer } from "./catalogTypes.ts";

const USDC = "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707" as Address;
const research = termsFacts(1n, findPreset("cc-by-nc-4.0"));
const apache = termsFacts(2n, findPreset("apache-2.0"));
const enterprise = termsFacts(3n, findPreset("enterprise-api"));

let nextOffer = 1n;
function offer(assetId: bigint, terms: typeof research, price: bigint, currency: Address = zeroAddress): ListingOffer {
  return {
    offerId: nextOffer++,
    assetId,
    termsId: terms.termsId,
    price,
    currency,
    duration: 0n,
    splitId: 1n,
    sold: 0,
    active: true,
    terms,
  };
}

function listing(id: number, kind: Listing["kind"], title: string, offers: ListingOffer[], sold = 0): Listing {
  return {
    assetId: BigInt(id),
    kind,
    controller: zeroAddress,
    title,
    metadataURI: "",
    versionCount: 1,
    latestContentHash: "0x00",
    registeredBlock: BigInt(id * 10),
    offers,
    sold,
    search: `${title} ${offers.map((o) => o.terms?.name).join(" ")}`.toLowerCase(),
  };
}

const f = (patch: Partial<CatalogFilters>): CatalogFilters => ({ ...DEFAULT_FILTERS, ...patch });

const listings = [
  listing(1, "MODEL", "Aurora-7B", [offer(1n, research, 10n ** 16n), offer(1n, apache, 5n * 10n ** 17n)], 2),
  listing(2, "MODEL", "Llama-Tessera-8B", [offer(2n, enterprise, 12_000_000_000n, USDC)], 5),
  listing(3, "DATASET", "CropSat-2025", [offer(3n, apache, 2n * 10n ** 16n)], 1),
  listing(4, "DATASET", "Unsold", []),
];

describe("queryCatalog", () => {
  it("lists everything newest first by default, including listings without offers", () => {
    expect(queryCatalog(listings, DEFAULT_FILTERS).rows.map((r) => r.listing.title)).toEqual([
      "Unsold",
      "CropSat-2025",
      "Llama-Tessera-8B",
      "Aurora-7B",
    ]);
  });
  it("filters by kind and by every word of the query", () => {
    expect(queryCatalog(listings, f({ kind: "DATASET" })).total).toBe(2);
    expect(queryCatalog(listings, f({ q: "aurora commons" })).rows.map((r) => r.listing.assetId)).toEqual([1n]);
    expect(queryCatalog(listings, f({ q: "aurora enterprise" })).total).toBe(0);
  });
  it("keeps a listing when one offer meets every offer filter at once", () => {
    const r = queryCatalog(listings, f({ scope: "RESEARCH" }));
    expect(r.rows.map((x) => x.listing.assetId)).toEqual([1n]);
    expect(r.rows[0]?.offers.map((o) => o.termsId)).toEqual([1n]);
    // Aurora's research offer allows fine-tuning, but only its Apache offer is commercial.
    const both = queryCatalog(listings, f({ scope: "COMMERCIAL", fineTuning: true }));
    expect(both.rows.map((x) => x.listing.assetId).sort()).toEqual([1n, 3n]);
  });
  it("filters by derivatives and by currency with a price ceiling", () => {
    expect(queryCatalog(listings, f({ derivatives: true })).rows.every((r) => r.offers.length > 0)).toBe(true);
    expect(queryCatalog(listings, f({ currency: USDC })).rows.map((r) => r.listing.assetId)).toEqual([2n]);
    expect(queryCatalog(listings, f({ currency: USDC, maxPrice: 11_000_000_000n })).total).toBe(0);
    expect(queryCatalog(listings, f({ currency: zeroAddress, maxPrice: 2n * 10n ** 16n })).total).toBe(2);
  });
  it("filters by country of use through the terms' territory clause", () => {
    const euOnly = { ...apache, territory: { mode: "ALLOW" as const, codes: ["EU"] } };
    const usDenied = { ...apache, territory: { mode: "DENY" as const, codes: ["US"] } };
    const set = [
      listing(10, "MODEL", "EU", [offer(10n, euOnly, 1n)]),
      listing(11, "MODEL", "NotUS", [offer(11n, usDenied, 1n)]),
    ];
    expect(queryCatalog(set, f({ territory: "DE" })).total).toBe(2);
    expect(queryCatalog(set, f({ territory: "US" })).rows.map((r) => r.listing.title)).toEqual([]);
    expect(queryCatalog(set, f({ territory: "CH" })).rows.map((r) => r.listing.title)).toEqual(["NotUS"]);
  });
  it("sorts by price within the chosen currency, others last", () => {
    const asc = queryCatalog(listings, f({ sort: "price-asc" })).rows.map((r) => r.listing.assetId);
    expect(asc).toEqual([1n, 3n, 4n, 2n].slice(0, 2).concat([4n, 2n]));
    const desc = queryCatalog(listings, f({ sort: "price-desc" })).rows.map((r) => r.listing.assetId);
    expect(desc.slice(0, 2)).toEqual([3n, 1n]);
    expect(queryCatalog(listings, f({ sort: "popular" })).rows[0]?.listing.assetId).toBe(2n);
    expect(queryCatalog(listings, f({ sort: "name" })).rows[0]?.listing.title).toBe("Aurora-7B");
  });
  it("ignores inactive offers", () => {
    const closed = { ...offer(5n, research, 1n), active: false };
    const r = queryCatalog([listing(5, "MODEL", "Closed", [closed])], f({ scope: "RESEARCH" }));
    expect(r.total).toBe(0);
  });
  it("paginates and clamps the page", () => {
    const many = Array.from({ length: 50 }, (_, i) => listing(i + 1, "MODEL", `M${i}`, []));
    const p2 = queryCatalog(many, f({ page: 2 }), 24);
    expect(p2.rows).toHaveLength(24);
    expect(p2.pageCount).toBe(3);
    expect(p2.rows[0]?.listing.assetId).toBe(26n);
    const p9 = queryCatalog(many, f({ page: 9 }), 24);
    expect(p9.page).toBe(3);
    expect(p9.rows).toHaveLength(2);
  });
  it("stays fast at 5,000 listings", () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      listing(i + 1, i % 3 ? "MODEL" : "DATASET", `Asset ${i}`, [
        offer(BigInt(i + 1), i % 2 ? apache : research, BigInt(i) * 10n ** 15n),
        offer(BigInt(i + 1), enterprise, BigInt(i) * 1_000_000n, USDC),
      ]),
    );
    const t0 = performance.now();
    const r = queryCatalog(many, f({ q: "asset 4", scope: "COMMERCIAL", fineTuning: true, sort: "price-asc" }));
    const elapsed = performance.now() - t0;
    expect(r.total).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(500);
  });
});

describe("filters in the URL", () => {
  it("round-trips", () => {
    const filters = f({
      q: "llama",
      kind: "MODEL",
      scope: "COMMERCIAL",
      fineTuning: true,
      territory: "DE",
      currency: USDC,
      maxPrice: 5n,
      sort: "price-desc",
      page: 3,
    });
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(filtersToParams(DEFAULT_FILTERS).toString()).toBe("");
  });
  it("ignores junk", () => {
    const parsed = filtersFromParams(new URLSearchParams("kind=CAT&sort=evil&country=Germany&currency=0x1&page=-4"));
    expect(parsed).toEqual(DEFAULT_FILTERS);
  });
});

describe("titleFromUri", () => {
  it("finds a readable name", () => {
    expect(titleFromUri("ipfs://demo/aurora-7b/v1/README.md", 1n)).toBe("Aurora-7B");
    expect(titleFromUri("ipfs://demo/openmed-qa/DATASHEET.md", 4n)).toBe("Openmed-Qa");
    expect(titleFromUri("ipfs://bafy.../", 9n)).toBe("Asset #9");
    expect(titleFromUri("public/README.md", 3n)).toBe("Asset #3");
  });
});
