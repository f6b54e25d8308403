/**
 * `tessera fetch`: download a licensed asset version from the gateway and verify it end to end:
 * the manifest against the content hash on chain, every file against the manifest.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { parseManifest } from "../../storage/manifest.ts";
import { expectPositionals, parseCount, parseId, stringOption } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { gatewayUrl, wantsJson } from "../lib/config.ts";
import { type DownloadOutcome, downloadFile } from "../lib/download.ts";
import { CliError } from "../lib/errors.ts";
import { GatewayClient } from "../lib/gatewayClient.ts";
import { formatBytes, printJson, println } from "../lib/output.ts";
import { ProgressBar } from "../lib/progress.ts";

const MAX_VERSION = 65_535;

export const fetchCommand: Command = {
  name: "fetch",
  summary: "download a licensed asset version and verify every file",
  usage: "<assetId> [--version <n>|latest] [--out <dir>] [options]",
  description:
    "Signs in to the gateway with your key (Sign-In with Ethereum), downloads the version's manifest and\n" +
    "checks its sha256 against the content hash on chain, then downloads every file into --out and checks\n" +
    "it against the manifest. A partial download (<file>.part) is resumed; files already present with the\n" +
    "right hash are skipped. Any mismatch deletes the partial file and fails naming it.",
  options: [
    { name: "version", type: "string", valueName: "<n>|latest", description: "version to fetch (default latest)" },
    {
      name: "out",
      type: "string",
      valueName: "<dir>",
      description: "where to put the files (default asset-<id>-v<n>)",
    },
  ],
  shared: ["gateway", "rpc", "signer", "json"],
  examples: ["tessera fetch 1 --out ./aurora-7b", "tessera fetch 1 --version 2 --gateway-url https://gw.example"],
  async run(ctx) {
    expectPositionals("fetch", ctx.positionals, ["assetId"]);
    const assetId = parseId("assetId", ctx.positionals[0] ?? "");
    const versionArg = stringOption(ctx.values, "version") ?? "latest";
    const wanted = versionArg === "latest" ? undefined : parseCount("--version", versionArg, 1, MAX_VERSION);
    const gateway = new GatewayClient(gatewayUrl(ctx.values, ctx.env));
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client } = tessera;
    const market = client.contracts.market;
    const account = tessera.account;
    if (!account) throw new CliError("fetch needs a signer");

    // The version is pinned here, so `latest` cannot move between the check and the download.
    const version =
      wanted ??
      (await client.public.readContract({ ...market, functionName: "assetInfo", args: [assetId] })).versionCount;
    const { contentHash } = await client.public.readContract({
      ...market,
      functionName: "assetVersion",
      args: [assetId, BigInt(version)],
    });

    await gateway.signIn(account, tessera.chainId);
    const manifestBytes = await gateway.manifestBytes(assetId, version);
    const served = `0x${createHash("sha256").update(manifestBytes).digest("hex")}`;
    if (served !== contentHash.toLowerCase()) {
      throw new CliError(
        `the manifest the gateway served for asset ${assetId} version ${version} does not match the content hash on chain (${served} ≠ ${contentHash}): refusing to download`,
      );
    }
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest(manifestBytes);
    } catch (err) {
      throw new CliError(`the manifest of asset ${assetId} version ${version} is invalid: ${(err as Error).message}`);
    }

    const out = path.resolve(stringOption(ctx.values, "out") ?? `asset-${assetId}-v${version}`);
    const total = manifest.files.reduce((sum, f) => sum + f.size, 0);
    const bar = new ProgressBar(ctx.err, "fetching", total);
    const results: { path: string; size: number; sha256: string; outcome: DownloadOutcome }[] = [];
    for (const entry of manifest.files) {
      const dest = path.join(out, ...entry.path.split("/"));
      // The manifest's paths are validated as relative, but a file must never land outside --out.
      if (!dest.startsWith(out + path.sep)) throw new CliError(`the manifest lists an unsafe path: ${entry.path}`);
      const outcome = await downloadFile({
        gateway,
        assetId,
        version,
        entry,
        dest,
        onBytes: (n) => bar.advance(n, entry.path),
      });
      results.push({ ...entry, outcome });
    }
    bar.finish();

    if (wantsJson(ctx.values)) {
      printJson(ctx, { assetId, version, contentHash, out, files: results });
      return 0;
    }
    const count = (o: DownloadOutcome) => results.filter((r) => r.outcome === o).length;
    println(
      ctx,
      `asset ${assetId} version ${version}: ${results.length} files (${formatBytes(total)}) verified in ${out}`,
    );
    println(ctx, `${count("downloaded")} downloaded, ${count("resumed")} resumed, ${count("present")} already present`);
    return 0;
  },
};
