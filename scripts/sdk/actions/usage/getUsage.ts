import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import { TesseraError } from "../../errors.ts";
import { decoded, requireContract } from "../utils.ts";
import { OnExceed, type OnExceedName, type UsagePlan } from "./setPlan.ts";

export interface GetUsageParameters {
  licenseId: bigint;
}

export interface GetUsageReturnType {
  /** The plan of the license's offer. */
  plan: UsagePlan;
  /** The offer's currency, in which top-ups are paid (zero address = ETH). */
  currency: Address;
  /** The most units a license may have per period, top-ups included; 0n = no cap. */
  allowanceCap: bigint;
  /** The current period's index, and its bounds (Unix seconds, end exclusive). */
  period: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  /** Units reported for the current period. */
  units: bigint;
  /** Included units plus the units topped up this period. */
  allowance: bigint;
  /** Units bought with top-ups this period. */
  toppedUp: bigint;
  /** The allowance is used up (units >= allowance). */
  overCap: boolean;
  /** SUSPEND plan with its allowance used up: the gateway refuses the license until a top-up. */
  suspended: boolean;
  /** NEXT_TIER plan: units above the allowance and their price (informative). */
  overage: { units: bigint; amount: bigint };
}

/** undefined when the license's offer has no metering plan. */
export type GetUsageResult = GetUsageReturnType | undefined;
export type GetUsageErrorType = TesseraError;

const ON_EXCEED_NAMES = Object.fromEntries(Object.entries(OnExceed).map(([name, value]) => [value, name])) as Record<
  number,
  OnExceedName
>;

/** A license's metered usage in the current period, its allowance and its plan. */
export function getUsage(client: TesseraClient, { licenseId }: GetUsageParameters): Promise<GetUsageResult> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const [plan, currency, allowanceCap] = await client.public.readContract({
      ...meter,
      functionName: "plan",
      args: [licenseId >> 32n],
    });
    if (plan.periodSeconds === 0) return undefined;
    const [[period, units, allowance, overCap], suspended, [overUnits, overAmount]] = await Promise.all([
      client.public.readContract({ ...meter, functionName: "usage", args: [licenseId] }),
      client.public.readContract({ ...meter, functionName: "isSuspended", args: [licenseId] }),
      client.public.readContract({ ...meter, functionName: "overage", args: [licenseId] }),
    ]);
    const [, toppedUp] = await client.public.readContract({
      ...meter,
      functionName: "periodUsage",
      args: [licenseId, period],
    });
    const periodSeconds = BigInt(plan.periodSeconds);
    const onExceed = ON_EXCEED_NAMES[plan.onExceed];
    if (onExceed === undefined) throw new TesseraError(`The plan has an unknown onExceed value ${plan.onExceed}.`);
    return {
      plan: { ...plan, onExceed },
      currency,
      allowanceCap,
      period,
      periodStart: period * periodSeconds,
      periodEnd: (period + 1n) * periodSeconds,
      units,
      allowance,
      toppedUp,
      overCap,
      suspended,
      overage: { units: overUnits, amount: overAmount },
    };
  });
}
