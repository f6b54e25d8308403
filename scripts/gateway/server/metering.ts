// Metered licenses at the gateway. The UsageMeter contract holds each offer's plan (PlanSet events)
// and each license's reported usage and top-ups; the gateway is the plans' attester. Two jobs:
// - refuse a license whose plan suspends it over its cap (`isSuspended`, one contract read per
//   license, cached like entitlements and dropped by the license's UsageReported / ToppedUp
//   events) — licenses whose offer has no suspending plan are answered from the events, no RPC;
// - sign the license's usage report for its plan's current period from the gateway's counters.
import type { Address, LocalAccount } from "viem";
import type { TesseraClient } from "../../sdk/deployments.ts";
import type { MarketBatch, MarketEvents } from "./marketEvents.ts";
import type { UsageMeter } from "./usageMeter.ts";
import { type SignedUsageReport, UsageReporter } from "./usageReports.ts";

/** TermsRegistry's OnExceed ordinal for "suspend": the license stops entitling over its cap. */
const SUSPEND = 3;

interface PlanFacts {
  attester: Address;
  periodSeconds: number;
  onExceed: number;
}

export interface MeteringOptions {
  events: MarketEvents;
  usage: UsageMeter;
  /** The attester key (TESSERA_ATTESTER_KEY); without one the gateway signs no reports. */
  attester?: LocalAccount | undefined;
  chainId: number;
  ttlMs: number;
  now: () => number;
}

export class Metering {
  readonly #client: TesseraClient;
  readonly #options: MeteringOptions;
  readonly #plans = new Map<string, PlanFacts>();
  readonly #suspended = new Map<string, { value: boolean; at: number }>();
  readonly #reporter: UsageReporter | undefined;

  constructor(client: TesseraClient, options: MeteringOptions) {
    this.#client = client;
    this.#options = options;
    const meter = client.contracts.usage;
    this.#reporter =
      meter && options.attester
        ? new UsageReporter({
            meter: options.usage,
            account: options.attester,
            usageMeter: meter.address,
            chainId: options.chainId,
            now: options.now,
          })
        : undefined;
    options.events.subscribe((batch) => this.#onBatch(batch));
  }

  /** Whether `licenseId` is over its cap under a plan that suspends it; throws when the chain cannot say. */
  async isSuspended(licenseId: bigint): Promise<boolean> {
    const meter = this.#client.contracts.usage;
    const plan = this.#plans.get((licenseId >> 32n).toString());
    if (meter === undefined || plan?.onExceed !== SUSPEND) return false;
    const key = licenseId.toString();
    const now = this.#options.now();
    const hit = this.#suspended.get(key);
    if (hit !== undefined && now >= hit.at && now - hit.at < this.#options.ttlMs) return hit.value;
    const value = await this.#client.public.readContract({ ...meter, functionName: "isSuspended", args: [licenseId] });
    this.#suspended.set(key, { value, at: now });
    return value;
  }

  /**
   * The signed report of `licenseId`'s usage in its plan's current period, or why there is none:
   * "unmetered" (no plan, or the gateway is not the plan's attester) or "nothing served yet".
   */
  async report(licenseId: bigint): Promise<SignedUsageReport | "unmetered" | "nothing served yet"> {
    const plan = this.#plans.get((licenseId >> 32n).toString());
    const reporter = this.#reporter;
    if (!plan || !reporter || plan.attester.toLowerCase() !== reporter.attester.toLowerCase()) return "unmetered";
    return (await reporter.report(licenseId, plan.periodSeconds)) ?? "nothing served yet";
  }

  #onBatch(batch: MarketBatch): void {
    if (batch.reset) {
      this.#plans.clear();
      this.#suspended.clear();
    }
    for (const { eventName, args } of batch.logs) {
      if (eventName === "PlanSet" && typeof args.offerId === "bigint") {
        const plan = args.plan as { periodSeconds: number; onExceed: number };
        this.#plans.set(args.offerId.toString(), {
          attester: args.attester as Address,
          periodSeconds: plan.periodSeconds,
          onExceed: plan.onExceed,
        });
      } else if ((eventName === "UsageReported" || eventName === "ToppedUp") && typeof args.licenseId === "bigint") {
        this.#suspended.delete(args.licenseId.toString());
      }
    }
  }
}
