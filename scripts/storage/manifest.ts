// Asset version manifests. An asset version is a set of files plus a manifest listing each file's
// path, size and sha256. The sha256 of the manifest's canonical bytes (`manifestHash`) is the
// version's content hash, the value registered on chain.
//
// Canonical form: UTF-8 JSON, no whitespace, keys in the fixed order
// `{"version":1,"files":[{"path":…,"size":…,"sha256":…},…]}`, files sorted by path comparing the
// UTF-8 bytes (not JavaScript's UTF-16 order), paths NFC-normalised. Strings are escaped as
// JSON.stringify does; since validated paths hold no control characters, backslashes or lone
// surrogates, the only escape that can occur is `\"`.
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import path from "node:path";

export type ManifestEntry = { path: string; size: number; sha256: string };
export type Manifest = { version: 1; files: ManifestEntry[] };
export type Hex = `0x${string}`;
/** Called as bytes are hashed: `done` of `total` bytes. */
export type ProgressCallback = (done: number, total: number) => void;

export class ManifestError extends Error {
  override name = "ManifestError";
}

/** Longest accepted path, in UTF-8 bytes (Linux PATH_MAX). */
export const MAX_PATH_BYTES = 4096;
const SHA256_RE = /^[0-9a-f]{64}$/;
const CONTROL_RE = /\p{Cc}/u; // C0 controls (NUL included), DEL, C1 controls
// Lone surrogates cannot be encoded as UTF-8.
const LONE_SURROGATE_RE = /\p{Cs}/u;

/**
 * Validates a manifest path and returns its NFC form. Paths are relative POSIX paths: no leading
 * `/`, no backslashes, no control characters, no empty, `.` or `..` segments.
 */
export function normalizeManifestPath(p: unknown): string {
  if (typeof p !== "string") throw new ManifestError("path must be a string");
  if (LONE_SURROGATE_RE.test(p)) throw new ManifestError(`path is not valid Unicode: ${JSON.stringify(p)}`);
  const nfc = p.normalize("NFC");
  const shown = JSON.stringify(nfc);
  if (nfc.length === 0) throw new ManifestError("path is empty");
  if (CONTROL_RE.test(nfc)) throw new ManifestError(`path has a control character: ${shown}`);
  if (nfc.includes("\\")) throw new ManifestError(`path has a backslash: ${shown}`);
  if (nfc.startsWith("/")) throw new ManifestError(`path is absolute: ${shown}`);
  if (Buffer.byteLength(nfc, "utf8") > MAX_PATH_BYTES) throw new ManifestError(`path is too long: ${shown}`);
  for (const segment of nfc.split("/")) {
    if (segment === "") throw new ManifestError(`path has an empty segment: ${shown}`);
    if (segment === "." || segment === "..") throw new ManifestError(`path has a "${segment}" segment: ${shown}`);
  }
  return nfc;
}

/** Byte-wise comparison of the UTF-8 encodings. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Throws on a duplicate path (compare NFC forms) or a path that is also another's directory
 * (`a` and `a/b`: both cannot exist on disk).
 */
export function assertDistinctPaths(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) throw new ManifestError(`duplicate path: ${JSON.stringify(p)}`);
    seen.add(p);
  }
  for (const p of paths) {
    for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) {
      const dir = p.slice(0, i);
      if (seen.has(dir)) throw new ManifestError(`path ${JSON.stringify(dir)} is both a file and a directory`);
    }
  }
}

function validateEntry(entry: unknown, index: number): ManifestEntry {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new ManifestError(`files[${index}] is not an object`);
  }
  const keys = Object.keys(entry).sort();
  if (keys.join() !== "path,sha256,size") {
    throw new ManifestError(`files[${index}] must have exactly the keys path, size, sha256 (has ${keys.join(", ")})`);
  }
  const { path: p, size, sha256 } = entry as Record<string, unknown>;
  const normalized = normalizeManifestPath(p);
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestError(`size of ${JSON.stringify(normalized)} is not a non-negative safe integer`);
  }
  if (typeof sha256 !== "string" || !SHA256_RE.test(sha256)) {
    throw new ManifestError(`sha256 of ${JSON.stringify(normalized)} is not 64 lowercase hex digits`);
  }
  return { path: normalized, size, sha256 };
}

/**
 * Validates a manifest and returns it in canonical order: NFC paths, sorted byte-wise, no
 * duplicates (after normalisation).
 */
