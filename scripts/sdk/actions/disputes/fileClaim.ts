import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface FileClaimParameters {
  /** An active license on an asset the wallet controls, sold under an offer with an appointed arbiter. */
  licenseId: bigint;
  /** The hash of the claimant's evidence (non-zero); the document itself lives off-chain. */
  evidenceHash: Hex;
}

export interface FileClaimReturnType {
  /** The new case. */
  caseId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type FileClaimErrorType = TesseraError;

/**
 * Files a claim of breach against a license, as the licensor (the asset's controller). The offer's
 * appointed arbiter will rule; the holder may respond meanwhile.
 */
export function fileClaim(
  client: TesseraClient,
  { licenseId, evidenceHash }: FileClaimParameters,
): Promise<FileClaimReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "file a claim");
    const desk = requireContract(client, "disputes");
    const { request } = await client.public.simulateContract({
      ...desk,
      functionName: "fileClaim",
      args: [licenseId, evidenceHash],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [filed] = parseEventLogs({ abi: desk.abi, logs: receipt.logs, eventName: "ClaimFiled" });
    if (!filed) throw new TesseraError("The claim was sent but no case was recorded.", { details: hash });
    return { caseId: filed.args.caseId, hash, receipt };
  });
}
