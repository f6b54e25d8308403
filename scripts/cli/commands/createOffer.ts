/** `tessera create-offer`: register terms if needed, find or create a split, publish an offer on an asset. */
import { type Address, zeroAddress } from "viem";
import { createOffer } from "../../sdk/actions/createOffer.ts";
import { createSplit } from "../../sdk/actions/createSplit.ts";
import { getAsset } from "../../sdk/actions/getAsset.ts";
import { registerTerms } from "../../sdk/actions/registerTerms.ts";
import { requireContract } from "../../sdk/actions/utils.ts";
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
const MAX_REFUND_DAYS = 365;
const DAY = 86_400n;

/** "10", "2.5", "0.25" (percent, at most two decimals, 0-100): basis points. */
export function parsePenaltyPercent(text: string): number {
  const m = /^([0-9]{1,3})(?:\.([0-9]{1,2}))?%?$/.exec(text);
  const bps = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : Number.NaN;
  if (!(bps >= 0 && bps <= 10_000)) {
    throw new UsageError(`--refund-penalty must be a percentage from 0 to 100 (e.g. 10 or 2.5), not "${text}"`);
  }
  return bps;
}

/** "10%", "2.5%". */
const percentText = (bps: number): string => `${bps / 100}%`;

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
    {
      name: "refund-days",
      type: "string",
      valueName: "<n>",
      description: "make sales refundable for n days after purchase, 1-365 (payments are held until then)",
    },
    {
      name: "refund-penalty",
      type: "string",
      valueName: "<percent>",
      description: "share of the payment a refund keeps back, 0-100 (default 0; needs --refund-days)",
    },
  ],
  shared: ["rpc", "signer", "json"],
  examples: [
    "tessera create-offer 1 --preset apache-2.0 --price 0.05 --duration 30d",
    "tessera create-offer 2 --terms ./my-terms.json --price 25 --currency 0xA0b8…eB48 --max-supply 100",
    "tessera create-offer 1 --preset apache-2.0 --price 0.05 --duration 30d --refund-days 7 --refund-penalty 10",
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
    const refundDaysArg = stringOption(ctx.values, "refund-days");
    const refundPenaltyArg = stringOption(ctx.values, "refund-penalty");
    if (refundPenaltyArg !== undefined && refundDaysArg === undefined) {
      throw new UsageError("--refund-penalty needs --refund-days <n> (see tessera create-offer --help)");
    }
    const refund =
      refundDaysArg === undefined
        ? undefined
        : {
            window: BigInt(parseCount("--refund-days", refundDaysArg, 1, MAX_REFUND_DAYS)) * DAY,
            penaltyBps: refundPenaltyArg === undefined ? 0 : parsePenaltyPercent(refundPenaltyArg),
          };
    const terms: LoadedTerms =
      presetId !== undefined ? termsFromPreset(presetId) : await termsFromFile(termsFile ?? "");

    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client } = tessera;
    const sender = tessera.account?.address as Address;
    if (refund) requireContract(client, "refunds"); // before registering anything on an older deployment
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
      refund,
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
        refundWindow: refund?.window ?? null,
        refundPenaltyBps: refund?.penaltyBps ?? null,
        transaction: hash,
      });
    } else {
      const period = duration === 0n ? "perpetual license" : `per ${formatDuration(duration)}`;
      println(ctx, `offer ${offerId} on asset ${assetId}: ${formatAmount(price, currency)} ${period}`);
      println(ctx, `terms ${registered.termsId} (${terms.preset.id}), revenue to split ${splitId}`);
      if (refund) {
        println(
          ctx,
          `refundable for ${formatDuration(refund.window)} after purchase, penalty ${percentText(refund.penaltyBps)}`,
        );
      }
    }
    return 0;
  },
};
