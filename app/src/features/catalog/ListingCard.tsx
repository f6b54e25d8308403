/** One catalog listing: kind, title, versions, the cheapest offer and what its terms allow. */
import { zeroAddress } from "viem";
import { type CurrencyInfo, formatDuration, formatPrice } from "../../lib/format.ts";
import { href } from "../../lib/router.ts";
import { SCOPE_WORDS } from "../../lib/terms.ts";
import type { CatalogRow } from "./catalogQuery.ts";

export function ListingCard({ row, currencies }: { row: CatalogRow; currencies: Map<string, CurrencyInfo> }) {
  const { listing, offers } = row;
  const eth = currencies.get(zeroAddress);
  const cheapest = [...offers].sort((a, b) =>
    a.currency === b.currency ? (a.price < b.price ? -1 : 1) : a.currency === zeroAddress ? -1 : 1,
  )[0];
  const titleId = `listing-${listing.assetId}`;
  const tags = new Set<string>();
  for (const o of offers) {
    if (o.terms) tags.add(SCOPE_WORDS[o.terms.scope]);
    if (o.terms?.fineTuning) tags.add("Fine-tuning");
    if (o.terms?.derivatives) tags.add("Derivatives");
  }
  return (
    <article className="listing-card" aria-labelledby={titleId}>
      <p className={`kind kind-${listing.kind.toLowerCase()}`}>{listing.kind === "MODEL" ? "Model" : "Dataset"}</p>
      <h3 id={titleId}>
        <a href={href(`/asset/${listing.assetId}`)}>{listing.title}</a>
      </h3>
      <p className="muted small">
        #{listing.assetId.toString()} · v{listing.versionCount} · {listing.sold} licensed
      </p>
      {listing.summary && <p className="summary-text small">{listing.summary}</p>}
      {cheapest ? (
        <p className="price">
          <span className="muted small">from</span>{" "}
          {formatPrice(
            cheapest.price,
            currencies.get(cheapest.currency.toLowerCase()) ?? eth ?? { symbol: "?", decimals: 18 },
          )}
          <span className="muted small"> · {formatDuration(cheapest.duration)}</span>
        </p>
      ) : (
        <p className="muted">No offer on sale</p>
      )}
      <p className="muted small">
        {offers.length} offer{offers.length === 1 ? "" : "s"}
        {offers[0]?.terms ? ` · ${[...new Set(offers.map((o) => o.terms?.spdx).filter(Boolean))].join(", ")}` : ""}
      </p>
      {tags.size > 0 && (
        <ul className="tags" aria-label="Allowed uses">
          {[...tags].map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
