import type { Address, Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireSeats, requireWallet } from "../utils.ts";

export interface SetSeatParameters {
  /** An organisation license held by the wallet (or that the wallet is approved for). */
  licenseId: bigint;
  /** The seat's user (not the holder, not zero). */
  user: Address;
  /**
   * Unix seconds, in the future: when the seat ends. 2^64 - 1 (`PERPETUAL`) keeps it as long as the
   * license; a later expiry than the license's is capped by it. 0n frees the seat.
   */
  expires: bigint;
}

export interface SetSeatReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type SetSeatErrorType = TesseraError;

/**
 * Assigns, updates or frees `user`'s seat on a license, within the cap its terms set. Checked by a
 * simulation first, so a refusal (cap reached, license inactive, not the holder) comes back in
 * plain words without a transaction.
 */
export function setSeat(
  client: TesseraClient,
  { licenseId, user, expires }: SetSeatParameters,
): Promise<SetSeatReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, expires === 0n ? "free a seat" : "assign a seat");
    const { request } = await client.public.simulateContract({
      ...requireSeats(client),
      functionName: "setUser",
      args: [licenseId, user, expires],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
