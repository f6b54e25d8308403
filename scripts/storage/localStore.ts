// LocalAssetStore: the embedded default AssetStore, on local disk.
//
// Layout:
//   <root>/<assetId>/<version>/manifest.json   canonical manifest bytes (see manifest.ts)
//   <root>/<assetId>/<version>/files/<path>    the version's files
//   <root>/.staging/                            versions being written
//
// A put writes everything into a fresh directory under <root>/.staging (same filesystem), hashing
// each file as it is copied, fsyncs, then renames the directory to <root>/<assetId>/<version> in
// one step: a crash or error never leaves a half-written version behind (at worst a stray
// directory under .staging, which is never read and may be deleted). Versions are immutable: the
// same content again is a no-op, different content is a CONFLICT.
//
// Reads go through safePath.ts: ids and paths are checked lexically before any disk access, then
// the real path (after symlinks) must still be inside the root, and files are opened O_NOFOLLOW.
// Only paths listed in the manifest can be read; full reads are re-hashed as they stream.
//
// Served reads are cached where versions' immutability allows: manifests once read, small files
// (<= 64 KiB, 64 MiB in all) once read and verified, and a large file's full read is re-hashed only
// until it has matched once for that inode, size and mtime (an in-place edit that restores all
// three goes unnoticed here; clients verify every file against the manifest anyway).
//
// The S3-compatible store (s3Store.ts) implements the same interface.
import { createHash, randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  canonicalManifest,
  compareUtf8,
  hashFile,
  type Manifest,
  type ManifestEntry,
  ManifestError,
  manifestHash,
  parseManifest,
} from "./manifest.ts";
import { sourceItems } from "./putSource.ts";
import {
  assertInsideRoot,
  checkRelativePath,
  resolveStorePath,
  resolveVersionDir,
  UnsafePathError,
} from "./safePath.ts";
import {
  type AssetStore,
  type ByteRange,
  type PutFile,
  type PutOptions,
  resolveRange,
  StoreError,
  type VerifyProblem,
} from "./store.ts";

const MANIFEST_FILE = "manifest.json";
const FILES_DIR = "files";
const STAGING_DIR = ".staging";
const CHUNK = 1 << 16;
/**
 * Reads for serving. Larger reads mean fewer thread-pool round trips but more memory per stream
 * (the benchmark measured 1 MiB reads at about +50 MiB RSS over 64 KiB during 4 parallel 1 GiB
 * downloads); bulk throughput is nginx's job in production (X-Accel-Redirect, see gateway.ts).
 */
const READ_CHUNK = CHUNK;
/** Files up to this size are kept in memory once read and verified … */
const SMALL_FILE_MAX = 64 * 1024;
/** … up to this many bytes in all. */
const SMALL_CACHE_BYTES = 64 * 1024 * 1024;

const isErrno = (err: unknown, ...codes: string[]): boolean =>
  err instanceof Error && codes.includes((err as NodeJS.ErrnoException).code ?? "");

