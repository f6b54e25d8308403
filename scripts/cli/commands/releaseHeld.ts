/** `tessera release-held`: credit held refundable payments as revenue once their windows have closed. */
import type { Address } from "viem";
import { listHeldPayments } from "../../sdk/actions/refunds/listHeldPayments.ts";
import { refundQuote } from "../../sdk/actions/refunds/refundQuote.ts";
import { releaseHeld } from "../../sdk/actions/refunds/releaseHeld.ts";
import { parseId, stringOption } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo } from "../lib/currency.ts";
import { CliError, UsageError } from "../lib/errors.ts";
import { formatAmount, formatExpiry, printJson, println } from "../lib/output.ts";

export const releaseHeldCommand: Command = {
  name: "release-held",
  summary: "credit refundable sales' held payments as revenue once their windows close",
  usage: "(<licenseId...> | --offer <id>) [options]",
  description:
    "A refundable offer's payments are held until the refund window of each sale closes. This credits\n" +
    "them to the offer's revenue route (fee, royalties, split), as a sale would be: the licenses given,\n" +
    "or with --offer every payment under that offer that can be released now. Anyone may; then the\n" +
    "split's recipients collect with tessera withdraw.",
  options: [
    {
      name: "offer",
      type: "string",
      valueName: "<id>",
      description: "release every releasable payment held under this offer",
    },
  ],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera release-held 4294967297 4294967298", "tessera release-held --offer 3"],
  async run(ctx) {
    const offerArg = stringOption(ctx.values, "offer");
    if ((offerArg === undefined) === (ctx.positionals.length === 0)) {
      throw new UsageError(
        "release-held needs <licenseId...> or --offer <id>, not both (see tessera release-held --help)",
      );
    }
    const given = ctx.positionals.map((p) => parseId("licenseId", p));
    const offerId = offerArg === undefined ? undefined : parseId("--offer", offerArg);
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client, publicClient } = tessera;

    let held: { licenseId: bigint; amount: bigint; currency: Address }[];
    if (offerId !== undefined) {
      const all = await listHeldPayments(client, { offerIds: [offerId] });
      held = all.filter((h) => h.releasable);
      if (held.length === 0) {
        const next = all.map((h) => h.windowEnd).sort((a, b) => (a < b ? -1 : 1))[0];
        throw new CliError(
          next === undefined
            ? `no payment is held under offer ${offerId}`
            : `no payment held under offer ${offerId} can be released yet (the first window closes ${formatExpiry(next, false)})`,
        );
      }
    } else {
      // Quotes name each payment's currency; a payment still refundable is refused by the chain below.
      held = await Promise.all(
        given.map(async (licenseId) => {
          const q = await refundQuote(client, { licenseId });
          return { licenseId, amount: q.held, currency: q.currency };
        }),
      );
    }
    const { hash } = await releaseHeld(client, { licenseIds: held.map((h) => h.licenseId) });

    const byCurrency = new Map<Address, bigint>();
    for (const h of held) byCurrency.set(h.currency, (byCurrency.get(h.currency) ?? 0n) + h.amount);
    if (wantsJson(ctx.values)) {
      printJson(ctx, {
        licenseIds: held.map((h) => h.licenseId),
        released: [...byCurrency].map(([currency, amount]) => ({ currency, amount })),
        transaction: hash,
      });
    } else {
      const amounts: string[] = [];
      for (const [address, amount] of byCurrency)
        amounts.push(formatAmount(amount, await currencyInfo(publicClient, address)));
      const n = held.length;
      println(ctx, `released ${amounts.join(" + ")} held for ${n} license${n === 1 ? "" : "s"} as revenue`);
      println(ctx, `licenses ${held.map((h) => h.licenseId).join(", ")}; recipients collect with: tessera withdraw`);
    }
    return 0;
  },
};
