/**
 * The consortium pages' rules, free of React and the chain: proposals in plain words, vote tallies
 * against the threshold, expiry countdowns, who may vote or execute (and why not), and the forms'
 * validation, all in the words the user reads.
 */
import { type Address, getAddress, isAddress, maxUint96, zeroAddress } from "viem";
import type {
  PooledOfferParams,
  ProposalAction,
  ProposalKindName,
  ProposalStatusName,
} from "../../../../scripts/sdk/actions/consortium/proposals.ts";
import { type CurrencyInfo, formatDuration, formatPrice, parseAmount, shortAddress } from "../../lib/format.ts";

/** Consortium limits (Consortium.sol constants). */
export const MAX_MEMBERS = 50;
export const MIN_THRESHOLD_BPS = 5_001;
export const MAX_THRESHOLD_BPS = 10_000;
export const MAX_LIFETIME_DAYS = 365;

export const STATUS_WORDS: Record<ProposalStatusName, string> = {
  ACTIVE: "Open",
  PASSED: "Passed",
  DEFEATED: "Defeated",
  EXPIRED: "Expired",
  EXECUTED: "Executed",
};

/** The "New proposal" form's choices, in plain words. */
export const KIND_WORDS: Record<ProposalKindName, string> = {
  ADMIT_MEMBER: "Admit a member",
  REMOVE_MEMBER: "Remove a member",
  SET_WEIGHT: "Change a member's weight",
  ADD_ASSET: "Pool an asset",
  PUBLISH_OFFER: "Publish an offer on a pooled asset",
  SET_OFFER_STATUS: "Pause, resume or close a pooled offer",
  RELEASE_ASSET: "Release a pooled asset",
};

// ---------------------------------------------------------------- shares and tallies

/** "40 %" or "33.33 %": `part` of `total`, two decimals at most. */
export function percentText(part: bigint, total: bigint): string {
  if (total === 0n) return "0 %";
  const hundredths = (part * 10_000n + total / 2n) / total;
  const whole = hundredths / 100n;
  const frac = hundredths % 100n;
  if (frac === 0n) return `${whole} %`;
  return `${whole}.${frac.toString().padStart(2, "0").replace(/0$/, "")} %`;
}

