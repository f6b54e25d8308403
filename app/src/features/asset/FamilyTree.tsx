/**
 * An asset's family from the LineageRegistry: the parents it was fine-tuned from, trained on or
 * distilled from (with the parent version and content hash used), and its registered derivatives.
 * Names come from the gateway's cards. A derivative's upstream royalties (what each sale pays its
 * ancestors) are named by ancestor, through the splits of the offers its parent licenses came from.
 */
import { useQuery } from "@tanstack/react-query";
import { getLineage, type RelationName } from "../../../../scripts/sdk/index.ts";
import { useCardSummaries } from "../../lib/cards.ts";
import { need } from "../../lib/need.ts";
import { href } from "../../lib/router.ts";
import { paysUpstreamSentence, type RoyaltyShareLike, type SplitOwners, totalSentence } from "../../lib/royalties.ts";
import { useRoyaltyOwners } from "../../lib/royaltyOwners.ts";
import { readClient } from "../../lib/tessera.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";

const RELATION_WORDS: Record<RelationName, string> = {
  FINE_TUNED_FROM: "fine-tuned from",
  TRAINED_ON: "trained on",
  DISTILLED_FROM: "distilled from",
};

export function FamilyTree({ assetId }: { assetId: bigint }) {
  const lineage = useQuery({
    queryKey: ["lineage", assetId.toString()],
    queryFn: () => getLineage(need(readClient), { assetId }),
    // Deployments from before the LineageRegistry have no family to show.
    enabled: readClient?.contracts.lineage !== undefined,
  });
  const relatives = [...(lineage.data?.parents.map((p) => p.assetId) ?? []), ...(lineage.data?.children ?? [])];
  const cards = useCardSummaries(relatives);
  const name = (id: bigint) => cards.data?.get(id.toString())?.title ?? `Asset #${id}`;
  const royalties = lineage.data?.royalties ?? [];
  const owners = useRoyaltyOwners(lineage.data?.parents ?? [], royalties.length > 0);

  if (readClient?.contracts.lineage === undefined) return null;
  if (lineage.isPending) return <Loading label="Reading the family tree" />;
  if (lineage.isError) return <ErrorBox error={lineage.error} onRetry={() => lineage.refetch()} />;
  const { parents, children } = lineage.data;
  if (parents.length === 0 && children.length === 0) {
    return <p className="muted">An original work: no registered parents or derivatives.</p>;
  }
  return (
    <div className="family">
      {parents.length > 0 && (
        <>
          <h3>Parents</h3>
          <ul>
            {parents.map((p) => (
              <li key={p.assetId.toString()}>
                {RELATION_WORDS[p.relation]} <a href={href(`/asset/${p.assetId}`)}>{name(p.assetId)}</a> v{p.version}{" "}
                <span className="muted small">
                  (content hash <code className="hash">{p.contentHash}</code>, license {p.licenseId.toString()})
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            Lineage commitment <code className="hash">{lineage.data.commitment}</code>
          </p>
        </>
      )}
      {royalties.length > 0 && <UpstreamRoyalties royalties={royalties} owners={owners.owners} />}
      {children.length > 0 && (
        <>
          <h3>Derivatives</h3>
          <ul>
            {children.map((id) => (
              <li key={id.toString()}>
                <a href={href(`/asset/${id}`)}>{name(id)}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** What every sale and renewal of the asset pays its ancestors, by ancestor (or split), and in all. */
export function UpstreamRoyalties({
  royalties,
  owners,
}: {
  royalties: readonly RoyaltyShareLike[];
  owners: SplitOwners;
}) {
  return (
    <section className="upstream-royalties" aria-labelledby="upstream-royalties-title">
      <h3 id="upstream-royalties-title">Upstream royalties</h3>
      <p>{paysUpstreamSentence(royalties, owners)}</p>
      <p className="muted small">{totalSentence(royalties)}</p>
    </section>
  );
}
