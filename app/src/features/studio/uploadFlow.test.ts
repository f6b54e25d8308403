import { createHash } from "node:crypto";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { GatewayError, PlainError } from "../../lib/errors.ts";
import type { TxState } from "../../ui/TxStatus.tsx";
import {
  CARD_PATH,
  canRegister,
  contentVerdict,
  type FlowAction,
  type FlowDeps,
  type FlowState,
  fileVerdict,
  flowReducer,
  initialFlow,
  localContentHash,
  type PickedFile,
  runUploadFlow,
  selectionProblems,
  withCard,
} from "./uploadFlow.ts";

const sha = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** The canonical manifest hash as the gateway computes it (scripts/storage/manifest.ts rules, ASCII paths). */
function gatewayHash(files: { path: string; size: number; sha256: string }[]): Hex {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const body = sorted
    .map((f) => `{"path":${JSON.stringify(f.path)},"size":${f.size},"sha256":${JSON.stringify(f.sha256)}}`)
    .join(",");
  return `0x${sha(`{"version":1,"files":[${body}]}`)}`;
}

const picked = (): PickedFile[] =>
  withCard(
    [
      { path: "weights.bin", body: new Blob([new Uint8Array([1, 2, 3, 4])]) },
      { path: "tokenizer.json", body: new Blob(['{"v":1}']) },
    ],
    "# Orca\n\nA small model.",
  );

/** A fake gateway and chain: records calls; `fail` injects errors per call name (once each). */
function fakes(opts: { corrupt?: string; fail?: Record<string, unknown[]> } = {}) {
  const calls: string[] = [];
  const staged = new Map<string, Map<string, { size: number; sha256: string }>>();
  let uploads = 0;
  const failNext = (name: string) => {
    const queue = opts.fail?.[name];
    const error = queue?.shift();
    if (error !== undefined) throw error;
  };
  const deps: FlowDeps<string> = {
    session: async () => {
      calls.push("session");
      failNext("session");
      return "token";
    },
    forgetSession: () => calls.push("forget"),
    hashFile: async (body) => sha(new Uint8Array(await body.arrayBuffer())),
    createUpload: async () => {
      calls.push("create");
      failNext("create");
      const uploadId = `u${++uploads}`;
      staged.set(uploadId, new Map());
      return { uploadId };
    },
    putFile: async (_s, uploadId, path, body, onProgress) => {
      calls.push(`put ${path}`);
      failNext("put");
      const bytes = new Uint8Array(await body.arrayBuffer());
      onProgress(Math.floor(bytes.length / 2));
      onProgress(bytes.length);
      const stored = path === opts.corrupt ? new Uint8Array([...bytes, 0]) : bytes;
      const entry = { size: stored.length, sha256: sha(stored) };
      const files = staged.get(uploadId);
      if (!files) throw new GatewayError(404, "not_found", "no such upload");
      files.set(path, entry);
      return entry;
    },
    getUpload: async (_s, uploadId) => {
      calls.push("manifest");
      const files = staged.get(uploadId);
      if (!files) throw new GatewayError(404, "not_found", "no such upload");
      return { contentHash: gatewayHash([...files].map(([path, f]) => ({ path, ...f }))) };
    },
    register: async (contentHash, onTx: (tx: TxState) => void) => {
      calls.push(`register ${contentHash.slice(0, 10)}`);
      onTx({ status: "signing", label: "Asset registration" });
      failNext("register");
      onTx({ status: "pending", label: "Asset registration", hash: "0xabc" });
      return { assetId: 7n, version: 1 };
    },
    publish: async (_s, uploadId, assetId, version) => {
      calls.push(`publish ${uploadId} ${assetId} v${version}`);
      failNext("publish");
      staged.delete(uploadId);
    },
  };
  return { deps, calls, staged };
}

const errorText = (st: FlowState) => (st.error?.error instanceof Error ? st.error.error.message : "");

function store(files: PickedFile[]) {
  let state = initialFlow(files);
  const actions: FlowAction[] = [];
  return {
    get: () => state,
    dispatch: (a: FlowAction) => {
      actions.push(a);
      state = flowReducer(state, a);
    },
    actions,
  };
}

