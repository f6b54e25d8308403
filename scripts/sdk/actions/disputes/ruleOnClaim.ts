import type { Hash, Hex, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface RuleOnClaimParameters {
  /** An open case under an offer the wallet is the appointed arbiter of. */
  caseId: bigint;
  /** "uphold" revokes the license in the same transaction; "dismiss" leaves it as it is. */
  ruling: "uphold" | "dismiss";
  /** The hash of the ruling (non-zero); an upheld ruling is also the market's revocation reason. */
  rulingHash: Hex;
}

export interface RuleOnClaimReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type RuleOnClaimErrorType = TesseraError;

/**
 * Rules on a claim as the offer's appointed arbiter. Final. Upholding revokes the license on the
 * market in the same transaction: its holder's entitlement ends in that block.
 */
export function ruleOnClaim(
  client: TesseraClient,
  { caseId, ruling, rulingHash }: RuleOnClaimParameters,
): Promise<RuleOnClaimReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, ruling === "uphold" ? "uphold a claim" : "dismiss a claim");
    const { request } = await client.public.simulateContract({
      ...requireContract(client, "disputes"),
      functionName: ruling,
      args: [caseId, rulingHash],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
