/** `tessera withdraw`: distribute the splits that pay you, then withdraw your balance in one currency. */
import type { Address } from "viem";
import { distribute } from "../../sdk/actions/distribute.ts";
import { withdraw } from "../../sdk/actions/withdraw.ts";
import { expectPositionals, stringOption } from "../lib/args.ts";
import { connectTessera } from "../lib/chain.ts";
import type { Command } from "../lib/command.ts";
import { wantsJson } from "../lib/config.ts";
import { currencyInfo, parseCurrencyArg } from "../lib/currency.ts";
import { formatAmount, note, printJson, println } from "../lib/output.ts";
import { splitsPaying } from "../lib/splits.ts";

export const withdrawCommand: Command = {
  name: "withdraw",
  summary: "collect your revenue in one currency",
  usage: "[--currency ETH|<token>] [options]",
  description:
    "Sales credit a split's pool. This first distributes the pool of every split that pays you (anyone\n" +
    "may), then withdraws your whole balance in the currency (default ETH) to your account.",
  options: [
    { name: "currency", type: "string", valueName: "ETH|<token>", description: "ETH (default) or an ERC-20 address" },
  ],
  shared: ["rpc", "signer", "json"],
  examples: ["tessera withdraw", "tessera withdraw --currency 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"],
  async run(ctx) {
    expectPositionals("withdraw", ctx.positionals, []);
    const currencyAddress = parseCurrencyArg(stringOption(ctx.values, "currency") ?? "ETH");
    const tessera = await connectTessera(ctx.values, ctx.env, { signer: true });
    const { client, publicClient } = tessera;
    const account = tessera.account?.address as Address;
    const currency = await currencyInfo(publicClient, currencyAddress);

    const distributed: { splitId: bigint; amount: bigint }[] = [];
    for (const splitId of await splitsPaying(client, account)) {
      const pending = await publicClient.readContract({
        ...client.contracts.market,
        functionName: "pendingRevenue",
        args: [splitId, currency.address],
      });
      if (pending === 0n) continue;
      const { amount } = await distribute(client, { splitId, currency: currency.address });
      note(ctx, `distributed ${formatAmount(amount, currency)} from split ${splitId}`);
      distributed.push({ splitId, amount });
    }
    // With nothing to withdraw the market reverts, and the decoded reason is the message.
    const { amount, hash } = await withdraw(client, { currency: currency.address });

    if (wantsJson(ctx.values)) {
      printJson(ctx, { account, currency: currency.address, amount, distributed, transaction: hash });
    } else {
      println(ctx, `withdrew ${formatAmount(amount, currency)} to ${account}`);
    }
    return 0;
  },
};
