import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireWallet } from "../utils.ts";
import { encodeProposal, type ProposalAction } from "./proposals.ts";
import { consortiumContract } from "./utils.ts";

export interface ProposeParameters {
  consortium: Address;
  /** What the proposal does (a pooled offer's split is always the consortium's). */
  action: ProposalAction;
}

export interface ProposeReturnType {
  proposalId: bigint;
  /** When it can no longer be voted on or executed (unix seconds). */
  expiresAt: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type ProposeErrorType = TesseraError;

/** Proposes an action to a consortium the wallet is a member of. Reads the id from ProposalCreated. */
export function propose(client: TesseraClient, { consortium, action }: ProposeParameters): Promise<ProposeReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "propose to a consortium");
    const contract = consortiumContract(consortium);
    const { kind, payload } = encodeProposal(action);
    const { request } = await client.public.simulateContract({
      ...contract,
      functionName: "propose",
      args: [kind, payload],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: contract.abi, logs: receipt.logs, eventName: "ProposalCreated" });
    if (!event) throw new TesseraError("The consortium emitted no ProposalCreated event.", { details: hash });
    return { proposalId: event.args.proposalId, expiresAt: event.args.expiresAt, hash, receipt };
  });
}
