/** The offer form's "Refunds" choice: sales are final (default), or refundable within a window less a penalty. */
import { useId } from "react";
import type { CurrencyInfo } from "../../lib/format.ts";
import { MAX_REFUND_DAYS, type RefundDraft, type RefundPlan, refundPreview } from "../../lib/refunds.ts";

export function RefundFields({
  draft,
  plan,
  onChange,
  price,
  duration,
  currency,
}: {
  draft: RefundDraft;
  plan: RefundPlan;
  onChange: (draft: RefundDraft) => void;
  /** The offer's price in base units and period in seconds, for the preview (null while invalid). */
  price: bigint | null;
  duration: bigint | null;
  currency: CurrencyInfo | undefined;
}) {
  const id = useId();
  const name = `${id}-refunds`;
  return (
    <fieldset className="refund-fields">
      <legend>Refunds</legend>
      <label className="inline">
        <input
          type="radio"
          name={name}
          checked={!draft.refundable}
          onChange={() => onChange({ ...draft, refundable: false })}
        />
        Sales are final
      </label>
      <label className="inline">
        <input
          type="radio"
          name={name}
          checked={draft.refundable}
          onChange={() => onChange({ ...draft, refundable: true })}
        />
        Refundable
      </label>
      {draft.refundable && (
        <div className="refund-inputs">
          <label className="field">
            <span>Refund window in days (1–{MAX_REFUND_DAYS})</span>
            <input
              inputMode="numeric"
              value={draft.days}
              aria-invalid={!!plan.daysProblem}
              aria-describedby={plan.daysProblem ? `${id}-days` : undefined}
              onChange={(e) => onChange({ ...draft, days: e.target.value })}
            />
            {plan.daysProblem && (
              <span id={`${id}-days`} className="error-text small">
                {plan.daysProblem}
              </span>
            )}
          </label>
          <label className="field">
            <span>Penalty in % (0–100)</span>
            <input
              inputMode="decimal"
              value={draft.penalty}
              aria-invalid={!!plan.penaltyProblem}
              aria-describedby={plan.penaltyProblem ? `${id}-penalty` : undefined}
              onChange={(e) => onChange({ ...draft, penalty: e.target.value })}
            />
            {plan.penaltyProblem && (
              <span id={`${id}-penalty`} className="error-text small">
                {plan.penaltyProblem}
              </span>
            )}
          </label>
        </div>
      )}
      <p className="muted small refund-preview" aria-live="polite">
        {refundPreview(plan.policy, price, duration, currency)}
      </p>
    </fieldset>
  );
}
