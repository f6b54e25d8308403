/** One transaction at a time for a panel: its state for <TxStatus>, and a runner that refreshes every query once mined. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Hash } from "viem";
import type { TesseraClient } from "../../../scripts/sdk/index.ts";
import type { TxState } from "../ui/TxStatus.tsx";
import { useTessera, withHashes } from "./tessera.ts";

export function useTxRunner() {
  const { client, ready } = useTessera();
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const busy = tx.status === "signing" || tx.status === "pending";
  /** Runs `action` with a client reporting hashes; its result, or undefined when it failed. */
  const run = async <T extends { hash?: Hash | undefined }>(
    label: string,
    action: (client: TesseraClient) => Promise<T>,
  ): Promise<T | undefined> => {
    if (!client) return undefined;
    setTx({ status: "signing", label });
    try {
      const result = await action(withHashes(client, (hash) => setTx({ status: "pending", label, hash })));
      setTx(result.hash ? { status: "confirmed", label, hash: result.hash } : { status: "idle" });
      await queryClient.invalidateQueries();
      return result;
    } catch (error) {
      setTx({ status: "failed", label, error });
      return undefined;
    }
  };
  /** `ready`: a wallet is connected on the right chain and signs as the connected account. */
  return { tx, setTx, busy, ready, run };
}
