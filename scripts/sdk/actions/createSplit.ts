import { type Address, type Hash, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface CreateSplitParameters {
  /** Payees: distinct, non-zero; the first takes the rounding dust. */
  recipients: readonly Address[];
  /** Their shares in basis points, each > 0, summing to 10,000. */
  bps: readonly number[];
  /** Who may revise the split later; the zero address (default) makes it fixed. */
  controller?: Address | undefined;
}

export interface CreateSplitReturnType {
  splitId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type CreateSplitErrorType = TesseraError;

/** Creates a revenue split for offers to pay into. Reads the id from SplitCreated. */
export function createSplit(
  client: TesseraClient,
  { recipients, bps, controller = zeroAddress }: CreateSplitParameters,
): Promise<CreateSplitReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "create a split");
    const { market } = client.contracts;
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "createSplit",
      args: [recipients, bps, controller],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "SplitCreated" });
    if (!event) throw new TesseraError("The split emitted no SplitCreated event.", { details: hash });
    return { splitId: event.args.splitId, hash, receipt };
  });
}
