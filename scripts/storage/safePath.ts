// Mapping (assetId, version, relative path) to a file under a store root, safely.
//
// `resolveStorePath` is purely lexical and touches no disk: it rejects traversal (`..`, `.`),
// percent-encoded dot segments (`%2e%2e`, `%2E.`, `%252e%252e`, …, decoded up to MAX_DECODE
// times), absolute paths, backslashes, NUL and other control characters, then checks that the
// resolved path is still inside the root. `assertInsideRoot` is the second check, after
// `realpath`: a symlink anywhere on the way must not lead out of the root.
import { realpath } from "node:fs/promises";
import path from "node:path";

export class UnsafePathError extends Error {
  override name = "UnsafePathError";
}

/** How many rounds of percent-decoding are inspected; deeper encodings are refused outright. */
export const MAX_DECODE = 4;
/** Asset ids and versions: one plain segment, e.g. `42`, `0xabc…`, `1.2.0`, `v3-rc_1`. */
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const CONTROL_RE = /\p{Cc}/u; // C0 controls (NUL included), DEL, C1 controls

/** Decodes `%XX` escapes leniently (a stray `%` stays as is). Works on bytes, so `%C3%A9` is `é`. */
function percentDecode(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, "utf8"));
      i += ch.length;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function checkLexical(p: string, original: string, encoded: boolean): void {
  const shown = JSON.stringify(original);
  const how = encoded ? " (percent-encoded)" : "";
  if (p.includes("\0")) throw new UnsafePathError(`NUL in path${how}: ${shown}`);
  if (CONTROL_RE.test(p)) throw new UnsafePathError(`control character in path${how}: ${shown}`);
  if (p.includes("\\")) throw new UnsafePathError(`backslash in path${how}: ${shown}`);
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) throw new UnsafePathError(`absolute path${how}: ${shown}`);
  for (const segment of p.split("/")) {
    if (segment === "." || segment === "..") throw new UnsafePathError(`dot segment in path${how}: ${shown}`);
    if (segment === "") throw new UnsafePathError(`empty segment in path${how}: ${shown}`);
  }
}

/** Validates a relative file path (see the top comment) and returns its NFC form. */
export function checkRelativePath(relPath: string): string {
  if (typeof relPath !== "string" || relPath.length === 0) throw new UnsafePathError("empty path");
  const nfc = relPath.normalize("NFC");
  let current = nfc;
  for (let round = 0; ; round++) {
    checkLexical(current, relPath, round > 0);
    const decoded = percentDecode(current);
    if (decoded === current) break;
    if (round === MAX_DECODE)
      throw new UnsafePathError(`path is percent-encoded too deeply: ${JSON.stringify(relPath)}`);
    current = decoded.normalize("NFC");
  }
  return nfc;
}

/** Validates an asset id or version: a single plain segment (see ID_RE). */
export function checkId(kind: "assetId" | "version", id: string): string {
  if (typeof id !== "string" || !ID_RE.test(id)) throw new UnsafePathError(`invalid ${kind}: ${JSON.stringify(id)}`);
  return id;
}

/** True when `target` is `root` itself or below it (both absolute, normalised). */
function isWithin(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `<root>/<assetId>/<version>`, validated lexically (no disk access). */
export function resolveVersionDir(root: string, assetId: string, version: string): string {
  const base = path.resolve(root);
  const dir = path.resolve(base, checkId("assetId", assetId), checkId("version", version));
  if (!isWithin(base, dir) || dir === base) throw new UnsafePathError("version directory resolves outside the root");
  return dir;
}

/**
 * `<root>/<assetId>/<version>/files/<relPath>`, validated lexically before any disk access.
 * Throws UnsafePathError. Follow with `assertInsideRoot` before opening the file.
 */
export function resolveStorePath(root: string, assetId: string, version: string, relPath: string): string {
  const base = path.resolve(root);
  const filesDir = path.join(resolveVersionDir(base, assetId, version), "files");
  const rel = checkRelativePath(relPath);
  const target = path.resolve(filesDir, ...rel.split("/"));
  if (!isWithin(filesDir, target) || target === filesDir) {
    throw new UnsafePathError(`path resolves outside the store: ${JSON.stringify(relPath)}`);
  }
  return target;
}

/**
 * After `realpath`: throws UnsafePathError when `target` (which must exist) is, through a symlink
 * anywhere on its way, outside `root`. Returns the real path.
 */
export async function assertInsideRoot(root: string, target: string, knownRealRoot?: Promise<string>): Promise<string> {
  const [realRoot, realTarget] = await Promise.all([knownRealRoot ?? realpath(root), realpath(target)]);
  if (!isWithin(realRoot, realTarget)) {
    throw new UnsafePathError(`path leads outside the store root through a symlink: ${target}`);
  }
  return realTarget;
}
