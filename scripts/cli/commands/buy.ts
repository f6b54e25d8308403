/** `tessera buy`: buy a license under an offer (approving an ERC-20 payment first). */
import { zeroAddress } from "viem";
import { getLicense } from "../../sdk/actions/getLicense.ts";
import { readOffer } from "../../sdk/actions/listOffers.ts";
import { purchase } from "../../sdk/actions/purchase.ts";
import { ensureAllowance } from "../lib/allowance.ts";
import { expectPositionals, parseAddress, parseId, stringOption } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo, ETH, parseAmount } from "../lib/currency.ts";
import { UsageError } from "../lib/errors.ts";
import { formatAmount, formatExpiry, printJson, println } from "../lib/output.ts";

export const buyCommand: Command = {
  name: "buy",
  summary: "buy a license under an offer",
  usage: "<offerId> [--max-price <amount>] [options]",
  description:
    "Buys a license token under an offer, agreeing to the offer's terms as registered on chain. ETH is paid\n" +
    "with the transaction; for an ERC-20 offer the market is approved to take the price first.\n" +
    "--max-price guards against a price other than the one you expect.",
  options: [
    {
      name: "max-price",
      type: "string",
      valueName: "<amount>",
      description: "the most to pay, in units of the offer's currency",
    },
    {
      name: "territory",
      type: "string",
      valueName: "<CC>",
      description: "country of use, e.g. DE (some terms need it)",
    },
    {
      name: "recipient",
      type: "string",
      valueName: "<address>",
      description: "who receives the license (default: you)",
    },
  ],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera buy 1 --max-price 0.05"],
  async run(ctx) {
    expectPositionals("buy", ctx.positionals, ["offerId"]);
    const offerId = parseId("offerId", ctx.positionals[0] ?? "");
    const maxPriceArg = stringOption(ctx.values, "max-price");
    const recipientArg = stringOption(ctx.values, "recipient");
    const recipient = recipientArg === undefined ? undefined : parseAddress("--recipient", recipientArg);
    const territory = stringOption(ctx.values, "territory")?.toUpperCase();
    if (territory !== undefined && !/^[A-Z]{2}$/.test(territory)) {
      throw new UsageError(`--territory must be a two-letter country code such as DE, not "${territory}"`);
    }
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client, publicClient } = tessera;
    const buyer = tessera.account?.address ?? zeroAddress;

    const offer = await readOffer(client, offerId);
    // Reading a missing offer reverts (decoded as "Offer N does not exist."); an inactive one is left to
    // the purchase, which reverts with the reason.
    const onSale = offer.status === "ACTIVE";
    const currency = onSale ? await currencyInfo(publicClient, offer.currency) : undefined;
    const maxPrice =
      maxPriceArg === undefined || !currency ? undefined : parseAmount("--max-price", maxPriceArg, currency);
    // Approve only what the buyer accepts to pay: a higher price must fail as PriceAboveMax, unapproved.
    if (currency && (maxPrice ?? offer.price) >= offer.price) {
      await ensureAllowance(ctx, client, { owner: buyer, currency, amount: offer.price });
    }
    const bought = await purchase(client, { offerId, recipient, maxPrice, territory });
    // The event's expiry is the raw packed value; the license view says plainly whether it is perpetual.
    const license = await getLicense(client, { licenseId: bought.licenseId });

    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        licenseId: bought.licenseId,
        offerId,
        assetId: offer.assetId,
        price: bought.price,
        currency: offer.currency,
        expiresAt: license.expiresAt,
        perpetual: license.perpetual,
        transaction: bought.hash,
      });
    } else {
      const paid = formatAmount(bought.price, currency ?? ETH);
      const expiry = formatExpiry(license.expiresAt, license.perpetual);
      println(ctx, `license ${bought.licenseId} on asset ${offer.assetId} (offer ${offerId})`);
      println(ctx, `paid ${paid}; expires ${expiry}`);
    }
    return 0;
  },
};
