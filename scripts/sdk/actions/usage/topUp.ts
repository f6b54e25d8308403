import { type Address, erc20Abi, type Hash, type TransactionReceipt, zeroAddress } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { AllowanceTooLowError, type TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

export interface TopUpParameters {
  licenseId: bigint;
  /** Extra units for the current period (at least 1). */
  units: bigint;
}

export interface TopUpReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  /** What was paid: units * pricePerUnit, in `currency`. */
  cost: bigint;
  /** The offer's currency (zero address = ETH). */
  currency: Address;
}

export type TopUpErrorType = TesseraError;

/**
 * Buys extra units of the current period for a license, at its plan's price: ETH is sent exactly;
 * an ERC-20 must first be approved to the UsageMeter (not the market), else {@link AllowanceTooLowError}.
 */
export function topUp(client: TesseraClient, { licenseId, units }: TopUpParameters): Promise<TopUpReturnType> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const wallet = requireWallet(client, "top up a license");
    const [plan, currency] = await client.public.readContract({
      ...meter,
      functionName: "plan",
      args: [licenseId >> 32n],
    });
    const cost = units * plan.pricePerUnit;
    if (currency !== zeroAddress) {
      const allowance = await client.public.readContract({
        address: currency,
        abi: erc20Abi,
        functionName: "allowance",
        args: [wallet.account.address, meter.address],
      });
      if (allowance < cost) throw new AllowanceTooLowError({ currency, required: cost, allowance });
    }
    const { request } = await client.public.simulateContract({
      ...meter,
      functionName: "topUp",
      args: [licenseId, units],
      value: currency === zeroAddress ? cost : 0n,
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash), cost, currency };
  });
}
