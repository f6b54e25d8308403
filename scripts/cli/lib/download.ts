/**
 * Downloads one file of a manifest into place, safely: bytes go to `<path>.part`, a partial file
 * left by an earlier run is resumed with a Range request (206 expected), a dropped connection is
 * resumed the same way, and the file is renamed into place only once its sha256 matches the
 * manifest. A mismatch deletes the .part: it can never be resumed into a good file.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { hashFile, type ManifestEntry } from "../../storage/manifest.ts";
import { CliError } from "./errors.ts";
import type { GatewayClient } from "./gatewayClient.ts";

export type DownloadOutcome = "downloaded" | "resumed" | "present";

/** Connection drops tolerated per file before giving up. */
const MAX_ATTEMPTS = 4;

export interface DownloadFileParameters {
  gateway: GatewayClient;
  assetId: bigint;
  version: number;
  entry: ManifestEntry;
  /** Where the file goes; `${dest}.part` while it downloads. */
  dest: string;
  /** Bytes accounted for (downloaded, resumed from a .part, or already present). */
  onBytes: (bytes: number) => void;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const st = await stat(file);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

async function matches(file: string, entry: ManifestEntry): Promise<boolean> {
  if ((await sizeOf(file)) !== entry.size) return false;
  return (await hashFile(file)).sha256 === entry.sha256;
}

/** The first byte a 206 answer carries (`Content-Range: bytes <start>-<end>/<size>`). */
function rangeStart(res: Response): number | undefined {
  const m = /^bytes (\d+)-\d+\/\d+$/.exec(res.headers.get("content-range") ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Appends the body of `res` to `part` (or replaces it when `append` is false), counting bytes. */
async function writeBody(res: Response, part: string, append: boolean, limit: number, onBytes: (n: number) => void) {
  if (!res.body) throw new CliError("the gateway sent no body");
  let written = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (written > limit) {
        callback(new CliError("the gateway sent more bytes than the manifest lists"));
        return;
      }
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(res.body as ReadableStream<Uint8Array>),
    meter,
    createWriteStream(part, { flags: append ? "a" : "w" }),
  );
}

export async function downloadFile({
  gateway,
  assetId,
  version,
  entry,
  dest,
  onBytes,
}: DownloadFileParameters): Promise<DownloadOutcome> {
  if (await matches(dest, entry)) {
    onBytes(entry.size);
    return "present";
  }
  await mkdir(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  let have = (await sizeOf(part)) ?? 0;
  if (have > entry.size) {
    await rm(part, { force: true });
    have = 0;
  }
  const resumed = have > 0;
  onBytes(have);
  if (entry.size === 0) await writeFile(part, "");
  for (let attempt = 1; have < entry.size; attempt++) {
    if (attempt > MAX_ATTEMPTS) {
      throw new CliError(`${entry.path}: the download broke off ${MAX_ATTEMPTS} times; run fetch again to resume`);
    }
    const res = await gateway.file(assetId, version, entry.path, have);
    let append = have > 0;
    if (append && (res.status !== 206 || rangeStart(res) !== have)) {
      // The gateway ignored the range (or sent another one): start over from the first byte.
      onBytes(-have);
      append = false;
      if (res.status === 206) {
        await res.body?.cancel();
        await rm(part, { force: true });
        have = 0;
        continue;
      }
    }
    try {
      await writeBody(res, part, append, entry.size - (append ? have : 0), onBytes);
    } catch (err) {
      if (err instanceof CliError) throw new CliError(`${entry.path}: ${err.message}`);
      // The connection dropped: what arrived is on disk, and the next attempt resumes after it.
    }
    have = (await sizeOf(part)) ?? 0;
  }
  if ((await hashFile(part)).sha256 !== entry.sha256) {
    await rm(part, { force: true });
    throw new CliError(
      `${entry.path} does not match its manifest entry (sha256 mismatch): the copy the gateway serves is damaged or tampered with; deleted the download`,
    );
  }
  await rename(part, dest);
  return resumed ? "resumed" : "downloaded";
}
