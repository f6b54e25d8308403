/** A license certificate: parties, asset and version hashes, terms in plain words, expiry; prints on one page. */

import { useQuery } from "@tanstack/react-query";
import { zeroAddress } from "viem";
import { getAsset, getLicense, getOffer, getSplit } from "../../../../scripts/sdk/index.ts";
import { formatDateTime, formatDuration, formatPrice } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { readClient } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { TermsView } from "../asset/TermsView.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";

export default function CertificatePage({ licenseId }: { licenseId: bigint }) {
  const catalog = useCatalog();
  const data = useQuery({
    queryKey: ["certificate", licenseId.toString()],
    enabled: !!readClient,
    queryFn: async () => {
      const client = need(readClient);
      const license = await getLicense(client, { licenseId });
      const [asset, offer] = await Promise.all([
        getAsset(client, { assetId: license.assetId }),
        getOffer(client, { offerId: license.offerId }),
      ]);
      const split = await getSplit(client, { splitId: offer.splitId, currencies: [] }).catch(() => undefined);
      return { license, asset, offer, split };
    },
  });
  if (data.isPending) return <Loading label="Reading the license…" />;
  if (data.isError) return <ErrorBox error={data.error} onRetry={() => void data.refetch()} />;
  const { license, asset, offer, split } = data.data;
  const listing = catalog.data?.byId.get(license.assetId.toString());
  const versions = license.allVersions ? asset.versions : asset.versions.filter((v) => v.version === license.version);
  const preset = offer.terms.preset;

  return (
    <>
      <p className="no-print">
        <a href="#/licenses">← My licenses</a>{" "}
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </p>
      <article className="certificate" aria-labelledby="cert-title">
        <h1 id="cert-title">License certificate</h1>
        <p style={{ textAlign: "center" }}>
          {preset.name} ({preset.spdx}) for {listing?.title ?? `asset #${license.assetId}`}
        </p>
        <dl>
          <dt>License id</dt>
          <dd>
            <code>{license.licenseId.toString()}</code>
          </dd>
          <dt>Status</dt>
          <dd>{license.status}</dd>
          <dt>Licensee (holder)</dt>
          <dd>
            <code>{license.holder}</code>
          </dd>
          <dt>Licensor (asset controller)</dt>
          <dd>
            <code>{asset.controller}</code>
          </dd>
          {split && (
            <>
              <dt>Revenue recipients</dt>
              <dd>
                {split.recipients.map((r, i) => (
                  <div key={r}>
                    <code>{r}</code> — {(split.bps[i] ?? 0) / 100} %
                  </div>
                ))}
              </dd>
            </>
          )}
          {offer.arbiter !== zeroAddress && (
            <>
              <dt>Arbiter</dt>
              <dd>
                <code>{offer.arbiter}</code>
              </dd>
            </>
          )}
          <dt>Asset</dt>
          <dd>
            #{license.assetId.toString()} ({asset.kind.toLowerCase()})
          </dd>
          <dt>Versions covered</dt>
          <dd>
            {license.allVersions ? "All versions, including future ones" : `Version ${license.version}`}
            {versions.map((v) => (
              <div key={v.version}>
                v{v.version}: <code className="hash">{v.contentHash}</code>
              </div>
            ))}
          </dd>
          <dt>Offer</dt>
          <dd>
            #{offer.offerId.toString()}: {formatPrice(offer.price, currencyOf(catalog.data, offer.currency))} per{" "}
            {offer.duration === 0n ? "perpetual license" : formatDuration(offer.duration)}
          </dd>
          <dt>Terms hash</dt>
          <dd>
            <code className="hash">{offer.termsHash}</code>
          </dd>
          {offer.terms.legalTextHash !== `0x${"0".repeat(64)}` && (
            <>
              <dt>Legal text (sha256)</dt>
              <dd>
                <code className="hash">{offer.terms.legalTextHash}</code>
              </dd>
            </>
          )}
          <dt>Governing law</dt>
          <dd>{preset.governingLaw || "—"}</dd>
          <dt>Expires</dt>
          <dd>{license.perpetual ? "Never (perpetual)" : formatDateTime(license.expiresAt)}</dd>
          <dt>Market contract</dt>
          <dd>
            <code>{readClient?.contracts.market.address}</code>
          </dd>
        </dl>
        <h2>Terms in plain words</h2>
        <TermsView words={offer.plainWords} notesOpen />
        <p className="muted small">
          The license is an on-chain token; this page is a rendering of the chain's records at{" "}
          {formatDateTime(Math.floor(Date.now() / 1000))}. The terms hash identifies the exact terms agreed to.
        </p>
      </article>
    </>
  );
}
