/**
 * The optional "Metering" section of a new offer: attester, included units per period, period in
 * days, price per extra unit, and what happens above the allowance, checked against the terms' calls
 * cap (meteringPlan.ts). Once the offer is created, `setMeteringPlan` sends UsageMeter.setPlan: a
 * plan is final and can only be set before the offer's first sale, so a failed attempt can be
 * retried from here meanwhile.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { Hash } from "viem";
import { type OnExceedName, setPlan, type TesseraClient, type UsagePlan } from "../../../../scripts/sdk/index.ts";
import type { LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import type { CurrencyInfo } from "../../lib/format.ts";
import { fetchGatewayAttester } from "../../lib/gateway.ts";
import { withHashes } from "../../lib/tessera.ts";
import type { TxState } from "../../ui/TxStatus.tsx";
import {
  fieldsFromCaps,
  type MeteringDraft,
  meteringDefaults,
  meteringPlan,
  planRequirement,
  prefillAttester,
} from "./meteringPlan.ts";

type Caps = LicensePreset["caps"];

const ON_EXCEED_LABEL: Record<OnExceedName, string> = {
  SUSPEND: "Suspend the license until the holder tops up",
  NEXT_TIER: "Keep serving; the extra units are owed at the unit price (next tier)",
};

export interface Metering {
  draft: MeteringDraft;
  setDraft: (draft: MeteringDraft) => void;
  caps: Caps | undefined;
  currency: CurrencyInfo | undefined;
  /** Whether the deployment has a UsageMeter. */
  available: boolean;
  /** The plan to set after the offer (undefined: metering off, or the draft has problems). */
  plan: UsagePlan | undefined;
  /** Why the offer cannot be published with this section as it stands. */
  problems: string[];
  /** An offer created without its plan (setPlan failed): a retry is offered. */
  retry: { offerId: bigint; plan: UsagePlan } | undefined;
  setRetry: (retry: { offerId: bigint; plan: UsagePlan } | undefined) => void;
}

/**
 * The section's state for the offer form, under the draft terms' `caps` and the offer's `currency`.
 * The attester field is pre-filled with the gateway's signing address (`GET /v1/attester`), or with
 * `attester` when given.
 */
export function useMetering(
  client: TesseraClient | undefined,
  caps: Caps | undefined,
  currency: CurrencyInfo | undefined,
  attester?: string,
): Metering {
  const [draft, setDraft] = useState<MeteringDraft>(() => meteringDefaults(caps, attester));
  const gatewayAttester = useQuery({
    queryKey: ["gateway-attester"],
    queryFn: fetchGatewayAttester,
    enabled: attester === undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const known = attester ?? gatewayAttester.data;
  useEffect(() => setDraft((d) => prefillAttester(d, known)), [known]);
  const [retry, setRetry] = useState<Metering["retry"]>(undefined);
  const available = client?.contracts.usage !== undefined;
  const result = draft.enabled && caps && currency ? meteringPlan(draft, caps, currency.decimals) : undefined;
  const problems = !draft.enabled
    ? []
    : !available
      ? ["Metering: this deployment has no UsageMeter; switch metering off."]
      : (result?.problems ?? []);
  return { draft, setDraft, caps, currency, available, plan: result?.plan, problems, retry, setRetry };
}

/**
 * Sets `plan` on the new offer `offerId`, reporting progress to `show`; the transaction's hash once
 * confirmed. On failure (shown) the offer stays published without a plan, and `metering.retry`
 * remembers it.
 */
export async function setMeteringPlan(
  client: TesseraClient,
  metering: Pick<Metering, "setRetry">,
  offerId: bigint,
  plan: UsagePlan,
  show: (state: TxState) => void,
): Promise<Hash | undefined> {
  const label = `Metering plan of offer #${offerId}`;
  try {
    show({ status: "signing", label });
    const done = await setPlan(
      withHashes(client, (hash) => show({ status: "pending", label, hash })),
      { offerId, plan },
    );
    show({ status: "confirmed", label, hash: done.hash });
    metering.setRetry(undefined);
    return done.hash;
  } catch (error) {
    show({ status: "failed", label, error });
    metering.setRetry({ offerId, plan });
    return undefined;
  }
}

export function MeteringFields({
  metering,
  busy,
  onRetry,
}: {
  metering: Metering;
  busy: boolean;
  /** Retries setPlan on an offer published without its plan. */
  onRetry: (retry: NonNullable<Metering["retry"]>) => void;
}) {
  const { draft, setDraft, caps, currency, available, retry } = metering;
  const titleId = useId();
  const set = (patch: Partial<MeteringDraft>) => setDraft({ ...draft, ...patch });
  return (
    <fieldset className="metering" aria-labelledby={titleId}>
      <legend id={titleId}>Metering (optional)</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.enabled}
          disabled={!available}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        Meter gateway calls with a usage plan
      </label>
      {!available && <p className="muted small">This deployment has no UsageMeter, so offers cannot be metered.</p>}
      {available && (
        <p className="muted small">
          The gateway counts each license's calls and signs usage reports; licenses include some units per period and
          may buy more. The plan is set right after the offer is created, never changes, and can only be set before the
          offer's first sale.
        </p>
      )}
      {draft.enabled && (
        <div className="metering-fields">
          {caps && <p className="small">{planRequirement(caps)}</p>}
          <label className="field">
            <span>Attester (the gateway's signing address)</span>
            <input
              value={draft.attester}
              placeholder="0x…"
              spellCheck={false}
              onChange={(e) => set({ attester: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Included units per period</span>
            <input
              inputMode="numeric"
              value={draft.includedUnits}
              onChange={(e) => set({ includedUnits: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Period in days</span>
            <input inputMode="numeric" value={draft.periodDays} onChange={(e) => set({ periodDays: e.target.value })} />
          </label>
          <label className="field">
            <span>Price per extra unit{currency ? ` (${currency.symbol})` : ""}, 0 = none sold</span>
            <input
              inputMode="decimal"
              value={draft.pricePerUnit}
              onChange={(e) => set({ pricePerUnit: e.target.value })}
            />
          </label>
          <fieldset className="field">
            <legend>On exceeding the allowance</legend>
            {(["SUSPEND", "NEXT_TIER"] as const).map((o) => (
              <label key={o} className="inline">
                <input
                  type="radio"
                  name={`${titleId}-on-exceed`}
                  value={o}
                  checked={draft.onExceed === o}
                  onChange={() => set({ onExceed: o })}
                />
                {ON_EXCEED_LABEL[o]}
              </label>
            ))}
          </fieldset>
          {caps && caps.callsPerPeriod > 0 && (
            <button type="button" className="secondary" onClick={() => set(fieldsFromCaps(caps))}>
              Match the terms' calls cap
            </button>
          )}
        </div>
      )}
      {retry && (
        <p>
          Offer #{retry.offerId.toString()} was published without its plan.{" "}
          <button type="button" disabled={busy} onClick={() => onRetry(retry)}>
            Set the metering plan of offer #{retry.offerId.toString()}
          </button>
        </p>
      )}
    </fieldset>
  );
}
