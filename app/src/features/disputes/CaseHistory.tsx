/** A case's history (filed, responses, ruling or withdrawal), each step with its time and hash. */
import { formatDateTime } from "../../lib/format.ts";
import { caseHistory, type DeskCase } from "./disputesLogic.ts";

export function CaseHistory({ dispute }: { dispute: DeskCase }) {
  return (
    <ol className="case-history" aria-label={`History of case ${dispute.caseId}`}>
      {caseHistory(dispute).map((entry) => (
        <li key={`${entry.label}-${entry.hash ?? ""}`}>
          <span>{entry.label}</span>
          {entry.at !== undefined && entry.at > 0n && <span className="muted"> · {formatDateTime(entry.at)}</span>}
          {entry.hash && (
            <>
              {" "}
              <code className="hash">{entry.hash}</code>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
