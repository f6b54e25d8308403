import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireSeats } from "../utils.ts";

export interface SeatAccessExpiryParameters {
  account: Address;
  assetId: bigint;
  /** 1-based. */
  version: bigint;
}

/** 0n when `account` has no valid seat covering `version` now; else when it ends (2^64 - 1 = perpetual). */
export type SeatAccessExpiryReturnType = bigint;
export type SeatAccessExpiryErrorType = TesseraError;

/** Whether a seat entitles `account` to `version` of `assetId` now, and until when: one call. */
export function seatAccessExpiry(
  client: TesseraClient,
  { account, assetId, version }: SeatAccessExpiryParameters,
): Promise<SeatAccessExpiryReturnType> {
  return decoded(() =>
    client.public.readContract({
      ...requireSeats(client),
      functionName: "accessExpiry",
      args: [account, assetId, version],
    }),
  );
}
