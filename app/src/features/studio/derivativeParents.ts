/**
 * The parents whose terms bind an asset's offer terms: its registered lineage (LineageRegistry, via
 * getLineage) when it has one, otherwise the licenses the creator picks among the ones they hold.
 * Each parent's registered terms are read (decoded, with their terms hash), and for picked parents
 * the registry's own checkDerivative gives the authoritative verdict on the draft.
 */
import { useQueries, useQuery } from "@tanstack/react-query";
import { type Address, type Hex, zeroHash } from "viem";
import {
  type CheckDerivativeReturnType,
  checkDerivative,
  type GetLicenseReturnType,
  getLineage,
  licensesOf,
  type RelationName,
  type TesseraClient,
} from "../../../../scripts/sdk/index.ts";
import { encodeTerms, type LicensePreset, termsHash } from "../../../../scripts/sdk/terms/codec.ts";
import { useCardSummaries } from "../../lib/cards.ts";
import { licenseStanding } from "../../lib/licenseStatus.ts";
import { need } from "../../lib/need.ts";
import { termsQuery } from "../../lib/termsOf.ts";
import { readClient, useChainNow } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import type { ParentSide } from "./parentConstraints.ts";

/** A parent as the lineage names it: the license on it and how the child was made from it. */
export interface ParentRef {
  assetId: bigint;
  licenseId: bigint;
  termsId: bigint;
  relation: RelationName;
}

/** A license the creator holds and may name as a parent. */
export interface ParentCandidate {
  license: GetLicenseReturnType;
  title: string;
  kind: "MODEL" | "DATASET" | undefined;
}

/** Picked parents: license id (decimal) → relation. */
export type ParentPicks = Record<string, RelationName>;

/** The relation a parent of this kind most often has: datasets are trained on, models fine-tuned. */
export function defaultRelation(kind: ParentCandidate["kind"]): RelationName {
  return kind === "DATASET" ? "TRAINED_ON" : "FINE_TUNED_FROM";
}

/** `id → title`: the card's title, else the catalog's, else "Asset #id". */
function useTitles(assetIds: readonly bigint[]) {
  const catalog = useCatalog();
  const cards = useCardSummaries(assetIds);
  return (id: bigint) =>
    cards.data?.get(id.toString())?.title ?? catalog.data?.byId.get(id.toString())?.title ?? `Asset #${id}`;
}

/** The asset's registered parents, and the live licenses `account` holds on other assets. */
export function useParentSources(assetId: bigint | undefined, account: Address | undefined) {
  const catalog = useCatalog();
  const now = useChainNow();
  const hasLineage = readClient?.contracts.lineage !== undefined;
  const lineage = useQuery({
    queryKey: ["lineage", assetId?.toString()],
    queryFn: () => getLineage(need(readClient), { assetId: need(assetId) }),
    enabled: hasLineage && assetId !== undefined,
  });
  const licenses = useQuery({
    queryKey: ["licenses", account],
    queryFn: () => licensesOf(need(readClient), { account: need(account) }),
    enabled: !!readClient && !!account,
  });
  const live = (licenses.data ?? []).filter((l) => {
    const standing = licenseStanding(l, now);
    return l.assetId !== assetId && (standing === "active" || standing === "expiring");
  });
  const registered: ParentRef[] = (lineage.data?.parents ?? []).map((p) => ({
    assetId: p.assetId,
    licenseId: p.licenseId,
    termsId: p.termsId,
    relation: p.relation,
  }));
  const title = useTitles([...new Set([...registered, ...live].map((x) => x.assetId))]);
  const candidates: ParentCandidate[] = live.map((license) => ({
    license,
    title: title(license.assetId),
    kind: catalog.data?.byId.get(license.assetId.toString())?.kind,
  }));
  return { hasLineage, lineage, licenses, registered, candidates, title };
}

/** The parents with their terms, ready for {@link parentConstraints}; pending while any is read. */
export function useParentSides(parents: readonly ParentRef[], title: (id: bigint) => string) {
  const results = useQueries({
    queries: parents.map((p) => termsQuery(p.termsId)),
  });
  const error = results.find((r) => r.isError)?.error;
  const pending = results.some((r) => r.isPending);
  const sides: (ParentSide & { ref: ParentRef })[] = [];
  parents.forEach((p, i) => {
    const data = results[i]?.data;
    if (data) sides.push({ ref: p, title: title(p.assetId), relation: p.relation, ...data });
  });
  return { sides, pending, error };
}

/** The draft's terms hash, or undefined when the draft does not encode. */
export function draftHash(draft: LicensePreset | undefined): Hex | undefined {
  if (!draft) return undefined;
  try {
    return termsHash(encodeTerms(draft));
  } catch {
    return undefined;
  }
}

export type RegistryVerdict =
  /** The draft's exact terms are not registered yet: the registry can only check registered terms. */
  | { kind: "unregistered" }
  /** `termsId`: the draft's registered terms, which registering the lineage names as the child's. */
  | { kind: "checked"; termsId: bigint; result: CheckDerivativeReturnType };

/**
 * LineageRegistry.checkDerivative on the picked parents, with the draft's terms if they are already
 * registered (the registry dedups terms by hash, so a draft equal to registered terms has their id).
 */
export function useRegistryVerdict(args: {
  client: TesseraClient | undefined;
  registrant: Address | undefined;
  childAssetId: bigint | undefined;
  parents: readonly ParentRef[];
  hash: Hex | undefined;
  name: string;
  family: string;
  /** The training configuration's hash (zero when none); it changes the commitment only. */
  trainingConfigHash?: Hex | undefined;
}) {
  const { client, registrant, childAssetId, parents, hash, name, family, trainingConfigHash = zeroHash } = args;
  return useQuery({
    queryKey: [
      "check-derivative",
      registrant,
      childAssetId?.toString(),
      parents.map((p) => `${p.licenseId}:${p.relation}`).join(","),
      hash,
      name,
      family,
      trainingConfigHash,
    ],
    enabled: !!client && client.contracts.lineage !== undefined && !!registrant && childAssetId !== undefined && !!hash,
    retry: false,
    queryFn: async (): Promise<RegistryVerdict> => {
      const c = need(client);
      const termsId = await c.public.readContract({
        ...c.contracts.registry,
        functionName: "termsIdOf",
        args: [need(hash)],
      });
      if (termsId === 0n) return { kind: "unregistered" };
      const result = await checkDerivative(c, {
        registrant: need(registrant),
        childAssetId: need(childAssetId),
        parents: parents.map((p) => ({ licenseId: p.licenseId, relation: p.relation })),
        child: { termsId, name, family, trainingConfigHash },
      });
      return { kind: "checked", termsId, result };
    },
  });
}

/** The asset's controller and offer count, as the market stores them (getAsset leaves out the count). */
export function useAssetInfo(assetId: bigint | undefined) {
  return useQuery({
    queryKey: ["asset-info", assetId?.toString()],
    queryFn: async () => {
      const c = need(readClient);
      const info = await c.public.readContract({
        ...c.contracts.market,
        functionName: "assetInfo",
        args: [need(assetId)],
      });
      return { controller: info.controller, offerCount: Number(info.offerCount) };
    },
    enabled: !!readClient && assetId !== undefined,
  });
}
