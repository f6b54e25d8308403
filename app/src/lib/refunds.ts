/**
 * Refundable offers in words and numbers: the studio's "Refunds" choice (validation into the SDK's
 * RefundPolicy), the one-line policy shown on offers, the refund a buyer would get (mirroring the
 * contract's unused share less the penalty) and the state of a licence's refund panel.
 */
import type { RefundPolicy, RefundQuoteReturnType } from "../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatBalance, formatDateTime, formatDuration, formatPrice } from "./format.ts";

export const MAX_REFUND_DAYS = 365;
const BPS = 10_000n;

/** The offer form's "Refunds" choice, as typed. */
export interface RefundDraft {
  refundable: boolean;
  /** The window in whole days (1–365). */
  days: string;
  /** The penalty in percent (0–100, up to two decimals). */
  penalty: string;
}

export const FINAL_SALES: RefundDraft = { refundable: false, days: "14", penalty: "10" };

export interface RefundPlan {
  /** The policy to pass to createOffer; undefined for final sales or while a field is invalid. */
  policy?: RefundPolicy | undefined;
  /** Why the window cannot be used. */
  daysProblem?: string | undefined;
  /** Why the penalty cannot be used. */
  penaltyProblem?: string | undefined;
}

/** "10.5" → 1050 basis points; null unless 0–100 with at most two decimals. */
export function parsePenaltyBps(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ""));
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

export function refundPlan(draft: RefundDraft): RefundPlan {
  if (!draft.refundable) return {};
  const days = /^\d+$/.test(draft.days.trim()) ? Number(draft.days.trim()) : Number.NaN;
  const daysProblem =
    Number.isInteger(days) && days >= 1 && days <= MAX_REFUND_DAYS
      ? undefined
      : `Enter the refund window in whole days, from 1 to ${MAX_REFUND_DAYS}.`;
  const penaltyBps = parsePenaltyBps(draft.penalty);
  const penaltyProblem =
    penaltyBps === null ? "Enter the penalty as a percentage from 0 to 100 (at most two decimals)." : undefined;
  if (daysProblem || penaltyProblem || penaltyBps === null) return { daysProblem, penaltyProblem };
  return { policy: { window: BigInt(days) * 86_400n, penaltyBps } };
}

/** "14 days", "1 day" for whole days (as the form takes them), else the largest exact unit. */
export function windowWords(seconds: bigint): string {
  if (seconds > 0n && seconds % 86_400n === 0n) {
    const days = seconds / 86_400n;
    return `${days} day${days === 1n ? "" : "s"}`;
  }
  return formatDuration(seconds);
}

/** 1050 → "10.5 %". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;
}

/** "Refundable for 14 days (10 % penalty)", "… (no penalty)", or "Sales are final". */
export function refundPolicyWords(policy: RefundPolicy | null | undefined): string {
  if (!policy) return "Sales are final";
  const penalty = policy.penaltyBps === 0 ? "no penalty" : `${formatBps(policy.penaltyBps)} penalty`;
  return `Refundable for ${windowWords(policy.window)} (${penalty})`;
}

/**
 * What a refund pays `elapsed` seconds after a purchase at `price` for `duration` seconds (0 =
 * perpetual), as the contract computes it: the unused share of the payment less the penalty.
 */
export function refundAfter(price: bigint, duration: bigint, elapsed: bigint, penaltyBps: number): bigint {
  const unused = duration === 0n ? price : elapsed >= duration ? 0n : (price * (duration - elapsed)) / duration;
  const penalty = (price * BigInt(penaltyBps)) / BPS;
  return unused > penalty ? unused - penalty : 0n;
}

/** The offer form's plain-words preview of what a buyer gets back. */
export function refundPreview(
  policy: RefundPolicy | undefined,
  price: bigint | null,
  duration: bigint | null,
  currency: Pick<CurrencyInfo, "symbol" | "decimals"> | undefined,
): string {
  if (!policy) return "Sales are final: buyers cannot hand a licence back, and each payment is credited at once.";
  const window = windowWords(policy.window);
  const penalty = policy.penaltyBps === 0 ? "with no penalty" : `less a ${formatBps(policy.penaltyBps)} penalty`;
  let text =
    `Within ${window} of buying, a buyer may hand the licence back: access ends at once and they get the unused ` +
    `share of what they paid, ${penalty}. Each payment is held until its window closes, then credited to you.`;
  if (price !== null && price > 0n && duration !== null && currency) {
    const atOnce = refundAfter(price, duration, 0n, policy.penaltyBps);
    text += ` Handed back at once, a ${formatPrice(price, currency)} licence returns ${formatPrice(atOnce, currency)}`;
    const half = policy.window / 2n;
    if (duration > 0n && half >= 86_400n) {
      const later = refundAfter(price, duration, half, policy.penaltyBps);
      text += `; after ${windowWords((half / 86_400n) * 86_400n)}, about ${formatBalance(later, currency, 6)}`;
    }
    text += ".";
  }
  return text;
}

export type RefundState =
  /** Refundable now: the quote's refund. */
  | { kind: "open"; refund: bigint; paid: bigint; windowEnd: bigint }
  /** Still in the window, but the penalty eats the whole unused share. */
  | { kind: "nothing"; paid: bigint; windowEnd: bigint }
  /** The window closed (the date when the payment is still held, else unknown). */
  | { kind: "closed"; windowEnd?: bigint | undefined }
  /** Handed back: refunded on its end date. */
  | { kind: "refunded"; refund: bigint; endedAt: bigint }
  /** Not a refundable sale. */
  | { kind: "none" };

/** The refund panel's state from the quote, what the market says was refunded, and the offer's policy. */
export function refundState({
  quote,
  refunded,
  refundable,
  revoked,
}: {
  quote: Pick<RefundQuoteReturnType, "refundable" | "releasable" | "refund" | "held" | "windowEnd"> | undefined;
  refunded?: { refund: bigint; endedAt: bigint } | undefined;
  /** The offer has a refund policy. */
  refundable: boolean;
  revoked: boolean;
}): RefundState {
  if (refunded) return { kind: "refunded", ...refunded };
  if (!refundable || revoked) return { kind: "none" };
  if (!quote || quote.held === 0n) return { kind: "closed" };
  if (quote.refundable) return { kind: "open", refund: quote.refund, paid: quote.held, windowEnd: quote.windowEnd };
  if (quote.releasable) return { kind: "closed", windowEnd: quote.windowEnd };
  return { kind: "nothing", paid: quote.held, windowEnd: quote.windowEnd };
}

/** The sentence of the refund panel for a state (none: empty). */
export function refundStateWords(state: RefundState, currency: Pick<CurrencyInfo, "symbol" | "decimals">): string {
  switch (state.kind) {
    case "open":
      return `If you hand it back now you get ${formatPrice(state.refund, currency)} of ${formatPrice(state.paid, currency)} paid (window closes ${formatDateTime(state.windowEnd)}).`;
    case "nothing":
      return `Handing it back now would return nothing of the ${formatPrice(state.paid, currency)} paid: the penalty exceeds the unused share (window closes ${formatDateTime(state.windowEnd)}).`;
    case "closed":
      return state.windowEnd !== undefined
        ? `Refunds closed on ${formatDateTime(state.windowEnd)}.`
        : "Refunds for this licence have closed: its refund window is over.";
    case "refunded":
      return `Refunded: you handed this licence back on ${formatDateTime(state.endedAt)} and ${formatPrice(state.refund, currency)} went to your balance at the market.`;
    case "none":
      return "";
  }
}
