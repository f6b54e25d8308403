import type { Hex } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { RELATIONS, type RelationName, type RoyaltyShare, toRoyaltyShares } from "./lineageTypes.ts";
import { decoded, requireLineage } from "./utils.ts";

export interface GetLineageParameters {
  assetId: bigint;
}

export interface LineageParent {
  assetId: bigint;
  version: number;
  /** The parent version's content hash, as used. */
  contentHash: Hex;
  relation: RelationName;
  licenseId: bigint;
  termsId: bigint;
}

export interface GetLineageReturnType {
  /** Empty for an original work (or one whose lineage is not registered). */
  parents: LineageParent[];
  children: bigint[];
  depth: bigint;
  /** Zero when no lineage is registered. */
  commitment: Hex;
  /** What every sale and renewal of the asset pays upstream: each ancestor's split and share. */
  royalties: RoyaltyShare[];
}

export type GetLineageErrorType = TesseraError;

/** An asset's family: its parents as recorded (with the versions used) and its registered children. */
export function getLineage(client: TesseraClient, { assetId }: GetLineageParameters): Promise<GetLineageReturnType> {
  return decoded(async () => {
    const lineage = requireLineage(client);
    const [record, children, depth, royalties] = await Promise.all([
      client.public.readContract({ ...lineage, functionName: "lineageOf", args: [assetId] }),
      client.public.readContract({ ...lineage, functionName: "childrenOf", args: [assetId] }),
      client.public.readContract({ ...lineage, functionName: "ancestryDepth", args: [assetId] }),
      client.public.readContract({ ...client.contracts.market, functionName: "upstreamRoyalties", args: [assetId] }),
    ]);
    return {
      parents: record.parents.map((p) => ({
        assetId: BigInt(p.assetId),
        version: p.version,
        contentHash: p.contentHash,
        relation: RELATIONS[p.relation] ?? "FINE_TUNED_FROM",
        licenseId: p.licenseId,
        termsId: BigInt(p.termsId),
      })),
      children: [...children],
      depth,
      commitment: record.commitment,
      royalties: toRoyaltyShares(royalties),
    };
  });
}
