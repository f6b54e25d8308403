/** An asset: model card, versions with content hashes, and its offers side by side with buy / renew. */

import { useQuery } from "@tanstack/react-query";
import { getAbiItem } from "viem";
import { getAsset, getLineage, getOffer, licensesOf, type TesseraClient } from "../../../../scripts/sdk/index.ts";
import { formatDateTime } from "../../lib/format.ts";
import { fetchPublicText } from "../../lib/gateway.ts";
import { cardTitle } from "../../lib/markdown.ts";
import { need } from "../../lib/need.ts";
import { readClient, useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { AddressText } from "../../ui/AddressText.tsx";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { FamilyTree } from "./FamilyTree.tsx";
import { ModelCard } from "./ModelCard.tsx";
import { OfferCard } from "./OfferCard.tsx";

/** Ids of every offer ever created on `assetId` (OfferCreated is indexed by asset). */
async function offerIdsOf(client: TesseraClient, assetId: bigint): Promise<bigint[]> {
  const { market } = client.contracts;
  const logs = await client.public.getLogs({
    address: market.address,
    event: getAbiItem({ abi: market.abi, name: "OfferCreated" }),
    args: { assetId },
    fromBlock: client.startBlock,
    toBlock: "latest",
    strict: true,
  });
  return logs.map((l) => l.args.offerId);
}

export default function AssetPage({ assetId }: { assetId: bigint }) {
  const { address } = useTessera();
  const catalog = useCatalog();
  const listing = catalog.data?.byId.get(assetId.toString());
  const asset = useQuery({
    queryKey: ["asset", assetId.toString()],
    queryFn: () => getAsset(need(readClient), { assetId }),
    enabled: !!readClient,
  });
  // Offers straight from the chain (one filtered getLogs), so a page opened by link does not wait
  // for the whole catalog index; the index's ids are used when it is already loaded.
  const knownIds = listing?.offers.filter((o) => o.active).map((o) => o.offerId);
  const offers = useQuery({
    queryKey: ["offers", assetId.toString(), knownIds?.join(",") ?? "logs"],
    queryFn: async () => {
      const client = need(readClient);
      const ids = knownIds ?? (await offerIdsOf(client, assetId));
      const all = await Promise.all(ids.map((offerId) => getOffer(client, { offerId })));
      return all.filter((o) => o.status === "ACTIVE");
    },
    enabled: !!readClient,
  });
  const card = useQuery({
    queryKey: ["card", assetId.toString(), asset.data?.versions.length ?? 0],
    queryFn: () => fetchPublicText(assetId, "latest"),
    enabled: !!asset.data && asset.data.versions.length > 0,
    retry: false,
  });
  const licenses = useQuery({
    queryKey: ["licenses", address],
    queryFn: () => licensesOf(need(readClient), { account: need(address) }),
    enabled: !!readClient && !!address,
  });
  const myLicense = licenses.data?.find((l) => l.assetId === assetId);
  // The same query as the family tree's: a derivative's offers include its upstream royalties.
  const lineage = useQuery({
    queryKey: ["lineage", assetId.toString()],
    queryFn: () => getLineage(need(readClient), { assetId }),
    enabled: readClient?.contracts.lineage !== undefined,
  });

  if (asset.isPending) return <Loading label="Reading the asset…" />;
  if (asset.isError) return <ErrorBox error={asset.error} onRetry={() => void asset.refetch()} />;
  const a = asset.data;
  const title = (card.data && cardTitle(card.data)) || listing?.title || `Asset #${assetId}`;

  return (
    <article className="asset-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Catalog</a> / <span aria-current="page">{title}</span>
      </nav>
      <header className="asset-head">
        <p className={`kind kind-${a.kind.toLowerCase()}`}>{a.kind === "MODEL" ? "Model" : "Dataset"}</p>
        <h1>{title}</h1>
        <p className="muted">
          Asset #{assetId.toString()} · controlled by <AddressText address={a.controller} /> ·{" "}
          {listing ? `${listing.sold} licensed` : ""}
        </p>
      </header>

      <section aria-labelledby="offers-title" className="offers-section">
        <h2 id="offers-title">Offers</h2>
        {myLicense && (
          <p className="notice" role="note">
            You hold license {myLicense.licenseId.toString()} on this asset ({myLicense.status.toLowerCase()}). The
            protocol allows one license per account and asset: renew it rather than buying again.{" "}
            <a href="#/licenses">See my licenses</a>
          </p>
        )}
        {offers.isPending && <Loading label="Reading offers and their terms…" />}
        {offers.isError && <ErrorBox error={offers.error} onRetry={() => void offers.refetch()} />}
        {offers.data && offers.data.length === 0 && (
          <Empty>
            <p>No offer is on sale for this asset right now.</p>
          </Empty>
        )}
        {offers.data && offers.data.length > 0 && (
          <ul className="offer-grid">
            {offers.data.map((o) => (
              <li key={o.offerId.toString()}>
                <OfferCard offer={o} license={myLicense} upstreamRoyalties={lineage.data?.royalties} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="asset-columns">
        <section aria-labelledby="card-title" className="card-section">
          <h2 id="card-title">{a.kind === "MODEL" ? "Model card" : "Datasheet"}</h2>
          {card.isPending && <Loading label="Fetching the card…" />}
          {card.isError && <ErrorBox error={card.error} />}
          {card.isSuccess &&
            (card.data ? (
              <ModelCard markdown={card.data} />
            ) : (
              <Empty>
                <p>No model card published for this version.</p>
              </Empty>
            ))}
        </section>
        <section aria-labelledby="versions-title" className="versions-section">
          <h2 id="versions-title">Versions</h2>
          {a.versions.length === 0 ? (
            <Empty>
              <p>No version published yet.</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Published</th>
                    <th scope="col">Content hash (sha256 of the manifest)</th>
                  </tr>
                </thead>
                <tbody>
                  {[...a.versions].reverse().map((v) => (
                    <tr key={v.version}>
                      <th scope="row">v{v.version}</th>
                      <td>{formatDateTime(v.publishedAt)}</td>
                      <td>
                        <code className="hash">{v.contentHash}</code>
                        <div className="muted small">{v.metadataURI}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section aria-labelledby="family-title" className="family-section">
          <h2 id="family-title">Family</h2>
          <FamilyTree assetId={assetId} />
        </section>
      </div>
    </article>
  );
}
