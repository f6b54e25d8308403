/**
 * Evidence, a response or a ruling note: typed text or a file, hashed (keccak-256) in the browser.
 * The hash is shown and is all that goes on chain; the document itself stays with its author.
 */
import { useId, useState } from "react";
import type { Hex } from "viem";
import { evidenceHashOf } from "./disputesLogic.ts";

export function EvidenceField({
  label,
  onHash,
  disabled = false,
}: {
  /** What is hashed, e.g. "Evidence", "Your response", "Ruling note". */
  label: string;
  onHash: (hash: Hex | undefined) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; hash: Hex | undefined } | undefined>(undefined);
  const hash = file ? file.hash : evidenceHashOf(text);

  const changeText = (value: string) => {
    setText(value);
    if (!file) onHash(evidenceHashOf(value));
  };
  const changeFile = async (picked: File | undefined) => {
    if (!picked) {
      setFile(undefined);
      onHash(evidenceHashOf(text));
      return;
    }
    const fileHash = evidenceHashOf(new Uint8Array(await picked.arrayBuffer()));
    setFile({ name: picked.name, hash: fileHash });
    onHash(fileHash);
  };

  return (
    <fieldset className="evidence-field" disabled={disabled}>
      <legend>{label}</legend>
      <label className="field">
        <span>{label} as text</span>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          disabled={!!file}
          aria-describedby={`${id}-hash`}
          onChange={(e) => changeText(e.target.value)}
        />
      </label>
      <label className="field">
        <span>or a file (hashed here, never uploaded)</span>
        <input type="file" aria-describedby={`${id}-hash`} onChange={(e) => void changeFile(e.target.files?.[0])} />
      </label>
      <p id={`${id}-hash`} className="small evidence-hash" aria-live="polite">
        {hash ? (
          <>
            Hash recorded on chain{file ? ` (of ${file.name})` : ""}: <code className="hash">{hash}</code>
          </>
        ) : (
          <span className="muted">Only the keccak-256 hash goes on chain; keep the document itself.</span>
        )}
      </p>
    </fieldset>
  );
}
