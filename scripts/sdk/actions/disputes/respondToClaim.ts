import type { Hash, Hex, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface RespondToClaimParameters {
  /** An open case against a license the wallet holds. */
  caseId: bigint;
  /** The hash of the holder's response and evidence (non-zero). */
  responseHash: Hex;
}

export interface RespondToClaimReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type RespondToClaimErrorType = TesseraError;

/** Answers a claim as the license's holder. May be called again: the latest response is stored. */
export function respondToClaim(
  client: TesseraClient,
  { caseId, responseHash }: RespondToClaimParameters,
): Promise<RespondToClaimReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "respond to a claim");
    const { request } = await client.public.simulateContract({
      ...requireContract(client, "disputes"),
      functionName: "respond",
      args: [caseId, responseHash],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
