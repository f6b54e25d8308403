import type { Address, Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireWallet } from "../utils.ts";
import { consortiumContract } from "./utils.ts";

export interface ExecuteParameters {
  consortium: Address;
  proposalId: bigint;
}

export interface ExecuteReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type ExecuteErrorType = TesseraError;

/** Executes a passed proposal before it expires. Anyone may, member or not. */
export function execute(
  client: TesseraClient,
  { consortium, proposalId }: ExecuteParameters,
): Promise<ExecuteReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "execute a proposal");
    const { request } = await client.public.simulateContract({
      ...consortiumContract(consortium),
      functionName: "execute",
      args: [proposalId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
