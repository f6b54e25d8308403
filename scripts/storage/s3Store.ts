// S3AssetStore: an AssetStore on any S3-compatible object store (AWS S3, MinIO, R2, Ceph, s3rver…),
// speaking the S3 REST API through s3Client.ts (SigV4 via aws4fetch, path-style URLs).
//
// Layout (under an optional key prefix, e.g. `tessera/`):
//   <prefix><assetId>/<version>/files/<path>    the version's files, one object each
//   <prefix><assetId>/<version>/manifest.json   canonical manifest bytes (see manifest.ts)
//
// Commit marker: a version exists iff its manifest object exists. putVersion uploads every file
// first, hashing each as it streams up, builds the manifest, checks it against `expected`, and
// only then writes manifest.json (with `If-None-Match: *` where the server supports conditional
// writes, so that of two racing writers exactly one commits). A put that fails or is interrupted
// never leaves a readable half version: reads go through the manifest, and without one there is
// nothing to read. On a failure the put deletes the objects it uploaded (best effort; a killed
// process can leave orphan objects under files/, which are never served, are overwritten by the
// next put of that version, and show up as "unexpected" in verify).
//
// Immutability: when the manifest already exists, putVersion only hashes the source (uploading
// nothing, so a committed version's objects are never overwritten) and returns the existing
// manifest when identical, else throws CONFLICT. Concurrent puts of the SAME version with
// DIFFERENT content are not safe: the loser's file uploads can overwrite the winner's objects
// before it notices (verify detects it). Run one writer per version.
//
// Consistency: assumes S3's strong read-after-write consistency (AWS S3 since December 2020,
// and the usual S3-compatible servers): a manifest read after its write is seen, and objects
// written before the manifest are visible once the manifest is. Manifests are cached in memory
// (versions are immutable), so a version deleted or edited directly in the bucket can still be
// seen by a running process until it is restarted; verify always reads the manifest afresh.
//
// Safety: asset ids, versions and paths pass safePath's lexical checks (no `..`/`.` segments,
// no absolute paths, backslashes, control characters or percent-encoded dot segments) before any
// request, the prefix is checked the same way, and each key is percent-encoded segment by
// segment, so a key can never leave `<prefix><assetId>/<version>/`. Only paths listed in the
// manifest are read; full reads are re-hashed as they stream (an INTEGRITY error at the end on a
// mismatch), and responses whose length or Content-Range disagree with the manifest are refused.
//
// Large files: bodies are streamed. Files up to `partSize` (16 MiB by default) are one streamed
// PUT with a Content-Length; larger files use multipart upload in `partSize` parts (grown as
// needed to stay within 10,000 parts), so sizes up to S3's 5 TiB object limit work. The part size
// also bounds memory: Node's fetch was measured holding a streamed request body's chunks until
// the request completes (a 256 MiB single PUT kept ~256 MiB of buffers alive; in 16 MiB parts,
// nothing is kept beyond the part in flight). Payloads are sent as UNSIGNED-PAYLOAD (use https): integrity comes from our
// own sha256 of what was read, and verify re-hashes what the bucket holds.
//
// Errors: network failures and unexpected HTTP statuses (5xx, 403 for bad credentials, …)
// become S3RequestError naming the operation, s3://bucket/key and status (see s3Client.ts);
// StoreError codes match LocalAssetStore (NOT_FOUND, CONFLICT, INTEGRITY, RANGE).
//
// Not done: request timeouts (a hung server hangs the call), checksum headers for uploaded
// file bodies (x-amz-checksum-sha256), server-side encryption options, virtual-hosted-style
// URLs, and cleanup of orphans left by killed processes (a bucket lifecycle rule can expire
// them, or they are simply overwritten by the next put).
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  canonicalManifest,
  compareUtf8,
  type Manifest,
  type ManifestEntry,
  ManifestError,
  manifestHash,
  parseManifest,
  validateManifest,
} from "./manifest.ts";
import { sourceItems } from "./putSource.ts";
import {
  errorFrom,
  S3Client,
  type S3ClientOptions,
  type S3Request,
  S3RequestError,
  xmlAll,
  xmlText,
} from "./s3Client.ts";
import { checkId, checkRelativePath } from "./safePath.ts";
import {
  type AssetStore,
  type ByteRange,
  type PutFile,
  type PutOptions,
  resolveRange,
  StoreError,
  type VerifyProblem,
} from "./store.ts";

