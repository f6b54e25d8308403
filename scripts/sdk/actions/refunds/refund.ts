import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface RefundParameters {
  licenseId: bigint;
}

export interface RefundReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Credited to the holder's withdrawable balance: collect it with `withdraw`. */
  refund: bigint;
  /** What the licensor's revenue route was credited. */
  retained: bigint;
  holder: Address;
}

export type RefundErrorType = TesseraError;

/**
 * Hands a licence back within its refund window: entitlement ends in that block and the refund is
 * credited to the holder's withdrawable balance. The wallet must hold the licence or be approved.
 */
export function refund(client: TesseraClient, { licenseId }: RefundParameters): Promise<RefundReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "refund a license");
    const refunds = requireContract(client, "refunds");
    const { request } = await client.public.simulateContract({
      ...refunds,
      functionName: "refund",
      args: [licenseId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({
      abi: client.contracts.market.abi,
      logs: receipt.logs,
      eventName: "LicenseRefunded",
    });
    if (!event) throw new TesseraError("The refund emitted no LicenseRefunded event.", { details: hash });
    return { hash, receipt, refund: event.args.refund, retained: event.args.retained, holder: event.args.holder };
  });
}
