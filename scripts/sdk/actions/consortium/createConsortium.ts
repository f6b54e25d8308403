import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";
import { factoryContract } from "./utils.ts";

export interface ConsortiumMemberWeight {
  account: Address;
  /** Above zero. */
  weight: bigint;
}

export interface CreateConsortiumParameters {
  /** The ConsortiumFactory (default: the deployment's). */
  factory?: Address | undefined;
  /** 1 to 50 distinct members. */
  members: readonly ConsortiumMemberWeight[];
  /** Yes weight a proposal needs, in basis points of the total weight (5,001..10,000). */
  thresholdBps: number;
  /** Seconds a proposal stays open (1 hour to 365 days). */
  lifetime: bigint;
}

export interface CreateConsortiumReturnType {
  consortium: Address;
  /** The consortium's own split on the market, which its pooled offers pay. */
  splitId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type CreateConsortiumErrorType = TesseraError;

/** Creates a consortium (no owner) on the client's market. Reads its address from ConsortiumCreated. */
export function createConsortium(
  client: TesseraClient,
  { factory, members, thresholdBps, lifetime }: CreateConsortiumParameters,
): Promise<CreateConsortiumReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "create a consortium");
    const contract = factoryContract(factory ?? requireContract(client, "consortia").address);
    const { request } = await client.public.simulateContract({
      ...contract,
      functionName: "createConsortium",
      args: [
        client.contracts.market.address,
        members.map((m) => m.account),
        members.map((m) => m.weight),
        thresholdBps,
        lifetime,
      ],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: contract.abi, logs: receipt.logs, eventName: "ConsortiumCreated" });
    if (!event) throw new TesseraError("The factory emitted no ConsortiumCreated event.", { details: hash });
    return { consortium: event.args.consortium, splitId: event.args.splitId, hash, receipt };
  });
}
