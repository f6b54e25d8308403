/** The catalog's in-memory listing model (built by catalogIndex.ts, queried by catalogQuery.ts). */
import type { Address, Hex } from "viem";
import type { CurrencyInfo } from "../../lib/format.ts";
import type { TermsFacts } from "../../lib/terms.ts";

export interface ListingOffer {
  offerId: bigint;
  assetId: bigint;
  termsId: bigint;
  price: bigint;
  currency: Address;
  /** Seconds per period; 0 = perpetual. */
  duration: bigint;
  splitId: bigint;
  sold: number;
  active: boolean;
  terms: TermsFacts | undefined;
  /** Refundable sales' policy (from RefundPolicySet); absent when sales are final. */
  refund?: { window: bigint; penaltyBps: number } | undefined;
}

export interface Listing {
  assetId: bigint;
  kind: "MODEL" | "DATASET";
  controller: Address;
  title: string;
  /** First paragraph of the public card, when fetched. */
  summary?: string | undefined;
  metadataURI: string;
  versionCount: number;
  latestContentHash: Hex;
  /** Block of registration: the "newest" sort key. */
  registeredBlock: bigint;
  /** Every offer, active or not (the catalog shows the active ones). */
  offers: ListingOffer[];
  sold: number;
  /** Lower-case text searched by the query box. */
  search: string;
}

export interface CatalogIndex {
  listings: Listing[];
  byId: Map<string, Listing>;
  currencies: Map<string, CurrencyInfo>;
  /** The latest block the index reflects. */
  block: bigint;
}
