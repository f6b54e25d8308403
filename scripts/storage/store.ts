// The storage interface for asset versions. A version is immutable once written: a set of files
// plus the manifest (see manifest.ts) whose hash is the version's on-chain content hash.
//
// Implementations: LocalAssetStore (localStore.ts), the embedded local-disk default, and
// S3AssetStore (s3Store.ts), any S3-compatible object store.
import type { Readable } from "node:stream";
import type { Manifest, ProgressCallback } from "./manifest.ts";

/** A file given to putVersion directly: its manifest path and either its bytes or a file to copy. */
export type PutFile = { path: string; data: Uint8Array | string } | { path: string; source: string };

export type PutOptions = {
  /** Hashed bytes so far, of the total. Throwing from it aborts the put (nothing is written). */
  onProgress?: ProgressCallback;
  /** When given, the written files must match this manifest exactly (else an INTEGRITY error). */
  expected?: Manifest;
};

/**
 * A byte range, bounds inclusive as in HTTP `Range: bytes=start-end`. `end` defaults to the last
 * byte and is clamped to it; `{ suffix: n }` is the last n bytes (`bytes=-n`), the whole file when
 * n exceeds its size.
 */
export type ByteRange = { start: number; end?: number } | { suffix: number };

export type StoreErrorCode = "NOT_FOUND" | "CONFLICT" | "INTEGRITY" | "RANGE";

export class StoreError extends Error {
  override name = "StoreError";
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type VerifyProblem = { path: string; problem: "missing" | "size" | "sha256" | "unexpected" | "not a file" };

export interface AssetStore {
  /**
   * Writes a version atomically (all of it or none) and returns its manifest. Writing the same
   * content again is a no-op; different content for an existing version is a CONFLICT.
   */
  putVersion(
    assetId: string,
    version: string,
    source: string | readonly PutFile[],
    options?: PutOptions,
  ): Promise<Manifest>;
  hasVersion(assetId: string, version: string): Promise<boolean>;
  /** Throws StoreError NOT_FOUND when the version does not exist. */
  getManifest(assetId: string, version: string): Promise<Manifest>;
  /** Size and sha256 from the manifest; NOT_FOUND when the version or path is absent. */
  stat(assetId: string, version: string, path: string): Promise<{ size: number; sha256: string }>;
  /** Streams a file or a byte range of it. RANGE error when the range is unsatisfiable. */
  createReadStream(assetId: string, version: string, path: string, range?: ByteRange): Promise<Readable>;
  /** Re-hashes every file; an empty list means the version is intact. */
  verify(assetId: string, version: string): Promise<VerifyProblem[]>;
}

/**
 * Resolves a range against a file size to inclusive `{ start, end }`, or `null` for a full read of
 * an empty file. Throws StoreError RANGE when unsatisfiable (as HTTP 416): start beyond the end,
 * end before start, a zero suffix, or any range of an empty file.
 */
export function resolveRange(size: number, range?: ByteRange): { start: number; end: number } | null {
  if (range === undefined) return size === 0 ? null : { start: 0, end: size - 1 };
  const bad = (why: string) => new StoreError("RANGE", `range not satisfiable (${why}) for size ${size}`);
  if ("suffix" in range) {
    if (!Number.isSafeInteger(range.suffix) || range.suffix <= 0) throw bad("suffix must be a positive integer");
    if (size === 0) throw bad("empty file");
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) throw bad("start must be a non-negative integer");
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) throw bad("end before start");
  if (start >= size) throw bad("start beyond the end");
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}
