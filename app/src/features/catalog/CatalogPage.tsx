/** The catalog: search, filters and sorting over every listing (state in the URL), paginated. */
import { useDeferredValue, useMemo } from "react";
import { formatUnits } from "viem";
import { useNamedCatalog } from "../../lib/cards.ts";
import { navigate } from "../../lib/router.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { type CatalogFilters, filtersFromParams, filtersToParams, queryCatalog } from "./catalogQuery.ts";
import { Filters } from "./Filters.tsx";
import { ListingCard } from "./ListingCard.tsx";
import { Pagination } from "./Pagination.tsx";

export function CatalogPage({ params }: { params: URLSearchParams }) {
  // Listings as soon as the chain is read; names and summaries from the cards once /v1/cards answers.
  const { catalog, index } = useNamedCatalog();
  const listings = index?.listings;
  const filters = filtersFromParams(params);
  const deferred = useDeferredValue(filters);
  const key = filtersToParams(deferred).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the filters
  const result = useMemo(() => (listings ? queryCatalog(listings, deferred) : undefined), [listings, key]);

  const update = (patch: Partial<CatalogFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    navigate("/", filtersToParams(next), { replace: true });
  };

  return (
    <div className="catalog">
      <h1 className="sr-only">Catalog</h1>
      <Filters filters={filters} currencies={catalog.data?.currencies} onChange={update} />
      <section className="results" aria-labelledby="results-title">
        <div className="results-head">
          <h2 id="results-title" aria-live="polite">
            {result ? `${result.total} listing${result.total === 1 ? "" : "s"}` : "Listings"}
          </h2>
          <label className="sort">
            Sort by{" "}
            <select value={filters.sort} onChange={(e) => update({ sort: e.target.value as CatalogFilters["sort"] })}>
              <option value="newest">Newest</option>
              <option value="oldest">Oldest</option>
              <option value="price-asc">Price: low to high</option>
              <option value="price-desc">Price: high to low</option>
              <option value="popular">Most licensed</option>
              <option value="name">Name</option>
            </select>
          </label>
        </div>
        {catalog.isPending && <Loading label="Reading the catalog from the chain…" />}
        {catalog.isError && <ErrorBox error={catalog.error} onRetry={() => void catalog.refetch()} />}
        {result && result.total === 0 && (
          <Empty>
            <p>No listing matches these filters.</p>
            <button type="button" onClick={() => navigate("/", undefined, { replace: true })}>
              Clear all filters
            </button>
          </Empty>
        )}
        {result && result.total > 0 && catalog.data && (
          <>
            <ul className="listing-grid">
              {result.rows.map((row) => (
                <li key={row.listing.assetId.toString()}>
                  <ListingCard row={row} currencies={catalog.data.currencies} />
                </li>
              ))}
            </ul>
            <Pagination page={result.page} pageCount={result.pageCount} onPage={(page) => update({ page })} />
          </>
        )}
        {filters.maxPrice !== null && filters.currency && catalog.data && (
          <p className="muted small">
            Showing offers up to{" "}
            {formatUnits(filters.maxPrice, catalog.data.currencies.get(filters.currency.toLowerCase())?.decimals ?? 18)}{" "}
            {catalog.data.currencies.get(filters.currency.toLowerCase())?.symbol}.
          </p>
        )}
      </section>
    </div>
  );
}
