/**
 * Breach claims against one of my licenses: the notice and "Respond" form while a case is open, the
 * history of every case once ruled, and which ruling revoked it. Nothing when no claim was filed.
 */
import { useState } from "react";
import type { Hex } from "viem";
import { type GetLicenseReturnType, respondToClaim } from "../../../../scripts/sdk/index.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { CaseHistory } from "../disputes/CaseHistory.tsx";
import { useDeskData } from "../disputes/disputesData.ts";
import { type LicenseDispute, licenseDispute, STATUS_WORDS } from "../disputes/disputesLogic.ts";
import { EvidenceField } from "../disputes/EvidenceField.tsx";

export function LicenseDisputePanel({ license }: { license: GetLicenseReturnType }) {
  const desk = useDeskData();
  const { tx, busy, ready, run } = useTxRunner();
  if (!desk.data) return null;
  const dispute = licenseDispute(desk.data.cases, license.licenseId);
  if (dispute.cases.length === 0) return null;
  return (
    <LicenseDisputeView
      licenseId={license.licenseId}
      dispute={dispute}
      disabled={!ready || busy}
      tx={tx}
      onRespond={async (caseId, responseHash) =>
        !!(await run(`Response to case ${caseId}`, (c) => respondToClaim(c, { caseId, responseHash })))
      }
    />
  );
}

export function LicenseDisputeView({
  licenseId,
  dispute,
  disabled,
  tx,
  onRespond,
}: {
  licenseId: bigint;
  dispute: LicenseDispute;
  disabled: boolean;
  tx: TxState;
  /** Sends the response; true once confirmed. */
  onRespond: (caseId: bigint, responseHash: Hex) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [hash, setHash] = useState<Hex | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);
  const { open: current, revokedBy } = dispute;
  const closed = dispute.cases.filter((c) => c.status !== "OPEN");

  return (
    <section className="license-dispute" aria-label={`Breach claims against license ${licenseId}`}>
      {revokedBy && (
        <p className="dispute-notice dispute-revoked">
          Revoked by the arbiter's ruling in case {revokedBy.caseId.toString()}.
        </p>
      )}
      {current && (
        <>
          <p className="dispute-notice" role="note">
            <strong>
              A breach claim is open against this license (case {current.caseId.toString()}) — respond before the
              arbiter rules.
            </strong>
          </p>
          <CaseHistory dispute={current} />
          <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            Respond
          </button>
          {open && (
            <form
              key={formKey}
              className="dispute-form"
              aria-label={`Respond to case ${current.caseId}`}
              onSubmit={(e) => {
                e.preventDefault();
                if (!hash) return;
                void onRespond(current.caseId, hash).then((ok) => {
                  if (!ok) return;
                  setHash(undefined);
                  setFormKey((k) => k + 1);
                  setOpen(false);
                });
              }}
            >
              <EvidenceField label="Your response" onHash={setHash} disabled={disabled} />
              <p className="muted small">
                The arbiter {current.arbiter} rules; you may respond again, the latest response is kept on chain.
              </p>
              <button type="submit" disabled={disabled || !hash}>
                Send response
              </button>
            </form>
          )}
        </>
      )}
      <TxStatus state={tx} />
      {closed.length > 0 && (
        <details open={!!revokedBy}>
          <summary>Case history ({closed.length})</summary>
          {closed.map((c) => (
            <div key={c.caseId.toString()} className="case-closed">
              <h4>
                Case {c.caseId.toString()}: {STATUS_WORDS[c.status]}
              </h4>
              <CaseHistory dispute={c} />
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
