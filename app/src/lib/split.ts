/** Revenue-split validation for the studio's split editor: shares in basis points summing to 10,000. */
import { type Address, getAddress, isAddress, zeroAddress } from "viem";

export const TOTAL_BPS = 10_000;
/** LicenseMarket's limit on recipients per split. */
export const MAX_RECIPIENTS = 32;

export interface SplitRow {
  address: string;
  /** Percent as typed, e.g. "70" or "12.5" (two decimals at most: 1 bp = 0.01 %). */
  percent: string;
}

export interface SplitValidation {
  ok: boolean;
  /** One message per row (undefined when the row is fine). */
  rowErrors: (string | undefined)[];
  /** Problems of the split as a whole. */
  errors: string[];
  totalBps: number;
  recipients: Address[];
  bps: number[];
}

/** "12.5" → 1250; null when not a percentage with at most two decimals in (0, 100]. */
export function percentToBps(percent: string): number | null {
  const text = percent.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
  const [whole = "0", fraction = ""] = text.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return bps > 0 && bps <= TOTAL_BPS ? bps : null;
}

export function validateSplit(rows: readonly SplitRow[]): SplitValidation {
  const rowErrors: (string | undefined)[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const recipients: Address[] = [];
  const bps: number[] = [];
  let totalBps = 0;
  for (const row of rows) {
    const address = row.address.trim();
    const share = percentToBps(row.percent);
    let error: string | undefined;
    if (!isAddress(address, { strict: false })) error = "Enter a 0x address of 40 hex digits.";
    else if (getAddress(address) === zeroAddress) error = "The zero address cannot receive revenue.";
    else if (seen.has(getAddress(address))) error = "This address is listed twice.";
    else if (share === null) error = "Enter a share between 0.01 and 100 %.";
    if (isAddress(address, { strict: false })) seen.add(getAddress(address));
    if (share !== null) totalBps += share;
    rowErrors.push(error);
    if (!error && share !== null) {
      recipients.push(getAddress(address));
      bps.push(share);
    }
  }
  if (rows.length === 0) errors.push("Add at least one recipient.");
  if (rows.length > MAX_RECIPIENTS) errors.push(`A split has at most ${MAX_RECIPIENTS} recipients.`);
  if (totalBps !== TOTAL_BPS) errors.push(`Shares add up to ${(totalBps / 100).toFixed(2)} %, not 100 %.`);
  const ok = errors.length === 0 && rowErrors.every((e) => e === undefined);
  return { ok, rowErrors, errors, totalBps, recipients, bps };
}
