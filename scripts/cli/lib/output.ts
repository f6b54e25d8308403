/** Formatting of results: amounts, sizes, dates, tables and JSON (bigints as decimal strings). */
import { formatUnits } from "viem";
import type { CommandContext } from "./command.ts";

export function println(ctx: Pick<CommandContext, "out">, text = ""): void {
  ctx.out.write(`${text}\n`);
}

/** A note on stderr (steps, warnings): results stay alone on stdout. */
export function note(ctx: Pick<CommandContext, "err">, text: string): void {
  ctx.err.write(`${text}\n`);
}

export function printJson(ctx: Pick<CommandContext, "out">, value: unknown): void {
  println(
    ctx,
    JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
}

/** "0.05 ETH", "25 USDC". */
export function formatAmount(amount: bigint, currency: { decimals: number; symbol: string }): string {
  return `${formatUnits(amount, currency.decimals)} ${currency.symbol}`;
}

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** "3.1 MB" (powers of 1024, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "2025-03-01 12:00 UTC", or "never" for a perpetual license. */
export function formatExpiry(expiresAt: bigint, perpetual: boolean): string {
  if (perpetual) return "never";
  return `${new Date(Number(expiresAt) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "30 days", "12 hours", "perpetual". */
export function formatDuration(seconds: bigint): string {
  if (seconds === 0n) return "perpetual";
  const units: [bigint, string][] = [
    [604_800n, "week"],
    [86_400n, "day"],
    [3600n, "hour"],
    [60n, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0n) return `${seconds / size} ${name}${seconds / size === 1n ? "" : "s"}`;
  }
  return `${seconds} seconds`;
}

/** A left-aligned text table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
