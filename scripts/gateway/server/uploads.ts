// Upload staging for creators: files are sent to the gateway before the asset exists on chain (the
// chain records the hash of their manifest), then published into the store once the chain shows a
// version with exactly that content hash, registered by the uploader. An upload belongs to the
// address that opened it, lives at most `ttlMs`, and is bounded in bytes and files.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Address } from "viem";
import { buildManifest, type Manifest } from "../../storage/manifest.ts";
import { checkRelativePath } from "../../storage/safePath.ts";
import { HttpError } from "./http.ts";

export interface UploadLimits {
  /** Bytes per upload; default 2 GiB. */
  maxBytes: number;
  /** Files per upload; default 1000. */
  maxFiles: number;
  /** Open uploads per address; default 4. */
  maxPerAddress: number;
  /** Lifetime of an upload; default 1 h. */
  ttlMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxFiles: 1000,
  maxPerAddress: 4,
  ttlMs: 3_600_000,
};

interface Upload {
  id: string;
  owner: string;
  expiresAt: number;
  /** path → size of the files received. */
  files: Map<string, number>;
  busy: boolean;
}

const ID_RE = /^[0-9a-f]{32}$/;

export class UploadStaging {
  readonly #dir: string;
  readonly #limits: UploadLimits;
  readonly #now: () => number;
  readonly #uploads = new Map<string, Upload>();

  constructor(dir: string, limits: Partial<UploadLimits>, now: () => number) {
    this.#dir = dir;
    this.#limits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
    this.#now = now;
  }

  /** Opens an upload for `owner`. */
  async create(owner: Address): Promise<{ uploadId: string; expiresAt: number }> {
    await this.#sweep();
    const mine = [...this.#uploads.values()].filter((u) => u.owner === owner.toLowerCase());
    if (mine.length >= this.#limits.maxPerAddress) {
      throw new HttpError("rate_limited", `at most ${this.#limits.maxPerAddress} open uploads per address`, {
        "Retry-After": "60",
      });
    }
    const id = randomBytes(16).toString("hex");
    await mkdir(this.#filesDir(id), { recursive: true });
    const upload = {
      id,
      owner: owner.toLowerCase(),
      expiresAt: this.#now() + this.#limits.ttlMs,
      files: new Map(),
      busy: false,
    };
    this.#uploads.set(id, upload);
    return { uploadId: id, expiresAt: Math.floor(upload.expiresAt / 1000) };
  }

  /** Stores one file of an upload from `body`, hashing it as it is written. */
  async putFile(
    id: string,
    owner: Address,
    rawPath: string,
    body: NodeJS.ReadableStream,
    declaredLength: number | undefined,
  ): Promise<{ path: string; size: number; sha256: string }> {
    const upload = this.#get(id, owner);
    let relPath: string;
    try {
      relPath = checkRelativePath(rawPath.split("/").map(decodeURIComponent).join("/"));
    } catch {
      throw new HttpError("bad_request", "unsafe or malformed file path");
    }
    const used = [...upload.files].reduce((sum, [p, size]) => (p === relPath ? sum : sum + size), 0);
    const room = this.#limits.maxBytes - used;
    if (declaredLength !== undefined && declaredLength > room) {
      throw new HttpError("payload_too_large", `the upload may hold ${this.#limits.maxBytes} bytes in all`);
    }
    if (!upload.files.has(relPath) && upload.files.size >= this.#limits.maxFiles) {
      throw new HttpError("payload_too_large", `the upload may hold ${this.#limits.maxFiles} files`);
    }
    if (upload.busy) throw new HttpError("conflict", "this upload is being published");
    const target = path.join(this.#filesDir(id), relPath);
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash("sha256");
    const tooLarge = `the upload may hold ${this.#limits.maxBytes} bytes in all`;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > room) {
          done(new HttpError("payload_too_large", tooLarge));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(target, { flags: "w" }));
    } catch (error) {
      await rm(target, { force: true });
      upload.files.delete(relPath);
      if (error instanceof HttpError) throw error;
      throw new HttpError("bad_request", "the upload was interrupted");
    }
    upload.files.set(relPath, size);
    return { path: relPath, size, sha256: hash.digest("hex") };
  }

  /** The manifest of what was received (re-hashed from disk) and its hash, the content hash to register. */
  async manifest(id: string, owner: Address): Promise<Manifest> {
    const upload = this.#get(id, owner);
    if (upload.files.size === 0) throw new HttpError("bad_request", "the upload has no files yet");
    return buildManifest(this.#filesDir(id));
  }

  /** Runs `publish` with the upload's files directory, then deletes the upload. */
  async publish<T>(
    id: string,
    owner: Address,
    publish: (filesDir: string, manifest: Manifest) => Promise<T>,
  ): Promise<T> {
    const upload = this.#get(id, owner);
    if (upload.busy) throw new HttpError("conflict", "this upload is being published");
    upload.busy = true;
    try {
      const result = await publish(this.#filesDir(id), await this.manifest(id, owner));
      await this.delete(id, owner);
      return result;
    } finally {
      upload.busy = false;
    }
  }

  async delete(id: string, owner: Address): Promise<void> {
    this.#get(id, owner);
    this.#uploads.delete(id);
    await rm(path.join(this.#dir, id), { recursive: true, force: true });
  }

  #get(id: string, owner: Address): Upload {
    const upload = ID_RE.test(id) ? this.#uploads.get(id) : undefined;
    if (upload === undefined || upload.expiresAt <= this.#now()) throw new HttpError("not_found", "no such upload");
    if (upload.owner !== owner.toLowerCase())
      throw new HttpError("forbidden", "this upload belongs to another address");
    return upload;
  }

  #filesDir(id: string): string {
    return path.join(this.#dir, id, "files");
  }

  /** Deletes expired uploads, and directories left by an earlier process. */
  async #sweep(): Promise<void> {
    const now = this.#now();
    for (const [id, upload] of this.#uploads) {
      if (upload.expiresAt <= now && !upload.busy) {
        this.#uploads.delete(id);
        await rm(path.join(this.#dir, id), { recursive: true, force: true });
      }
    }
    const entries = await readdir(this.#dir).catch(() => [] as string[]);
    for (const name of entries) {
      if (this.#uploads.has(name)) continue;
      const info = await stat(path.join(this.#dir, name)).catch(() => null);
      if (info !== null && now - info.mtimeMs > this.#limits.ttlMs) {
        await rm(path.join(this.#dir, name), { recursive: true, force: true });
      }
    }
  }
}
