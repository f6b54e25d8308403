/** Revenue-split editor: recipients and percentages (basis points summing to 10,000), validated as you type. */
import { useState } from "react";
import type { Address } from "viem";
import { MAX_RECIPIENTS, type SplitRow, validateSplit } from "../../lib/split.ts";

export function SplitEditor({
  initial,
  busy = false,
  onSubmit,
}: {
  initial: SplitRow[];
  busy?: boolean;
  onSubmit: (split: { recipients: Address[]; bps: number[]; revisable: boolean }) => void;
}) {
  const [rows, setRows] = useState<SplitRow[]>(initial);
  const [revisable, setRevisable] = useState(false);
  const [touched, setTouched] = useState(false);
  const v = validateSplit(rows);
  const set = (i: number, patch: Partial<SplitRow>) =>
    setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <form
      aria-label="Revenue split"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (v.ok) onSubmit({ recipients: v.recipients, bps: v.bps, revisable });
      }}
    >
      {rows.map((row, i) => {
        const err = touched || row.address !== "" ? v.rowErrors[i] : undefined;
        const id = `split-${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <div className="split-row" key={i}>
            <label className="field" htmlFor={`${id}-addr`}>
              <span>Recipient {i + 1}</span>
              <input
                id={`${id}-addr`}
                value={row.address}
                placeholder="0x…"
                aria-invalid={err !== undefined}
                aria-describedby={`${id}-err`}
                onChange={(e) => set(i, { address: e.target.value })}
              />
              <small id={`${id}-err`} className={err ? "error-text" : undefined}>
                {err ?? " "}
              </small>
            </label>
            <label className="field" htmlFor={`${id}-pct`}>
              <span>Share %</span>
              <input
                id={`${id}-pct`}
                inputMode="decimal"
                value={row.percent}
                onChange={(e) => set(i, { percent: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="secondary"
              aria-label={`Remove recipient ${i + 1}`}
              disabled={rows.length === 1}
              onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}
              style={{ marginTop: "1.6rem" }}
            >
              ✕
            </button>
          </div>
        );
      })}
      <p aria-live="polite" className={v.totalBps === 10_000 ? "verified" : "error-text"}>
        Total: {(v.totalBps / 100).toFixed(2)} % ({v.totalBps.toLocaleString("en")} of 10,000 bps)
      </p>
      {touched && v.errors.length > 0 && (
        <ul className="error-text" role="alert">
          {v.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={rows.length >= MAX_RECIPIENTS}
          onClick={() => setRows((prev) => [...prev, { address: "", percent: "" }])}
        >
          Add recipient
        </button>
        <label className="inline">
          <input type="checkbox" checked={revisable} onChange={(e) => setRevisable(e.target.checked)} />I may revise
          this split later (otherwise it is fixed forever)
        </label>
        <button type="submit" disabled={busy}>
          Create split
        </button>
      </div>
    </form>
  );
}
