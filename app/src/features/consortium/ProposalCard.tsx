/**
 * One proposal: what it does in plain words, its status and countdown, yes/no weight bars against
 * the threshold, and Vote yes / Vote no / Execute, each disabled with the reason when not allowed.
 */
import type { Address } from "viem";
import type { ConsortiumProposal } from "../../../../scripts/sdk/actions/consortium/getConsortium.ts";
import { formatDateTime, shortAddress } from "../../lib/format.ts";
import type { Nomination } from "./consortiumData.ts";
import { countdownText, executeBlock, STATUS_WORDS, tally, type Viewer, voteBlock } from "./consortiumLogic.ts";

/** Why an ADD_ASSET proposal cannot be executed yet, if so. */
export function nominationProblem(
  consortium: Address,
  assetId: bigint,
  nomination: Nomination | undefined,
): string | undefined {
  if (!nomination) return undefined;
  const c = consortium.toLowerCase();
  if (nomination.controller.toLowerCase() === c) return undefined;
  if (nomination.pendingController.toLowerCase() === c) return undefined;
  return `Asset ${assetId}'s controller (${shortAddress(nomination.controller)}) must nominate the consortium first.`;
}

export function ProposalCard({
  proposal: p,
  description,
  thresholdBps,
  now,
  viewer,
  consortium,
  nomination,
  me,
  busy,
  onVote,
  onExecute,
  onNominate,
}: {
  proposal: ConsortiumProposal;
  description: string;
  thresholdBps: number;
  now: number;
  viewer: Viewer & { weightAtSnapshot: bigint };
  consortium: Address;
  nomination?: Nomination | undefined;
  me?: Address | undefined;
  busy: boolean;
  onVote: (support: boolean) => void;
  onExecute: () => void;
  onNominate: (assetId: bigint) => void;
}) {
  const t = tally(p, thresholdBps);
  const id = `proposal-${p.proposalId}`;
  const assetId = p.action.kind === "ADD_ASSET" ? p.action.assetId : undefined;
  const precondition = assetId === undefined ? undefined : nominationProblem(consortium, assetId, nomination);
  const voteWhy = voteBlock(p, viewer);
  const executeWhy = executeBlock(p, t, viewer, precondition);
  const open = p.status === "ACTIVE" || p.status === "PASSED";
  const canNominate =
    open &&
    assetId !== undefined &&
    precondition !== undefined &&
    !!me &&
    nomination?.controller.toLowerCase() === me.toLowerCase();

  return (
    <article className={`proposal proposal-${p.status.toLowerCase()}`} aria-labelledby={`${id}-title`}>
      <header>
        <h3 id={`${id}-title`}>
          <span className="muted">Proposal {p.proposalId.toString()}:</span> {description}
        </h3>
        <span className={`proposal-status status-${p.status.toLowerCase()}`}>{STATUS_WORDS[p.status]}</span>
      </header>
      <p className="muted small">
        Proposed by <span title={p.creator}>{shortAddress(p.creator)}</span> on {formatDateTime(p.createdAt)} ·{" "}
        <span data-testid={`${id}-countdown`}>{countdownText(p.status, p.expiresAt, now)}</span>
      </p>
      <div className="vote-bars" aria-hidden="true">
        <span className="vote-label">Yes</span>
        <div className="vote-bar">
          <span className="vote-yes" style={{ width: `${t.yesPercent}%` }} />
          <span className="vote-threshold" style={{ left: `${t.thresholdPercent}%` }} />
        </div>
        <span className="vote-label">No</span>
        <div className="vote-bar">
          <span className="vote-no" style={{ width: `${t.noPercent}%` }} />
          <span className="vote-threshold" style={{ left: `${t.thresholdPercent}%` }} />
        </div>
      </div>
      <p className="small" id={`${id}-tally`}>
        {t.text}
      </p>
      {precondition && open && (
        <p className="small notice" id={`${id}-pre`}>
          {precondition} Executing fails until then.
        </p>
      )}
      {canNominate && assetId !== undefined && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={busy || !viewer.ready}
            onClick={() => onNominate(assetId)}
          >
            Nominate the consortium
          </button>{" "}
          <span className="muted small">You control asset {assetId.toString()}: this lets the consortium take it.</span>
        </p>
      )}
      {open && (
        <div className="actions proposal-actions">
          <button
            type="button"
            disabled={busy || voteWhy !== undefined}
            aria-describedby={voteWhy ? `${id}-vote-why` : `${id}-tally`}
            onClick={() => onVote(true)}
          >
            Vote yes
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy || voteWhy !== undefined}
            aria-describedby={voteWhy ? `${id}-vote-why` : `${id}-tally`}
            onClick={() => onVote(false)}
          >
            Vote no
          </button>
          <button
            type="button"
            disabled={busy || executeWhy !== undefined}
            aria-describedby={executeWhy ? `${id}-exec-why` : undefined}
            onClick={onExecute}
          >
            Execute
          </button>
        </div>
      )}
      {open && (voteWhy || executeWhy) && (
        <ul className="why small">
          {voteWhy && <li id={`${id}-vote-why`}>Voting: {voteWhy}</li>}
          {executeWhy && <li id={`${id}-exec-why`}>Execute: {executeWhy}</li>}
        </ul>
      )}
    </article>
  );
}
