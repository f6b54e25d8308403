/**
 * A license's usage against its terms' caps. The gateway counts requests per UTC day, so a calls
 * cap is measured over the whole UTC days its period spans, today included (a 30-day period: the
 * last 30 days); a period shorter than a day cannot be measured from daily counts. Seats and
 * monthly active users are not metered by the gateway: their caps are shown as they stand.
 */
import type { LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import { formatDuration } from "../../lib/format.ts";
import type { LicenseUsage } from "../../lib/gateway.ts";

type Caps = LicensePreset["caps"];

const DAY_SECONDS = 86_400;
/** The share of a cap from which the card warns. */
export const WARN_AT = 0.8;

/** The UTC day (`YYYY-MM-DD`) of a time in milliseconds. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_SECONDS * 1000);
}

export interface CallsWindow {
  /** First UTC day counted; undefined: since the license began (a cap over its whole term). */
  from: string | undefined;
  /** "today", "in the last 30 days", "in total". */
  words: string;
}

/** The days a calls cap of `periodSeconds` is counted over, ending `today`; undefined below a day. */
export function callsWindow(periodSeconds: number, today: string): CallsWindow | undefined {
  if (periodSeconds === 0) return { from: undefined, words: "in total" };
  if (periodSeconds < DAY_SECONDS) return undefined;
  const days = Math.ceil(periodSeconds / DAY_SECONDS);
  return days === 1
    ? { from: today, words: "today" }
    : { from: addDays(today, -(days - 1)), words: `in the last ${days} days` };
}

export type MeterLevel = "ok" | "warn" | "over";

/** ok below 80 % of `cap`, warn from 80 %, over at or above the cap (`cap` > 0). */
export function meterLevel(used: number, cap: number): MeterLevel {
  if (used >= cap) return "over";
  if (used >= cap * WARN_AT) return "warn";
  return "ok";
}

/** Whole percent used, rounded down (so 79.9 % does not read as the 80 % that warns). */
export function percentUsed(used: number, cap: number): number {
  return Math.floor((used * 100) / cap);
}

const count = (n: number) => n.toLocaleString("en-US");

export const ON_EXCEED_WORDS: Record<Caps["onExceed"], string> = {
  NONE: "",
  SEPARATE_LICENSE: "Beyond it you need a separate license from the licensor.",
  NEXT_TIER: "Beyond it the next pricing tier applies.",
  SUSPEND: "Beyond it access is suspended.",
};

export interface Meter {
  used: number;
  cap: number;
  percent: number;
  level: MeterLevel;
  /** "812 of 1,000 calls in the last 30 days (81 %)". */
  words: string;
  /** The warning at ≥ 80 % and at or over the cap; undefined below. */
  warning: string | undefined;
}

export interface CapLine {
  key: "calls" | "seats" | "mau";
  label: string;
  /** "no cap", "up to 50 (not metered by the gateway)", or the calls meter's words. */
  words: string;
  meter?: Meter | undefined;
}

/** Requests today (UTC) and over `window`, from the gateway's daily counts. */
export function sumUsage(usage: Pick<LicenseUsage, "periods">, today: string, from: string | undefined) {
  const inWindow = usage.periods.filter((p) => p.period <= today && (from === undefined || p.period >= from));
  const todays = usage.periods.find((p) => p.period === today);
  return {
    today: { requests: todays?.requests ?? 0, bytes: todays?.bytes ?? 0 },
    window: inWindow.reduce((n, p) => n + p.requests, 0),
  };
}

/** The calls meter: `used` calls against the cap over its period. */
export function callsMeter(used: number, caps: Caps, window: CallsWindow): Meter {
  const cap = caps.callsPerPeriod;
  const percent = percentUsed(used, cap);
  const level = meterLevel(used, cap);
  const per = `per ${formatDuration(caps.periodSeconds)}`;
  const words = `${count(used)} of ${count(cap)} calls ${window.words} (${percent} %)`;
  const warning =
    level === "over"
      ? `${used > cap ? "Over the cap" : "Cap reached"}: ${count(used)} of ${count(cap)} calls ${per}. ${ON_EXCEED_WORDS[caps.onExceed]}`.trim()
      : level === "warn"
        ? `Warning: ${percent} % of the calls cap used (${count(used)} of ${count(cap)} ${per}).`
        : undefined;
  return { used, cap, percent, level, words, warning };
}

/** The lines the card shows for `caps`, given `used` calls over the calls window (if measurable). */
export function capLines(caps: Caps, window: CallsWindow | undefined, used: number, todayRequests: number): CapLine[] {
  const calls: CapLine =
    caps.callsPerPeriod === 0
      ? { key: "calls", label: "Calls", words: "no cap" }
      : window === undefined
        ? {
            key: "calls",
            label: "Calls",
            words: `up to ${count(caps.callsPerPeriod)} per ${formatDuration(caps.periodSeconds)}; the gateway counts whole days (${count(todayRequests)} today), so no meter`,
          }
        : (() => {
            const meter = callsMeter(used, caps, window);
            return { key: "calls", label: "Calls", words: meter.words, meter };
          })();
  const unmetered = (n: number, note: string) => (n === 0 ? "no cap" : `up to ${count(n)} (${note})`);
  return [
    calls,
    { key: "seats", label: "Seats", words: unmetered(caps.seats, "not metered by the gateway") },
    {
      key: "mau",
      label: "Monthly active users",
      words: unmetered(caps.mau, "you count these; not metered by the gateway"),
    },
  ];
}
