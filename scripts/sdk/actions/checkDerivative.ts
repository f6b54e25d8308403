import type { Address, Hex } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { type ContractRevertError, errorFromRevertData, TesseraError } from "../errors.ts";
import { type DerivativeParameters, encodeDerivative, type RoyaltyShare, toRoyaltyShares } from "./lineageTypes.ts";
import { decoded, requireLineage } from "./utils.ts";

export interface CheckDerivativeParameters extends DerivativeParameters {
  /** Who would register (default: the client's wallet). */
  registrant?: Address | undefined;
}

export type CheckDerivativeReturnType =
  | {
      ok: true;
      commitment: Hex;
      /** What the derivative would owe upstream on every sale: each ancestor's split and share. */
      royalties: RoyaltyShare[];
    }
  | { ok: false; error: ContractRevertError | TesseraError };
export type CheckDerivativeErrorType = TesseraError;

/**
 * Whether registering the derivative would succeed now, and if not, the first rule it breaks in
 * plain words (from the parents' terms) — without a transaction.
 */
export function checkDerivative(
  client: TesseraClient,
  { registrant, ...params }: CheckDerivativeParameters,
): Promise<CheckDerivativeReturnType> {
  return decoded(async () => {
    const account = registrant ?? client.wallet?.account.address;
    if (account === undefined) throw new TesseraError("Say who would register the derivative (registrant).");
    const [failure, commitment, , royalties] = await client.public.readContract({
      ...requireLineage(client),
      functionName: "checkDerivative",
      args: [account, ...encodeDerivative(params)],
    });
    if (failure === "0x") return { ok: true, commitment, royalties: toRoyaltyShares(royalties) };
    return {
      ok: false,
      error: errorFromRevertData(failure) ?? new TesseraError("The derivative would be refused.", { details: failure }),
    };
  });
}
