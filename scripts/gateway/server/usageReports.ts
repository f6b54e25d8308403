// Usage reports: what the gateway's counters (usageMeter.ts: requests per license and UTC day) say a
// license used in its plan's current period, signed with the gateway's attester key as an EIP-712
// UsageReport that anyone may submit to the UsageMeter contract. Pure: no chain call, the clock
// injected. Periods are counted from the Unix epoch and are whole UTC days (UsageMeter enforces it),
// so a period's count is the sum of its days' counts.
import type { Address, LocalAccount } from "viem";
import {
  type SignUsageReportReturnType,
  signUsageReport,
  type UsageReport,
} from "../../sdk/actions/usage/signUsageReport.ts";
import { periodOf, type UsageMeter } from "./usageMeter.ts";

const DAY_SECONDS = 86_400n;

export interface UsagePeriodWindow {
  /** The period's index: floor(t / periodSeconds). */
  period: bigint;
  /** Its first and last UTC day (`YYYY-MM-DD`, inclusive). */
  from: string;
  to: string;
  /** Its bounds in Unix seconds (end exclusive). */
  start: bigint;
  end: bigint;
}

/** The period of `periodSeconds` (a whole number of days) that contains `nowSeconds`, and its UTC days. */
export function periodWindow(nowSeconds: bigint, periodSeconds: bigint): UsagePeriodWindow {
  if (periodSeconds <= 0n || periodSeconds % DAY_SECONDS !== 0n) {
    throw new RangeError(`a metering period is a whole number of days, not ${periodSeconds} seconds`);
  }
  const period = nowSeconds / periodSeconds;
  const start = period * periodSeconds;
  const end = start + periodSeconds;
  return { period, from: periodOf(Number(start) * 1000), to: periodOf(Number(end - 1n) * 1000), start, end };
}

export interface UsageReporterOptions {
  /** The gateway's counters. */
  meter: UsageMeter;
  /** The attester key: the plan's `attester` (or the owner key of an ERC-1271 attester wallet). */
  account: LocalAccount;
  /** The UsageMeter contract the reports are for. */
  usageMeter: Address;
  /** Its chain. */
  chainId: number;
  /** The clock, in milliseconds (default `Date.now`); the chain's time in tests. */
  now?: () => number;
}

export interface SignedUsageReport extends SignUsageReportReturnType {
  window: UsagePeriodWindow;
}

/** Signs usage reports from the gateway's counters. */
export class UsageReporter {
  readonly #meter: UsageMeter;
  readonly #account: LocalAccount;
  readonly #usageMeter: Address;
  readonly #chainId: number;
  readonly #now: () => number;

  constructor({ meter, account, usageMeter, chainId, now = Date.now }: UsageReporterOptions) {
    this.#meter = meter;
    this.#account = account;
    this.#usageMeter = usageMeter;
    this.#chainId = chainId;
    this.#now = now;
  }

  /** The attester's address (the plan's `attester` for an EOA key). */
  get attester(): Address {
    return this.#account.address;
  }

  /** The unsigned report of `licenseId` for the current period of `periodSeconds`: requests summed over its days. */
  draft(licenseId: bigint, periodSeconds: bigint | number): { report: UsageReport; window: UsagePeriodWindow } {
    const nowSeconds = BigInt(Math.floor(this.#now() / 1000));
    const window = periodWindow(nowSeconds, BigInt(periodSeconds));
    const { total } = this.#meter.usage(licenseId.toString(), { from: window.from, to: window.to });
    const report = { licenseId, period: window.period, units: BigInt(total.requests), issuedAt: nowSeconds };
    return { report, window };
  }

  /**
   * The signed report of `licenseId` for the current period of its plan's `periodSeconds`, or
   * undefined when nothing was served in it yet (the contract only takes counts that go up).
   */
  async report(licenseId: bigint, periodSeconds: bigint | number): Promise<SignedUsageReport | undefined> {
    const { report, window } = this.draft(licenseId, periodSeconds);
    if (report.units === 0n) return undefined;
    const signed = await signUsageReport(this.#account, {
      usageMeter: this.#usageMeter,
      chainId: this.#chainId,
      report,
    });
    return { ...signed, window };
  }
}
