/** `tessera new-version`: hash a directory, publish it on chain as the asset's next version, store its files. */
import { getAsset } from "../../sdk/actions/getAsset.ts";
import { publishVersion } from "../../sdk/actions/publishVersion.ts";
import { expectPositionals, parseId, stringOption } from "../lib/args.ts";
import { hashDirectory, storeVersion } from "../lib/assetFiles.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { storeRoot, wantsJson } from "../lib/config.ts";
import { CliError } from "../lib/errors.ts";
import { formatBytes, note, printJson, println } from "../lib/output.ts";

export const newVersionCommand: Command = {
  name: "new-version",
  summary: "publish a directory as the next version of an asset you control",
  usage: "<assetId> <dir> [--uri <uri>] [options]",
  description:
    "Hashes every file under <dir>, publishes the manifest's sha256 on chain as the asset's next version,\n" +
    "then copies the files into the asset store under that version number. Only the asset's controller\n" +
    "may. Licenses for the latest version cover versions published before their purchase.",
  options: [
    {
      name: "uri",
      type: "string",
      valueName: "<uri>",
      description: "URI of this version's model card or datasheet (default: the previous version's)",
    },
  ],
  shared: ["store", "rpc", "signer", "json"],
  examples: ["tessera new-version 1 ./aurora-7b-v2 --uri ipfs://bafy…/model-card-v2.md"],
  async run(ctx) {
    expectPositionals("new-version", ctx.positionals, ["assetId", "dir"]);
    const assetId = parseId("assetId", ctx.positionals[0] ?? "");
    const root = storeRoot(ctx.values, ctx.env);
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const sender = tessera.account?.address ?? "";
    // Checked before hashing: a large directory should not be read for a publication that cannot happen.
    const asset = await getAsset(tessera.client, { assetId });
    if (asset.controller.toLowerCase() !== sender.toLowerCase()) {
      throw new CliError(`account ${sender} does not control asset ${assetId} (its controller is ${asset.controller})`);
    }
    const uri = stringOption(ctx.values, "uri") ?? asset.versions.at(-1)?.metadataURI ?? "";

    const hashed = await hashDirectory(ctx, ctx.positionals[1] ?? "");
    if (asset.versions.some((v) => v.contentHash === hashed.contentHash)) {
      note(ctx, `note: these files are identical to an earlier version of asset ${assetId}`);
    }
    note(ctx, `publishing ${hashed.manifest.files.length} files (${formatBytes(hashed.bytes)}) on chain …`);
    const { version, hash } = await publishVersion(tessera.client, {
      assetId,
      contentHash: hashed.contentHash,
      metadataURI: uri,
    });
    await storeVersion(ctx, root, assetId, version, hashed);

    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        assetId,
        version,
        contentHash: hashed.contentHash,
        files: hashed.manifest.files.length,
        bytes: hashed.bytes,
        transaction: hash,
      });
    } else {
      println(ctx, `asset ${assetId} version ${version} published`);
      println(ctx, `content hash ${hashed.contentHash}`);
      println(ctx, `stored ${hashed.manifest.files.length} files (${formatBytes(hashed.bytes)}) in ${root}`);
    }
    return 0;
  },
};
