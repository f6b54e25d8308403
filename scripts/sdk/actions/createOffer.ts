import { type Address, type Hash, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import type { RefundPolicy } from "./refunds/getRefundPolicy.ts";
import { confirmed, decoded, requireContract, requireWallet } from "./utils.ts";

export interface CreateOfferParameters {
  assetId: bigint;
  /** Registered terms (see `registerTerms`). */
  termsId: bigint;
  /** Per license, or per renewal period, in the currency's smallest unit. */
  price: bigint;
  /** The zero address for ETH (default), else an ERC-20 the market allows. */
  currency?: Address | undefined;
  /** Seconds per period; 0 (default) = perpetual. */
  duration?: bigint | undefined;
  /** 0 (default) = unlimited. */
  maxSupply?: number | undefined;
  /** Whether a license covers every version, present and future (default: the latest at purchase). */
  allVersions?: boolean | undefined;
  /** The split that receives the revenue (see `createSplit`). */
  splitId: bigint;
  /** Who may revoke licenses (default: nobody). */
  arbiter?: Address | undefined;
  /**
   * The licensor's royalty in basis points (default 0, at most 5,000): on resales of transferable
   * licenses (ERC-2981) and on the revenue of every derivative registered under this offer's licenses.
   */
  royaltyBps?: number | undefined;
  /**
   * Makes sales refundable (default: final): within `window` seconds of purchase the holder may hand
   * the licence back for the unused share of what it paid, less `penaltyBps`. Payments are held
   * until the window closes. Fixed for the offer's life.
   */
  refund?: RefundPolicy | undefined;
}

export interface CreateOfferReturnType {
  offerId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type CreateOfferErrorType = TesseraError;

/** Publishes an offer (refundable if `refund` is set) on an asset the wallet controls. Reads the id from OfferCreated. */
export function createOffer(client: TesseraClient, params: CreateOfferParameters): Promise<CreateOfferReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "create an offer");
    const { market } = client.contracts;
    const offer = {
      assetId: params.assetId,
      termsId: params.termsId,
      price: params.price,
      currency: params.currency ?? zeroAddress,
      duration: params.duration ?? 0n,
      maxSupply: params.maxSupply ?? 0,
      allVersions: params.allVersions ?? false,
      splitId: params.splitId,
      arbiter: params.arbiter ?? zeroAddress,
      royaltyBps: params.royaltyBps ?? 0,
    };
    const { refund } = params;
    const hash = refund
      ? await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...requireContract(client, "refunds"),
              functionName: "createRefundableOffer",
              args: [offer, { window: Number(refund.window), penaltyBps: refund.penaltyBps }],
              account: wallet.account,
            })
          ).request,
        )
      : await wallet.writeContract(
          (
            await client.public.simulateContract({
              ...market,
              functionName: "createOffer",
              args: [offer],
              account: wallet.account,
            })
          ).request,
        );
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "OfferCreated" });
    if (!event) throw new TesseraError("The offer emitted no OfferCreated event.", { details: hash });
    return { offerId: event.args.offerId, hash, receipt };
  });
}
