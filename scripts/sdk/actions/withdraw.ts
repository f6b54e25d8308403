import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface WithdrawParameters {
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
  /** Where to send it (default: the wallet), for payees that cannot receive ETH themselves. */
  to?: Address | undefined;
}

export interface WithdrawReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /** What was paid out. */
  amount: bigint;
}

export type WithdrawErrorType = TesseraError;

/** Pays the wallet's whole balance in `currency` (to itself, or to `to`). */
export function withdraw(client: TesseraClient, { currency, to }: WithdrawParameters): Promise<WithdrawReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "withdraw revenue");
    const { market } = client.contracts;
    const hash = to
      ? await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...market,
              functionName: "withdrawBalanceTo",
              args: [currency, to],
              account: wallet.account,
            })
          ).request,
        )
      : await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...market,
              functionName: "withdraw",
              args: [currency],
              account: wallet.account,
            })
          ).request,
        );
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "Withdrawn" });
    return { hash, receipt, amount: event?.args.amount ?? 0n };
  });
}