/** Best-effort fsync of a directory, so a rename inside it is durable. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

export class LocalAssetStore implements AssetStore {
  readonly root: string;
  /** Manifests read so far: versions are immutable, so one read of each is enough. */
  readonly #manifests = new Map<string, Manifest>();
  /** Files read in full whose sha256 matched: path → identity (dev:ino:size:mtime) when verified. */
  readonly #verified = new Map<string, string>();
  /** Small files read in full and verified, by absolute path, least recently used first. */
  readonly #small = new Map<string, Buffer>();
  #smallBytes = 0;
  /** The root's real path, resolved once (reads check every file against it). */
  #realRoot: Promise<string> | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async putVersion(
    assetId: string,
    version: string,
    source: string | readonly PutFile[],
    options: PutOptions = {},
  ): Promise<Manifest> {
    const versionDir = resolveVersionDir(this.root, assetId, version);
    const items = await sourceItems(source);
    const total = items.reduce((sum, item) => sum + item.size, 0);
    let done = 0;
    options.onProgress?.(0, total);

    await mkdir(path.join(this.root, STAGING_DIR), { recursive: true });
    await assertInsideRoot(this.root, path.join(this.root, STAGING_DIR));
    const staging = path.join(this.root, STAGING_DIR, `${assetId}@${version}.${randomUUID()}`);
    await mkdir(path.join(staging, FILES_DIR), { recursive: true });
    try {
      const files: ManifestEntry[] = [];
      for (const item of items) {
        const dest = path.join(staging, FILES_DIR, ...item.path.split("/"));
        await mkdir(path.dirname(dest), { recursive: true });
        const hash = createHash("sha256");
        let size = 0;
        const meter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            try {
              hash.update(chunk);
              size += chunk.length;
              done += chunk.length;
              options.onProgress?.(done, total);
              callback(null, chunk);
            } catch (err) {
              callback(err as Error);
            }
          },
        });
        const input = await item.open();
        const out = await open(dest, "wx").catch((err: unknown) => {
          input.destroy();
          throw err;
        });
        // `flush`: fsync before the stream closes the file.
        await pipeline(input, meter, out.createWriteStream({ flush: true }));
        if (size !== item.size) {
          throw new StoreError("INTEGRITY", `file changed while copying: ${JSON.stringify(item.path)}`);
        }
        files.push({ path: item.path, size, sha256: hash.digest("hex") });
      }
      const manifest: Manifest = { version: 1, files };
      const bytes = canonicalManifest(manifest);
      if (options.expected !== undefined && manifestHash(options.expected) !== manifestHash(manifest)) {
        throw new StoreError(
          "INTEGRITY",
          `content does not match the expected manifest: ${this.#diff(options.expected, manifest)}`,
        );
      }
      const out = await open(path.join(staging, MANIFEST_FILE), "wx");
      try {
        await out.writeFile(bytes);
        await out.sync();
      } finally {
        await out.close();
      }
      await syncDir(staging);

      const assetDir = path.dirname(versionDir);
      await mkdir(assetDir, { recursive: true });
      await assertInsideRoot(this.root, assetDir);
      if (await this.hasVersion(assetId, version)) return await this.#same(assetId, version, manifest);
      try {
        await rename(staging, versionDir);
      } catch (err) {
        // Another writer got there first (rename onto a non-empty directory fails).
        if (isErrno(err, "ENOTEMPTY", "EEXIST")) return await this.#same(assetId, version, manifest);
        throw err;
      }
      await syncDir(assetDir);
      return manifest;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async hasVersion(assetId: string, version: string): Promise<boolean> {
    const file = path.join(resolveVersionDir(this.root, assetId, version), MANIFEST_FILE);
    try {
      await assertInsideRoot(this.root, file);
      return (await lstat(file)).isFile();
    } catch (err) {
      if (isErrno(err, "ENOENT", "ENOTDIR")) return false;
      throw err;
    }
  }

  async getManifest(assetId: string, version: string): Promise<Manifest> {
    const key = `${assetId}\0${version}`;
    let file = this.#manifestFiles.get(key);
    if (file === undefined) {
      file = path.join(resolveVersionDir(this.root, assetId, version), MANIFEST_FILE);
      if (this.#manifestFiles.size >= 10_000) this.#manifestFiles.clear();
      this.#manifestFiles.set(key, file);
    }
    const known = this.#manifests.get(file);
    if (known !== undefined) return known;
    try {
      await assertInsideRoot(this.root, file, this.#rootReal());
      const manifest = parseManifest(await readFile(file));
      this.#manifests.set(file, manifest);
      return manifest;
    } catch (err) {
      if (isErrno(err, "ENOENT", "ENOTDIR")) throw new StoreError("NOT_FOUND", `no version ${assetId}@${version}`);
      throw err;
    }
  }

  async stat(assetId: string, version: string, relPath: string): Promise<{ size: number; sha256: string }> {
    const { size, sha256 } = await this.#entry(assetId, version, relPath);
    return { size, sha256 };
  }

  /** `assetId\0version` → its manifest's path, lexically checked (pure, so cached). */
  #manifestFiles = new Map<string, string>();
  /** `assetId\0version\0relPath` → its lexically checked absolute path (pure, so cached). */
  #paths = new Map<string, string>();

  #storePath(assetId: string, version: string, relPath: string): string {
    const key = `${assetId}\0${version}\0${relPath}`;
    let target = this.#paths.get(key);
    if (target === undefined) {
      target = resolveStorePath(this.root, assetId, version, relPath);
      if (this.#paths.size >= 10_000) this.#paths.clear();
      this.#paths.set(key, target);
    }
    return target;
  }

  async createReadStream(assetId: string, version: string, relPath: string, range?: ByteRange): Promise<Readable> {
    const target = this.#storePath(assetId, version, relPath);
    const entry = await this.#entry(assetId, version, relPath);
    const bounds = resolveRange(entry.size, range);
    const small = this.#small.get(target);
    if (small !== undefined && bounds !== null) {
      this.#small.delete(target); // most recently used last
      this.#small.set(target, small);
      return Readable.from([small.subarray(bounds.start, bounds.end + 1)]);
    }
    try {
      await assertInsideRoot(this.root, target, this.#rootReal());
    } catch (err) {
      if (isErrno(err, "ENOENT", "ENOTDIR")) throw new StoreError("INTEGRITY", `file missing: ${entry.path}`);
      throw err;
    }
    const handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: unknown) => {
      if (isErrno(err, "ELOOP")) throw new UnsafePathError(`symlink in the store: ${entry.path}`);
      throw err;
    });
    const st = await handle.stat();
    if (!st.isFile() || st.size !== entry.size) {
      await handle.close();
      throw new StoreError("INTEGRITY", `file does not match the manifest: ${entry.path}`);
    }
    if (bounds === null) {
      await handle.close();
      return Readable.from([]);
    }
    if (entry.size <= SMALL_FILE_MAX) {
      // Small: read it whole, verify it, keep it (versions are immutable), serve the range asked.
      let data: Buffer;
      try {
        data = await handle.readFile();
      } finally {
        await handle.close();
      }
      if (data.length !== entry.size || createHash("sha256").update(data).digest("hex") !== entry.sha256) {
        throw new StoreError("INTEGRITY", `sha256 mismatch: ${entry.path}`);
      }
      this.#small.set(target, data);
      this.#smallBytes += data.length;
      for (const [key, buf] of this.#small) {
        if (this.#smallBytes <= SMALL_CACHE_BYTES) break;
        this.#small.delete(key);
        this.#smallBytes -= buf.length;
      }
      return Readable.from([data.subarray(bounds.start, bounds.end + 1)]);
    }
    const stream = handle.createReadStream({ start: bounds.start, end: bounds.end, highWaterMark: READ_CHUNK });
    if (bounds.start !== 0 || bounds.end !== entry.size - 1) return stream;
    // This very file (same inode, size and mtime) was read in full and matched its sha256 already.
    const identity = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    if (this.#verified.get(target) === identity) return stream;
    // A full read: re-hash as it streams and fail the stream at the end on a mismatch.
    const hash = createHash("sha256");
    const verifier = new Transform({
      readableHighWaterMark: READ_CHUNK,
      writableHighWaterMark: READ_CHUNK,
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush: (callback) => {
        const ok = hash.digest("hex") === entry.sha256;
        if (ok) this.#verified.set(target, identity);
        callback(ok ? null : new StoreError("INTEGRITY", `sha256 mismatch: ${entry.path}`));
      },
    });
    pipeline(stream, verifier).catch(() => {
      // Errors reach the reader through `verifier`.
    });
    return verifier;
  }

  async verify(assetId: string, version: string): Promise<VerifyProblem[]> {
    const manifest = await this.getManifest(assetId, version);
    const problems: VerifyProblem[] = [];
    const listed = new Set<string>();
    for (const entry of manifest.files) {
      listed.add(entry.path);
      const target = resolveStorePath(this.root, assetId, version, entry.path);
      try {
        await assertInsideRoot(this.root, target);
        const actual = await hashFile(target);
        if (actual.size !== entry.size) problems.push({ path: entry.path, problem: "size" });
        else if (actual.sha256 !== entry.sha256) problems.push({ path: entry.path, problem: "sha256" });
      } catch (err) {
        if (isErrno(err, "ENOENT", "ENOTDIR")) problems.push({ path: entry.path, problem: "missing" });
        else if (err instanceof UnsafePathError || err instanceof ManifestError || isErrno(err, "EISDIR")) {
          problems.push({ path: entry.path, problem: "not a file" });
        } else throw err;
      }
    }
    const filesDir = path.join(resolveVersionDir(this.root, assetId, version), FILES_DIR);
    const walk = async (dir: string, rel: string): Promise<void> => {
      const dirents = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
        if (isErrno(err, "ENOENT")) return [];
        throw err;
      });
      for (const dirent of dirents) {
        const relPath = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
        if (dirent.isDirectory()) await walk(path.join(dir, dirent.name), relPath);
        else if (!listed.has(relPath.normalize("NFC"))) problems.push({ path: relPath, problem: "unexpected" });
      }
    };
    await walk(filesDir, "");
    return problems.sort((a, b) => compareUtf8(a.path, b.path));
  }

  #rootReal(): Promise<string> {
    this.#realRoot ??= realpath(this.root);
    this.#realRoot.catch(() => {
      this.#realRoot = undefined; // not there yet (no version written): ask again next time
    });
    return this.#realRoot;
  }

  async #entry(assetId: string, version: string, relPath: string): Promise<ManifestEntry> {
    this.#storePath(assetId, version, relPath);
    const wanted = checkRelativePath(relPath);
    const manifest = await this.getManifest(assetId, version);
    const entry = manifest.files.find((f) => f.path === wanted);
    if (entry === undefined)
      throw new StoreError("NOT_FOUND", `no file ${JSON.stringify(wanted)} in ${assetId}@${version}`);
    return entry;
  }

  async #same(assetId: string, version: string, manifest: Manifest): Promise<Manifest> {
    const existing = await this.getManifest(assetId, version);
    if (manifestHash(existing) !== manifestHash(manifest)) {
      throw new StoreError("CONFLICT", `${assetId}@${version} already exists with different content`);
    }
    return existing;
  }

  #diff(expected: Manifest, actual: Manifest): string {
    const want = new Map(expected.files.map((f) => [f.path.normalize("NFC"), f]));
    const got = new Map(actual.files.map((f) => [f.path, f]));
    const paths = [...new Set([...want.keys(), ...got.keys()])].filter((p) => {
      const a = want.get(p);
      const b = got.get(p);
      return a?.size !== b?.size || a?.sha256 !== b?.sha256;
    });
    return paths.length === 0 ? "(invalid expected manifest)" : paths.map((p) => JSON.stringify(p)).join(", ");
  }
}
