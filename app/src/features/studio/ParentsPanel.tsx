/**
 * The terms builder's parents: the picker (the licenses the creator holds, each with how the new
 * asset was made from it) or the asset's registered lineage, and beside the plain words what each
 * parent's terms force on the draft, with every rule the draft breaks flagged, plus the
 * LineageRegistry's own verdict for picked parents.
 */
import type { UseQueryResult } from "@tanstack/react-query";
import { RELATIONS, type RelationName } from "../../../../scripts/sdk/index.ts";
import { errorWords } from "../../lib/errors.ts";
import { href } from "../../lib/router.ts";
import { trainingConfigHash } from "../../lib/royalties.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import {
  defaultRelation,
  type ParentCandidate,
  type ParentPicks,
  type ParentRef,
  type RegistryVerdict,
} from "./derivativeParents.ts";
import {
  type ChildDraft,
  licenseLabel,
  type ParentReport,
  type ParentSide,
  parentConstraints,
  RELATION_WORDS,
} from "./parentConstraints.ts";

const RELATION_OPTIONS: Record<RelationName, string> = {
  FINE_TUNED_FROM: "Fine-tuned from it",
  TRAINED_ON: "Trained on it",
  DISTILLED_FROM: "Distilled from its outputs",
};

export function ParentPicker({
  registered,
  candidates,
  loading,
  error,
  title,
  picks,
  onPicks,
  name,
  onName,
  family,
  onFamily,
  trainingConfig,
  onTrainingConfig,
}: {
  registered: readonly ParentRef[];
  candidates: readonly ParentCandidate[];
  loading: boolean;
  error: unknown;
  title: (assetId: bigint) => string;
  picks: ParentPicks;
  onPicks: (picks: ParentPicks) => void;
  name: string;
  onName: (name: string) => void;
  family: string;
  onFamily: (family: string) => void;
  /** The training configuration's text (hashed into the lineage); absent once registered. */
  trainingConfig?: string | undefined;
  onTrainingConfig?: ((text: string) => void) | undefined;
}) {
  const toggle = (c: ParentCandidate, on: boolean) => {
    const id = c.license.licenseId.toString();
    const { [id]: _dropped, ...rest } = picks;
    onPicks(on ? { ...rest, [id]: defaultRelation(c.kind) } : rest);
  };
  return (
    <fieldset className="field parent-picker">
      <legend>Derivative of</legend>
      {registered.length > 0 ? (
        <>
          <p className="small">Registered lineage (recorded on chain, cannot change):</p>
          <ul className="parent-list">
            {registered.map((p) => (
              <li key={p.assetId.toString()}>
                {RELATION_WORDS[p.relation]} <a href={href(`/asset/${p.assetId}`)}>{title(p.assetId)}</a>{" "}
                <span className="muted small">(license {p.licenseId.toString()})</span>
              </li>
            ))}
          </ul>
        </>
      ) : loading ? (
        <Loading label="Reading your licenses…" />
      ) : error ? (
        <ErrorBox error={error} />
      ) : candidates.length === 0 ? (
        <p className="muted small">
          An original work. To offer a derivative, first hold an active license on each parent (fine-tuned from, trained
          on or distilled from).
        </p>
      ) : (
        <>
          <p className="muted small">
            If this asset was made from assets you hold licenses for, tick them: their terms limit yours.
          </p>
          <ul className="parent-list">
            {candidates.map((c) => {
              const id = c.license.licenseId.toString();
              const relation = picks[id];
              return (
                <li key={id}>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={relation !== undefined}
                      onChange={(e) => toggle(c, e.target.checked)}
                    />
                    {c.title} <span className="muted small">(license {id})</span>
                  </label>
                  {relation !== undefined && (
                    <select
                      aria-label={`How this asset was made from ${c.title}`}
                      value={relation}
                      onChange={(e) => onPicks({ ...picks, [id]: e.target.value as RelationName })}
                    >
                      {RELATIONS.map((r) => (
                        <option key={r} value={r}>
                          {RELATION_OPTIONS[r]}
                        </option>
                      ))}
                    </select>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {(registered.length > 0 || Object.keys(picks).length > 0) && (
        <>
          <label className="field">
            <span>Name the lineage records</span>
            <input value={name} onChange={(e) => onName(e.target.value)} />
          </label>
          <label className="field">
            <span>Model family (e.g. llama; for same-family rules)</span>
            <input value={family} onChange={(e) => onFamily(e.target.value)} />
          </label>
          {registered.length === 0 && onTrainingConfig && (
            <label className="field">
              <span>Training configuration (hashed, optional)</span>
              <textarea
                rows={3}
                value={trainingConfig ?? ""}
                placeholder="Recipe, data mix, hyper-parameters…"
                onChange={(e) => onTrainingConfig(e.target.value)}
              />
              <small>
                {trainingConfig?.trim() ? (
                  <>
                    Recorded as keccak256 <code className="hash">{trainingConfigHash(trainingConfig)}</code>: only the
                    hash goes on chain.
                  </>
                ) : (
                  "Only its keccak256 hash goes on chain; left empty, zero is recorded."
                )}
              </small>
            </label>
          )}
        </>
      )}
    </fieldset>
  );
}

function ConstraintList({ report }: { report: ParentReport }) {
  if (report.constraints.length === 0 && report.obligations.length === 0) {
    return <p className="constraint-none">Nothing forced.</p>;
  }
  return (
    <ul className="constraint-list">
      {report.constraints.map((c) => (
        <li key={c.rule} className={c.broken ? "constraint broken" : "constraint ok"} data-rule={c.rule}>
          <span aria-hidden="true">{c.broken ? "✗ " : "✓ "}</span>
          {c.words}
          {c.broken && (
            <>
              {" "}
              — <strong>breaks this rule:</strong> {c.broken}
            </>
          )}
        </li>
      ))}
      {report.obligations.map((o) => (
        <li key={o} className="constraint recorded">
          <span aria-hidden="true">ℹ </span>Recorded when registering: {o}
        </li>
      ))}
    </ul>
  );
}

function VerdictLine({
  verdict,
  onRegisterTerms,
  termsTx,
}: {
  verdict: UseQueryResult<RegistryVerdict>;
  onRegisterTerms: (() => Promise<void>) | undefined;
  termsTx: TxState;
}) {
  if (verdict.isPending && verdict.fetchStatus === "idle") return null;
  if (verdict.isPending) return <Loading label="Asking the LineageRegistry…" />;
  if (verdict.isError) return <ErrorBox error={verdict.error} />;
  const v = verdict.data;
  if (v.kind === "unregistered") {
    const busy = termsTx.status === "signing" || termsTx.status === "pending";
    return (
      <div>
        <p className="registry-verdict pending" data-verdict="unregistered" role="status">
          LineageRegistry: these exact terms are not registered yet, so the registry cannot check them before they are;
          it applies the rules above.
        </p>
        {onRegisterTerms && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void onRegisterTerms()}>
            Register these terms to check them on chain
          </button>
        )}
        <TxStatus state={termsTx} />
      </div>
    );
  }
  if (v.result.ok) {
    return (
      <p className="registry-verdict ok" data-verdict="accept" role="status">
        ✓ LineageRegistry: registering this asset as a derivative with these terms would be accepted.
      </p>
    );
  }
  return (
    <p className="registry-verdict broken" data-verdict="reject" role="status">
      ✗ LineageRegistry would refuse: {errorWords(v.result.error).message}
    </p>
  );
}

export function ParentConstraintsPanel({
  sides,
  pending,
  error,
  child,
  registered,
  verdict,
  onRegisterTerms,
  termsTx = { status: "idle" },
}: {
  sides: readonly ParentSide[];
  pending: boolean;
  error: unknown;
  /** Undefined while the draft is invalid. */
  child: ChildDraft | undefined;
  /** Parents from the registered lineage (no registry check: it is recorded already). */
  registered: boolean;
  verdict: UseQueryResult<RegistryVerdict>;
  /** Registers the draft's terms (no offer), so the registry can check them; absent without a wallet. */
  onRegisterTerms?: (() => Promise<void>) | undefined;
  termsTx?: TxState;
}) {
  if (sides.length === 0 && !pending && !error) return null;
  const reports = child ? sides.map((s) => ({ side: s, report: parentConstraints(s, child) })) : [];
  const broken = reports.reduce((n, r) => n + r.report.constraints.filter((c) => c.broken).length, 0);
  return (
    <section className="parent-constraints" aria-labelledby="parent-constraints-title">
      <h3 id="parent-constraints-title">What the parents force</h3>
      {error !== undefined && <ErrorBox error={error} />}
      {pending && <Loading label="Reading the parents' terms…" />}
      {!child && <p className="muted small">Fix the draft above to check it against its parents.</p>}
      {child && reports.length > 0 && (
        <p className={broken > 0 ? "constraint-summary broken" : "constraint-summary ok"} role="status">
          {broken === 0
            ? "Your draft keeps every rule its parents force."
            : `Your draft breaks ${broken} rule${broken === 1 ? "" : "s"} its parents force.`}
        </p>
      )}
      {reports.map(({ side, report }, i) => (
        <article
          // biome-ignore lint/suspicious/noArrayIndexKey: the parents' order is fixed; titles may repeat
          key={`${i}-${side.title}`}
          className="parent-report"
          aria-label={`Constraints from ${side.title}`}
        >
          <h4>
            {side.title}{" "}
            <span className="muted small">
              ({licenseLabel(side.terms)}, {RELATION_WORDS[side.relation]})
            </span>
          </h4>
          <ConstraintList report={report} />
        </article>
      ))}
      {registered ? (
        <p className="muted small">
          The LineageRegistry checked this lineage when it was registered; new offers should stay within these rules.
        </p>
      ) : (
        <VerdictLine verdict={verdict} onRegisterTerms={onRegisterTerms} termsTx={termsTx} />
      )}
    </section>
  );
}
