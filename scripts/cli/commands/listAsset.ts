/** `tessera list-asset`: hash a directory, register it on chain as a new asset, store its files as version 1. */
import { registerAsset } from "../../sdk/actions/registerAsset.ts";
import { expectPositionals, stringOption } from "../lib/args.ts";
import { hashDirectory, storeVersion } from "../lib/assetFiles.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { storeRoot, wantsJson } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { formatBytes, note, printJson, println } from "../lib/output.ts";

const KINDS = { model: "MODEL", dataset: "DATASET" } as const;

export const listAssetCommand: Command = {
  name: "list-asset",
  summary: "register a model or dataset directory as a new asset (version 1)",
  usage: "<dir> --kind model|dataset --uri <uri> [options]",
  description:
    "Hashes every file under <dir> into the version's manifest, registers the asset on chain with the\n" +
    "manifest's sha256 as its content hash, then copies the files into the asset store as version 1,\n" +
    "where the gateway serves them to license holders. The signer controls the new asset.",
  options: [
    { name: "kind", type: "string", valueName: "model|dataset", description: "what the files are (required)" },
    {
      name: "uri",
      type: "string",
      valueName: "<uri>",
      description: "URI of the model card or datasheet (required)",
    },
  ],
  shared: ["store", "rpc", "signer", "json"],
  examples: ["tessera list-asset ./aurora-7b --kind model --uri ipfs://bafy…/model-card.md"],
  async run(ctx) {
    expectPositionals("list-asset", ctx.positionals, ["dir"]);
    const kindArg = stringOption(ctx.values, "kind");
    const kind = kindArg === undefined ? undefined : KINDS[kindArg.toLowerCase() as keyof typeof KINDS];
    if (kind === undefined) throw new UsageError("list-asset needs --kind model or --kind dataset");
    const uri = stringOption(ctx.values, "uri");
    if (uri === undefined) throw new UsageError("list-asset needs --uri <uri> (the model card or datasheet)");
    const root = storeRoot(ctx.values, ctx.env);
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });

    const hashed = await hashDirectory(ctx, ctx.positionals[0] ?? "");
    note(ctx, `registering ${hashed.manifest.files.length} files (${formatBytes(hashed.bytes)}) on chain …`);
    const { assetId, hash } = await registerAsset(tessera.client, {
      kind,
      contentHash: hashed.contentHash,
      metadataURI: uri,
    });
    await storeVersion(ctx, root, assetId, 1, hashed);

    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        assetId,
        version: 1,
        kind,
        contentHash: hashed.contentHash,
        files: hashed.manifest.files.length,
        bytes: hashed.bytes,
        transaction: hash,
      });
    } else {
      println(ctx, `asset ${assetId} registered (${kind.toLowerCase()}), version 1`);
      println(ctx, `content hash ${hashed.contentHash}`);
      println(ctx, `stored ${hashed.manifest.files.length} files (${formatBytes(hashed.bytes)}) in ${root}`);
    }
    return 0;
  },
};
