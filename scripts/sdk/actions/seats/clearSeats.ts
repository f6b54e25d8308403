import type { Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireSeats, requireWallet } from "../utils.ts";

export interface ClearSeatsParameters {
  /** A license held by the wallet (or that the wallet is approved for). */
  licenseId: bigint;
}

export interface ClearSeatsReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type ClearSeatsErrorType = TesseraError;

/**
 * Frees every seat of a license at once. A new holder of a transferred license may call it so that
 * no seat of a previous holder can come back if the license returns to that holder.
 */
export function clearSeats(client: TesseraClient, { licenseId }: ClearSeatsParameters): Promise<ClearSeatsReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "free the seats");
    const { request } = await client.public.simulateContract({
      ...requireSeats(client),
      functionName: "clearSeats",
      args: [licenseId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
