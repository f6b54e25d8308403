import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export interface IsEntitledParameters {
  account: Address;
  assetId: bigint;
}

export type IsEntitledReturnType = boolean;
export type IsEntitledErrorType = TesseraError;

/** Whether `account` holds an unexpired, unrevoked license on `assetId` now. */
export function isEntitled(
  client: TesseraClient,
  { account, assetId }: IsEntitledParameters,
): Promise<IsEntitledReturnType> {
  return decoded(() =>
    client.public.readContract({ ...client.contracts.market, functionName: "isEntitled", args: [account, assetId] }),
  );
}
