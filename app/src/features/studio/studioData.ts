/**
 * The creator's numbers from one getLogs: sales and renewals of offers on the assets the account
 * controls (gross, per currency and per offer), and the splits that pay it.
 */
import { type Address, getAbiItem } from "viem";
import type { TesseraClient } from "../../../../scripts/sdk/index.ts";
import type { CatalogIndex, ListingOffer } from "../catalog/catalogTypes.ts";

export interface OfferSales {
  offer: ListingOffer;
  title: string;
  sales: number;
  renewals: number;
  /** Gross revenue (before the protocol fee and splits), in the offer's currency. */
  gross: bigint;
}

export interface SplitInfo {
  splitId: bigint;
  controller: Address;
  recipients: readonly Address[];
  bps: readonly number[];
}

export interface StudioData {
  offers: OfferSales[];
  /** Splits the account receives from or controls. */
  splits: SplitInfo[];
}

export async function loadStudioData(
  client: TesseraClient,
  index: CatalogIndex,
  account: Address,
): Promise<StudioData> {
  const { market } = client.contracts;
  const me = account.toLowerCase();
  const mine = index.listings.filter((l) => l.controller.toLowerCase() === me);
  const byOffer = new Map<string, OfferSales>();
  for (const l of mine) {
    for (const o of l.offers)
      byOffer.set(o.offerId.toString(), { offer: o, title: l.title, sales: 0, renewals: 0, gross: 0n });
  }
  const event = (name: string) => getAbiItem({ abi: market.abi, name: name as never });
  const logs = (await client.public.getLogs({
    address: market.address,
    events: [event("LicensePurchased"), event("LicenseRenewed"), event("SplitCreated"), event("SplitUpdated")] as never,
    fromBlock: client.startBlock,
    toBlock: "latest",
    strict: true,
  })) as unknown as { eventName: string; args: Record<string, unknown> }[];
  const licenseOffer = new Map<string, string>();
  const splits = new Map<string, SplitInfo>();
  for (const { eventName, args } of logs) {
    if (eventName === "LicensePurchased") {
      const offerId = (args.offerId as bigint).toString();
      licenseOffer.set((args.licenseId as bigint).toString(), offerId);
      const s = byOffer.get(offerId);
      if (s) {
        s.sales++;
        s.gross += args.price as bigint;
      }
    } else if (eventName === "LicenseRenewed") {
      const s = byOffer.get(licenseOffer.get((args.licenseId as bigint).toString()) ?? "");
      if (s) {
        s.renewals++;
        s.gross += args.price as bigint;
      }
    } else if (eventName === "SplitCreated") {
      const splitId = args.splitId as bigint;
      splits.set(splitId.toString(), {
        splitId,
        controller: args.controller as Address,
        recipients: args.recipients as Address[],
        bps: args.bps as number[],
      });
    } else if (eventName === "SplitUpdated") {
      const s = splits.get((args.splitId as bigint).toString());
      if (s) {
        s.recipients = args.recipients as Address[];
        s.bps = args.bps as number[];
      }
    }
  }
  const relevant = [...splits.values()].filter(
    (s) => s.controller.toLowerCase() === me || s.recipients.some((r) => r.toLowerCase() === me),
  );
  return { offers: [...byOffer.values()], splits: relevant };
}
