/** Loading, empty and error states, shared by every page (with the roles screen readers expect). */
import type { ReactNode } from "react";
import { errorWords } from "../lib/errors.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { message, details } = errorWords(error);
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {details && details !== message && (
        <details>
          <summary>Details</summary>
          <pre>{details}</pre>
        </details>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
