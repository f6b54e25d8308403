import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
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

/** Whether `account`'s license on `assetId` covers `version` now, and until when: one call. */
export function accessExpiry(
  client: TesseraClient,
  { account, assetId, version }: AccessExpiryParameters,
): Promise<AccessExpiryReturnType> {
  return decoded(() =>
    client.public.readContract({
      ...client.contracts.market,
      functionName: "accessExpiry",
      args: [account, assetId, version],
    }),
  );
}
