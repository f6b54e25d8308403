import type { Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireSeats, requireWallet } from "../utils.ts";

export interface RenounceSeatParameters {
  /** The license the wallet has a seat on. */
  licenseId: bigint;
}

export interface RenounceSeatReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type RenounceSeatErrorType = TesseraError;

/**
 * Gives up the wallet's own seat on a license, e.g. to be seated on another license of the same
 * asset (a user holds one seat per asset).
 */
export function renounceSeat(
  client: TesseraClient,
  { licenseId }: RenounceSeatParameters,
): Promise<RenounceSeatReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "give up a seat");
    const { request } = await client.public.simulateContract({
      ...requireSeats(client),
      functionName: "renounceSeat",
      args: [licenseId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
