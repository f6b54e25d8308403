import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded } from "../utils.ts";

/** A refundable offer's policy: within `window` seconds of purchase, the unused share less a penalty. */
export interface RefundPolicy {
  /** Seconds after purchase during which the holder may hand the licence back. */
  window: bigint;
  /** The share of the payment a refund keeps back, in basis points. */
  penaltyBps: number;
}

export interface GetRefundPolicyParameters {
  offerId: bigint;
}

/** The offer's refund policy, or null when its sales are final (or the deployment predates refunds). */
export type GetRefundPolicyReturnType = RefundPolicy | null;
export type GetRefundPolicyErrorType = TesseraError;

/** Reads an offer's refund policy. */
export function getRefundPolicy(
  client: TesseraClient,
  { offerId }: GetRefundPolicyParameters,
): Promise<GetRefundPolicyReturnType> {
  return decoded(() => readRefundPolicy(client, offerId));
}

/** Undecoded read shared with readOffer: null for final sales and for deployments without refunds. */
export async function readRefundPolicy(client: TesseraClient, offerId: bigint): Promise<RefundPolicy | null> {
  const { refunds } = client.contracts;
  if (!refunds) return null;
  const policy = await client.public.readContract({ ...refunds, functionName: "refundPolicy", args: [offerId] });
  return policy.window === 0 ? null : { window: BigInt(policy.window), penaltyBps: policy.penaltyBps };
}
