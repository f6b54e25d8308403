import type { Address, Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface AppointArbiterParameters {
  /** An offer on an asset the wallet controls, not sold yet. */
  offerId: bigint;
  /** Who will rule on claims against its licenses: an EOA, a multisig, a DAO, an oracle. */
  arbiter: Address;
}

export interface AppointArbiterReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type AppointArbiterErrorType = TesseraError;

/**
 * Appoints the arbiter of an offer that names the DisputeDesk as its market arbiter. Once only, and
 * before the offer's first sale, so that every buyer sees who will judge. Checked by a simulation
 * first, so a refusal comes back in plain words without a transaction.
 */
export function appointArbiter(
  client: TesseraClient,
  { offerId, arbiter }: AppointArbiterParameters,
): Promise<AppointArbiterReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "appoint an arbiter");
    const { request } = await client.public.simulateContract({
      ...requireContract(client, "disputes"),
      functionName: "appointArbiter",
      args: [offerId, arbiter],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
