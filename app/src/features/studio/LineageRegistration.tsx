/**
 * "Register as a derivative": the studio's optional first step for an asset without lineage and
 * without offers. With parents ticked and the LineageRegistry's verdict "accepted", it shows the
 * upstream royalties the derivative will owe (each ancestor's split and share, and the total) and
 * registers the lineage; once the asset has offers it explains that it is too late.
 */
import type { UseQueryResult } from "@tanstack/react-query";
import {
  paysUpstreamSentence,
  type RoyaltyShareLike,
  type SplitOwners,
  totalSentence,
  willOweSentence,
} from "../../lib/royalties.ts";
import { Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import type { RegistryVerdict } from "./derivativeParents.ts";
import { canRegisterLineage, type LineageStep, TOO_LATE } from "./lineageStep.ts";

export function LineageRegistration({
  step,
  verdict,
  owners,
  registeredRoyalties,
  walletReady,
  tx,
  onRegister,
  onSkip,
}: {
  step: LineageStep;
  verdict: UseQueryResult<RegistryVerdict>;
  /** Split id → the ancestor paid through it. */
  owners: SplitOwners;
  /** The recorded royalties, once registered. */
  registeredRoyalties: readonly RoyaltyShareLike[] | undefined;
  walletReady: boolean;
  tx: TxState;
  onRegister: () => void;
  /** true: "this is an original work"; false: undo that. */
  onSkip: (skip: boolean) => void;
}) {
  if (step.kind === "unavailable") return null;
  const busy = tx.status === "signing" || tx.status === "pending";
  const v = verdict.data;
  const accepted = v?.kind === "checked" && v.result.ok;
  const royalties = v?.kind === "checked" && v.result.ok ? v.result.royalties : undefined;
  return (
    <section className="lineage-step" aria-labelledby="lineage-step-title">
      <h3 id="lineage-step-title">Register as a derivative</h3>
      {(step.kind === "pick" || step.kind === "ready" || step.kind === "skipped") && (
        <p className="muted small">
          Step 1 of 2, optional: the lineage is registered before the asset's first offer. Step 2: publish the offer
          below.
        </p>
      )}
      {step.kind === "loading" && <Loading label="Reading the asset's lineage and offers…" />}
      {step.kind === "not-controller" && (
        <p className="muted small">Only the account that controls this asset can register its lineage.</p>
      )}
      {step.kind === "offered" && (
        <p className="muted small" role="note">
          {TOO_LATE}
        </p>
      )}
      {step.kind === "registered" && (
        <>
          <p className="registry-verdict ok" role="status">
            ✓ This asset's lineage is registered on chain; it cannot change.
          </p>
          {registeredRoyalties && registeredRoyalties.length > 0 ? (
            <>
              <p className="royalty-owed">{paysUpstreamSentence(registeredRoyalties, owners)}</p>
              <p className="muted small">{totalSentence(registeredRoyalties)}</p>
            </>
          ) : (
            <p className="muted small">It owes no upstream royalties.</p>
          )}
        </>
      )}
      {step.kind === "skipped" && (
        <>
          <p role="status">
            Skipped: this is an original work. Once it has an offer, its lineage can no longer be registered.
          </p>
          <button type="button" className="secondary" onClick={() => onSkip(false)}>
            Undo: it is a derivative
          </button>
        </>
      )}
      {step.kind === "pick" && (
        <>
          <p className="small">
            If this asset was made from assets you hold licenses for, tick them under “Derivative of”: registering its
            lineage records them, and the royalties it owes them on every sale.
          </p>
          <button type="button" className="secondary" onClick={() => onSkip(true)}>
            Skip: this is an original work
          </button>
        </>
      )}
      {step.kind === "ready" && (
        <>
          {verdict.isPending && verdict.fetchStatus === "idle" && (
            <p className="muted small">
              Fix the draft terms above: the registry checks the terms the asset is offered under.
            </p>
          )}
          {verdict.isPending && verdict.fetchStatus !== "idle" && <Loading label="Asking the LineageRegistry…" />}
          {v?.kind === "unregistered" && (
            <p className="muted small">
              The registry checks registered terms only: first press “Register these terms to check them on chain”
              above.
            </p>
          )}
          {v?.kind === "checked" && !v.result.ok && (
            <p className="muted small">
              The LineageRegistry would refuse (why is above): change the draft or the parents.
            </p>
          )}
          {royalties && (
            <div className="royalty-owed" role="status">
              <p>{willOweSentence(royalties, owners)}</p>
              {royalties.length > 0 && <p className="muted small">{totalSentence(royalties)}</p>}
              <p className="muted small">
                Registering records the parents, the versions used and one commitment; it cannot be changed afterwards.
              </p>
            </div>
          )}
          <div className="actions">
            <button
              type="button"
              disabled={!canRegisterLineage({ step, accepted, walletReady, busy })}
              onClick={onRegister}
            >
              Register lineage
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => onSkip(true)}>
              Skip: this is an original work
            </button>
          </div>
        </>
      )}
      <TxStatus state={tx} />
    </section>
  );
}
