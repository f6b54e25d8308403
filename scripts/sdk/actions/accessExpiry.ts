import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { IAccessSourceAbi } from "../generated/abis.ts";
import { decoded } from "./utils.ts";

export interface AccessExpiryParameters {
  account: Address;
  assetId: bigint;
  /** 1-based. */
  version: bigint;
}

/** 0n when `account` may not read `version` now; else when that ends (2^64 - 1 = perpetual). */
export type AccessExpiryReturnType = bigint;
export type AccessExpiryErrorType = TesseraError;

/**
 * Whether `account` may read `version` of `assetId` now, and until when, in one call: through the
 * AccessRouter (a license, a seat on an organisation license, or membership of the consortium that
 * pools the asset), or the market alone (licenses) on deployments made before the router.
 */
export function accessExpiry(
  client: TesseraClient,
  { account, assetId, version }: AccessExpiryParameters,
): Promise<AccessExpiryReturnType> {
  // Both implement IAccessSource.accessExpiry.
  const { address } = client.contracts.access ?? client.contracts.market;
  return decoded(() =>
    client.public.readContract({
      address,
      abi: IAccessSourceAbi,
      functionName: "accessExpiry",
      args: [account, assetId, version],
    }),
  );
}
