/** Creator studio: earnings and withdrawals, sales per offer, new offers with the terms builder, revenue splits. */

import { useQuery } from "@tanstack/react-query";
import { need } from "../../lib/need.ts";
import { useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { EarningsPanel } from "./EarningsPanel.tsx";
import { OfferForm } from "./OfferForm.tsx";
import { SplitPanel } from "./SplitPanel.tsx";
import { loadStudioData } from "./studioData.ts";

export default function StudioPage() {
  const { address, client } = useTessera();
  const catalog = useCatalog();
  const data = useQuery({
    queryKey: ["studio", address, catalog.data?.block.toString()],
    queryFn: () => loadStudioData(need(client), need(catalog.data), need(address)),
    enabled: !!client && !!catalog.data && !!address,
  });
  if (!address) {
    return (
      <Empty>
        <h1>Creator studio</h1>
        <p>Connect the wallet that controls your assets to see sales, withdraw earnings and publish offers.</p>
      </Empty>
    );
  }
  const myAssets = catalog.data?.listings.filter((l) => l.controller.toLowerCase() === address.toLowerCase()) ?? [];
  return (
    <div className="studio">
      <h1>Creator studio</h1>
      <EarningsPanel data={data.data} />
      {data.isPending && <Loading label="Reading your sales…" />}
      {data.isError && <ErrorBox error={data.error} onRetry={() => void data.refetch()} />}
      <section className="panel" aria-labelledby="new-asset-title">
        <h2 id="new-asset-title">List a new asset</h2>
        <p className="muted">
          Listing a model or dataset needs its files in the gateway's store first (the manifest's hash is what the chain
          records), and the gateway has no upload API yet. Until it does, register assets with the command line and they
          appear here automatically.
        </p>
        <button type="button" disabled aria-describedby="new-asset-title">
          Upload files (coming with the gateway upload API)
        </button>
      </section>
      {catalog.data && data.data && (
        <OfferForm assets={myAssets} splits={data.data.splits} currencies={catalog.data.currencies} />
      )}
      <SplitPanel />
    </div>
  );
}
