import { type Address, erc20Abi, type Hash } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface ApproveCurrencyParameters {
  /** The ERC-20 an offer is priced in. */
  currency: Address;
  /** The allowance to grant the market (e.g. an offer's price). */
  amount: bigint;
}

export interface ApproveCurrencyReturnType {
  hash: Hash;
}

export type ApproveCurrencyErrorType = TesseraError;

/** Lets the market take `amount` of `currency` from the wallet: the step before an ERC-20 purchase or renewal. */
export function approveCurrency(
  client: TesseraClient,
  { currency, amount }: ApproveCurrencyParameters,
): Promise<ApproveCurrencyReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "approve a payment");
    const { request } = await client.public.simulateContract({
      address: currency,
      abi: erc20Abi,
      functionName: "approve",
      args: [client.contracts.market.address, amount],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    await confirmed(client, hash);
    return { hash };
  });
}
