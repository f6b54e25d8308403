import type { Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface WithdrawClaimParameters {
  /** An open case the wallet filed. */
  caseId: bigint;
}

export interface WithdrawClaimReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type WithdrawClaimErrorType = TesseraError;

/** Withdraws an open claim, as its claimant. Final for that case; the license may be claimed anew. */
export function withdrawClaim(
  client: TesseraClient,
  { caseId }: WithdrawClaimParameters,
): Promise<WithdrawClaimReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "withdraw a claim");
    const { request } = await client.public.simulateContract({
      ...requireContract(client, "disputes"),
      functionName: "withdrawClaim",
      args: [caseId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
