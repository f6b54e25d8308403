// What a store's putVersion reads from: a directory (scanned, symlinks refused) or a list of files
// given as bytes or paths, as items sorted in manifest order, each opened lazily without following
// symlinks. Shared by the local and the S3 store.
import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { assertDistinctPaths, compareUtf8, ManifestError, normalizeManifestPath, scanDirectory } from "./manifest.ts";
import type { PutFile } from "./store.ts";

const CHUNK = 1 << 16;

export type SourceItem = { path: string; size: number; open: () => Promise<Readable> };

/** Opens a regular file for reading, refusing a symlink at the last component (O_NOFOLLOW). */
export async function openNoFollow(absPath: string): Promise<Readable> {
  const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ELOOP") throw new ManifestError(`symlinks are not allowed: ${absPath}`);
    throw err;
  });
  return handle.createReadStream({ highWaterMark: CHUNK });
}

/** A buffer as a stream of 64 KiB chunks. */
export function chunksOf(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
    })(),
  );
}

/** The files of a put, in manifest order, with distinct normalised paths. */
export async function sourceItems(source: string | readonly PutFile[]): Promise<SourceItem[]> {
  if (typeof source === "string") {
    return (await scanDirectory(source)).map((f) => ({
      path: f.path,
      size: f.size,
      open: () => openNoFollow(f.absPath),
    }));
  }
  const items: SourceItem[] = [];
  for (const file of source) {
    const p = normalizeManifestPath(file.path);
    if ("data" in file) {
      const data = typeof file.data === "string" ? Buffer.from(file.data, "utf8") : Buffer.from(file.data);
      items.push({ path: p, size: data.length, open: async () => chunksOf(data) });
    } else {
      const st = await lstat(file.source);
      if (st.isSymbolicLink()) throw new ManifestError(`symlinks are not allowed: ${file.source}`);
      if (!st.isFile()) throw new ManifestError(`not a regular file: ${file.source}`);
      const abs = path.resolve(file.source);
      items.push({ path: p, size: st.size, open: () => openNoFollow(abs) });
    }
  }
  items.sort((a, b) => compareUtf8(a.path, b.path));
  assertDistinctPaths(items.map((item) => item.path));
  return items;
}
