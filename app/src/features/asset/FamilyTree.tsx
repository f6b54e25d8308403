/**
 * An asset's family from the LineageRegistry: the parents it was fine-tuned from, trained on or
 * distilled from (with the parent version and content hash used), and its registered derivatives.
 * Names come from the gateway's cards.
 */
import { useQuery } from "@tanstack/react-query";
import { getLineage, type RelationName } from "../../../../scripts/sdk/index.ts";
import { useCardSummaries } from "../../lib/cards.ts";
import { need } from "../../lib/need.ts";
import { href } from "../../lib/router.ts";
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
