/**
 * The "Metering" section of a new offer as a draft, and the UsageMeter plan it makes. The checks
 * mirror UsageMeter.setPlan's, in the same plain words, so a plan the contract would refuse is
 * caught before the wallet opens: a whole number of days, something included or sold, and agreement
 * with the terms' calls cap (same period, included units within the cap, and going past the cap
 * only under terms that say "next tier").
 */
import { getAddress, isAddress, zeroAddress } from "viem";
import type { OnExceedName, UsagePlan } from "../../../../scripts/sdk/index.ts";
import type { LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import { formatDuration, parseAmount } from "../../lib/format.ts";

type Caps = LicensePreset["caps"];

const DAY = 86_400;
const MAX_UINT32 = 2 ** 32 - 1;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;
const count = (n: number | bigint) => n.toLocaleString("en-US");

export interface MeteringDraft {
  /** The section is switched on: the offer gets a plan right after it is created. */
  enabled: boolean;
  /** Who signs the usage reports: the gateway's address. */
  attester: string;
  includedUnits: string;
  periodDays: string;
  /** Price of one extra unit, in the offer's currency ("0" = no top-ups). */
  pricePerUnit: string;
  onExceed: OnExceedName;
}

/** The plan fields that follow the terms' calls cap: its period, the cap as included units, its onExceed. */
export function fieldsFromCaps(
  caps: Caps | undefined,
): Pick<MeteringDraft, "includedUnits" | "periodDays" | "onExceed"> {
  const capped =
    caps !== undefined && caps.callsPerPeriod > 0 && caps.periodSeconds % DAY === 0 && caps.periodSeconds > 0;
  return {
    includedUnits: capped ? String(caps.callsPerPeriod) : "1000",
    periodDays: capped ? String(caps.periodSeconds / DAY) : "30",
    onExceed: caps?.onExceed === "NEXT_TIER" ? "NEXT_TIER" : "SUSPEND",
  };
}

/**
 * `draft` with the gateway's signing address as its attester, once the app learns it — unless the
 * creator has typed one already (the same draft object then, so React skips the update).
 */
export function prefillAttester(draft: MeteringDraft, attester: string | null | undefined): MeteringDraft {
  return attester && draft.attester.trim() === "" ? { ...draft, attester } : draft;
}

/** A switched-off draft that fits `caps`, with `attester` (the gateway's address, if known) filled in. */
export function meteringDefaults(caps: Caps | undefined, attester = ""): MeteringDraft {
  return { enabled: false, attester, pricePerUnit: "0.0001", ...fieldsFromCaps(caps) };
}

/** What the terms' caps say about a plan's onExceed, or undefined when both are allowed. */
export function requiredOnExceed(caps: Caps): OnExceedName | undefined {
  if (caps.onExceed === "NEXT_TIER") return "NEXT_TIER";
  if (caps.onExceed === "NONE" && caps.callsPerPeriod === 0) return undefined;
  return "SUSPEND";
}

const ABOVE_CAP: Record<Caps["onExceed"], string> = {
  NONE: "nothing",
  SEPARATE_LICENSE: "a separate license",
  NEXT_TIER: "the next tier",
  SUSPEND: "suspension",
};

/** What the terms' caps ask of a plan, in one sentence. */
export function planRequirement(caps: Caps): string {
  const required = requiredOnExceed(caps);
  const must = required === "NEXT_TIER" ? "say next tier above it" : "suspend the license above it";
  if (caps.callsPerPeriod > 0) {
    const per = caps.periodSeconds === 0 ? "whole term" : formatDuration(caps.periodSeconds);
    return `These terms cap calls at ${count(caps.callsPerPeriod)} per ${per}: the plan must use that period, include at most that many and ${must}.`;
  }
  if (required === undefined) return "These terms cap no calls: any plan fits them.";
  return `These terms cap no calls but call for ${ABOVE_CAP[caps.onExceed]} above a cap: the plan must ${required === "NEXT_TIER" ? "say next tier" : "suspend the license"}.`;
}

export type MeteringResult = { plan: UsagePlan; problems: [] } | { plan: undefined; problems: string[] };

/** The plan `draft` makes under `caps`, priced in a currency of `decimals`, or what is wrong with it. */
export function meteringPlan(draft: MeteringDraft, caps: Caps, decimals: number): MeteringResult {
  const problems: string[] = [];
  const attester = draft.attester.trim();
  const attesterOk = isAddress(attester, { strict: false }) && attester.toLowerCase() !== zeroAddress;
  if (!attesterOk) problems.push("Metering: the attester must be an address (the gateway's signing address).");

  const included = /^\d+$/.test(draft.includedUnits.trim()) ? BigInt(draft.includedUnits.trim()) : null;
  if (included === null || included > MAX_UINT64)
    problems.push("Metering: enter the included units as a whole number.");

  const days = /^\d+$/.test(draft.periodDays.trim()) ? Number(draft.periodDays.trim()) : null;
  const periodSeconds = days === null ? null : days * DAY;
  if (periodSeconds === null || periodSeconds === 0 || periodSeconds > MAX_UINT32) {
    problems.push("Metering: the period must be a whole number of days, at least one.");
  }

  const price = parseAmount(draft.pricePerUnit, decimals);
  if (price === null || price > MAX_UINT128)
    problems.push("Metering: enter a valid price per extra unit (0 = none sold).");

  if (included === 0n && price === 0n) {
    problems.push("Metering: include some units or sell extra ones; a plan with neither could never be used.");
  }

  const required = requiredOnExceed(caps);
  if (required !== undefined && draft.onExceed !== required) {
    problems.push(
      caps.onExceed === "NONE"
        ? "Metering: these terms do not let a license go past its calls cap, so the plan must suspend it."
        : `Metering: these terms call for ${ABOVE_CAP[caps.onExceed]} above a cap, so the plan must ${required === "NEXT_TIER" ? "say next tier" : "suspend the license"}.`,
    );
  }
  if (caps.callsPerPeriod > 0) {
    if (caps.periodSeconds === 0 || caps.periodSeconds % DAY !== 0) {
      problems.push(
        `Metering: these terms cap calls per ${caps.periodSeconds === 0 ? "whole term" : formatDuration(caps.periodSeconds)}, which cannot be metered in whole-day periods.`,
      );
    } else if (periodSeconds !== null && periodSeconds !== caps.periodSeconds) {
      problems.push(
        `Metering: these terms cap calls per ${formatDuration(caps.periodSeconds)}; the period must be the same.`,
      );
    }
    if (included !== null && included > BigInt(caps.callsPerPeriod)) {
      problems.push(
        `Metering: these terms allow at most ${count(caps.callsPerPeriod)} calls per period; include at most that many.`,
      );
    }
  }

  if (problems.length > 0 || included === null || periodSeconds === null || price === null) {
    return { plan: undefined, problems };
  }
  return {
    plan: {
      attester: getAddress(attester),
      includedUnits: included,
      periodSeconds,
      pricePerUnit: price,
      onExceed: draft.onExceed,
    },
    problems: [],
  };
}
