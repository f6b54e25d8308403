/** `tessera licenses`: the licenses an account holds, as a table (or JSON). */
import type { Address } from "viem";
import { licensesOf } from "../../sdk/actions/licensesOf.ts";
import { expectPositionals, parseAddress } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { formatExpiry, printJson, println, table } from "../lib/output.ts";
import { hasSigner } from "../lib/signer.ts";

export const licensesCommand: Command = {
  name: "licenses",
  summary: "list the licenses an account holds",
  usage: "[address] [options]",
  description:
    "Lists the license tokens an account holds now (default: the signer's), expired and revoked ones\n" +
    "included: id, asset, version covered, offer, status and expiry.",
  options: [],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera licenses", "tessera licenses 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --json"],
  async run(ctx) {
    expectPositionals("licenses", ctx.positionals, [], ["address"]);
    const given = ctx.positionals[0];
    if (given === undefined && !hasSigner(ctx.values, ctx.env)) {
      throw new UsageError(
        "licenses needs an address, or a signer (TESSERA_PRIVATE_KEY or --keystore) to list its own",
      );
    }
    const explicit = given === undefined ? undefined : parseAddress("address", given);
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: explicit === undefined });
    const account = (explicit ?? tessera.account?.address) as Address;
    const licenses = await licensesOf(tessera.client, { account });

    if (wantsJson(ctx.values)) {
      printJson(ctx, { account, licenses });
      return 0;
    }
    if (licenses.length === 0) {
      println(ctx, `${account} holds no licenses`);
      return 0;
    }
    const rows = licenses.map((l) => [
      l.licenseId.toString(),
      l.assetId.toString(),
      l.allVersions ? "all" : String(l.version),
      l.offerId.toString(),
      l.status.toLowerCase(),
      formatExpiry(l.expiresAt, l.perpetual),
    ]);
    println(ctx, table(["LICENSE", "ASSET", "VERSION", "OFFER", "STATUS", "EXPIRES"], rows));
    return 0;
  },
};
