/**
 * The bench's stored version: a 1 KiB file and a 1 GiB file of random bytes in a LocalAssetStore
 * under a temporary directory. The large file is generated in 16 MiB chunks into a scratch file,
 * put into the store (which hashes and copies it), and the scratch file is deleted.
 */
import { randomBytes, randomFillSync } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rm, statfs } from "node:fs/promises";
import path from "node:path";
import type { Hex } from "viem";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";

export const SMALL_FILE = "small.bin";
export const LARGE_FILE = "large.bin";
export const SMALL_SIZE = 1024;
const CHUNK = 16 * 2 ** 20;

export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

async function writeRandomFile(file: string, size: number, onProgress: (done: number) => void): Promise<void> {
  const out = createWriteStream(file);
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let done = 0; done < size; ) {
    const n = Math.min(CHUNK, size - done);
    randomFillSync(chunk, 0, n);
    // A copy per write: the stream may still hold the previous chunk when we refill.
    if (!out.write(Buffer.from(chunk.subarray(0, n)))) await once(out, "drain");
    done += n;
    if (done % (256 * 2 ** 20) === 0 || done === size) onProgress(done);
  }
  out.end();
  await once(out, "finish");
}

/**
 * Writes version 1 of asset 1 into a store under `dir`; returns the store, its manifest hash, the
 * files' sha256 and the directory holding the stored files (what the reference nginx serves).
 */
export async function storeBenchFiles(
  dir: string,
  largeSize: number,
  onProgress: (message: string) => void,
): Promise<{
  store: LocalAssetStore;
  storeRoot: string;
  filesDir: string;
  contentHash: Hex;
  /** Each stored file's sha256 (hex, from the manifest the store computed). */
  sha256: Record<string, string>;
}> {
  const storeRoot = path.join(dir, "store");
  const scratch = path.join(dir, "large.scratch");
  try {
    await writeRandomFile(scratch, largeSize, (done) =>
      onProgress(`generated ${(done / 2 ** 20).toFixed(0)} MiB of random bytes`),
    );
    const store = new LocalAssetStore(storeRoot);
    let reported = 0;
    const manifest = await store.putVersion(
      "1",
      "1",
      [
        { path: SMALL_FILE, data: randomBytes(SMALL_SIZE) },
        { path: LARGE_FILE, source: scratch },
      ],
      {
        onProgress: (done, total) => {
          if (done - reported >= 256 * 2 ** 20 || done === total) {
            reported = done;
            onProgress(
              `stored ${(done / 2 ** 20).toFixed(0)} of ${(total / 2 ** 20).toFixed(0)} MiB (hashed, fsynced)`,
            );
          }
        },
      },
    );
    return {
      store,
      storeRoot,
      filesDir: path.join(storeRoot, "1", "1", "files"),
      contentHash: manifestHash(manifest),
      sha256: Object.fromEntries(manifest.files.map((f) => [f.path, f.sha256])),
    };
  } finally {
    await rm(scratch, { force: true });
  }
}
