/** `tessera renew`: extend a license by whole periods of its offer (approving an ERC-20 payment first). */
import { zeroAddress } from "viem";
import { getLicense, PERPETUAL } from "../../sdk/actions/getLicense.ts";
import { readOffer } from "../../sdk/actions/listOffers.ts";
import { renew } from "../../sdk/actions/renew.ts";
import { ensureAllowance } from "../lib/allowance.ts";
import { expectPositionals, parseCount, parseId, stringOption } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo, parseAmount } from "../lib/currency.ts";
import { formatAmount, formatExpiry, printJson, println } from "../lib/output.ts";

export const renewCommand: Command = {
  name: "renew",
  summary: "extend a license by whole periods of its offer",
  usage: "<licenseId> [--periods <n>] [options]",
  description:
    "Renews a license for --periods periods of its offer (default 1) at the offer's price, from its expiry\n" +
    "or from now if it has lapsed. Anyone may pay for anyone's renewal. ERC-20 payments are approved first.",
  options: [
    { name: "periods", type: "string", valueName: "<n>", description: "how many periods to add (default 1)" },
    {
      name: "max-price",
      type: "string",
      valueName: "<amount>",
      description: "the most to pay in total, in units of the offer's currency",
    },
  ],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera renew 4294967297 --periods 3"],
  async run(ctx) {
    expectPositionals("renew", ctx.positionals, ["licenseId"]);
    const licenseId = parseId("licenseId", ctx.positionals[0] ?? "");
    const periodsArg = stringOption(ctx.values, "periods");
    const periods = BigInt(periodsArg === undefined ? 1 : parseCount("--periods", periodsArg, 1, 1_000_000));
    const maxPriceArg = stringOption(ctx.values, "max-price");
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client, publicClient } = tessera;
    const payer = tessera.account?.address ?? zeroAddress;

    const license = await getLicense(client, { licenseId });
    const offer = await readOffer(client, license.offerId);
    const currency = await currencyInfo(publicClient, offer.currency);
    const maxPrice = maxPriceArg === undefined ? undefined : parseAmount("--max-price", maxPriceArg, currency);
    const cost = offer.price * periods;
    if ((maxPrice ?? cost) >= cost) await ensureAllowance(ctx, client, { owner: payer, currency, amount: cost });
    const renewed = await renew(client, { licenseId, periods, maxPrice });

    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        licenseId,
        periods,
        price: renewed.price,
        expiresAt: renewed.expiresAt,
        transaction: renewed.hash,
      });
    } else {
      const expiry = formatExpiry(renewed.expiresAt, renewed.expiresAt === PERPETUAL);
      println(ctx, `license ${licenseId} renewed for ${periods} period${periods === 1n ? "" : "s"}`);
      println(ctx, `paid ${formatAmount(renewed.price, currency)}; now expires ${expiry}`);
    }
    return 0;
  },
};
