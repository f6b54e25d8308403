import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export interface IsEntitledToVersionParameters {
  account: Address;
  assetId: bigint;
  /** 1-based. */
  version: bigint;
}

export type IsEntitledToVersionReturnType = boolean;
export type IsEntitledToVersionErrorType = TesseraError;

/** Whether `account`'s license on `assetId` covers `version` now. */
export function isEntitledToVersion(
  client: TesseraClient,
  { account, assetId, version }: IsEntitledToVersionParameters,
): Promise<IsEntitledToVersionReturnType> {
  return decoded(() =>
    client.public.readContract({
      ...client.contracts.market,
      functionName: "isEntitledToVersion",
      args: [account, assetId, version],
    }),
  );
}
