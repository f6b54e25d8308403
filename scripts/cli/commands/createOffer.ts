/** `tessera create-offer`: register terms if needed, find or create a split, publish an offer on an asset. */
import { type Address, zeroAddress } from "viem";
import { createOffer } from "../../sdk/actions/createOffer.ts";
import { createSplit } from "../../sdk/actions/createSplit.ts";
import { getAsset } from "../../sdk/actions/getAsset.ts";
import { registerTerms } from "../../sdk/actions/registerTerms.ts";
import {
  expectPositionals,
  flagOption,
  parseAddress,
  parseCount,
  parseDuration,
  parseId,
  stringOption,
} from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo, parseAmount, parseCurrencyArg } from "../lib/currency.ts";
import { CliError, UsageError } from "../lib/errors.ts";
import { formatAmount, formatDuration, note, printJson, println } from "../lib/output.ts";
import { findSoloSplit } from "../lib/splits.ts";
import { type LoadedTerms, termsFromFile, termsFromPreset } from "../lib/terms.ts";

const UINT32_MAX = 0xffff_ffff;
const MAX_ROYALTY_BPS = 5_000;

export const createOfferCommand: Command = {
  name: "create-offer",
  summary: "put an asset you control on sale under license terms",
  usage: "<assetId> (--preset <id> | --terms <file.json>) --price <amount> [options]",
  description:
    "Publishes an offer: the terms (a preset of scripts/sdk/terms/presets.json, or a JSON file in the same\n" +
    "format; registered on chain unless they already are), a price in --currency per license or per\n" +
    "renewal period, a duration, and the revenue split that is paid (by default a split paying the\n" +
    "signer 100%, reused if it exists). Only the asset's controller may.",
  options: [
    { name: "preset", type: "string", valueName: "<id>", description: "license preset id, e.g. apache-2.0" },
    { name: "terms", type: "string", valueName: "<file.json>", description: "license terms in the preset format" },
    { name: "price", type: "string", valueName: "<amount>", description: "price in units of the currency (required)" },
    { name: "currency", type: "string", valueName: "ETH|<token>", description: "ETH (default) or an ERC-20 address" },
    {
      name: "duration",
      type: "string",
      valueName: "<time>",
      description: "license period: 30d, 12h, 2w, 3600s … or perpetual (default)",
    },
    { name: "split", type: "string", valueName: "<id>", description: "revenue split to pay (default: yours alone)" },
    { name: "max-supply", type: "string", valueName: "<n>", description: "licenses on sale, 0 = unlimited (default)" },
    { name: "all-versions", type: "boolean", description: "licenses cover every version, future ones included" },
    {
      name: "arbiter",
      type: "string",
      valueName: "<address>",
      description: "who may revoke licenses (default: nobody)",
    },
    { name: "royalty-bps", type: "string", valueName: "<bps>", description: "resale royalty, 0-5000 basis points" },
  ],
  shared: ["rpc", "signer", "json"],
  examples: [
    "tessera create-offer 1 --preset apache-2.0 --price 0.05 --duration 30d",
    "tessera create-offer 2 --terms ./my-terms.json --price 25 --currency 0xA0b8…eB48 --max-supply 100",
  ],
  async run(ctx) {
    expectPositionals("create-offer", ctx.positionals, ["assetId"]);
    const assetId = parseId("assetId", ctx.positionals[0] ?? "");
    const presetId = stringOption(ctx.values, "preset");
    const termsFile = stringOption(ctx.values, "terms");
    if ((presetId === undefined) === (termsFile === undefined)) {
      throw new UsageError("create-offer needs exactly one of --preset <id> or --terms <file.json>");
    }
    const priceArg = stringOption(ctx.values, "price");
    if (priceArg === undefined) throw new UsageError("create-offer needs --price <amount>");
    const durationArg = stringOption(ctx.values, "duration");
    const duration = durationArg === undefined ? 0n : parseDuration(durationArg);
    const currencyAddress = parseCurrencyArg(stringOption(ctx.values, "currency") ?? "ETH");
    const splitArg = stringOption(ctx.values, "split");
    const chosenSplit = splitArg === undefined ? undefined : parseId("--split", splitArg);
    const maxSupplyArg = stringOption(ctx.values, "max-supply");
    const maxSupply = maxSupplyArg === undefined ? 0 : parseCount("--max-supply", maxSupplyArg, 0, UINT32_MAX);
    const arbiterArg = stringOption(ctx.values, "arbiter");
    const arbiter = arbiterArg === undefined ? zeroAddress : parseAddress("--arbiter", arbiterArg);
    const royaltyArg = stringOption(ctx.values, "royalty-bps");
    const royaltyBps = royaltyArg === undefined ? 0 : parseCount("--royalty-bps", royaltyArg, 0, MAX_ROYALTY_BPS);
    const terms: LoadedTerms =
      presetId !== undefined ? termsFromPreset(presetId) : await termsFromFile(termsFile ?? "");

    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client } = tessera;
    const sender = tessera.account?.address as Address;
    const currency = await currencyInfo(tessera.publicClient, currencyAddress);
    const price = parseAmount("--price", priceArg, currency);
    const asset = await getAsset(client, { assetId });
    if (asset.controller.toLowerCase() !== sender.toLowerCase()) {
      throw new CliError(`account ${sender} does not control asset ${assetId} (its controller is ${asset.controller})`);
    }

    const registered = await registerTerms(client, { terms: terms.struct });
    note(
      ctx,
      registered.registered
        ? `registered the terms (${terms.source}) as terms ${registered.termsId}`
        : `the terms (${terms.source}) are already registered as terms ${registered.termsId}`,
    );
    let splitId = chosenSplit ?? (await findSoloSplit(client, sender));
    if (splitId === undefined) {
      ({ splitId } = await createSplit(client, { recipients: [sender], bps: [10_000] }));
      note(ctx, `created split ${splitId} paying ${sender} 100%`);
    }
    const { offerId, hash } = await createOffer(client, {
      assetId,
      termsId: registered.termsId,
      price,
      currency: currency.address,
      duration,
      maxSupply,
      allVersions: flagOption(ctx.values, "all-versions"),
      splitId,
      arbiter,
      royaltyBps,
    });

    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        offerId,
        assetId,
        termsId: registered.termsId,
        termsHash: registered.termsHash,
        price,
        currency: currency.address,
        duration,
        splitId,
        transaction: hash,
      });
    } else {
      const period = duration === 0n ? "perpetual license" : `per ${formatDuration(duration)}`;
      println(ctx, `offer ${offerId} on asset ${assetId}: ${formatAmount(price, currency)} ${period}`);
      println(ctx, `terms ${registered.termsId} (${terms.preset.id}), revenue to split ${splitId}`);
    }
    return 0;
  },
};
