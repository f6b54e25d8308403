import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface WithdrawUsageRevenueParameters {
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
}

export interface WithdrawUsageRevenueReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /** What was paid out. */
  amount: bigint;
}

export type WithdrawUsageRevenueErrorType = TesseraError;

/**
 * Pays the wallet everything top-ups credited to it in `currency` at the UsageMeter (a ledger apart
 * from the market's: see `withdraw` for sales).
 */
export function withdrawUsageRevenue(
  client: TesseraClient,
  { currency }: WithdrawUsageRevenueParameters,
): Promise<WithdrawUsageRevenueReturnType> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const wallet = requireWallet(client, "withdraw top-up revenue");
    const { request } = await client.public.simulateContract({
      ...meter,
      functionName: "withdraw",
      args: [currency],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: meter.abi, logs: receipt.logs, eventName: "Withdrawn" });
    return { hash, receipt, amount: event?.args.amount ?? 0n };
  });
}
