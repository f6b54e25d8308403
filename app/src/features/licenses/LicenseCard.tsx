/**
 * One license: asset, standing, expiry and coverage, usage against its caps, its seats (organisation
 * terms), with renew, transfer, download and certificate.
 */

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { zeroAddress } from "viem";
import { type GetLicenseReturnType, getOffer } from "../../../../scripts/sdk/index.ts";
import { useCardSummaries } from "../../lib/cards.ts";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { type LicenseStanding, STANDING_LABEL } from "../../lib/licenseStatus.ts";
import { need } from "../../lib/need.ts";
import { href } from "../../lib/router.ts";
import { readClient } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { BuyPanel } from "../asset/BuyPanel.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import { DownloadPanel } from "./DownloadPanel.tsx";
import { LicenseDisputePanel } from "./LicenseDispute.tsx";
import { RefundPanel } from "./RefundPanel.tsx";
import { useRefundsPaid } from "./refundsData.ts";
import { SeatsPanel } from "./SeatsPanel.tsx";
import { TransferForm } from "./TransferForm.tsx";
import { UsagePanel } from "./UsagePanel.tsx";

type Panel = "none" | "renew" | "transfer" | "download";

export function LicenseCard({
  license,
  standing,
  now,
}: {
  license: GetLicenseReturnType;
  standing: LicenseStanding;
  now: number;
}) {
  const catalog = useCatalog();
  const [panel, setPanel] = useState<Panel>("none");
  const listing = catalog.data?.byId.get(license.assetId.toString());
  const indexOffer = listing?.offers.find((o) => o.offerId === license.offerId);
  const offer = useQuery({
    queryKey: ["offer", license.offerId.toString()],
    queryFn: () => getOffer(need(readClient), { offerId: license.offerId }),
    enabled: !!readClient && panel === "renew",
  });
  const paid = useRefundsPaid(license.holder).data?.get(license.licenseId.toString());
  // A refund ends access in its block, whatever the (cached) chain clock says.
  const live = !paid && (standing === "active" || standing === "expiring");
  const renewable = !paid && standing !== "revoked" && !license.perpetual && (indexOffer?.duration ?? 0n) > 0n;
  const transferable = live && (indexOffer?.terms?.transferable ?? false);
  const card = useCardSummaries([license.assetId]);
  const title = card.data?.get(license.assetId.toString())?.title ?? listing?.title ?? `Asset #${license.assetId}`;
  const toggle = (p: Panel) => setPanel((cur) => (cur === p ? "none" : p));
  const titleId = `license-${license.licenseId}`;

  return (
    <article className="license-card" aria-labelledby={titleId}>
      <header>
        <div>
          <h2 id={titleId}>
            <a href={href(`/asset/${license.assetId}`)}>{title}</a>
          </h2>
          <p className="muted small">
            License {license.licenseId.toString()} · offer #{license.offerId.toString()} ·{" "}
            {indexOffer?.terms ? indexOffer.terms.name : `terms #${license.termsId}`}
          </p>
        </div>
        <span className={`standing standing-${standing}${paid ? " standing-refunded" : ""}`}>
          {paid ? "Refunded" : STANDING_LABEL[standing]}
        </span>
      </header>
      <p>
        {paid
          ? `Ended ${formatDateTime(license.expiresAt)}: handed back for a refund.`
          : license.perpetual
            ? "Perpetual license."
            : `${standing === "expired" ? "Expired" : "Expires"} ${formatDateTime(license.expiresAt)} (${formatRelative(license.expiresAt, now)}).`}{" "}
        Covers {license.allVersions ? "every version, including future ones" : `version ${license.version}`}.
      </p>
      <RefundPanel
        license={license}
        policy={indexOffer?.refund}
        paid={paid}
        currency={indexOffer?.currency ?? zeroAddress}
      />
      <LicenseDisputePanel license={license} />
      <UsagePanel license={license} />
      <SeatsPanel license={license} standing={standing} now={now} />
      <div className="actions">
        {live && (
          <button type="button" aria-expanded={panel === "download"} onClick={() => toggle("download")}>
            Download
          </button>
        )}
        {renewable && (
          <button type="button" className="secondary" aria-expanded={panel === "renew"} onClick={() => toggle("renew")}>
            Renew
          </button>
        )}
        {transferable && (
          <button
            type="button"
            className="secondary"
            aria-expanded={panel === "transfer"}
            onClick={() => toggle("transfer")}
          >
            Transfer
          </button>
        )}
        <a className="button-link" href={href(`/license/${license.licenseId}`)}>
          Certificate
        </a>
      </div>
      {!live && !paid && standing !== "revoked" && (
        <p className="muted small">Downloads need a live license: renew it first.</p>
      )}
      {panel === "download" && <DownloadPanel license={license} />}
      {panel === "transfer" && <TransferForm license={license} />}
      {panel === "renew" &&
        (offer.isPending ? (
          <Loading label="Reading the offer…" />
        ) : offer.isError ? (
          <ErrorBox error={offer.error} />
        ) : (
          <BuyPanel offer={offer.data} currency={currencyOf(catalog.data, offer.data.currency)} license={license} />
        ))}
    </article>
  );
}
