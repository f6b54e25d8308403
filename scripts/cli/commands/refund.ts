/** `tessera refund`: hand a refundable license back within its window; the refund is withdrawable. */
import { zeroAddress } from "viem";
import { refund } from "../../sdk/actions/refunds/refund.ts";
import { refundQuote } from "../../sdk/actions/refunds/refundQuote.ts";
import { expectPositionals, parseId } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo } from "../lib/currency.ts";
import { formatAmount, printJson, println } from "../lib/output.ts";

export const refundCommand: Command = {
  name: "refund",
  summary: "hand a refundable license back within its refund window",
  usage: "<licenseId> [options]",
  description:
    "Refunds a license bought under a refundable offer, while its refund window is open: access ends at\n" +
    "once, and the unused share of what was paid, less the offer's penalty, is credited to the holder's\n" +
    "balance in the market. Collect it with tessera withdraw. Only the holder (or an approved operator) may.",
  options: [],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera refund 4294967297", "tessera refund 4294967297 && tessera withdraw"],
  async run(ctx) {
    expectPositionals("refund", ctx.positionals, ["licenseId"]);
    const licenseId = parseId("licenseId", ctx.positionals[0] ?? "");
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client, publicClient } = tessera;
    // The quote names the currency (and fails plainly for a missing license or an older deployment);
    // a refusal (window closed, not refundable) comes from the chain's own answer to refund below.
    const quote = await refundQuote(client, { licenseId });
    const currency = await currencyInfo(publicClient, quote.currency);
    const refunded = await refund(client, { licenseId });

    const withdrawHint =
      currency.address === zeroAddress ? "tessera withdraw" : `tessera withdraw --currency ${currency.address}`;
    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        licenseId,
        holder: refunded.holder,
        currency: currency.address,
        refund: refunded.refund,
        retained: refunded.retained,
        transaction: refunded.hash,
      });
    } else {
      println(ctx, `license ${licenseId} refunded: access ended now`);
      println(
        ctx,
        `refund ${formatAmount(refunded.refund, currency)} credited to ${refunded.holder} (the licensor keeps ${formatAmount(refunded.retained, currency)})`,
      );
      println(ctx, `withdraw it with: ${withdrawHint}`);
    }
    return 0;
  },
};
