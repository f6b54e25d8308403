/**
 * Argument parsing for every command: node:util parseArgs in strict mode, its errors turned into
 * usage errors, and parsers for the values the commands take (ids, addresses, durations, counts).
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { type Address, getAddress, isAddress } from "viem";
import { UsageError } from "./errors.ts";

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

/** Parses `argv` against `options`; unknown options and missing values are usage errors naming the command. */
export function parseCommandArgs(command: string, argv: string[], options: ParseArgsOptionsConfig): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const quoted = /'([^']+)'/.exec((err as Error).message)?.[1];
    const hint = `(see tessera ${command} --help)`;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
      throw new UsageError(`unknown option ${quoted} for ${command} ${hint}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(`option ${quoted?.split(" ")[0] ?? ""} needs a value ${hint}`.replace("  ", " "));
    }
    throw new UsageError(`${(err as Error).message.split("\n")[0]} ${hint}`);
  }
}

/** Checks the number of positionals: `names` are required in order, `optional` may follow. */
export function expectPositionals(
  command: string,
  positionals: string[],
  names: readonly string[],
  optional: readonly string[] = [],
): void {
  const missing = names[positionals.length];
  if (missing !== undefined) throw new UsageError(`${command} needs <${missing}> (see tessera ${command} --help)`);
  const extra = positionals[names.length + optional.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" (see tessera ${command} --help)`);
}

export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
};

export const flagOption = (values: OptionValues, name: string): boolean => values[name] === true;

/** A decimal id (asset, offer, license, split): a non-negative integer. */
export function parseId(what: string, text: string): bigint {
  if (!/^(0|[1-9][0-9]{0,77})$/.test(text)) throw new UsageError(`${what} must be a whole number, not "${text}"`);
  return BigInt(text);
}

/** A whole number in [min, max]. */
export function parseCount(what: string, text: string, min: number, max: number): number {
  const n = /^[0-9]{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

export function parseAddress(what: string, text: string): Address {
  if (!isAddress(text, { strict: false })) throw new UsageError(`${what} must be a 0x address, not "${text}"`);
  return getAddress(text);
}

const UNIT_SECONDS: Record<string, bigint> = { s: 1n, m: 60n, h: 3600n, d: 86_400n, w: 604_800n };

/** "30d", "12h", "90m", "3600s", "2w", or "perpetual" / "0" (no expiry): seconds. */
export function parseDuration(text: string): bigint {
  if (text === "perpetual" || text === "0") return 0n;
  const m = /^([1-9][0-9]{0,9})([smhdw]?)$/.exec(text);
  if (!m) throw new UsageError(`--duration must look like 30d, 12h, 90m, 3600s, 2w or perpetual, not "${text}"`);
  return BigInt(m[1] ?? "0") * (UNIT_SECONDS[m[2] || "s"] ?? 1n);
}

/** A URL the CLI will talk to, from a flag or an environment variable (named in the error). */
export function parseUrl(source: string, text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // reported below
  }
  throw new UsageError(`${source} must be an http(s) URL, not "${text}"`);
}
