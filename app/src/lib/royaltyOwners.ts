/**
 * Which ancestor each upstream-royalty split belongs to: a parent link names the license the child
 * was made under, whose offer names the split its royalty is paid to. Walks the lineage level by
 * level (the nearest ancestor wins a split shared by several), at most the registry's 8 levels.
 */
import { useQuery } from "@tanstack/react-query";
import { getLineage, type TesseraClient } from "../../../scripts/sdk/index.ts";
import { useCardSummaries } from "./cards.ts";
import { need } from "./need.ts";
import type { SplitOwners } from "./royalties.ts";
import { readClient } from "./tessera.ts";
import { useCatalog } from "./useCatalog.ts";

/** A parent as a lineage (or a pick) names it. */
export interface ParentLicense {
  assetId: bigint;
  licenseId: bigint;
}

const MAX_LEVELS = 8;

/** Split id (decimal) → the ancestor asset whose offer pays into it. */
export async function royaltySplitOwners(
  client: TesseraClient,
  parents: readonly ParentLicense[],
): Promise<Map<string, bigint>> {
  const { market } = client.contracts;
  const owners = new Map<string, bigint>();
  const seen = new Set<string>();
  let level = [...parents];
  for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
    const fresh = level.filter((p) => !seen.has(p.assetId.toString()));
    for (const p of fresh) seen.add(p.assetId.toString());
    const splits = await Promise.all(
      fresh.map(async (p) => {
        const license = await client.public.readContract({
          ...market,
          functionName: "licenseInfo",
          args: [p.licenseId],
        });
        const offer = await client.public.readContract({ ...market, functionName: "offers", args: [license.offerId] });
        return offer.splitId;
      }),
    );
    fresh.forEach((p, i) => {
      const key = splits[i]?.toString();
      if (key !== undefined && !owners.has(key)) owners.set(key, p.assetId);
    });
    if (client.contracts.lineage === undefined) break;
    const lineages = await Promise.all(fresh.map((p) => getLineage(client, { assetId: p.assetId })));
    level = lineages.flatMap((l) => l.parents.map((p) => ({ assetId: p.assetId, licenseId: p.licenseId })));
  }
  return owners;
}

/** {@link royaltySplitOwners} named by the ancestors' cards (else the catalog's titles). */
export function useRoyaltyOwners(parents: readonly ParentLicense[], enabled = true) {
  const catalog = useCatalog();
  const key = parents.map((p) => `${p.assetId}:${p.licenseId}`).join(",");
  const owners = useQuery({
    queryKey: ["royalty-owners", key],
    queryFn: () => royaltySplitOwners(need(readClient), parents),
    enabled: enabled && !!readClient && parents.length > 0,
    staleTime: 60_000,
  });
  const ids = [...new Set([...(owners.data?.values() ?? [])].map((id) => id.toString()))].map(BigInt);
  const cards = useCardSummaries(ids);
  const named = new Map<string, string>();
  for (const [split, id] of owners.data ?? []) {
    named.set(
      split,
      cards.data?.get(id.toString())?.title ?? catalog.data?.byId.get(id.toString())?.title ?? `Asset #${id}`,
    );
  }
  return { owners: named as SplitOwners, query: owners };
}