/** "51 %" or "66.67 %" from basis points. */
export function bpsText(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

/** The least yes weight that passes: yes × 10,000 ≥ thresholdBps × total (as the contract rounds). */
export function requiredWeight(total: bigint, thresholdBps: number): bigint {
  return (total * BigInt(thresholdBps) + 9_999n) / 10_000n;
}

export interface Tally {
  yes: bigint;
  no: bigint;
  total: bigint;
  required: bigint;
  /** Yes weight still missing to pass (0 once passed). */
  missing: bigint;
  /** Shares of the total, 0..100, for the bars. */
  yesPercent: number;
  noPercent: number;
  thresholdPercent: number;
  /** The no side alone keeps the threshold out of reach. */
  unreachable: boolean;
  /** One sentence for screen readers and the caption under the bars. */
  text: string;
}

export function tally(p: { yesWeight: bigint; noWeight: bigint; totalWeight: bigint }, thresholdBps: number): Tally {
  const { yesWeight: yes, noWeight: no, totalWeight: total } = p;
  const required = requiredWeight(total, thresholdBps);
  const missing = yes >= required ? 0n : required - yes;
  const pct = (v: bigint) => (total === 0n ? 0 : Number((v * 10_000n) / total) / 100);
  const text =
    `Yes ${yes} of ${total} weight (${percentText(yes, total)}), no ${no} (${percentText(no, total)}); ` +
    `passing needs ${required} (${bpsText(thresholdBps)}).`;
  return {
    yes,
    no,
    total,
    required,
    missing,
    yesPercent: pct(yes),
    noPercent: pct(no),
    thresholdPercent: thresholdBps / 100,
    unreachable: total - no < required,
    text,
  };
}

// ---------------------------------------------------------------- time

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "in 1 day 23 hours", "in 2 hours 5 minutes", "3 minutes ago": two units, so a countdown visibly moves. */
export function relativeText(unixSeconds: bigint, now: number): string {
  const diff = Number(unixSeconds) - now;
  const abs = Math.abs(diff);
  const days = Math.floor(abs / 86_400);
  const hours = Math.floor((abs % 86_400) / 3_600);
  const minutes = Math.floor((abs % 3_600) / 60);
  const text =
    days > 0
      ? `${plural(days, "day")}${hours > 0 ? ` ${plural(hours, "hour")}` : ""}`
      : hours > 0
        ? `${plural(hours, "hour")}${minutes > 0 ? ` ${plural(minutes, "minute")}` : ""}`
        : plural(Math.max(1, minutes), "minute");
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** The countdown line of a proposal at `now` (Unix seconds, the chain's clock). */
export function countdownText(status: ProposalStatusName, expiresAt: bigint, now: number): string {
  const when = relativeText(expiresAt, now);
  switch (status) {
    case "ACTIVE":
      return `Voting closes ${when}.`;
    case "PASSED":
      return `Can be executed until it expires ${when}.`;
    case "DEFEATED":
      return `Defeated: the no votes keep the threshold out of reach. Expires ${when}.`;
    case "EXPIRED":
      return `Expired ${when}, before it was executed.`;
    case "EXECUTED":
      return "Executed: its action is done.";
  }
}

/** "7 days", "1 day 12 hours" for a proposal lifetime in seconds. */
export function lifetimeText(seconds: bigint): string {
  const s = Number(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  if (days > 0 && hours > 0 && s % 3_600 === 0)
    return `${days} day${days === 1 ? "" : "s"} ${hours} hour${hours === 1 ? "" : "s"}`;
  return formatDuration(s);
}

// ---------------------------------------------------------------- proposals in words

export interface DescribeContext {
  /** The asset's name, if known. */
  assetTitle?: (assetId: bigint) => string | undefined;
  currency: (address: Address) => Pick<CurrencyInfo, "symbol" | "decimals">;
  /** The terms' name, if known. */
  termsName?: (termsId: bigint) => string | undefined;
  /** What the offer is, if known ("asset 7 (Aurora-7B)"). */
  offerAsset?: (offerId: bigint) => bigint | undefined;
}

const OFFER_STATUS_VERBS = { ACTIVE: "Resume", PAUSED: "Pause", CLOSED: "Close" } as const;

export function assetText(assetId: bigint, ctx: Pick<DescribeContext, "assetTitle">): string {
  const title = ctx.assetTitle?.(assetId);
  return title ? `asset ${assetId} (${title})` : `asset ${assetId}`;
}

/** "0.05 ETH, 30 days, terms #3 (Apache 2.0), every version, at most 100 licenses". */
export function offerText(offer: PooledOfferParams, ctx: DescribeContext): string {
  const terms = ctx.termsName?.(offer.termsId);
  const parts = [
    formatPrice(offer.price, ctx.currency(offer.currency)),
    offer.duration === 0n ? "perpetual" : formatDuration(offer.duration),
    `terms #${offer.termsId}${terms ? ` (${terms})` : ""}`,
  ];
  if (offer.allVersions) parts.push("every version");
  if (offer.maxSupply > 0) parts.push(`at most ${offer.maxSupply} licenses`);
  if (offer.royaltyBps > 0) parts.push(`royalty ${bpsText(offer.royaltyBps)}`);
  if (offer.arbiter !== zeroAddress) parts.push(`arbiter ${shortAddress(offer.arbiter)}`);
  return parts.join(", ");
}

/** A proposal's action as one sentence: "Admit 0x7099…79C8 with weight 20". */
export function describeProposal(action: ProposalAction, ctx: DescribeContext): string {
  switch (action.kind) {
    case "ADMIT_MEMBER":
      return `Admit ${shortAddress(action.account)} with weight ${action.weight}`;
    case "REMOVE_MEMBER":
      return `Remove member ${shortAddress(action.account)}`;
    case "SET_WEIGHT":
      return `Set the weight of ${shortAddress(action.account)} to ${action.weight}`;
    case "ADD_ASSET":
      return `Pool ${assetText(action.assetId, ctx)}`;
    case "PUBLISH_OFFER":
      return `Publish an offer on ${assetText(action.offer.assetId, ctx)}: ${offerText(action.offer, ctx)}`;
    case "SET_OFFER_STATUS": {
      const assetId = ctx.offerAsset?.(action.offerId);
      const on = assetId === undefined ? "" : ` on ${assetText(assetId, ctx)}`;
      return `${OFFER_STATUS_VERBS[action.status]} offer #${action.offerId}${on}`;
    }
    case "RELEASE_ASSET":
      return `Release ${assetText(action.assetId, ctx)} to ${shortAddress(action.to)}`;
  }
}

// ---------------------------------------------------------------- who may act

export interface Viewer {
  /** A wallet is connected. */
  connected: boolean;
  /** On the right chain with a wallet client. */
  ready: boolean;
  /** A current member. */
  member: boolean;
}

const WALLET_REASON = (v: Viewer, what: string): string | undefined => {
  if (!v.connected) return `Connect a wallet to ${what}.`;
  if (!v.ready) return `Switch your wallet to the marketplace's network to ${what}.`;
  return undefined;
};

/** Whether the viewer may vote on a proposal, or why not (undefined = may vote). */
export function voteBlock(
  p: { status: ProposalStatusName; voted: boolean },
  viewer: Viewer & { weightAtSnapshot: bigint },
): string | undefined {
  if (p.status === "EXECUTED") return "This proposal was executed: voting is over.";
  if (p.status === "EXPIRED") return "This proposal expired: voting is over.";
  if (!viewer.connected) return "Connect a wallet to vote.";
  if (!viewer.member) return "Only members can vote: you are not a member.";
  if (p.voted) return "Already voted: you voted on this proposal.";
  if (viewer.weightAtSnapshot === 0n) return "You joined after this proposal was created, so you cannot vote on it.";
  if (p.status === "DEFEATED") return "Defeated: the no votes already keep the threshold out of reach.";
  return WALLET_REASON(viewer, "vote");
}

/** Whether anyone (the viewer) may execute a proposal now, or why not (undefined = may execute). */
export function executeBlock(
  p: { status: ProposalStatusName },
  t: Pick<Tally, "missing">,
  viewer: Viewer,
  /** A reason the action would fail now (e.g. an asset not nominated yet). */
  precondition?: string,
): string | undefined {
  if (p.status === "EXECUTED") return "Already executed.";
  if (p.status === "EXPIRED") return "Expired: it can no longer be executed.";
  if (p.status === "DEFEATED") return "Defeated: it can no longer pass.";
  if (p.status === "ACTIVE") return `Not passed yet: it needs ${t.missing} more yes weight.`;
  if (precondition) return precondition;
  return WALLET_REASON(viewer, "execute it");
}

// ---------------------------------------------------------------- forms

export interface MemberRow {
  address: string;
  weight: string;
}

/** A weight as typed: a whole number from 1 to 2⁹⁶ − 1, or null. */
export function parseWeight(text: string): bigint | null {
  const t = text.trim().replace(/,/g, "");
  if (!/^\d{1,29}$/.test(t)) return null;
  const w = BigInt(t);
  return w > 0n && w <= maxUint96 ? w : null;
}

/** A threshold typed as a percentage ("66.67") in basis points, or null. */
export function parseThreshold(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole = "0", fraction = ""] = t.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export interface CreateValidation {
  ok: boolean;
  rowErrors: (string | undefined)[];
  errors: string[];
  totalWeight: bigint;
  members: { account: Address; weight: bigint }[];
  thresholdBps: number | null;
  lifetime: bigint | null;
}

const addressProblem = (text: string): string | undefined => {
  const a = text.trim();
  if (!isAddress(a, { strict: false })) return "Enter a 0x address of 40 hex digits.";
  if (getAddress(a) === zeroAddress) return "The zero address cannot be a member.";
  return undefined;
};

/** The "Create a consortium" form: members and weights, threshold %, lifetime in whole days. */
export function validateCreate(rows: readonly MemberRow[], threshold: string, days: string): CreateValidation {
  const rowErrors: (string | undefined)[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const members: { account: Address; weight: bigint }[] = [];
  let totalWeight = 0n;
  for (const row of rows) {
    const weight = parseWeight(row.weight);
    let error = addressProblem(row.address);
    if (!error && seen.has(getAddress(row.address.trim()))) error = "This address is listed twice.";
    if (!error && weight === null) error = "Enter a weight: a whole number of at least 1.";
    if (isAddress(row.address.trim(), { strict: false })) seen.add(getAddress(row.address.trim()));
    if (weight !== null) totalWeight += weight;
    rowErrors.push(error);
    if (!error && weight !== null) members.push({ account: getAddress(row.address.trim()), weight });
  }
  if (rows.length === 0) errors.push("Add at least one member.");
  if (rows.length > MAX_MEMBERS) errors.push(`A consortium has at most ${MAX_MEMBERS} members.`);
  const thresholdBps = parseThreshold(threshold);
  const thresholdOk = thresholdBps !== null && thresholdBps >= MIN_THRESHOLD_BPS && thresholdBps <= MAX_THRESHOLD_BPS;
  if (!thresholdOk) {
    errors.push("The threshold must be more than 50 % (a majority) and at most 100 %, with two decimals at most.");
  }
  const d = days.trim();
  const lifetimeOk = /^\d{1,3}$/.test(d) && Number(d) >= 1 && Number(d) <= MAX_LIFETIME_DAYS;
  if (!lifetimeOk) errors.push(`Proposals stay open for a whole number of days, from 1 to ${MAX_LIFETIME_DAYS}.`);
  const ok = errors.length === 0 && rowErrors.every((e) => e === undefined);
  return {
    ok,
    rowErrors,
    errors,
    totalWeight,
    members,
    thresholdBps: thresholdOk ? thresholdBps : null,
    lifetime: lifetimeOk ? BigInt(Number(d) * 86_400) : null,
  };
}

/** Everything the "New proposal" form can hold (each kind reads its own fields). */
export interface ProposalDraft {
  kind: ProposalKindName;
  account: string;
  weight: string;
  assetId: string;
  to: string;
  offerId: string;
  offerStatus: "ACTIVE" | "PAUSED" | "CLOSED";
  price: string;
  currency: string;
  days: string;
  maxSupply: string;
  allVersions: boolean;
}

export const EMPTY_DRAFT: ProposalDraft = {
  kind: "ADMIT_MEMBER",
  account: "",
  weight: "",
  assetId: "",
  to: "",
  offerId: "",
  offerStatus: "PAUSED",
  price: "0.05",
  currency: zeroAddress,
  days: "30",
  maxSupply: "0",
  allVersions: false,
};

export interface DraftContext {
  members: readonly { account: Address; weight: bigint }[];
  pooledAssets: readonly bigint[];
  pooledOffers: readonly bigint[];
  currencies: ReadonlyMap<string, Pick<CurrencyInfo, "decimals">>;
}

/**
 * The action a draft proposes, or the problems in plain words. PUBLISH_OFFER's terms id is filled
 * in later (the terms are registered first), so it comes back as 0.
 */
export function validateDraft(
  d: ProposalDraft,
  ctx: DraftContext,
): { action: ProposalAction; errors: [] } | { action: undefined; errors: string[] } {
  const errors: string[] = [];
  const isMember = (a: string) =>
    isAddress(a.trim(), { strict: false }) &&
    ctx.members.some((m) => m.account.toLowerCase() === a.trim().toLowerCase());
  const fail = () => ({ action: undefined, errors });
  const weight = parseWeight(d.weight);
  const assetId = /^\d+$/.test(d.assetId) ? BigInt(d.assetId) : null;
  const pooled = assetId !== null && ctx.pooledAssets.includes(assetId);
  switch (d.kind) {
    case "ADMIT_MEMBER": {
      const problem = addressProblem(d.account);
      if (problem) errors.push(problem);
      else if (isMember(d.account)) errors.push("This address is already a member.");
      if (ctx.members.length >= MAX_MEMBERS)
        errors.push(`The consortium already has ${MAX_MEMBERS} members, the most.`);
      if (weight === null) errors.push("Enter a weight: a whole number of at least 1.");
      if (errors.length > 0 || weight === null) return fail();
      return { action: { kind: d.kind, account: getAddress(d.account.trim()), weight }, errors: [] };
    }
    case "REMOVE_MEMBER":
    case "SET_WEIGHT": {
      if (!isMember(d.account)) errors.push("Pick a current member.");
      if (d.kind === "REMOVE_MEMBER") {
        if (ctx.members.length === 1) errors.push("The last member cannot be removed.");
        if (errors.length > 0) return fail();
        return { action: { kind: d.kind, account: getAddress(d.account.trim()) }, errors: [] };
      }
      if (weight === null) errors.push("Enter the new weight: a whole number of at least 1.");
      if (errors.length > 0 || weight === null) return fail();
      return { action: { kind: d.kind, account: getAddress(d.account.trim()), weight }, errors: [] };
    }
    case "ADD_ASSET":
      if (assetId === null) errors.push("Pick an asset you control.");
      else if (pooled) errors.push(`Asset ${assetId} is already pooled.`);
      if (errors.length > 0 || assetId === null) return fail();
      return { action: { kind: d.kind, assetId }, errors: [] };
    case "RELEASE_ASSET": {
      if (!pooled) errors.push("Pick a pooled asset.");
      const problem = addressProblem(d.to);
      if (problem) errors.push(problem.replace("be a member", "receive an asset"));
      if (errors.length > 0 || assetId === null) return fail();
      return { action: { kind: d.kind, assetId, to: getAddress(d.to.trim()) }, errors: [] };
    }
    case "SET_OFFER_STATUS": {
      const offerId = /^\d+$/.test(d.offerId) ? BigInt(d.offerId) : null;
      if (offerId === null || !ctx.pooledOffers.includes(offerId)) errors.push("Pick one of the consortium's offers.");
      if (errors.length > 0 || offerId === null) return fail();
      return { action: { kind: d.kind, offerId, status: d.offerStatus }, errors: [] };
    }
    case "PUBLISH_OFFER": {
      if (!pooled) errors.push("Pick a pooled asset: the consortium sells only assets it pools.");
      const cur = ctx.currencies.get(d.currency.toLowerCase());
      const price = cur ? parseAmount(d.price, cur.decimals) : null;
      if (!cur) errors.push("Pick a currency the market allows.");
      else if (price === null) errors.push("Enter a valid price, e.g. 0.05.");
      const days = /^\d{1,5}$/.test(d.days.trim()) ? BigInt(d.days.trim()) : null;
      if (days === null) errors.push("Enter the period in whole days (0 = perpetual).");
      const supply = /^\d{1,9}$/.test(d.maxSupply.trim()) ? Number(d.maxSupply.trim()) : null;
      if (supply === null || supply > 4_294_967_295) errors.push("Enter the supply as a whole number (0 = unlimited).");
      if (errors.length > 0 || assetId === null || price === null || days === null || supply === null) return fail();
      return {
        action: {
          kind: d.kind,
          offer: {
            assetId,
            termsId: 0n,
            price,
            currency: getAddress(d.currency),
            duration: days * 86_400n,
            maxSupply: supply,
            allVersions: d.allVersions,
            arbiter: zeroAddress,
            royaltyBps: 0,
          },
        },
        errors: [],
      };
    }
  }
}
