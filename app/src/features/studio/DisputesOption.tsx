/** The offer form's "Disputes" option: breach claims ruled by an arbiter the licensor appoints. */
import { useId } from "react";
import type { DisputesDraft, DisputesPlan } from "./disputesOption.ts";

export function DisputesOption({
  draft,
  plan,
  onChange,
}: {
  draft: DisputesDraft;
  plan: DisputesPlan;
  onChange: (draft: DisputesDraft) => void;
}) {
  const id = useId();
  const invalid = draft.enabled && draft.arbiter.trim() !== "" && !!plan.problem;
  return (
    <fieldset className="disputes-option">
      <legend>Disputes</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.enabled}
          aria-describedby={`${id}-about`}
          onChange={(e) => onChange({ ...draft, enabled: e.target.checked })}
        />
        Disputes: breach claims ruled by an arbiter I appoint
      </label>
      <p id={`${id}-about`} className="muted small">
        The offer names the dispute desk as its arbiter; a second transaction then appoints the arbiter below. The
        arbiter can only be appointed before the offer's first sale, and the appointment is final. You may then file
        breach claims against licenses sold under the offer; an upheld claim revokes the license.
      </p>
      {draft.enabled && (
        <label className="field">
          <span>Arbiter to appoint (a person, multisig or DAO)</span>
          <input
            value={draft.arbiter}
            placeholder="0x…"
            aria-invalid={invalid}
            aria-describedby={invalid ? `${id}-problem` : undefined}
            onChange={(e) => onChange({ ...draft, arbiter: e.target.value })}
          />
          {invalid && (
            <span id={`${id}-problem`} className="error-text small">
              {plan.problem}
            </span>
          )}
        </label>
      )}
    </fieldset>
  );
}
