/**
 * My licenses: grouped by standing (active, expiring soon, expired, revoked), each with its actions;
 * then the seats other holders assigned to the account.
 */

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { licensesOf } from "../../../../scripts/sdk/index.ts";
import { type LicenseStanding, licenseStanding, STANDING_LABEL } from "../../lib/licenseStatus.ts";
import { need } from "../../lib/need.ts";
import { readClient, useChainNow, useTessera } from "../../lib/tessera.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { AssignedSeats } from "./AssignedSeats.tsx";
import { LicenseCard } from "./LicenseCard.tsx";
import { RefundsToCollect } from "./RefundsToCollect.tsx";

const TABS: (LicenseStanding | "all")[] = ["all", "active", "expiring", "expired", "revoked"];

export default function LicensesPage() {
  const { address } = useTessera();
  const now = useChainNow();
  const [tab, setTab] = useState<LicenseStanding | "all">("all");
  const licenses = useQuery({
    queryKey: ["licenses", address],
    queryFn: () => licensesOf(need(readClient), { account: need(address) }),
    enabled: !!readClient && !!address,
  });

  if (!address) {
    return (
      <Empty>
        <h1>My licenses</h1>
        <p>Connect a wallet to see the licenses it holds.</p>
      </Empty>
    );
  }
  const withStanding = (licenses.data ?? []).map((l) => ({ license: l, standing: licenseStanding(l, now) }));
  const count = (t: LicenseStanding | "all") =>
    t === "all" ? withStanding.length : withStanding.filter((x) => x.standing === t).length;
  const shown = withStanding.filter((x) => tab === "all" || x.standing === tab);

  return (
    <section aria-labelledby="licenses-title">
      <h1 id="licenses-title">My licenses</h1>
      <div className="tabs" role="tablist" aria-label="Filter by standing">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? "current" : "secondary"}
            onClick={() => setTab(t)}
          >
            {t === "all" ? "All" : STANDING_LABEL[t]} ({count(t)})
          </button>
        ))}
      </div>
      <RefundsToCollect />
      {licenses.isPending && <Loading label="Reading your licenses from the chain…" />}
      {licenses.isError && <ErrorBox error={licenses.error} onRetry={() => void licenses.refetch()} />}
      {licenses.data && shown.length === 0 && (
        <Empty>
          <p>{licenses.data.length === 0 ? "This account holds no license yet." : "No license in this group."}</p>
          {licenses.data.length === 0 && <a href="#/">Browse the catalog</a>}
        </Empty>
      )}
      <ul className="license-list" role="tabpanel">
        {shown.map(({ license, standing }) => (
          <li key={license.licenseId.toString()}>
            <LicenseCard license={license} standing={standing} now={now} />
          </li>
        ))}
      </ul>
      <AssignedSeats key={address} now={now} />
    </section>
  );
}
