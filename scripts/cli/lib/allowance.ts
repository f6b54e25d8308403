/** The approval step before an ERC-20 payment: approve the market for `amount` unless it already may take it. */
import { type Address, erc20Abi, zeroAddress } from "viem";
import { approveCurrency } from "../../sdk/actions/approveCurrency.ts";
import type { TesseraClient } from "../../sdk/deployments.ts";
import type { CommandContext } from "./command.ts";
import type { Currency } from "./currency.ts";
import { formatAmount, note } from "./output.ts";

export async function ensureAllowance(
  ctx: CommandContext,
  client: TesseraClient,
  { owner, currency, amount }: { owner: Address; currency: Currency; amount: bigint },
): Promise<void> {
  if (currency.address === zeroAddress || amount === 0n) return;
  const allowance = await client.public.readContract({
    address: currency.address,
    abi: erc20Abi,
    functionName: "allowance",
    args: [owner, client.contracts.market.address],
  });
  if (allowance >= amount) return;
  note(ctx, `approving the market to take ${formatAmount(amount, currency)} …`);
  await approveCurrency(client, { currency: currency.address, amount });
}