export { S3RequestError } from "./s3Client.ts";

export type S3AssetStoreOptions = S3ClientOptions & {
  /** Key prefix for everything the store writes, e.g. `tessera/` (a trailing `/` is added). */
  prefix?: string;
  /** Files larger than this are uploaded in parts of this size. Default 16 MiB, at least 5 MiB. */
  partSize?: number;
  /** How many manifests to keep in memory (versions are immutable). Default 64; 0 disables. */
  manifestCacheSize?: number;
};

const MiB = 1 << 20;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PART_SIZE = 5 * 1024 * MiB;
const MAX_PARTS = 10_000;
/** S3's limit on key length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
const MANIFEST_FILE = "manifest.json";
const FILES_DIR = "files";
const CHUNK = 1 << 16;
const EMPTY = Buffer.alloc(0);

const sha256Hex = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** Drops a response body we do not need, so its connection can be reused. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

/**
 * Pulls a source stream on demand, in pieces of at most the size asked for (so it can be cut
 * into parts without buffering), calling `onChunk` on each chunk as it is read. The first error
 * (from the source, `onChunk` or `fail`) is kept in `error`: fetch wraps errors of a request body,
 * and putVersion rethrows the original.
 */
class SourceReader {
  error: unknown;
  readonly #iterator: AsyncIterator<unknown>;
  readonly #onChunk: (chunk: Buffer) => void;
  #pending: Buffer = EMPTY;
  #ended = false;

  constructor(input: Readable, onChunk: (chunk: Buffer) => void) {
    this.#iterator = input[Symbol.asyncIterator]();
    this.#onChunk = onChunk;
  }

  /** Up to `max` bytes, or null at the end of the source. */
  async read(max: number): Promise<Buffer | null> {
    try {
      while (this.#pending.length === 0) {
        if (this.#ended) return null;
        const next = await this.#iterator.next();
        if (next.done) {
          this.#ended = true;
          return null;
        }
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
        this.#onChunk(chunk);
        this.#pending = chunk;
      }
      const out = this.#pending.subarray(0, max);
      this.#pending = this.#pending.subarray(out.length);
      return out;
    } catch (err) {
      throw this.fail(err);
    }
  }

  fail(err: unknown): unknown {
    if (this.error === undefined) this.error = err;
    return this.error;
  }

  /** Reads (and so hashes) the rest of the source. */
  async drain(): Promise<void> {
    while ((await this.read(Number.MAX_SAFE_INTEGER)) !== null) {
      // onChunk sees every chunk
    }
  }

  /** A request body of exactly `length` (> 0) bytes from the source; errors if it ends sooner. */
  body(length: number, what: string): ReadableStream<Uint8Array> {
    let remaining = length;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const chunk = await this.read(remaining);
          if (chunk === null) throw this.fail(new StoreError("INTEGRITY", `file changed while copying: ${what}`));
          remaining -= chunk.length;
          controller.enqueue(chunk);
          if (remaining === 0) controller.close();
        },
      },
      { highWaterMark: 0 },
    );
  }
}

/** `take` bytes of `stream` after skipping `skip`; stops reading (and closes it) once done. */
async function* slice(
  stream: Readable,
  skip: number,
  take: number,
  mismatch: (why: string) => Error,
): AsyncGenerator<Buffer> {
  try {
    for await (const data of stream) {
      let chunk = data as Buffer;
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        skip -= n;
        chunk = chunk.subarray(n);
      }
      if (chunk.length === 0) continue;
      const out = chunk.subarray(0, take);
      take -= out.length;
      yield out;
      if (take === 0) return;
    }
  } finally {
    stream.destroy();
  }
  throw mismatch("response too short");
}

export class S3AssetStore implements AssetStore {
  readonly client: S3Client;
  /** The normalised key prefix: empty, or ending in `/`. */
  readonly prefix: string;
  readonly partSize: number;
  readonly #cache = new Map<string, Manifest>();
  readonly #cacheSize: number;

