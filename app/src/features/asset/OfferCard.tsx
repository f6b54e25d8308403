/** One offer: price and period, license name, key facts, the terms in plain words, and the buy panel. */
import type { GetLicenseReturnType, GetOfferReturnType } from "../../../../scripts/sdk/index.ts";
import { formatDuration, formatPrice } from "../../lib/format.ts";
import { refundPolicyWords } from "../../lib/refunds.ts";
import { offerRoyaltyLine, type RoyaltyShareLike } from "../../lib/royalties.ts";
import { SCOPE_WORDS, territoryWords } from "../../lib/terms.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { currencyOf } from "../catalog/catalogIndex.ts";
import { BuyPanel } from "./BuyPanel.tsx";
import { TermsView } from "./TermsView.tsx";

export function OfferCard({
  offer,
  license,
  upstreamRoyalties = [],
}: {
  offer: GetOfferReturnType;
  license: GetLicenseReturnType | undefined;
  /** The asset's upstream royalties (a registered derivative's), included in the price. */
  upstreamRoyalties?: readonly RoyaltyShareLike[] | undefined;
}) {
  const royaltyLine = offerRoyaltyLine(upstreamRoyalties);
  const catalog = useCatalog();
  const currency = currencyOf(catalog.data, offer.currency);
  const preset = offer.terms.preset;
  const titleId = `offer-${offer.offerId}`;
  return (
    <article className="offer-card" aria-labelledby={titleId}>
      <header>
        <h3 id={titleId}>
          {preset.name} <span className="muted small">({preset.spdx})</span>
        </h3>
        <p className="price big">
          {formatPrice(offer.price, currency)}
          <span className="muted small"> / {offer.duration === 0n ? "perpetual" : formatDuration(offer.duration)}</span>
        </p>
        {royaltyLine && <p className="offer-royalties small">{royaltyLine}</p>}
      </header>
      <dl className="facts">
        <dt>Use</dt>
        <dd>{SCOPE_WORDS[preset.scope]}</dd>
        <dt>Versions</dt>
        <dd>{offer.allVersions ? "All versions, including future ones" : "The latest version at purchase"}</dd>
        <dt>Territory</dt>
        <dd>{territoryWords(preset.territory)}</dd>
        <dt>Transfer</dt>
        <dd>{offer.transferable ? "Transferable" : "Bound to the buyer"}</dd>
        <dt>Supply</dt>
        <dd>{offer.maxSupply === 0 ? `${offer.sold} sold, unlimited` : `${offer.sold} of ${offer.maxSupply} sold`}</dd>
        <dt>Refunds</dt>
        <dd className="offer-refunds">{refundPolicyWords(offer.refundPolicy)}</dd>
        <dt>Offer</dt>
        <dd>#{offer.offerId.toString()}</dd>
      </dl>
      <TermsView words={offer.plainWords} />
      <BuyPanel offer={offer} currency={currency} license={license} />
    </article>
  );
}
