import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface ReleaseHeldParameters {
  /** Licences whose held payments can no longer be refunded (see `listHeldPayments`). */
  licenseIds: readonly bigint[];
}

export interface ReleaseHeldReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /**
   * What each licence's release credited as revenue (fee, royalties and split, as for a sale), in
   * its offer's currency: amounts in different currencies are not summed.
   */
  released: { licenseId: bigint; amount: bigint }[];
}

export type ReleaseHeldErrorType = TesseraError;

/** Credits held payments as revenue once their refund windows have closed. Anyone may call. */
export function releaseHeld(
  client: TesseraClient,
  { licenseIds }: ReleaseHeldParameters,
): Promise<ReleaseHeldReturnType> {
  return decoded(async () => {
    if (licenseIds.length === 0) throw new TesseraError("Choose at least one held payment to release.");
    const wallet = requireWallet(client, "release held payments");
    const refunds = requireContract(client, "refunds");
    const { request } = await client.public.simulateContract({
      ...refunds,
      functionName: "releaseHeld",
      args: [licenseIds],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const events = parseEventLogs({
      abi: client.contracts.market.abi,
      logs: receipt.logs,
      eventName: "RefundHoldReleased",
    });
    if (events.length !== licenseIds.length) {
      throw new TesseraError("The release emitted fewer RefundHoldReleased events than licences.", { details: hash });
    }
    return {
      hash,
      receipt,
      released: events.map((e) => ({ licenseId: e.args.licenseId, amount: e.args.amount })),
    };
  });
}
