/**
 * "List a new asset" and "Publish a new version": pick files and write the card, then the flow in
 * uploadFlow.ts — sign in, upload with per-file progress and sha256 compared with the browser's,
 * the content hash, the register transaction, publishing at the gateway — and a link to the asset.
 * Every failure keeps what was done and offers "Try again" (resumes) and "Start over".
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Hex } from "viem";
import { useSignMessage } from "wagmi";
import { publishVersion, registerAsset } from "../../../../scripts/sdk/index.ts";
import { waitForCard } from "../../lib/cards.ts";
import { formatBytes } from "../../lib/format.ts";
import { forgetSession, gatewayBase, type Session, signIn, storedSession } from "../../lib/gateway.ts";
import { sha256Hex } from "../../lib/manifest.ts";
import { href } from "../../lib/router.ts";
import { useTessera, withHashes } from "../../lib/tessera.ts";
import { createUpload, deleteUpload, getUpload, publishUpload, putFile } from "../../lib/uploads.ts";
import { ErrorBox } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { appChain } from "../../wagmi.ts";
import type { Listing } from "../catalog/catalogTypes.ts";
import {
  type AssetKind,
  CARD_PATH,
  contentVerdict,
  type FileProgress,
  type FlowAction,
  type FlowDeps,
  type FlowState,
  fileVerdict,
  flowReducer,
  initialFlow,
  type PickedFile,
  runUploadFlow,
  type Step,
  selectionProblems,
  type UploadTarget,
  withCard,
} from "./uploadFlow.ts";

const STEP_WORDS: Record<Step, string> = {
  "sign-in": "Signing in to the gateway",
  upload: "Uploading and hashing the files",
  register: "Registering on chain",
  publish: "Publishing the files at the gateway",
};

/** `useReducer` whose state can also be read synchronously (the flow reads it between awaits). */
function useFlowStore(initial: FlowState) {
  const ref = useRef(initial);
  const [state, setState] = useState(initial);
  const dispatch = useCallback((action: FlowAction) => {
    ref.current = flowReducer(ref.current, action);
    setState(ref.current);
  }, []);
  const reset = useCallback((next: FlowState) => {
    ref.current = next;
    setState(next);
  }, []);
  return { state, get: () => ref.current, dispatch, reset };
}

export function UploadPanel({ myAssets }: { myAssets: Listing[] }) {
  const [mode, setMode] = useState<"new" | "version">("new");
  return (
    <section className="panel upload-panel" aria-labelledby="new-asset-title">
      <h2 id="new-asset-title">{mode === "new" ? "List a new asset" : "Publish a new version"}</h2>
      <div className="mode-switch" role="radiogroup" aria-label="What to publish">
        <label className="inline">
          <input type="radio" name="upload-mode" checked={mode === "new"} onChange={() => setMode("new")} />A new asset
        </label>
        <label className="inline">
          <input
            type="radio"
            name="upload-mode"
            checked={mode === "version"}
            disabled={myAssets.length === 0}
            onChange={() => setMode("version")}
          />
          A new version of one of my assets
        </label>
      </div>
      <UploadForm key={mode} mode={mode} myAssets={myAssets} />
    </section>
  );
}

