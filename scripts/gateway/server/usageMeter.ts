// Metering: requests and bytes served per license and UTC day. The counters are a view of the audit
// log (every served request is an entry carrying its license id), so they are rebuilt from the log
// at start and nothing counted is lost across restarts; usage reports and caps read them.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { AuditEntry } from "../audit/entry.ts";

export interface UsagePeriod {
  /** UTC day, `YYYY-MM-DD`. */
  period: string;
  requests: number;
  bytes: number;
}

export interface LicenseUsage {
  periods: UsagePeriod[];
  total: { requests: number; bytes: number };
}

/** The UTC day of an ISO 8601 timestamp or epoch ms. */
export function periodOf(time: string | number): string {
  return (typeof time === "number" ? new Date(time).toISOString() : time).slice(0, 10);
}

export class UsageMeter {
  /** licenseId → period → counters. */
  readonly #byLicense = new Map<string, Map<string, UsagePeriod>>();

  /** Counts one served request. */
  record(licenseId: string, time: string | number, bytes: number): void {
    const period = periodOf(time);
    let periods = this.#byLicense.get(licenseId);
    if (periods === undefined) {
      periods = new Map();
      this.#byLicense.set(licenseId, periods);
    }
    const counters = periods.get(period) ?? { period, requests: 0, bytes: 0 };
    counters.requests += 1;
    counters.bytes += bytes;
    periods.set(period, counters);
  }

  /** Usage of a license, oldest period first, within [from, to] (inclusive UTC days) if given. */
  usage(licenseId: string, { from, to }: { from?: string; to?: string } = {}): LicenseUsage {
    const periods = [...(this.#byLicense.get(licenseId)?.values() ?? [])]
      .filter((p) => (from === undefined || p.period >= from) && (to === undefined || p.period <= to))
      .sort((a, b) => (a.period < b.period ? -1 : 1))
      .map((p) => ({ ...p }));
    const total = periods.reduce((t, p) => ({ requests: t.requests + p.requests, bytes: t.bytes + p.bytes }), {
      requests: 0,
      bytes: 0,
    });
    return { periods, total };
  }

  /** Rebuilds the counters from an audit log file (a missing file counts nothing). */
  async replay(auditPath: string): Promise<number> {
    let counted = 0;
    const stream = createReadStream(auditPath, { encoding: "utf8" });
    try {
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        if (line === "") continue;
        const entry = JSON.parse(line) as AuditEntry;
        if (entry.verdict === "served" && entry.licenseId !== null) {
          this.record(entry.licenseId, entry.time, entry.bytes);
          counted++;
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    } finally {
      stream.destroy();
    }
    return counted;
  }
}
