import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireContract } from "../utils.ts";

export interface RefundQuoteParameters {
  licenseId: bigint;
}

/** What `refund` would pay in the latest block, and what the licensor would keep. */
export interface RefundQuoteReturnType {
  /** False once the window has closed, the licence was revoked, nothing is held or the refund is 0. */
  refundable: boolean;
  /** The held payment can no longer be refunded (window closed, licence revoked or burned). */
  releasable: boolean;
  refund: bigint;
  retained: bigint;
  /** The payment still held for this licence (0 once refunded or released). */
  held: bigint;
  /** Unix seconds at which the refund window closes (0 if nothing is held). */
  windowEnd: bigint;
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
}

export type RefundQuoteErrorType = TesseraError;

/** Quotes a licence's refund now: the unused share of what was paid, less the offer's penalty. */
export function refundQuote(
  client: TesseraClient,
  { licenseId }: RefundQuoteParameters,
): Promise<RefundQuoteReturnType> {
  return decoded(async () => {
    const refunds = requireContract(client, "refunds");
    const q = await client.public.readContract({ ...refunds, functionName: "refundQuote", args: [licenseId] });
    return { ...q, windowEnd: BigInt(q.windowEnd) };
  });
}
