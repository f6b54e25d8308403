import type { Address, Hash, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";

/** What happens above a license's allowance (the TermsRegistry's OnExceed ordinals). */
export const OnExceed = { NEXT_TIER: 2, SUSPEND: 3 } as const;
export type OnExceedName = keyof typeof OnExceed;

/** A metering plan, as UsageMeter stores it. */
export interface UsagePlan {
  /** Who signs the usage reports: the gateway's address (or an ERC-1271 wallet). */
  attester: Address;
  /** Units (gateway calls) each license includes per period. */
  includedUnits: bigint;
  /** The period in seconds: a whole number of days. */
  periodSeconds: number;
  /** Price of one extra unit in the offer's currency; 0n = no top-ups. */
  pricePerUnit: bigint;
  /** SUSPEND: the license stops entitling at its allowance; NEXT_TIER: overage is owed. */
  onExceed: OnExceedName;
}

export interface SetPlanParameters {
  offerId: bigint;
  plan: UsagePlan;
}

export interface SetPlanReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type SetPlanErrorType = TesseraError;

/**
 * Sets an offer's metering plan: the wallet must control the offer's asset, and the offer must not
 * have been sold yet. The plan is final, and must fit the terms' calls cap.
 */
export function setPlan(client: TesseraClient, { offerId, plan }: SetPlanParameters): Promise<SetPlanReturnType> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const wallet = requireWallet(client, "set a metering plan");
    const { request } = await client.public.simulateContract({
      ...meter,
      functionName: "setPlan",
      args: [offerId, { ...plan, onExceed: OnExceed[plan.onExceed] }],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
