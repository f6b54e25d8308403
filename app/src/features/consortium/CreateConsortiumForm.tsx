/**
 * "Create a consortium": members and weights (edited like the studio's split editor, with each
 * member's share shown as you type), the pass threshold in % and the proposal lifetime in days,
 * validated in plain words before any transaction.
 */
import { useState } from "react";
import type { Address } from "viem";
import { bpsText, MAX_MEMBERS, type MemberRow, percentText, validateCreate } from "./consortiumLogic.ts";

export interface CreateConsortiumValues {
  members: { account: Address; weight: bigint }[];
  thresholdBps: number;
  lifetime: bigint;
}

export function CreateConsortiumForm({
  initial,
  me,
  disabledReason,
  busy = false,
  onSubmit,
}: {
  initial: MemberRow[];
  /** The connected account, to warn when it is left out. */
  me?: Address | undefined;
  /** Why the form cannot be sent now (no wallet, no factory), if so. */
  disabledReason?: string | undefined;
  busy?: boolean;
  onSubmit: (values: CreateConsortiumValues) => void;
}) {
  const [rows, setRows] = useState<MemberRow[]>(initial);
  const [threshold, setThreshold] = useState("51");
  const [days, setDays] = useState("7");
  const [touched, setTouched] = useState(false);
  const v = validateCreate(rows, threshold, days);
  const set = (i: number, patch: Partial<MemberRow>) =>
    setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const leftOut = me !== undefined && v.ok && !v.members.some((m) => m.account.toLowerCase() === me.toLowerCase());

  return (
    <form
      aria-label="Create a consortium"
      className="consortium-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (v.ok && v.thresholdBps !== null && v.lifetime !== null && !disabledReason) {
          onSubmit({ members: v.members, thresholdBps: v.thresholdBps, lifetime: v.lifetime });
        }
      }}
    >
      <fieldset className="member-rows">
        <legend>Members and weights</legend>
        {rows.map((row, i) => {
          const err = touched || row.address !== "" ? v.rowErrors[i] : undefined;
          const id = `new-member-${i}`;
          const weight = /^\d+$/.test(row.weight.trim()) ? BigInt(row.weight.trim()) : 0n;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <div className="split-row member-row" key={i}>
              <div className="field">
                <label htmlFor={`${id}-addr`}>Member {i + 1}</label>
                <input
                  id={`${id}-addr`}
                  value={row.address}
                  placeholder="0x…"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={err !== undefined}
                  aria-describedby={`${id}-err`}
                  onChange={(e) => set(i, { address: e.target.value })}
                />
                <small id={`${id}-err`} className={err ? "error-text" : undefined}>
                  {err ?? " "}
                </small>
              </div>
              <div className="field">
                <label htmlFor={`${id}-weight`}>Weight</label>
                <input
                  id={`${id}-weight`}
                  inputMode="numeric"
                  value={row.weight}
                  aria-describedby={`${id}-share`}
                  onChange={(e) => set(i, { weight: e.target.value })}
                />
                <small id={`${id}-share`} className="muted">
                  Share {percentText(weight, v.totalWeight)}
                </small>
              </div>
              <button
                type="button"
                className="secondary"
                aria-label={`Remove member ${i + 1}`}
                title={rows.length === 1 ? "A consortium needs at least one member." : undefined}
                disabled={rows.length === 1}
                onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
          );
        })}
        <p className="muted small" aria-live="polite">
          Total weight: {v.totalWeight.toString()}. Revenue is shared and votes are counted by weight.
        </p>
        <button
          type="button"
          className="secondary"
          disabled={rows.length >= MAX_MEMBERS}
          onClick={() => setRows((prev) => [...prev, { address: "", weight: "1" }])}
        >
          Add member
        </button>
        {rows.length >= MAX_MEMBERS && <p className="muted small">A consortium has at most {MAX_MEMBERS} members.</p>}
      </fieldset>
      <div className="builder">
        <div className="field">
          <label htmlFor="new-threshold">Threshold to pass (% of the weight)</label>
          <input
            id="new-threshold"
            inputMode="decimal"
            value={threshold}
            aria-describedby="new-threshold-help"
            aria-invalid={v.thresholdBps === null}
            onChange={(e) => setThreshold(e.target.value)}
          />
          <small id="new-threshold-help" className="muted">
            {v.thresholdBps === null
              ? "More than 50 % and at most 100 %."
              : `A proposal passes when members holding ${bpsText(v.thresholdBps)} of the weight vote yes.`}
          </small>
        </div>
        <div className="field">
          <label htmlFor="new-lifetime">Proposal lifetime (days)</label>
          <input
            id="new-lifetime"
            inputMode="numeric"
            value={days}
            aria-describedby="new-lifetime-help"
            aria-invalid={v.lifetime === null}
            onChange={(e) => setDays(e.target.value)}
          />
          <small id="new-lifetime-help" className="muted">
            Proposals can be voted on and executed for this long, then expire.
          </small>
        </div>
      </div>
      {touched && v.errors.length > 0 && (
        <ul className="error-text" role="alert">
          {v.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {touched && !v.ok && v.errors.length === 0 && (
        <p className="error-text" role="alert">
          Fix the members marked above.
        </p>
      )}
      {leftOut && (
        <p className="muted small" role="note">
          You are not among the members: you will not be able to propose or vote.
        </p>
      )}
      <div className="actions">
        <button
          type="submit"
          disabled={busy || !!disabledReason}
          aria-describedby={disabledReason ? "create-why" : undefined}
        >
          Create consortium
        </button>
        {disabledReason && (
          <span id="create-why" className="muted small">
            {disabledReason}
          </span>
        )}
      </div>
    </form>
  );
}
