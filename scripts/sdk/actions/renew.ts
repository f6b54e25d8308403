import { type Hash, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { checkAllowance } from "./checkAllowance.ts";
import { readOffer } from "./listOffers.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface RenewParameters {
  licenseId: bigint;
  /** How many of the offer's periods to add (default 1). */
  periods?: bigint | undefined;
  /** The most the payer will pay in total (default: price × periods, read now). */
  maxPrice?: bigint | undefined;
}

export interface RenewReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
  price: bigint;
  expiresAt: bigint;
}

export type RenewErrorType = TesseraError;

/** Extends a license by whole periods of its offer, at the offer's price. Anyone may pay. */
export function renew(
  client: TesseraClient,
  { licenseId, periods = 1n, maxPrice }: RenewParameters,
): Promise<RenewReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "renew a license");
    const { market } = client.contracts;
    const license = await client.public.readContract({ ...market, functionName: "licenseInfo", args: [licenseId] });
    const offer = await readOffer(client, license.offerId);
    const cost = offer.price * periods;
    await checkAllowance(client, { owner: wallet.account.address, currency: offer.currency, amount: cost });
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "renew",
      args: [licenseId, periods, maxPrice ?? cost],
      value: offer.currency === zeroAddress ? cost : 0n,
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "LicenseRenewed" });
    if (!event) throw new TesseraError("The renewal emitted no LicenseRenewed event.", { details: hash });
    return { hash, receipt, price: event.args.price, expiresAt: event.args.expiresAt };
  });
}
