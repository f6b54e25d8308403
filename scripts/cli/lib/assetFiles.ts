/**
 * The file side of publishing a version (list-asset, new-version): hash a directory into its
 * manifest and content hash before anything goes on chain, then copy the files into the local
 * store under the id and version the chain assigned, checked against that same manifest.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Hex } from "viem";
import { LocalAssetStore } from "../../storage/localStore.ts";
import { buildManifest, type Manifest, ManifestError, manifestHash } from "../../storage/manifest.ts";
import type { CommandContext } from "./command.ts";
import { CliError, UsageError } from "./errors.ts";
import { ProgressBar } from "./progress.ts";

export interface HashedDirectory {
  dir: string;
  manifest: Manifest;
  /** sha256 of the canonical manifest: the version's on-chain content hash. */
  contentHash: Hex;
  bytes: number;
}

/** Builds the manifest of every file under `dir`, with a progress bar for the hashing. */
export async function hashDirectory(ctx: CommandContext, dirArg: string): Promise<HashedDirectory> {
  const dir = path.resolve(dirArg);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`${dirArg} is not a directory`);
  let bar: ProgressBar | undefined;
  let manifest: Manifest;
  try {
    manifest = await buildManifest(dir, {
      onProgress: (done, total) => {
        bar ??= new ProgressBar(ctx.err, "hashing", total);
        bar.moveTo(done);
      },
    });
  } catch (err) {
    if (err instanceof ManifestError) throw new CliError(`${dirArg}: ${err.message}`);
    throw err;
  }
  bar?.finish();
  if (manifest.files.length === 0) throw new CliError(`${dirArg} holds no files to publish`);
  const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
  return { dir, manifest, contentHash: manifestHash(manifest), bytes };
}

/** Copies the hashed files into the store as `assetId`@`version`; they must still match the manifest. */
export async function storeVersion(
  ctx: CommandContext,
  root: string,
  assetId: bigint,
  version: number,
  hashed: HashedDirectory,
): Promise<void> {
  const bar = new ProgressBar(ctx.err, "storing", hashed.bytes);
  try {
    await new LocalAssetStore(root).putVersion(String(assetId), String(version), hashed.dir, {
      expected: hashed.manifest,
      onProgress: (done) => bar.moveTo(done),
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `asset ${assetId} version ${version} is on chain, but storing its files in ${root} failed: ${why}`,
      { cause: err },
    );
  }
  bar.finish();
}
