/**
 * The creator's "list a new asset" / "publish a new version" flow as a state machine: sign in to
 * the gateway → open an upload → hash each file in the browser and send it (progress per file),
 * comparing the gateway's sha256 with ours → read the manifest and compare its content hash with
 * the one computed here → register the asset (or the version) on chain with that hash → publish the
 * files at the gateway → link to the asset. `runUploadFlow` resumes from wherever the state is, so
 * "Try again" after any failure is the same call; a lost upload (expired, gateway restarted) sends
 * the files again and, if the chain already records the version, publishes to it.
 */
import type { Hex } from "viem";
import { GatewayError, PlainError } from "../../lib/errors.ts";
import { canonicalManifestBytes, type Manifest, sha256Hex } from "../../lib/manifest.ts";
import type { TxState } from "../../ui/TxStatus.tsx";

/** Where the model card goes: the public file catalogs and asset pages read. */
export const CARD_PATH = "public/README.md";

export type AssetKind = "MODEL" | "DATASET";
/** A new asset of a kind, or a new version of an asset the creator controls. */
export type UploadTarget = { mode: "new"; kind: AssetKind } | { mode: "version"; assetId: bigint };

export interface PickedFile {
  /** Path inside the version (the card is `public/README.md`). */
  path: string;
  body: Blob;
}

export type FileStatus = "waiting" | "hashing" | "uploading" | "done" | "failed";

export interface FileProgress {
  path: string;
  size: number;
  sent: number;
  status: FileStatus;
  /** sha256 computed in the browser (hex, no 0x). */
  localSha256: string | undefined;
  /** sha256 the gateway reports for the bytes it received. */
  gatewaySha256: string | undefined;
}

export type Step = "sign-in" | "upload" | "register" | "publish";

export interface FlowState {
  files: FileProgress[];
  /** The step running now (or the last one that ran). */
  step: Step | "idle" | "done";
  running: boolean;
  uploadId: string | undefined;
  /** Content hash the gateway computed from what it received. */
  manifestHash: Hex | undefined;
  /** Content hash computed here from the files' local hashes. */
  localHash: Hex | undefined;
  tx: TxState;
  assetId: bigint | undefined;
  version: number | undefined;
  error: { step: Step; error: unknown } | undefined;
}

export type FlowAction =
  | { type: "step"; step: Step }
  | { type: "opened"; uploadId: string }
  | { type: "lost-upload" }
  | { type: "file"; path: string; patch: Partial<FileProgress> }
  | { type: "hashes"; manifestHash: Hex; localHash: Hex }
  | { type: "tx"; tx: TxState }
  | { type: "registered"; assetId: bigint; version: number }
  | { type: "published" }
  | { type: "failed"; step: Step; error: unknown };

export function initialFlow(files: readonly PickedFile[]): FlowState {
  return {
    files: files.map((f) => ({
      path: f.path,
      size: f.body.size,
      sent: 0,
      status: "waiting",
      localSha256: undefined,
      gatewaySha256: undefined,
    })),
    step: "idle",
    running: false,
    uploadId: undefined,
    manifestHash: undefined,
    localHash: undefined,
    tx: { status: "idle" },
    assetId: undefined,
    version: undefined,
    error: undefined,
  };
}

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case "step":
      return { ...state, step: action.step, running: true, error: undefined };
    case "opened":
      return { ...state, uploadId: action.uploadId };
    case "lost-upload":
      // The gateway no longer has the staged files: everything is sent again (local hashes kept).
      return {
        ...state,
        uploadId: undefined,
        manifestHash: undefined,
        files: state.files.map((f) => ({ ...f, sent: 0, status: "waiting", gatewaySha256: undefined })),
      };
    case "file":
      return { ...state, files: state.files.map((f) => (f.path === action.path ? { ...f, ...action.patch } : f)) };
    case "hashes":
      return { ...state, manifestHash: action.manifestHash, localHash: action.localHash };
    case "tx":
      return { ...state, tx: action.tx };
    case "registered":
      return { ...state, assetId: action.assetId, version: action.version };
    case "published":
      return { ...state, step: "done", running: false, error: undefined };
    case "failed":
      return { ...state, running: false, error: { step: action.step, error: action.error } };
  }
}

