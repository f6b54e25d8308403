import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export interface BalancesParameters {
  account: Address;
}

export interface CurrencyBalance {
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
  /** Whether new offers may use it now. */
  allowed: boolean;
  /** What the account can withdraw now. */
  withdrawable: bigint;
}

/** One entry per currency the market has ever accepted, ETH first. */
export type BalancesReturnType = CurrencyBalance[];
export type BalancesErrorType = TesseraError;

/** What `account` can withdraw, per currency. */
export function balances(client: TesseraClient, { account }: BalancesParameters): Promise<BalancesReturnType> {
  const { market } = client.contracts;
  return decoded(async () => {
    const [currencies, allowed] = await client.public.readContract({ ...market, functionName: "currencies" });
    return Promise.all(
      currencies.map(async (currency, i) => ({
        currency,
        allowed: allowed[i] ?? false,
        withdrawable: await client.public.readContract({
          ...market,
          functionName: "withdrawable",
          args: [account, currency],
        }),
      })),
    );
  });
}
