import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireContract } from "../utils.ts";

/** A refundable sale's payment still held by the market. */
export interface HeldPayment {
  licenseId: bigint;
  offerId: bigint;
  amount: bigint;
  currency: Address;
  /** Unix seconds at which the refund window closes. */
  windowEnd: bigint;
  /** Whether `releaseHeld` would accept it now (window closed, or the licence revoked or burned). */
  releasable: boolean;
}

export interface ListHeldPaymentsParameters {
  /** Only payments for licences under these offers (e.g. an asset's offers). */
  offerIds: readonly bigint[];
}

export type ListHeldPaymentsReturnType = HeldPayment[];
export type ListHeldPaymentsErrorType = TesseraError;

/**
 * The payments held for refunds under the given offers, oldest first: every sale of a refundable
 * offer not yet refunded or released (one getLogs, then one quote per held licence).
 */
export function listHeldPayments(
  client: TesseraClient,
  { offerIds }: ListHeldPaymentsParameters,
): Promise<ListHeldPaymentsReturnType> {
  return decoded(async () => {
    const refunds = requireContract(client, "refunds");
    const { market } = client.contracts;
    const wanted = new Set(offerIds);
    if (wanted.size === 0) return [];
    const logs = await client.public.getContractEvents({
      ...market,
      eventName: "LicensePurchased",
      fromBlock: client.startBlock,
    });
    const candidates = logs
      .map((log) => ({ licenseId: log.args.licenseId as bigint, offerId: log.args.offerId as bigint }))
      .filter(({ offerId }) => wanted.has(offerId));
    const held = await Promise.all(
      candidates.map(async ({ licenseId, offerId }): Promise<HeldPayment | null> => {
        const q = await client.public.readContract({ ...refunds, functionName: "refundQuote", args: [licenseId] });
        if (q.held === 0n) return null;
        return {
          licenseId,
          offerId,
          amount: q.held,
          currency: q.currency,
          windowEnd: BigInt(q.windowEnd),
          releasable: q.releasable,
        };
      }),
    );
    return held.filter((h): h is HeldPayment => h !== null);
  });
}