function UploadForm({ mode, myAssets }: { mode: "new" | "version"; myAssets: Listing[] }) {
  const { address, client, ready } = useTessera();
  const { signMessageAsync } = useSignMessage();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<AssetKind>("MODEL");
  const [assetId, setAssetId] = useState(myAssets[0]?.assetId.toString() ?? "");
  const [card, setCard] = useState("");
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [picked, setPicked] = useState<PickedFile[] | null>(null);
  const flow = useFlowStore(initialFlow([]));
  const { state } = flow;
  const problems = selectionProblems(files, card);
  if (mode === "version" && !assetId) problems.push("Pick one of your assets.");
  const target: UploadTarget =
    mode === "new" ? { mode: "new", kind } : { mode: "version", assetId: BigInt(assetId || "0") };

  const deps: FlowDeps<Session> = {
    session: async () => {
      if (!address) throw new Error("Connect a wallet first.");
      return storedSession(address) ?? signIn(address, appChain.id, (message) => signMessageAsync({ message }));
    },
    forgetSession,
    hashFile: async (body) => (await sha256Hex(await body.arrayBuffer())).slice(2),
    createUpload,
    putFile: (session, uploadId, path, body, onProgress) => putFile(session, uploadId, path, body, onProgress),
    getUpload,
    register: async (contentHash: Hex, onTx) => {
      if (!client) throw new Error("Connect a wallet first.");
      const label = target.mode === "new" ? "Asset registration" : "Version publication";
      onTx({ status: "signing", label });
      try {
        const c = withHashes(client, (hash) => onTx({ status: "pending", label, hash }));
        const done =
          target.mode === "new"
            ? await registerAsset(c, { kind: target.kind, contentHash, metadataURI: CARD_PATH }).then((r) => ({
                assetId: r.assetId,
                version: 1,
                hash: r.hash,
              }))
            : await publishVersion(c, { assetId: target.assetId, contentHash, metadataURI: CARD_PATH }).then((r) => ({
                assetId: target.assetId,
                version: r.version,
                hash: r.hash,
              }));
        onTx({ status: "confirmed", label: `${label} (asset #${done.assetId}, v${done.version})`, hash: done.hash });
        return done;
      } catch (error) {
        onTx({ status: "failed", label, error });
        throw error;
      }
    },
    publish: async (session, uploadId, id, version) => {
      await publishUpload(session, uploadId, id, version);
      // Let the gateway index the new version first, so the catalog names it from its card at once.
      await waitForCard(gatewayBase(), id, version);
      await queryClient.invalidateQueries();
    },
  };

  const start = () => {
    if (problems.length > 0 || !ready) return;
    const all = withCard(files, card);
    setPicked(all);
    flow.reset(initialFlow(all));
    void runUploadFlow(flow.get, flow.dispatch, deps, all);
  };
  const retry = () => {
    if (picked) void runUploadFlow(flow.get, flow.dispatch, deps, picked);
  };
  const startOver = () => {
    const { uploadId } = flow.get();
    const session = storedSession(address);
    if (uploadId && session && flow.get().step !== "done") void deleteUpload(session, uploadId).catch(() => {});
    setPicked(null);
    flow.reset(initialFlow([]));
  };

  if (picked === null) {
    return (
      <form
        className="upload-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        {mode === "new" ? (
          <fieldset className="field">
            <legend>Kind</legend>
            {(["MODEL", "DATASET"] as const).map((k) => (
              <label key={k} className="inline">
                <input type="radio" name="asset-kind" checked={kind === k} onChange={() => setKind(k)} />
                {k === "MODEL" ? "Model" : "Dataset"}
              </label>
            ))}
          </fieldset>
        ) : (
          <label className="field">
            <span>Asset</span>
            <select value={assetId} onChange={(e) => setAssetId(e.target.value)}>
              {myAssets.map((a) => (
                <option key={a.assetId.toString()} value={a.assetId.toString()}>
                  #{a.assetId.toString()} {a.title} (v{a.versionCount})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Files</span>
          <input
            type="file"
            multiple
            onChange={(e) =>
              setFiles(
                [...(e.target.files ?? [])].map((f) => ({
                  path: (f.webkitRelativePath || f.name).normalize("NFC"),
                  body: f,
                })),
              )
            }
          />
          <small>
            {files.length === 0
              ? "Weights, data files, tokenizer… Only licence holders can download them."
              : `${files.length} file${files.length === 1 ? "" : "s"}, ${formatBytes(files.reduce((n, f) => n + f.body.size, 0))}`}
          </small>
        </label>
        <label className="field">
          <span>{mode === "new" ? "Card" : "Card of the new version"} (Markdown, public)</span>
          <textarea
            rows={8}
            value={card}
            placeholder={"# My model\n\nOne paragraph: what it is and what it is for.\n\n## Training data\n…"}
            onChange={(e) => setCard(e.target.value)}
          />
          <small>
            Published as <code>{CARD_PATH}</code>, readable before buying; its title names the listing.
          </small>
        </label>
        {problems.length > 0 && (files.length > 0 || card !== "") && (
          <ul className="problems" aria-live="polite">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button type="submit" disabled={problems.length > 0 || !ready}>
          {ready ? "Upload and register" : "Connect a wallet on this network first"}
        </button>
        <p className="muted small">
          You sign in to the gateway (a signature, no fee), the files are sent and hashed, then one transaction records
          their content hash on chain, then the gateway publishes them.
          {mode === "new" &&
            " Then, under “New offer”: register its lineage if it is a derivative (optional, before any offer), and publish an offer."}
        </p>
      </form>
    );
  }

  return (
    <div className="upload-progress">
      <ol className="steps">
        {(["sign-in", "upload", "register", "publish"] as const).map((s) => (
          <li key={s} className={stepClass(state, s)}>
            {STEP_WORDS[s]}
          </li>
        ))}
      </ol>
      <ul className="uploads">
        {state.files.map((f) => (
          <FileRow key={f.path} file={f} />
        ))}
      </ul>
      {state.manifestHash && (
        <p className={contentVerdict(state) === "match" ? "verified" : "unverified"} role="status">
          Content hash <code className="hash">{state.manifestHash}</code>{" "}
          {contentVerdict(state) === "match"
            ? "✓ the gateway's manifest matches the files hashed in this browser"
            : "✗ does not match the files hashed in this browser"}
        </p>
      )}
      <TxStatus state={state.tx.status === "failed" ? { status: "idle" } : state.tx} />
      {state.running && (
        <p className="state state-loading" role="status">
          <span className="spinner" aria-hidden="true" /> {STEP_WORDS[state.step as Step] ?? "Working"}…
        </p>
      )}
      {state.error && (
        <>
          <p className="muted small">{STEP_WORDS[state.error.step]} failed.</p>
          <ErrorBox error={state.error.error} />
          <div className="actions">
            <button type="button" onClick={retry}>
              Try again
            </button>
            <button type="button" className="secondary" onClick={startOver}>
              Start over
            </button>
          </div>
          {state.assetId !== undefined && (
            <p className="muted small">
              The chain already records version {state.version} of asset #{state.assetId.toString()}: trying again only
              publishes the files.
            </p>
          )}
        </>
      )}
      {state.step === "done" && state.assetId !== undefined && (
        <div className="notice" role="status">
          <p>
            ✓ Published: version {state.version} of asset #{state.assetId.toString()} is on chain and its files are at
            the gateway.
          </p>
          {target.mode === "new" ? (
            <>
              <p>Next, under “New offer” below, in this order:</p>
              <ol className="next-steps">
                <li>
                  Register as a derivative (optional): tick the assets it was made from and press “Register lineage”.
                  This is only possible before its first offer. Skip: this is an original work.
                </li>
                <li>Publish an offer: “Register terms and publish offer”.</li>
              </ol>
              <p>
                <a href={href(`/asset/${state.assetId}`)}>Open the asset page</a> or{" "}
                <button type="button" className="linklike" onClick={startOver}>
                  publish something else
                </button>
                .
              </p>
            </>
          ) : (
            <p>
              <a href={href(`/asset/${state.assetId}`)}>Open the asset page</a>, add an offer for it under “New offer”
              below, or{" "}
              <button type="button" className="linklike" onClick={startOver}>
                publish something else
              </button>
              .
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function stepClass(state: FlowState, s: Step): string {
  const order: Step[] = ["sign-in", "upload", "register", "publish"];
  if (state.step === "done") return "step-done";
  const current = order.indexOf(state.step as Step);
  const mine = order.indexOf(s);
  if (mine < current) return "step-done";
  if (mine === current) return state.error ? "step-failed" : "step-current";
  return "step-todo";
}

function FileRow({ file }: { file: FileProgress }) {
  const verdict = fileVerdict(file);
  return (
    <li data-file={file.path}>
      <span>
        <code>{file.path}</code> <span className="muted small">{formatBytes(file.size)}</span>
      </span>
      <span className="small">
        {file.status === "waiting" && "waiting"}
        {file.status === "hashing" && "hashing…"}
        {file.status === "uploading" && `${Math.floor((100 * file.sent) / (file.size || 1))}%`}
        {file.status === "failed" && <span className="unverified">failed</span>}
        {file.status === "done" &&
          (verdict === "match" ? (
            <span className="verified">✓ sha256 matches</span>
          ) : (
            <span className="unverified">✗ sha256 differs</span>
          ))}
      </span>
      {file.status === "uploading" && (
        <progress
          max={file.size || 1}
          value={file.sent}
          aria-label={`Uploading ${file.path}`}
          style={{ gridColumn: "1 / -1" }}
        />
      )}
      {file.localSha256 && (
        <span className="muted small hash-line" style={{ gridColumn: "1 / -1" }}>
          sha256 <code className="hash">{file.localSha256}</code>
          {verdict === "mismatch" && (
            <>
              {" "}
              · gateway <code className="hash">{file.gatewaySha256}</code>
            </>
          )}
        </span>
      )}
    </li>
  );
}