export type HashVerdict = "pending" | "match" | "mismatch";

/** Whether the gateway received the bytes hashed here. */
export function fileVerdict(f: FileProgress): HashVerdict {
  if (f.localSha256 === undefined || f.gatewaySha256 === undefined) return "pending";
  return f.localSha256.toLowerCase() === f.gatewaySha256.toLowerCase() ? "match" : "mismatch";
}

export function contentVerdict(s: Pick<FlowState, "manifestHash" | "localHash">): HashVerdict {
  if (s.manifestHash === undefined || s.localHash === undefined) return "pending";
  return s.manifestHash.toLowerCase() === s.localHash.toLowerCase() ? "match" : "mismatch";
}

/** Registering is allowed only when every file and the manifest hash match what was computed here. */
export function canRegister(s: FlowState): boolean {
  return (
    s.files.length > 0 &&
    s.files.every((f) => f.status === "done" && fileVerdict(f) === "match") &&
    contentVerdict(s) === "match"
  );
}

/** The content hash of these files (the sha256 of their canonical manifest), computed here. */
export async function localContentHash(files: readonly FileProgress[]): Promise<Hex> {
  const manifest: Manifest = {
    version: 1,
    files: files.map((f) => ({ path: f.path, size: f.size, sha256: f.localSha256 ?? "" })),
  };
  return sha256Hex(canonicalManifestBytes(manifest) as Uint8Array<ArrayBuffer>);
}