describe("the upload flow", () => {
  it("uploads, compares every hash, registers with the content hash, publishes", async () => {
    const files = picked();
    const s = store(files);
    const { deps, calls } = fakes();
    await runUploadFlow(s.get, s.dispatch, deps, files);
    const st = s.get();
    expect(st.error).toBeUndefined();
    expect(st.step).toBe("done");
    expect(st.files.map((f) => [f.path, f.status, fileVerdict(f)])).toEqual([
      ["weights.bin", "done", "match"],
      ["tokenizer.json", "done", "match"],
      [CARD_PATH, "done", "match"],
    ]);
    expect(st.files[0]?.localSha256).toBe(sha(new Uint8Array([1, 2, 3, 4])));
    expect(contentVerdict(st)).toBe("match");
    expect(st.manifestHash).toBe(await localContentHash(st.files));
    expect(calls).toContain(`register ${st.manifestHash?.slice(0, 10)}`);
    expect(calls.at(-1)).toBe("publish u1 7 v1");
    expect(st.assetId).toBe(7n);
    // Progress was reported on the way.
    expect(s.actions.some((a) => a.type === "file" && a.patch.sent === 2)).toBe(true);
  });

  it("stops before the chain when the gateway hashed other bytes, and resends only that file", async () => {
    const files = picked();
    const s = store(files);
    const f = fakes({ corrupt: "weights.bin" });
    await runUploadFlow(s.get, s.dispatch, f.deps, files);
    expect(s.get().error?.step).toBe("upload");
    expect(s.get().error?.error).toBeInstanceOf(PlainError);
    expect(errorText(s.get())).toMatch(/different bytes .* weights\.bin/);
    expect(f.calls.some((c) => c.startsWith("register"))).toBe(false);
    expect(canRegister(s.get())).toBe(false);

    // The corruption goes away; "Try again" sends weights.bin only, then carries on.
    const again = fakes();
    again.staged.set("u1", f.staged.get("u1") ?? new Map());
    await runUploadFlow(s.get, s.dispatch, again.deps, files);
    expect(again.calls.filter((c) => c.startsWith("put"))).toEqual(["put weights.bin"]);
    expect(s.get().step).toBe("done");
  });

  it("a register failure keeps the upload; trying again registers and publishes without re-sending", async () => {
    const files = picked();
    const s = store(files);
    const { deps, calls } = fakes({ fail: { register: [new Error("User rejected the request.")] } });
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(s.get().error?.step).toBe("register");
    expect(canRegister(s.get())).toBe(true);
    const puts = calls.filter((c) => c.startsWith("put")).length;
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(calls.filter((c) => c.startsWith("put")).length).toBe(puts);
    expect(calls.filter((c) => c.startsWith("register")).length).toBe(2);
    expect(s.get().step).toBe("done");
  });

  it("an expired upload at publish time: resend the files and publish to the version already on chain", async () => {
    const files = picked();
    const s = store(files);
    const { deps, calls, staged } = fakes({
      fail: { publish: [new GatewayError(404, "not_found", "no such upload")] },
    });
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(s.get().error?.step).toBe("publish");
    expect(errorText(s.get())).toMatch(/no longer holds the staged files/);
    expect(s.get().uploadId).toBeUndefined();
    staged.clear();
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(s.get().step).toBe("done");
    expect(calls.filter((c) => c.startsWith("register")).length).toBe(1);
    expect(calls.at(-1)).toBe("publish u2 7 v1");
  });

  it("an expired session: forgets it and says so; trying again signs in anew", async () => {
    const files = picked();
    const s = store(files);
    const { deps, calls } = fakes({ fail: { create: [new GatewayError(401, "unauthorized", "session expired")] } });
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(calls).toContain("forget");
    expect(errorText(s.get())).toMatch(/session expired/i);
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(s.get().step).toBe("done");
  });

  it("a conflict at publish is shown in the gateway's words", async () => {
    const files = picked();
    const s = store(files);
    const { deps } = fakes({
      fail: { publish: [new GatewayError(409, "conflict", "the chain records another content hash for version 1")] },
    });
    await runUploadFlow(s.get, s.dispatch, deps, files);
    expect(errorText(s.get())).toMatch(/refused to publish: the chain records another/);
  });
});

describe("hash comparison", () => {
  it("judges each file and the manifest", () => {
    const base = { path: "a", size: 1, sent: 1, status: "done" as const };
    expect(fileVerdict({ ...base, localSha256: "ab", gatewaySha256: "AB" })).toBe("match");
    expect(fileVerdict({ ...base, localSha256: "ab", gatewaySha256: "cd" })).toBe("mismatch");
    expect(fileVerdict({ ...base, localSha256: "ab", gatewaySha256: undefined })).toBe("pending");
    expect(contentVerdict({ manifestHash: "0xAB", localHash: "0xab" })).toBe("match");
    expect(contentVerdict({ manifestHash: "0xab", localHash: "0xcd" })).toBe("mismatch");
    expect(contentVerdict({ manifestHash: undefined, localHash: "0xcd" })).toBe("pending");
  });
  it("computes the same content hash as the gateway's canonical manifest", async () => {
    const files = [
      { path: "b.bin", size: 3, sha256: sha("abc") },
      { path: "a/x.txt", size: 0, sha256: sha("") },
    ];
    const progress = files.map((f) => ({
      ...f,
      sent: f.size,
      status: "done" as const,
      localSha256: f.sha256,
      gatewaySha256: f.sha256,
    }));
    expect(await localContentHash(progress)).toBe(gatewayHash(files));
  });
  it("a mismatch anywhere blocks registering", () => {
    const st: FlowState = {
      ...initialFlow([{ path: "a", body: new Blob(["x"]) }]),
      manifestHash: "0x01",
      localHash: "0x01",
    };
    const done = {
      ...st,
      files: st.files.map((f) => ({ ...f, status: "done" as const, localSha256: "aa", gatewaySha256: "aa" })),
    };
    expect(canRegister(done)).toBe(true);
    expect(canRegister({ ...done, localHash: "0x02" })).toBe(false);
    expect(canRegister({ ...done, files: done.files.map((f) => ({ ...f, gatewaySha256: "bb" })) })).toBe(false);
  });
});

describe("selectionProblems", () => {
  const f = (path: string) => ({ path, body: new Blob(["x"]) });
  it("asks for a titled card and at least one file", () => {
    expect(selectionProblems([], "")).toHaveLength(2);
    expect(selectionProblems([f("a.bin")], "# Orca\n\ntext")).toEqual([]);
  });
  it("refuses the card's path and duplicates", () => {
    expect(selectionProblems([f(CARD_PATH)], "# T").join(" ")).toMatch(/Rename public\/README\.md/);
    expect(selectionProblems([f("a"), f("a")], "# T").join(" ")).toMatch(/Two files are named a/);
  });
});
