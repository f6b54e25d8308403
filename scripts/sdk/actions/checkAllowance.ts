import { type Address, erc20Abi, zeroAddress } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { AllowanceTooLowError } from "../errors.ts";

/** Throws {@link AllowanceTooLowError} unless `owner` lets the market take `amount` of `currency` (no-op for ETH). */
export async function checkAllowance(
  client: TesseraClient,
  { owner, currency, amount }: { owner: Address; currency: Address; amount: bigint },
): Promise<void> {
  if (currency === zeroAddress || amount === 0n) return;
  const allowance = await client.public.readContract({
    address: currency,
    abi: erc20Abi,
    functionName: "allowance",
    args: [owner, client.contracts.market.address],
  });
  if (allowance < amount) throw new AllowanceTooLowError({ currency, required: amount, allowance });
}
