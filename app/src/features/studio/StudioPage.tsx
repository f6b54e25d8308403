/**
 * Creator studio: earnings and withdrawals, sales per offer, listing a new asset or version (upload
 * through the gateway, then register on chain), new offers with the terms builder, revenue splits.
 */

import { useQuery } from "@tanstack/react-query";
import { useNamedCatalog } from "../../lib/cards.ts";
import { need } from "../../lib/need.ts";
import { useTessera } from "../../lib/tessera.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { EarningsPanel } from "./EarningsPanel.tsx";
import { HeldPaymentsPanel } from "./HeldPaymentsPanel.tsx";
import { OfferForm } from "./OfferForm.tsx";
import { SplitPanel } from "./SplitPanel.tsx";
import { StudioDisputesPanel } from "./StudioDisputesPanel.tsx";
import { loadStudioData } from "./studioData.ts";
import { UploadPanel } from "./UploadPanel.tsx";

export default function StudioPage() {
  const { address, client } = useTessera();
  // Asset names from the cards (one /v1/cards call), not "Asset #N".
  const { catalog, cards, index } = useNamedCatalog();
  const data = useQuery({
    queryKey: ["studio", address, catalog.data?.block.toString(), cards.dataUpdatedAt],
    queryFn: () => loadStudioData(need(client), need(index), need(address)),
    enabled: !!client && !!index && !!address,
    // The key moves with every new block of the catalog: keep the same account's last figures
    // meanwhile, so the offer form below stays mounted (and its "confirmed" message with it).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === address ? previous : undefined),
  });
  if (!address) {
    return (
      <Empty>
        <h1>Creator studio</h1>
        <p>Connect the wallet that controls your assets to see sales, withdraw earnings and publish offers.</p>
      </Empty>
    );
  }
  const myAssets = index?.listings.filter((l) => l.controller.toLowerCase() === address.toLowerCase()) ?? [];
  return (
    <div className="studio">
      <h1>Creator studio</h1>
      <EarningsPanel data={data.data} />
      {data.isPending && <Loading label="Reading your sales…" />}
      <HeldPaymentsPanel assets={myAssets} />
      {data.isError && <ErrorBox error={data.error} onRetry={() => void data.refetch()} />}
      <UploadPanel myAssets={myAssets} />
      {catalog.data && data.data && (
        <OfferForm assets={myAssets} splits={data.data.splits} currencies={catalog.data.currencies} />
      )}
      {/* The claims on these assets, beside the offers they were sold under. */}
      <StudioDisputesPanel assets={myAssets} />
      <SplitPanel />
    </div>
  );
}
