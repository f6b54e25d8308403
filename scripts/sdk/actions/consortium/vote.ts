import type { Address, Hash, TransactionReceipt } from "viem";
import { parseEventLogs } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireWallet } from "../utils.ts";
import { consortiumContract } from "./utils.ts";

export interface VoteParameters {
  consortium: Address;
  proposalId: bigint;
  /** Yes (default) or no. */
  support?: boolean | undefined;
}

export interface VoteReturnType {
  /** The wallet's weight at the proposal's snapshot: what the vote counted. */
  weight: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type VoteErrorType = TesseraError;

/** Votes on a proposal with the wallet's weight at the proposal's creation. */
export function vote(
  client: TesseraClient,
  { consortium, proposalId, support = true }: VoteParameters,
): Promise<VoteReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "vote");
    const contract = consortiumContract(consortium);
    const { request } = await client.public.simulateContract({
      ...contract,
      functionName: "vote",
      args: [proposalId, support],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: contract.abi, logs: receipt.logs, eventName: "Voted" });
    return { weight: event?.args.weight ?? 0n, hash, receipt };
  });
}
