/** Formatting of prices, durations, dates and addresses for display (and parsing of typed amounts). */
import { type Address, formatUnits, parseUnits } from "viem";

export interface CurrencyInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

/** "1,234.5" from 1234.5 units: exact (no rounding), thousands grouped, trailing zeros dropped. */
export function formatUnitsGrouped(amount: bigint, decimals: number): string {
  const text = formatUnits(amount, decimals);
  const negative = text.startsWith("-");
  const [whole = "0", fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** "0.01 ETH", "12,000 dUSDC"; "Free" for zero. */
export function formatPrice(amount: bigint, currency: Pick<CurrencyInfo, "symbol" | "decimals">): string {
  if (amount === 0n) return "Free";
  return `${formatUnitsGrouped(amount, currency.decimals)} ${currency.symbol}`;
}

/** A balance, rounded down to `maxFraction` decimals ("9,999.9888 ETH"). */
export function formatBalance(
  amount: bigint,
  currency: Pick<CurrencyInfo, "symbol" | "decimals">,
  maxFraction = 4,
): string {
  const cut = currency.decimals > maxFraction ? 10n ** BigInt(currency.decimals - maxFraction) : 1n;
  return `${formatUnitsGrouped((amount / cut) * cut, currency.decimals)} ${currency.symbol}`;
}

/** The amount a user typed ("0.5", "1,000") in base units, or null when it is not a valid amount. */
export function parseAmount(text: string, decimals: number): bigint | null {
  const clean = text.trim().replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const fraction = clean.split(".")[1] ?? "";
  if (fraction.length > decimals) return null;
  try {
    return parseUnits(clean, decimals);
  } catch {
    return null;
  }
}

const UNITS: [seconds: number, singular: string][] = [
  [365 * 86_400, "year"],
  [7 * 86_400, "week"],
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** "30 days", "1 year", "perpetual" (0); no months, which are not a fixed length. Uses the largest unit that divides the duration exactly. */
export function formatDuration(seconds: bigint | number): string {
  const s = Number(seconds);
  if (s === 0) return "perpetual";
  for (const [size, name] of UNITS) {
    if (s % size === 0) {
      const n = s / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${s} seconds`;
}

/** "0x7099…79C8". */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** "2026-11-25 14:03 UTC" from Unix seconds. */
export function formatDateTime(unixSeconds: bigint | number): string {
  const date = new Date(Number(unixSeconds) * 1000);
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "in 3 days", "2 hours ago" relative to `now` (Unix seconds). */
export function formatRelative(unixSeconds: bigint | number, now: number): string {
  const diff = Number(unixSeconds) - now;
  const abs = Math.abs(diff);
  const [size, name] = UNITS.find(([size]) => abs >= size && size >= 60) ?? [60, "minute"];
  const n = Math.max(1, Math.floor(abs / size));
  const text = `${n} ${name}${n === 1 ? "" : "s"}`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** Bytes as "1.5 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[i]}`;
}
