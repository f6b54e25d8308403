/** Creates a revenue split with the SDK from the split editor. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { zeroAddress } from "viem";
import { createSplit } from "../../../../scripts/sdk/index.ts";
import { useTessera, withHashes } from "../../lib/tessera.ts";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { SplitEditor } from "./SplitEditor.tsx";

export function SplitPanel() {
  const { address, client, ready } = useTessera();
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const [created, setCreated] = useState<bigint | undefined>();
  return (
    <section className="panel" aria-labelledby="split-title">
      <h2 id="split-title">New revenue split</h2>
      <p className="muted small">Offers pay into a split; each recipient withdraws their share.</p>
      <SplitEditor
        initial={[{ address: address ?? "", percent: "100" }]}
        busy={!ready || tx.status === "signing" || tx.status === "pending"}
        onSubmit={async ({ recipients, bps, revisable }) => {
          if (!client) return;
          setTx({ status: "signing", label: "Split" });
          try {
            const r = await createSplit(
              withHashes(client, (h) => setTx({ status: "pending", label: "Split", hash: h })),
              { recipients, bps, controller: revisable ? address : zeroAddress },
            );
            setCreated(r.splitId);
            setTx({ status: "confirmed", label: "Split", hash: r.hash });
            await queryClient.invalidateQueries();
          } catch (error) {
            setTx({ status: "failed", label: "Split", error });
          }
        }}
      />
      <TxStatus state={tx} />
      {created !== undefined && <p>Split #{created.toString()} is ready to receive revenue from your offers.</p>}
    </section>
  );
}
