/** A transaction's progress for the user: waiting for the wallet, pending with its hash, confirmed, or failed. */
import type { Hash } from "viem";
import { ErrorBox } from "./States.tsx";

export type TxState =
  | { status: "idle" }
  | { status: "signing"; label: string }
  | { status: "pending"; label: string; hash: Hash }
  | { status: "confirmed"; label: string; hash: Hash }
  | { status: "failed"; label: string; error: unknown };

export function TxStatus({ state }: { state: TxState }) {
  switch (state.status) {
    case "idle":
      return null;
    case "signing":
      return (
        <p className="tx tx-signing" role="status">
          <span className="spinner" aria-hidden="true" /> {state.label}: confirm in your wallet…
        </p>
      );
    case "pending":
      return (
        <p className="tx tx-pending" role="status">
          <span className="spinner" aria-hidden="true" /> {state.label}: pending — transaction{" "}
          <code className="hash">{state.hash}</code>
        </p>
      );
    case "confirmed":
      return (
        <p className="tx tx-confirmed" role="status">
          ✓ {state.label}: confirmed — transaction <code className="hash">{state.hash}</code>
        </p>
      );
    case "failed":
      return <ErrorBox error={state.error} />;
  }
}
