/** Sends a transferable license to another address (validated), with the transaction's progress. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { getAddress, isAddress } from "viem";
import type { GetLicenseReturnType } from "../../../../scripts/sdk/index.ts";
import { useTessera, withHashes } from "../../lib/tessera.ts";
import { transferLicense } from "../../lib/transferLicense.ts";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";

export function TransferForm({ license }: { license: GetLicenseReturnType }) {
  const { client, ready, address } = useTessera();
  const queryClient = useQueryClient();
  const [to, setTo] = useState("");
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const valid = isAddress(to.trim(), { strict: false });
  const self = valid && address !== undefined && getAddress(to.trim()) === address;
  const id = `transfer-${license.licenseId}`;
  return (
    <form
      className="panel"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!client || !valid || self) return;
        setTx({ status: "signing", label: "Transfer" });
        try {
          const { hash } = await transferLicense(
            withHashes(client, (h) => setTx({ status: "pending", label: "Transfer", hash: h })),
            { licenseId: license.licenseId, to: getAddress(to.trim()) },
          );
          setTx({ status: "confirmed", label: "Transfer", hash });
          await queryClient.invalidateQueries();
        } catch (error) {
          setTx({ status: "failed", label: "Transfer", error });
        }
      }}
    >
      <label className="field" htmlFor={id}>
        <span>Send this license to</span>
        <input
          id={id}
          value={to}
          placeholder="0x…"
          aria-invalid={to !== "" && (!valid || self)}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setTo(e.target.value)}
        />
        <small id={`${id}-hint`}>
          {to !== "" && !valid
            ? "Not a valid address."
            : self
              ? "That is your own address."
              : "The recipient gets the license; you lose access."}
        </small>
      </label>
      <button type="submit" disabled={!ready || !valid || self || tx.status === "signing" || tx.status === "pending"}>
        Transfer license
      </button>
      <TxStatus state={tx} />
    </form>
  );
}