  constructor(options: S3AssetStoreOptions) {
    this.client = new S3Client(options);
    const prefix = (options.prefix ?? "").replace(/\/+$/, "");
    this.prefix = prefix === "" ? "" : `${checkRelativePath(prefix)}/`;
    this.partSize = options.partSize ?? 16 * MiB;
    if (!Number.isSafeInteger(this.partSize) || this.partSize < MIN_PART_SIZE || this.partSize > MAX_PART_SIZE) {
      throw new TypeError(`partSize must be an integer between 5 MiB and 5 GiB, got ${options.partSize}`);
    }
    this.#cacheSize = options.manifestCacheSize ?? 64;
  }

  async putVersion(
    assetId: string,
    version: string,
    source: string | readonly PutFile[],
    options: PutOptions = {},
  ): Promise<Manifest> {
    const base = this.#versionKey(assetId, version);
    const expected = options.expected === undefined ? undefined : validateManifest(options.expected);
    const items = await sourceItems(source);
    for (const item of items) {
      checkRelativePath(item.path);
      if (Buffer.byteLength(`${base}${FILES_DIR}/${item.path}`, "utf8") > MAX_KEY_BYTES) {
        throw new ManifestError(`path is too long for an S3 key: ${JSON.stringify(item.path)}`);
      }
    }
    if (expected !== undefined) {
      // Paths and sizes are known before anything is read: refuse a certain mismatch up front.
      const sizes = this.#diff(
        expected,
        items.map((item) => ({ path: item.path, size: item.size, sha256: "" })),
        false,
      );
      if (sizes !== "") throw new StoreError("INTEGRITY", `content does not match the expected manifest: ${sizes}`);
    }
    const total = items.reduce((sum, item) => sum + item.size, 0);
    let done = 0;
    options.onProgress?.(0, total);

