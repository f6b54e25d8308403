import type { Address, Hex } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { type RefundPolicy, readRefundPolicy } from "./refunds/getRefundPolicy.ts";
import { decoded } from "./utils.ts";

export const OFFER_STATUSES = ["NONE", "ACTIVE", "PAUSED", "CLOSED"] as const;
export type OfferStatusName = (typeof OFFER_STATUSES)[number];

/** An offer as stored, with its id and status by name. */
export interface OfferSummary {
  offerId: bigint;
  assetId: bigint;
  termsId: bigint;
  termsHash: Hex;
  price: bigint;
  /** The zero address for ETH, else the ERC-20. */
  currency: Address;
  /** Seconds per period; 0 = perpetual. */
  duration: bigint;
  /** 0 = unlimited. */
  maxSupply: number;
  sold: number;
  allVersions: boolean;
  transferable: boolean;
  territoryRestricted: boolean;
  status: OfferStatusName;
  splitId: bigint;
  arbiter: Address;
  royaltyBps: number;
  protocolFeeBps: number;
  /** Refundable sales' policy; null when sales are final. */
  refundPolicy: RefundPolicy | null;
}

export interface ListOffersParameters {
  /** Only offers on this asset. */
  assetId: bigint;
  /** Also list paused and closed offers (default: only active ones). */
  includeInactive?: boolean | undefined;
}

export type ListOffersReturnType = OfferSummary[];
export type ListOffersErrorType = TesseraError;

/** Reads one offer (used by getOffer and purchase too). */
export async function readOffer(client: TesseraClient, offerId: bigint): Promise<OfferSummary> {
  const [o, refundPolicy] = await Promise.all([
    client.public.readContract({ ...client.contracts.market, functionName: "offers", args: [offerId] }),
    readRefundPolicy(client, offerId),
  ]);
  return { offerId, ...o, duration: BigInt(o.duration), status: OFFER_STATUSES[o.status] ?? "NONE", refundPolicy };
}

/** The offers on an asset, in creation order. */
export function listOffers(
  client: TesseraClient,
  { assetId, includeInactive = false }: ListOffersParameters,
): Promise<ListOffersReturnType> {
  return decoded(async () => {
    const [, offerCount] = await client.public.readContract({ ...client.contracts.market, functionName: "counts" });
    const ids = Array.from({ length: Number(offerCount) }, (_, i) => BigInt(i + 1));
    const all = await Promise.all(ids.map((id) => readOffer(client, id)));
    return all.filter((o) => o.assetId === assetId && (includeInactive || o.status === "ACTIVE"));
  });
}
