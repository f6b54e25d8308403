/**
 * The "Register as a derivative" step of the studio, as a decision: a lineage is registered once, by
 * the asset's controller, before the asset's first offer (the registry refuses afterwards with
 * LineageChildAlreadyOffered). The step comes before "publish offer" and is optional: an original
 * work skips it.
 */
import type { Address } from "viem";

export type LineageStep =
  /** The deployment has no LineageRegistry, or the asset or account is not known yet. */
  | { kind: "unavailable" }
  | { kind: "loading" }
  /** The connected account does not control the asset: only its controller may register. */
  | { kind: "not-controller" }
  /** Recorded on chain already (it never changes). */
  | { kind: "registered" }
  /** No lineage and offers exist: too late. */
  | { kind: "offered"; offerCount: number }
  /** The creator said it is an original work. */
  | { kind: "skipped" }
  /** No parent ticked yet. */
  | { kind: "pick" }
  /** Parents ticked: the registry's verdict decides. */
  | { kind: "ready" };

export interface LineageStepInput {
  hasRegistry: boolean;
  account: Address | undefined;
  /** The asset's controller (undefined while read). */
  controller: Address | undefined;
  /** Whether a lineage is recorded (undefined while read). */
  registered: boolean | undefined;
  /** The asset's number of offers, active or not (undefined while read). */
  offerCount: number | undefined;
  picked: number;
  skipped: boolean;
}

export function lineageStep(input: LineageStepInput): LineageStep {
  const { hasRegistry, account, controller, registered, offerCount, picked, skipped } = input;
  if (!hasRegistry || !account) return { kind: "unavailable" };
  if (registered === undefined || offerCount === undefined || controller === undefined) return { kind: "loading" };
  if (registered) return { kind: "registered" };
  if (offerCount > 0) return { kind: "offered", offerCount };
  if (controller.toLowerCase() !== account.toLowerCase()) return { kind: "not-controller" };
  if (skipped) return { kind: "skipped" };
  return picked === 0 ? { kind: "pick" } : { kind: "ready" };
}

/** The sentence shown once the asset has offers and no lineage. */
export const TOO_LATE =
  "This asset already has offers: its lineage can no longer be registered (it had to be before the first offer).";

/**
 * Why "publish offer" must wait, if it must: with parents ticked and no lineage registered, the first
 * offer would make registering impossible for ever.
 */
export function offerBlockedByLineage(step: LineageStep): string | undefined {
  return step.kind === "ready"
    ? "Register the lineage first (step 1), or untick its parents: after the first offer it can no longer be registered."
    : undefined;
}

/** Whether "Register lineage" may be pressed: parents ticked, the registry accepts, a wallet, nothing in flight. */
export function canRegisterLineage(args: {
  step: LineageStep;
  accepted: boolean;
  walletReady: boolean;
  busy: boolean;
}): boolean {
  return args.step.kind === "ready" && args.accepted && args.walletReady && !args.busy;
}
