import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface DistributeParameters {
  splitId: bigint;
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
}

export interface DistributeReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /** What moved from the split's pool into its recipients' balances. */
  amount: bigint;
}

export type DistributeErrorType = TesseraError;

/** Moves a split's pool in `currency` into its recipients' withdrawable balances. Anyone may call it. */
export function distribute(
  client: TesseraClient,
  { splitId, currency }: DistributeParameters,
): Promise<DistributeReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "distribute revenue");
    const { market } = client.contracts;
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "distribute",
      args: [splitId, currency],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const events = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "Distributed" });
    const amount = events.filter((e) => e.args.splitId === splitId).reduce((sum, e) => sum + e.args.amount, 0n);
    return { hash, receipt, amount };
  });
}
