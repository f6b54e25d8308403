/** One dispute transaction at a time for a panel: its state for <TxStatus>, and a runner that refreshes every query once mined. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Hash, isAddressEqual } from "viem";
import type { TesseraClient } from "../../../../scripts/sdk/index.ts";
import { useTessera, withHashes } from "../../lib/tessera.ts";
import type { TxState } from "../../ui/TxStatus.tsx";

export function useTx() {
  const wallet = useTessera();
  const { client } = wallet;
  // Right after an account switch the wallet client may still be the previous account's: wait for it.
  const account = client?.wallet?.account.address;
  const ready = wallet.ready && !!account && !!wallet.address && isAddressEqual(account, wallet.address);
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const busy = tx.status === "signing" || tx.status === "pending";
  /** Runs `action` with a client reporting hashes; the result once confirmed, else undefined. */
  const run = async <T extends { hash: Hash }>(
    label: string,
    action: (client: TesseraClient) => Promise<T>,
  ): Promise<T | undefined> => {
    if (!client || !ready) return undefined;
    setTx({ status: "signing", label });
    try {
      const result = await action(withHashes(client, (hash) => setTx({ status: "pending", label, hash })));
      setTx({ status: "confirmed", label, hash: result.hash });
      await queryClient.invalidateQueries();
      return result;
    } catch (error) {
      setTx({ status: "failed", label, error });
      return undefined;
    }
  };
  return { tx, busy, ready, run };
}
