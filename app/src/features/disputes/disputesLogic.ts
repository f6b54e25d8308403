/**
 * Disputes, the pure part: hashing evidence (only the hash goes on chain), checking the arbiter to
 * appoint, folding the DisputeDesk's events into appointments and every response of every case,
 * and what each side is shown of a case (its status in words, its history, a license's standing).
 */
import { type Address, getAddress, type Hex, isAddress, isAddressEqual, keccak256, toBytes, zeroAddress } from "viem";
import type { CaseStatusName, DisputeCase } from "../../../../scripts/sdk/index.ts";

/** A case as the dapp shows it: the desk's record plus every response the holder sent, in order. */
export interface DeskCase extends DisputeCase {
  responses: Hex[];
}

/** An offer whose asset's controller appointed an arbiter on the desk. */
export interface Appointment {
  offerId: bigint;
  assetId: bigint;
  arbiter: Address;
}

export const STATUS_WORDS: Record<CaseStatusName, string> = {
  NONE: "Unknown",
  OPEN: "Open",
  UPHELD: "Upheld: license revoked",
  DISMISSED: "Dismissed",
  WITHDRAWN: "Withdrawn",
};

/**
 * The keccak-256 hash of a piece of evidence: a file's bytes, else the text's UTF-8 bytes (trimmed);
 * undefined when there is nothing to hash. Only this hash is recorded on chain.
 */
export function evidenceHashOf(input: string | Uint8Array): Hex | undefined {
  if (typeof input === "string") {
    const text = input.trim();
    return text ? keccak256(toBytes(text)) : undefined;
  }
  return input.length > 0 ? keccak256(input) : undefined;
}

export type AppointeeCheck = { ok: true; arbiter: Address } | { ok: false; problem: string };

/** The address typed as the arbiter to appoint, checked as the desk checks it (and a bit more). */
export function checkAppointee(input: string, desk: Address | undefined): AppointeeCheck {
  const text = input.trim();
  if (!text) return { ok: false, problem: "Enter the address of the arbiter to appoint." };
  if (!isAddress(text, { strict: false })) return { ok: false, problem: "The arbiter is not a valid address." };
  const arbiter = getAddress(text);
  if (isAddressEqual(arbiter, zeroAddress)) return { ok: false, problem: "The arbiter cannot be the zero address." };
  if (desk && isAddressEqual(arbiter, desk)) {
    return { ok: false, problem: "The dispute desk cannot be its own arbiter: appoint a person, multisig or DAO." };
  }
  return { ok: true, arbiter };
}

/** A DisputeDesk event as viem's getLogs returns it (strict, decoded). */
export type DeskLog =
  | { eventName: "ArbiterAppointed"; args: { offerId: bigint; assetId: bigint; arbiter: Address } }
  | { eventName: "ClaimFiled"; args: { caseId: bigint } }
  | { eventName: "ClaimResponded"; args: { caseId: bigint; responseHash: Hex } }
  | { eventName: string; args: Record<string, unknown> };

export interface FoldedDesk {
  appointments: Appointment[];
  /** Every case id, in filing order. */
  caseIds: bigint[];
  /** Every response of each case (by case id), in order. */
  responses: Map<string, Hex[]>;
}

/** The desk's events, in log order, folded into appointments, case ids and each case's responses. */
export function foldDeskLogs(logs: readonly DeskLog[]): FoldedDesk {
  const appointments: Appointment[] = [];
  const caseIds: bigint[] = [];
  const responses = new Map<string, Hex[]>();
  for (const log of logs) {
    const args = log.args as Record<string, unknown>;
    if (log.eventName === "ArbiterAppointed") {
      appointments.push({
        offerId: args.offerId as bigint,
        assetId: args.assetId as bigint,
        arbiter: args.arbiter as Address,
      });
    } else if (log.eventName === "ClaimFiled") {
      caseIds.push(args.caseId as bigint);
    } else if (log.eventName === "ClaimResponded") {
      const key = (args.caseId as bigint).toString();
      responses.set(key, [...(responses.get(key) ?? []), args.responseHash as Hex]);
    }
  }
  return { appointments, caseIds, responses };
}

const same = (a: Address, b: Address | undefined) => !!b && isAddressEqual(a, b);

/** The cases `account` is the appointed arbiter of: open ones first (oldest first), then the ruled. */
export function casesToRule(cases: readonly DeskCase[], account: Address | undefined): DeskCase[] {
  const mine = cases.filter((c) => same(c.arbiter, account));
  return [...mine.filter((c) => c.status === "OPEN"), ...mine.filter((c) => c.status !== "OPEN")];
}

/** The offers `account` was appointed to arbitrate. */
export const offersArbitratedBy = (appointments: readonly Appointment[], account: Address | undefined) =>
  appointments.filter((a) => same(a.arbiter, account));

export interface LicenseDispute {
  /** The case open against the license, if any. */
  open: DeskCase | undefined;
  /** The upheld case that revoked the license, if any. */
  revokedBy: DeskCase | undefined;
  /** Every case against the license, in filing order. */
  cases: DeskCase[];
}

/** What the holder of `licenseId` is told about claims against it. */
export function licenseDispute(cases: readonly DeskCase[], licenseId: bigint): LicenseDispute {
  const mine = cases.filter((c) => c.licenseId === licenseId);
  return {
    open: mine.find((c) => c.status === "OPEN"),
    revokedBy: mine.find((c) => c.status === "UPHELD"),
    cases: mine,
  };
}

export interface HistoryEntry {
  label: string;
  hash?: Hex | undefined;
  /** Unix seconds, when the desk records it. */
  at?: bigint | undefined;
}

/** A case's history: filed with its evidence, each response, and the ruling or the withdrawal. */
export function caseHistory(c: DeskCase): HistoryEntry[] {
  const entries: HistoryEntry[] = [{ label: "Claim filed with evidence", hash: c.evidenceHash, at: c.filedAt }];
  const responses = c.responses.length > 0 ? c.responses : c.respondedAt > 0n ? [c.responseHash] : [];
  responses.forEach((hash, i) => {
    const last = i === responses.length - 1;
    entries.push({
      label: responses.length > 1 ? `Holder responded (${i + 1} of ${responses.length})` : "Holder responded",
      hash,
      at: last ? c.respondedAt : undefined,
    });
  });
  if (c.status === "UPHELD") {
    entries.push({ label: "Upheld by the arbiter: license revoked", hash: c.rulingHash, at: c.closedAt });
  } else if (c.status === "DISMISSED") {
    entries.push({ label: "Dismissed by the arbiter", hash: c.rulingHash, at: c.closedAt });
  } else if (c.status === "WITHDRAWN") {
    entries.push({ label: "Withdrawn by the claimant", at: c.closedAt });
  }
  return entries;
}

/** The consequences of a ruling, stated before the arbiter confirms it. */
export function rulingConsequence(ruling: "uphold" | "dismiss", c: Pick<DisputeCase, "caseId" | "licenseId">): string {
  return ruling === "uphold"
    ? `Uphold case ${c.caseId}? License ${c.licenseId} is revoked in the same transaction: its holder's access ends in that block. Rulings are final.`
    : `Dismiss case ${c.caseId}? License ${c.licenseId} stays as it is and the claim is closed. Rulings are final.`;
}
