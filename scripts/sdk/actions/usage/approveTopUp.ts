import { type Address, erc20Abi, type Hash } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface ApproveTopUpParameters {
  /** The ERC-20 the license's offer is priced in. */
  currency: Address;
  /** The allowance to grant the UsageMeter (e.g. a top-up's cost). */
  amount: bigint;
}

export interface ApproveTopUpReturnType {
  hash: Hash;
}

export type ApproveTopUpErrorType = TesseraError;

/**
 * Lets the UsageMeter (not the market) take `amount` of `currency` from the wallet: the step before
 * an ERC-20 top-up.
 */
export function approveTopUp(
  client: TesseraClient,
  { currency, amount }: ApproveTopUpParameters,
): Promise<ApproveTopUpReturnType> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const wallet = requireWallet(client, "approve a top-up");
    const { request } = await client.public.simulateContract({
      address: currency,
      abi: erc20Abi,
      functionName: "approve",
      args: [meter.address, amount],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    await confirmed(client, hash);
    return { hash };
  });
}
