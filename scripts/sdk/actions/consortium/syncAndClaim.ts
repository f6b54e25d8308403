import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireWallet } from "../utils.ts";
import { consortiumContract } from "./utils.ts";

export interface SyncAndClaimParameters {
  consortium: Address;
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
  /** Where to send it (default: the wallet), for members that cannot receive ETH themselves. */
  to?: Address | undefined;
}

export interface SyncAndClaimReturnType {
  /** What was paid. */
  amount: bigint;
  /** What the sync pulled from the market in the same transaction (shared among all members). */
  synced: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type SyncAndClaimErrorType = TesseraError;

/**
 * Pulls the consortium's revenue in `currency` from the market and pays the wallet (a member or
 * former member) everything it has accrued: one transaction, since `claim` syncs first.
 */
export function syncAndClaim(
  client: TesseraClient,
  { consortium, currency, to }: SyncAndClaimParameters,
): Promise<SyncAndClaimReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "claim consortium revenue");
    const contract = consortiumContract(consortium);
    const hash = to
      ? await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...contract,
              functionName: "claimTo",
              args: [currency, to],
              account: wallet.account,
            })
          ).request,
        )
      : await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...contract,
              functionName: "claim",
              args: [currency],
              account: wallet.account,
            })
          ).request,
        );
    const receipt = await confirmed(client, hash);
    const [claimed] = parseEventLogs({ abi: contract.abi, logs: receipt.logs, eventName: "RevenueClaimed" });
    const [synced] = parseEventLogs({ abi: contract.abi, logs: receipt.logs, eventName: "RevenueSynced" });
    return { amount: claimed?.args.amount ?? 0n, synced: synced?.args.amount ?? 0n, hash, receipt };
  });
}
