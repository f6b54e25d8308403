import {
  type Address,
  type Hash,
  type Hex,
  isHex,
  parseEventLogs,
  stringToHex,
  type TransactionReceipt,
  zeroAddress,
} from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { checkAllowance } from "./checkAllowance.ts";
import { readOffer } from "./listOffers.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface PurchaseParameters {
  offerId: bigint;
  /** Who receives the license (default: the wallet). */
  recipient?: Address | undefined;
  /** The most the buyer will pay (default: the price read now; pass the price the buyer saw). */
  maxPrice?: bigint | undefined;
  /** The hash of the terms the buyer agreed to (default: the offer's, read now). */
  termsHash?: Hex | undefined;
  /** The country of use: "DE" or its bytes2 (default: undeclared). */
  territory?: string | undefined;
}

export interface PurchaseReturnType {
  licenseId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  price: bigint;
  /** 2^64-1 for a perpetual license. */
  expiresAt: bigint;
}

export type PurchaseErrorType = TesseraError;

/** `bytes2` of a country code ("DE"), or zero when undeclared. */
export function territoryBytes(territory: string | undefined): Hex {
  if (!territory) return "0x0000";
  if (isHex(territory)) return territory;
  if (!/^[A-Z]{2}$/.test(territory)) throw new TesseraError(`"${territory}" is not a two-letter country code.`);
  return stringToHex(territory, { size: 2 });
}

/**
 * Buys a license: checks the ERC-20 allowance (see `approveCurrency`), simulates, sends, and reads
 * the new license id from the LicensePurchased event. ETH offers are paid with the exact price.
 */
export function purchase(client: TesseraClient, params: PurchaseParameters): Promise<PurchaseReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "buy a license");
    const { market } = client.contracts;
    const offer = await readOffer(client, params.offerId);
    const buyer = wallet.account.address;
    await checkAllowance(client, { owner: buyer, currency: offer.currency, amount: offer.price });
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "purchase",
      args: [
        params.offerId,
        params.recipient ?? buyer,
        params.maxPrice ?? offer.price,
        params.termsHash ?? offer.termsHash,
        territoryBytes(params.territory),
      ],
      value: offer.currency === zeroAddress ? offer.price : 0n,
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "LicensePurchased" });
    if (!event) throw new TesseraError("The purchase emitted no LicensePurchased event.", { details: hash });
    return { licenseId: event.args.licenseId, hash, receipt, price: event.args.price, expiresAt: event.args.expiresAt };
  });
}
