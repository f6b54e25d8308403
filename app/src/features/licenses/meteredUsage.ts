/**
 * A metered license's on-chain picture (UsageMeter): the units reported for the current period
 * against its allowance, whether it is suspended or owes next-tier overage, when the period ends,
 * and what a top-up of some units costs. Pure: the panel renders these words.
 */
import type { GetUsageReturnType } from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatPrice } from "../../lib/format.ts";
import { type Meter, meterLevel, percentUsed } from "./usageCaps.ts";

const count = (n: bigint) => n.toLocaleString("en-US");

export type MeteredStanding =
  | { kind: "suspended"; words: string }
  | { kind: "next-tier"; words: string }
  | { kind: "within"; words: string };

export interface MeteredView {
  /** The units meter; undefined when the allowance is 0 (nothing included, nothing topped up). */
  meter: Meter | undefined;
  /** "12 of 60 units this period (20 %)". */
  words: string;
  /** "60 included per period + 10 topped up this period". */
  allowanceWords: string;
  standing: MeteredStanding;
}

/** What a license's usage reads as, in `currency` (the offer's). */
export function meteredView(
  usage: Pick<GetUsageReturnType, "units" | "allowance" | "toppedUp" | "suspended" | "overage" | "plan">,
  currency: Pick<CurrencyInfo, "symbol" | "decimals">,
): MeteredView {
  const { units, allowance, toppedUp } = usage;
  const percent = allowance === 0n ? 100 : percentUsed(Number(units), Number(allowance));
  const words =
    allowance === 0n
      ? `${count(units)} units this period, none included: top up to use it`
      : `${count(units)} of ${count(allowance)} units this period (${percent} %)`;
  const meter: Meter | undefined =
    allowance === 0n
      ? undefined
      : {
          used: Number(units),
          cap: Number(allowance),
          percent,
          level: meterLevel(Number(units), Number(allowance)),
          words,
          warning: undefined,
        };
  const included = `${count(usage.plan.includedUnits)} included per period`;
  const allowanceWords = toppedUp > 0n ? `${included} + ${count(toppedUp)} topped up this period` : included;
  let standing: MeteredStanding;
  if (usage.suspended) {
    standing = { kind: "suspended", words: "Suspended: over the cap until you top up." };
  } else if (usage.overage.units > 0n) {
    const owed = usage.overage.amount === 0n ? "nothing owed" : `${formatPrice(usage.overage.amount, currency)} owed`;
    standing = { kind: "next-tier", words: `Next tier: ${count(usage.overage.units)} units over, ${owed}.` };
  } else {
    const left = allowance > units ? allowance - units : 0n;
    standing = { kind: "within", words: `${count(left)} units left this period.` };
  }
  return { meter, words, allowanceWords, standing };
}

export type TopUpQuote = { ok: true; units: bigint; cost: bigint } | { ok: false; problem: string };

const MAX_UINT64 = 2n ** 64n - 1n;

/** The units typed into the top-up form, and their cost at the plan's price (or why not). */
export function topUpQuote(
  text: string,
  usage: Pick<GetUsageReturnType, "plan" | "allowance" | "allowanceCap">,
): TopUpQuote {
  const clean = text.trim().replace(/,/g, "");
  if (!/^\d+$/.test(clean) || BigInt(clean) === 0n) {
    return { ok: false, problem: "Enter a whole number of units (at least 1)." };
  }
  const units = BigInt(clean);
  if (units > MAX_UINT64) return { ok: false, problem: "That is more units than a top-up can buy." };
  const { allowance, allowanceCap } = usage;
  if (allowanceCap > 0n && allowance + units > allowanceCap) {
    const room = allowanceCap > allowance ? allowanceCap - allowance : 0n;
    return {
      ok: false,
      problem:
        room === 0n
          ? `The terms cap this license at ${count(allowanceCap)} units a period, and its allowance is already there.`
          : `The terms cap this license at ${count(allowanceCap)} units a period: at most ${count(room)} more this period.`,
    };
  }
  return { ok: true, units, cost: units * usage.plan.pricePerUnit };
}
