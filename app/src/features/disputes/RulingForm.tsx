/**
 * The arbiter's ruling on an open case: a ruling note (hashed), then "Uphold (revoke the license)"
 * or "Dismiss", each confirmed after its consequences are stated.
 */
import { useEffect, useRef, useState } from "react";
import type { Hex } from "viem";
import { type DeskCase, rulingConsequence } from "./disputesLogic.ts";
import { EvidenceField } from "./EvidenceField.tsx";

type Ruling = "uphold" | "dismiss";

export function RulingForm({
  dispute,
  disabled,
  onRule,
}: {
  dispute: DeskCase;
  disabled: boolean;
  /** Sends the ruling; true once confirmed. */
  onRule: (ruling: Ruling, rulingHash: Hex) => Promise<boolean>;
}) {
  const [hash, setHash] = useState<Hex | undefined>(undefined);
  const [confirming, setConfirming] = useState<Ruling | undefined>(undefined);
  const cancel = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the safe choice when asked to confirm.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  return (
    <form className="dispute-form" aria-label={`Rule on case ${dispute.caseId}`} onSubmit={(e) => e.preventDefault()}>
      <EvidenceField label="Ruling note" onHash={setHash} disabled={disabled || !!confirming} />
      {confirming ? (
        <fieldset className="dispute-confirm">
          <legend>{rulingConsequence(confirming, dispute)}</legend>
          <button
            type="button"
            className={confirming === "uphold" ? "danger" : undefined}
            disabled={disabled || !hash}
            onClick={() => {
              if (!hash) return;
              void onRule(confirming, hash).then(() => setConfirming(undefined));
            }}
          >
            {confirming === "uphold" ? "Yes, uphold and revoke" : "Yes, dismiss"}
          </button>
          <button ref={cancel} type="button" className="secondary" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <div className="actions">
          <button type="button" className="danger" disabled={disabled || !hash} onClick={() => setConfirming("uphold")}>
            Uphold (revoke the license)
          </button>
          <button
            type="button"
            className="secondary"
            disabled={disabled || !hash}
            onClick={() => setConfirming("dismiss")}
          >
            Dismiss
          </button>
        </div>
      )}
      {!hash && (
        <p className="muted small">Write or attach a ruling note first: its hash is recorded with the ruling.</p>
      )}
    </form>
  );
}
