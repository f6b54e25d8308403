import type { Address, Hex } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export const ASSET_KINDS = ["MODEL", "DATASET"] as const;
export type AssetKindName = (typeof ASSET_KINDS)[number];

export interface GetAssetParameters {
  assetId: bigint;
}

export interface AssetVersion {
  /** 1-based. */
  version: number;
  contentHash: Hex;
  metadataURI: string;
  publishedAt: bigint;
}

export interface GetAssetReturnType {
  assetId: bigint;
  controller: Address;
  pendingController: Address;
  kind: AssetKindName;
  versions: AssetVersion[];
}

export type GetAssetErrorType = TesseraError;

/** An asset and every one of its versions. */
export function getAsset(client: TesseraClient, { assetId }: GetAssetParameters): Promise<GetAssetReturnType> {
  const { market } = client.contracts;
  return decoded(async () => {
    const info = await client.public.readContract({ ...market, functionName: "assetInfo", args: [assetId] });
    const versions = await Promise.all(
      Array.from({ length: info.versionCount }, async (_, i) => {
        const v = await client.public.readContract({
          ...market,
          functionName: "assetVersion",
          args: [assetId, BigInt(i + 1)],
        });
        return { version: i + 1, contentHash: v.contentHash, metadataURI: v.metadataURI, publishedAt: v.publishedAt };
      }),
    );
    return {
      assetId,
      controller: info.controller,
      pendingController: info.pendingController,
      kind: ASSET_KINDS[info.kind] ?? "MODEL",
      versions,
    };
  });
}