export function validateManifest(manifest: unknown): Manifest {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new ManifestError("manifest is not an object");
  }
  const keys = Object.keys(manifest).sort();
  if (keys.join() !== "files,version") {
    throw new ManifestError(`manifest must have exactly the keys version, files (has ${keys.join(", ")})`);
  }
  const { version, files } = manifest as Record<string, unknown>;
  if (version !== 1) throw new ManifestError(`unsupported manifest version: ${JSON.stringify(version)}`);
  if (!Array.isArray(files)) throw new ManifestError("files is not an array");
  const entries = files.map(validateEntry);
  entries.sort((a, b) => compareUtf8(a.path, b.path));
  assertDistinctPaths(entries.map((e) => e.path));
  return { version: 1, files: entries };
}

/** The canonical UTF-8 JSON bytes of a manifest (validated first). */
export function canonicalManifest(manifest: Manifest): Buffer {
  const { files } = validateManifest(manifest);
  const body = files
    .map((f) => `{"path":${JSON.stringify(f.path)},"size":${f.size},"sha256":${JSON.stringify(f.sha256)}}`)
    .join(",");
  return Buffer.from(`{"version":1,"files":[${body}]}`, "utf8");
}

/** `0x`-prefixed sha256 of the canonical manifest: the version's on-chain content hash. */
export function manifestHash(manifest: Manifest): Hex {
  return `0x${createHash("sha256").update(canonicalManifest(manifest)).digest("hex")}`;
}

/** Parses and validates manifest JSON (any formatting or order; the result is in canonical order). */
export function parseManifest(json: string | Uint8Array): Manifest {
  const text = typeof json === "string" ? json : new TextDecoder("utf-8", { fatal: true }).decode(json);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ManifestError("manifest is not valid JSON");
  }
  return validateManifest(value);
}

/** A regular file found under a directory: its manifest path, absolute path and size. */
export type ScannedFile = { path: string; absPath: string; size: number };

/**
 * Lists every regular file under `dir` (recursively), in canonical order. Symlinks and special
 * files (sockets, FIFOs, devices) are rejected with a ManifestError. Paths are NFC-normalised and
 * validated; two names that normalise alike are a duplicate-path error.
 */
export async function scanDirectory(dir: string): Promise<ScannedFile[]> {
  const root = path.resolve(dir);
  const rootStat = await lstat(root);
  if (rootStat.isSymbolicLink()) throw new ManifestError(`symlinks are not allowed: ${root}`);
  if (!rootStat.isDirectory()) throw new ManifestError(`not a directory: ${root}`);
  const found: ScannedFile[] = [];
  const walk = async (absDir: string, rel: string): Promise<void> => {
    for (const dirent of await readdir(absDir, { withFileTypes: true })) {
      const absPath = path.join(absDir, dirent.name);
      const relPath = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
      if (dirent.isSymbolicLink()) throw new ManifestError(`symlinks are not allowed: ${JSON.stringify(relPath)}`);
      if (dirent.isDirectory()) {
        await walk(absPath, relPath);
      } else if (dirent.isFile()) {
        const st = await lstat(absPath);
        if (!st.isFile()) throw new ManifestError(`not a regular file: ${JSON.stringify(relPath)}`);
        found.push({ path: normalizeManifestPath(relPath), absPath, size: st.size });
      } else {
        throw new ManifestError(`not a regular file: ${JSON.stringify(relPath)}`);
      }
    }
  };
  await walk(root, "");
  found.sort((a, b) => compareUtf8(a.path, b.path));
  assertDistinctPaths(found.map((f) => f.path));
  return found;
}

/**
 * Streams a file through sha256 (never reading it whole). Opens with O_NOFOLLOW, so a symlink in
 * the last component is refused. `onBytes` is told the length of each chunk.
 */
export async function hashFile(
  absPath: string,
  onBytes?: (n: number) => void,
): Promise<{ size: number; sha256: string }> {
  const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ELOOP") throw new ManifestError(`symlinks are not allowed: ${absPath}`);
    throw err;
  });
  // One reused buffer: memory stays flat however large the file.
  const buffer = Buffer.allocUnsafe(1 << 16);
  const hash = createHash("sha256");
  let size = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest("hex") };
}

/**
 * Builds the manifest of every regular file under `dir`, hashing by streaming. Rejects symlinks
 * and special files. `onProgress(done, total)` reports hashed bytes.
 */
export async function buildManifest(dir: string, options: { onProgress?: ProgressCallback } = {}): Promise<Manifest> {
  const scanned = await scanDirectory(dir);
  const total = scanned.reduce((sum, f) => sum + f.size, 0);
  let done = 0;
  options.onProgress?.(0, total);
  const files: ManifestEntry[] = [];
  for (const file of scanned) {
    const { size, sha256 } = await hashFile(file.absPath, (n) => {
      done += n;
      options.onProgress?.(done, total);
    });
    if (size !== file.size) throw new ManifestError(`file changed while hashing: ${JSON.stringify(file.path)}`);
    files.push({ path: file.path, size, sha256 });
  }
  return { version: 1, files };
}