    // A committed version is never touched again: only hash the source to compare.
    const exists = await this.hasVersion(assetId, version);
    const uploaded: string[] = [];
    try {
      const files: ManifestEntry[] = [];
      for (const item of items) {
        const key = `${base}${FILES_DIR}/${item.path}`;
        const hash = createHash("sha256");
        const input = await item.open();
        const reader = new SourceReader(input, (chunk) => {
          hash.update(chunk);
          done += chunk.length;
          options.onProgress?.(done, total);
        });
        try {
          if (exists) await reader.drain();
          else {
            uploaded.push(key);
            await this.#upload(key, reader, item.size, JSON.stringify(item.path));
          }
          if ((await reader.read(1)) !== null) {
            throw new StoreError("INTEGRITY", `file changed while copying: ${JSON.stringify(item.path)}`);
          }
        } finally {
          input.destroy();
        }
        files.push({ path: item.path, size: item.size, sha256: hash.digest("hex") });
      }
      const manifest: Manifest = { version: 1, files };
      if (expected !== undefined && manifestHash(expected) !== manifestHash(manifest)) {
        throw new StoreError(
          "INTEGRITY",
          `content does not match the expected manifest: ${this.#diff(expected, files, true) || "(invalid expected manifest)"}`,
        );
      }
      if (exists || !(await this.#commit(base, manifest))) return await this.#same(assetId, version, manifest);
      this.#remember(base, manifest);
      return manifest;
    } catch (err) {
      await this.#cleanup(assetId, version, uploaded);
      throw err;
    }
  }

  async hasVersion(assetId: string, version: string): Promise<boolean> {
    const base = this.#versionKey(assetId, version);
    if (this.#cache.has(base)) return true;
    const key = base + MANIFEST_FILE;
    const res = await this.client.request({ operation: "HeadObject", method: "HEAD", key, accept: [200, 404] });
    await discard(res);
    if (res.status === 404 && res.headers.get("x-amz-error-code") === "NoSuchBucket") {
      throw await this.client.error({ operation: "HeadObject", method: "HEAD", key }, res);
    }
    return res.status === 200;
  }

  async getManifest(assetId: string, version: string): Promise<Manifest> {
    const base = this.#versionKey(assetId, version);
    const cached = this.#cache.get(base);
    const manifest = cached ?? (await this.#fetchManifest(assetId, version));
    if (cached === undefined) this.#remember(base, manifest);
    return { version: 1, files: manifest.files.map((f) => ({ ...f })) };
  }

  async stat(assetId: string, version: string, relPath: string): Promise<{ size: number; sha256: string }> {
    const { size, sha256 } = await this.#entry(assetId, version, relPath);
    return { size, sha256 };
  }

  async createReadStream(assetId: string, version: string, relPath: string, range?: ByteRange): Promise<Readable> {
    const key = this.#fileKey(assetId, version, relPath);
    const entry = await this.#entry(assetId, version, relPath);
    const bounds = resolveRange(entry.size, range);
    const mismatch = (why: string) =>
      new StoreError("INTEGRITY", `file does not match the manifest (${why}): ${entry.path}`);
    if (bounds === null) {
      const res = await this.client.request({ operation: "HeadObject", method: "HEAD", key, accept: [200, 404] });
      await discard(res);
      if (res.status === 404) throw new StoreError("INTEGRITY", `file missing: ${entry.path}`);
      if (Number(res.headers.get("content-length") ?? 0) !== 0) throw mismatch("size");
      return Readable.from([]);
    }
    const full = bounds.start === 0 && bounds.end === entry.size - 1;
    const req: S3Request = {
      operation: "GetObject",
      method: "GET",
      key,
      headers: full ? {} : { range: `bytes=${bounds.start}-${bounds.end}` },
      accept: [200, 206, 404, 416],
    };
    const res = await this.client.request(req);
    // The bytes the server sent, [start, end] of an object of `total` bytes. Servers may send more
    // than the requested range (all of it with a 200, or a covering 206); the extra is cut off.
    let sent: { start: number; end: number; total: number } | undefined;
    if (res.status === 200) {
      const total = Number(res.headers.get("content-length") ?? entry.size);
      sent = { start: 0, end: total - 1, total };
    } else if (res.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
      if (m !== null) sent = { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) };
    }
    if (res.status === 404 || sent === undefined || sent.total !== entry.size) {
      await discard(res);
      if (res.status === 404) throw new StoreError("INTEGRITY", `file missing: ${entry.path}`);
      throw mismatch("size");
    }
    if (sent.start > bounds.start || sent.end < bounds.end || res.body === null) {
      await discard(res);
      throw mismatch("server sent the wrong range");
    }
    const stream = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>, { highWaterMark: CHUNK });
    if (!full) {
      if (sent.start === bounds.start && sent.end === bounds.end) return stream;
      return Readable.from(slice(stream, bounds.start - sent.start, bounds.end - bounds.start + 1, mismatch));
    }
    // A full read: re-hash as it streams and fail the stream at the end on a mismatch.
    const hash = createHash("sha256");
    let size = 0;
    const verifier = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
      flush(callback) {
        const ok = size === entry.size && hash.digest("hex") === entry.sha256;
        callback(ok ? null : new StoreError("INTEGRITY", `sha256 mismatch: ${entry.path}`));
      },
    });
    pipeline(stream, verifier).catch(() => {
      // Errors reach the reader through `verifier`.
    });
    return verifier;
  }

  async verify(assetId: string, version: string): Promise<VerifyProblem[]> {
    const base = this.#versionKey(assetId, version);
    const manifest = await this.#fetchManifest(assetId, version);
    const problems: VerifyProblem[] = [];
    const listed = new Set<string>();
    for (const entry of manifest.files) {
      listed.add(entry.path);
      const key = `${base}${FILES_DIR}/${entry.path}`;
      const res = await this.client.request({ operation: "GetObject", method: "GET", key, accept: [200, 404] });
      if (res.status === 404 || res.body === null) {
        await discard(res);
        problems.push({ path: entry.path, problem: "missing" });
        continue;
      }
      const hash = createHash("sha256");
      let size = 0;
      try {
        for await (const chunk of res.body) {
          hash.update(chunk);
          size += chunk.length;
        }
      } catch (err) {
        throw new S3RequestError(
          `S3 GetObject ${this.client.location(key)} failed while reading: ${(err as Error).message}`,
          { operation: "GetObject", key },
          { cause: err },
        );
      }
      if (size !== entry.size) problems.push({ path: entry.path, problem: "size" });
      else if (hash.digest("hex") !== entry.sha256) problems.push({ path: entry.path, problem: "sha256" });
    }
    const filesPrefix = `${base}${FILES_DIR}/`;
    for (const key of await this.#list(filesPrefix)) {
      const rel = key.slice(filesPrefix.length);
      if (!listed.has(rel.normalize("NFC"))) problems.push({ path: rel, problem: "unexpected" });
    }
    return problems.sort((a, b) => compareUtf8(a.path, b.path));
  }

  /** `<prefix><assetId>/<version>/`, validated lexically. */
  #versionKey(assetId: string, version: string): string {
    return `${this.prefix}${checkId("assetId", assetId)}/${checkId("version", version)}/`;
  }

  #fileKey(assetId: string, version: string, relPath: string): string {
    const base = this.#versionKey(assetId, version);
    return `${base}${FILES_DIR}/${checkRelativePath(relPath)}`;
  }

  async #fetchManifest(assetId: string, version: string): Promise<Manifest> {
    const key = this.#versionKey(assetId, version) + MANIFEST_FILE;
    const req: S3Request = { operation: "GetObject", method: "GET", key, accept: [200, 404] };
    const res = await this.client.request(req);
    if (res.status === 404) {
      const text = await res.text().catch(() => "");
      if (xmlText(text, "Code") === "NoSuchBucket")
        throw errorFrom(req.operation, this.client.location(key), key, res, text);
      throw new StoreError("NOT_FOUND", `no version ${assetId}@${version}`);
    }
    return parseManifest(new Uint8Array(await res.arrayBuffer()));
  }

  #remember(base: string, manifest: Manifest): void {
    if (this.#cacheSize <= 0) return;
    this.#cache.delete(base);
    this.#cache.set(base, manifest);
    while (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
  }

  async #entry(assetId: string, version: string, relPath: string): Promise<ManifestEntry> {
    this.#fileKey(assetId, version, relPath);
    const wanted = checkRelativePath(relPath);
    const manifest = await this.getManifest(assetId, version);
    const entry = manifest.files.find((f) => f.path === wanted);
    if (entry === undefined)
      throw new StoreError("NOT_FOUND", `no file ${JSON.stringify(wanted)} in ${assetId}@${version}`);
    return entry;
  }

  /** Sends a request whose body reads `reader`; a failure of the source wins over fetch's wrapper. */
  async #send(reader: SourceReader, req: S3Request): Promise<Response> {
    try {
      return await this.client.request(req);
    } catch (err) {
      if (reader.error !== undefined) throw reader.error;
      throw err;
    }
  }

  async #upload(key: string, reader: SourceReader, size: number, what: string): Promise<void> {
    if (size > this.partSize) return this.#uploadMultipart(key, reader, size, what);
    const res = await this.#send(reader, {
      operation: "PutObject",
      method: "PUT",
      key,
      headers: { "content-type": "application/octet-stream", "content-length": String(size) },
      body: size === 0 ? new Uint8Array() : reader.body(size, what),
      accept: [200],
    });
    await discard(res);
  }

  async #uploadMultipart(key: string, reader: SourceReader, size: number, what: string): Promise<void> {
    const partSize = Math.max(this.partSize, Math.ceil(size / MAX_PARTS));
    const created = await this.client.request({
      operation: "CreateMultipartUpload",
      method: "POST",
      key,
      query: { uploads: "" },
      headers: { "content-type": "application/octet-stream" },
      accept: [200],
    });
    const uploadId = xmlText(await created.text(), "UploadId");
    if (uploadId === undefined || uploadId === "") {
      throw new S3RequestError(`S3 CreateMultipartUpload ${this.client.location(key)} failed: no UploadId returned`, {
        operation: "CreateMultipartUpload",
        key,
        status: created.status,
      });
    }
    try {
      const parts: string[] = [];
      for (let offset = 0, number = 1; offset < size; number++) {
        const length = Math.min(partSize, size - offset);
        const res = await this.#send(reader, {
          operation: "UploadPart",
          method: "PUT",
          key,
          query: { partNumber: String(number), uploadId },
          headers: { "content-length": String(length) },
          body: reader.body(length, what),
          accept: [200],
        });
        await discard(res);
        const etag = res.headers.get("etag");
        if (etag === null) {
          throw new S3RequestError(`S3 UploadPart ${this.client.location(key)} failed: no ETag for part ${number}`, {
            operation: "UploadPart",
            key,
            status: res.status,
          });
        }
        const escaped = etag.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        parts.push(`<Part><PartNumber>${number}</PartNumber><ETag>${escaped}</ETag></Part>`);
        offset += length;
      }
      const body = Buffer.from(`<CompleteMultipartUpload>${parts.join("")}</CompleteMultipartUpload>`, "utf8");
      const req: S3Request = {
        operation: "CompleteMultipartUpload",
        method: "POST",
        key,
        query: { uploadId },
        headers: { "content-type": "application/xml", "x-amz-content-sha256": sha256Hex(body) },
        body,
        accept: [200],
      };
      const res = await this.client.request(req);
      // S3 can report a failed completion inside a 200 response.
      const text = await res.text();
      if (/<Error>/.test(text)) throw errorFrom(req.operation, this.client.location(key), key, res, text);
    } catch (err) {
      await this.client
        .request({
          operation: "AbortMultipartUpload",
          method: "DELETE",
          key,
          query: { uploadId },
          accept: [200, 204, 404],
        })
        .then(discard)
        .catch(() => {
          // Best effort: a bucket lifecycle rule can clean up abandoned uploads.
        });
      throw err;
    }
  }

  /** Writes the manifest (the commit). False when another writer committed this version first. */
  async #commit(base: string, manifest: Manifest): Promise<boolean> {
    const body = canonicalManifest(manifest);
    const key = base + MANIFEST_FILE;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-amz-content-sha256": sha256Hex(body),
      "if-none-match": "*",
    };
    const put = (accept: number[]) =>
      this.client.request({ operation: "PutObject", method: "PUT", key, headers, body, accept });
    let res = await put([200, 412, 501]);
    if (res.status === 501) {
      // No conditional writes on this server: write unconditionally (we checked beforehand).
      await discard(res);
      delete headers["if-none-match"];
      res = await put([200]);
    }
    await discard(res);
    return res.status === 200;
  }

  /** Deletes what a failed put uploaded, unless the version got committed meanwhile. Best effort. */
  async #cleanup(assetId: string, version: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      if (await this.hasVersion(assetId, version)) return;
      for (const key of keys) {
        await this.client
          .request({ operation: "DeleteObject", method: "DELETE", key, accept: [200, 204, 404] })
          .then(discard);
      }
    } catch {
      // Orphans are never served (no manifest) and get overwritten by the next put.
    }
  }

  async #list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { "list-type": "2", prefix };
      if (token !== undefined) query["continuation-token"] = token;
      const res = await this.client.request({
        operation: "ListObjectsV2",
        method: "GET",
        key: "",
        query,
        accept: [200],
      });
      const xml = await res.text();
      for (const contents of xmlAll(xml, "Contents")) {
        const key = xmlText(contents, "Key");
        if (key?.startsWith(prefix)) keys.push(key);
      }
      token = xmlText(xml, "IsTruncated") === "true" ? xmlText(xml, "NextContinuationToken") : undefined;
    } while (token !== undefined && token !== "");
    return keys;
  }

  async #same(assetId: string, version: string, manifest: Manifest): Promise<Manifest> {
    const existing = await this.#fetchManifest(assetId, version);
    if (manifestHash(existing) !== manifestHash(manifest)) {
      throw new StoreError("CONFLICT", `${assetId}@${version} already exists with different content`);
    }
    this.#remember(this.#versionKey(assetId, version), existing);
    return existing;
  }

  /** Paths whose size (and, with `hashes`, sha256) differ between the two lists, quoted. */
  #diff(expected: Manifest, actual: readonly ManifestEntry[], hashes: boolean): string {
    const want = new Map(expected.files.map((f) => [f.path, f]));
    const got = new Map(actual.map((f) => [f.path, f]));
    const paths = [...new Set([...want.keys(), ...got.keys()])].filter((p) => {
      const a = want.get(p);
      const b = got.get(p);
      return a === undefined || b === undefined || a.size !== b.size || (hashes && a.sha256 !== b.sha256);
    });
    return paths.map((p) => JSON.stringify(p)).join(", ");
  }
}