/** Problems with a selection, in plain words (empty when it can be uploaded). */
export function selectionProblems(files: readonly PickedFile[], card: string): string[] {
  const problems: string[] = [];
  if (!/^#\s+\S/m.test(card)) problems.push("Write the card, starting with a title line such as “# My model”.");
  if (files.length === 0) problems.push("Pick at least one file.");
  const seen = new Set<string>();
  for (const f of files) {
    if (f.path === CARD_PATH) problems.push(`Rename ${CARD_PATH}: that path holds the card written below.`);
    else if (seen.has(f.path)) problems.push(`Two files are named ${f.path}: pick them from different folders.`);
    seen.add(f.path);
  }
  return problems;
}

/** The files picked, plus the card as public/README.md. */
export function withCard(files: readonly PickedFile[], card: string): PickedFile[] {
  return [
    ...files,
    { path: CARD_PATH, body: new Blob([card.endsWith("\n") ? card : `${card}\n`], { type: "text/markdown" }) },
  ];
}

export interface FlowDeps<S> {
  /** A gateway session, signing in if there is none. */
  session(): Promise<S>;
  /** Drops a session the gateway refused. */
  forgetSession(): void;
  /** sha256 of the bytes (hex, no 0x). */
  hashFile(body: Blob): Promise<string>;
  createUpload(session: S): Promise<{ uploadId: string }>;
  putFile(
    session: S,
    uploadId: string,
    path: string,
    body: Blob,
    onProgress: (sent: number) => void,
  ): Promise<{ sha256: string; size: number }>;
  getUpload(session: S, uploadId: string): Promise<{ contentHash: Hex }>;
  /** registerAsset or publishVersion on chain with `contentHash`, reporting the transaction. */
  register(contentHash: Hex, onTx: (tx: TxState) => void): Promise<{ assetId: bigint; version: number }>;
  publish(session: S, uploadId: string, assetId: bigint, version: number): Promise<void>;
}

const UPLOAD_CONCURRENCY = 3;

/** Runs the flow from wherever `get()` stands to the end, or until a step fails (then stops there). */
export async function runUploadFlow<S>(
  get: () => FlowState,
  dispatch: (action: FlowAction) => void,
  deps: FlowDeps<S>,
  picked: readonly PickedFile[],
): Promise<void> {
  let step: Step = "sign-in";
  try {
    dispatch({ type: "step", step });
    const session = await deps.session();

    if (get().manifestHash === undefined || contentVerdict(get()) !== "match") {
      step = "upload";
      dispatch({ type: "step", step });
      let uploadId = get().uploadId;
      if (uploadId === undefined) {
        uploadId = (await deps.createUpload(session)).uploadId;
        dispatch({ type: "opened", uploadId });
      }
      const id = uploadId;
      const todo = get().files.filter((f) => f.status !== "done" || fileVerdict(f) !== "match");
      const queue = [...todo];
      const worker = async () => {
        for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
          const body = picked.find((p) => p.path === f?.path)?.body;
          if (!body) throw new PlainError(`The file ${f.path} is no longer available: start over.`);
          const path = f.path;
          let local = f.localSha256;
          if (local === undefined) {
            dispatch({ type: "file", path, patch: { status: "hashing" } });
            local = await deps.hashFile(body);
          }
          dispatch({ type: "file", path, patch: { status: "uploading", localSha256: local, sent: 0 } });
          try {
            const got = await deps.putFile(session, id, path, body, (sent) =>
              dispatch({ type: "file", path, patch: { sent } }),
            );
            dispatch({ type: "file", path, patch: { status: "done", sent: got.size, gatewaySha256: got.sha256 } });
          } catch (error) {
            dispatch({ type: "file", path, patch: { status: "failed" } });
            throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, worker));
      const bad = get().files.filter((f) => fileVerdict(f) === "mismatch");
      if (bad.length > 0) {
        for (const f of bad) dispatch({ type: "file", path: f.path, patch: { status: "failed" } });
        throw new PlainError(
          `The gateway received different bytes than this browser hashed for ${bad.map((f) => f.path).join(", ")}. Try again to send ${bad.length === 1 ? "it" : "them"} once more.`,
        );
      }
      const { contentHash } = await deps.getUpload(session, id);
      const localHash = await localContentHash(get().files);
      dispatch({ type: "hashes", manifestHash: contentHash, localHash });
      if (contentVerdict(get()) !== "match") {
        dispatch({ type: "lost-upload" });
        throw new PlainError(
          "The gateway's manifest does not match the files hashed here, so nothing was registered. Try again to send the files afresh.",
          `gateway ${contentHash}, browser ${localHash}`,
        );
      }
    }

    const hash = get().manifestHash as Hex;
    if (get().assetId === undefined || get().version === undefined) {
      step = "register";
      dispatch({ type: "step", step });
      const { assetId, version } = await deps.register(hash, (tx) => dispatch({ type: "tx", tx }));
      dispatch({ type: "registered", assetId, version });
    }

    step = "publish";
    dispatch({ type: "step", step });
    const s = get();
    await deps.publish(session, s.uploadId as string, s.assetId as bigint, s.version as number);
    dispatch({ type: "published" });
  } catch (error) {
    dispatch({ type: "failed", step, error: explain(step, error, deps, dispatch) });
  }
}

/** Gateway refusals of the upload routes in words (the download sentences do not fit here). */
function explain<S>(step: Step, error: unknown, deps: FlowDeps<S>, dispatch: (a: FlowAction) => void): unknown {
  if (!(error instanceof GatewayError)) return error;
  if (error.status === 401) {
    deps.forgetSession();
    return new PlainError("The gateway session expired: Try again signs you in anew.", error.message);
  }
  if (error.status === 404 && /no such upload/.test(error.message)) {
    dispatch({ type: "lost-upload" });
    return new PlainError(
      step === "publish"
        ? "The gateway no longer holds the staged files (uploads expire after an hour). Try again sends them once more and publishes them to the version already on chain."
        : "The gateway no longer holds this upload (uploads expire after an hour). Try again starts a new one.",
      error.message,
    );
  }
  if (error.status === 404 && /not enabled/.test(error.message)) {
    return new PlainError("This gateway does not accept uploads: ask its operator to enable them.", error.message);
  }
  if (error.status === 429) {
    return new PlainError(
      "You have too many unfinished uploads at the gateway: wait for them to expire, or cancel one (Start over).",
      error.message,
    );
  }
  if (error.status === 403 || error.status === 409) {
    return new PlainError(`The gateway refused to publish: ${error.message}.`, error.message);
  }
  return error;
}
