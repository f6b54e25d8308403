/**
 * Builds the catalog index in a few round trips, whatever the number of listings: one eth_getLogs
 * for the market's asset, offer and sale events, then one JSON-RPC batch for the distinct terms and
 * one for the distinct currencies (the transport batches concurrent reads).
 */
import { type Address, erc20Abi, getAbiItem, type Hex, type PublicClient, zeroAddress } from "viem";
import type { TesseraClient } from "../../../../scripts/sdk/index.ts";
import { decodeTerms } from "../../../../scripts/sdk/terms/codec.ts";
import type { CurrencyInfo } from "../../lib/format.ts";
import { type TermsFacts, termsFacts } from "../../lib/terms.ts";
import type { CatalogIndex, Listing, ListingOffer } from "./catalogTypes.ts";

const ETH: CurrencyInfo = { address: zeroAddress, symbol: "ETH", decimals: 18 };

/** A readable title from a metadata URI: "ipfs://demo/aurora-7b/v1/README.md" → "Aurora-7B". */
export function titleFromUri(uri: string, assetId: bigint): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[?#]/)[0] ?? "";
  const segments = path.split("/").filter(Boolean);
  const name = [...segments]
    .reverse()
    .find((s) => !s.includes(".") && !/^v\d+$/i.test(s) && !/^(demo|assets?|ipfs|ar|public)$/i.test(s));
  if (!name) return `Asset #${assetId}`;
  return decodeURIComponent(name)
    .split(/[-_ ]+/)
    .map((w) => (/^\d+[a-z]$/i.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("-");
}

/** Symbol and decimals of each currency (ETH without a call). */
export async function readCurrencies(client: PublicClient, addresses: Iterable<Address>) {
  const out = new Map<string, CurrencyInfo>([[zeroAddress, ETH]]);
  const tokens = [...new Set([...addresses].map((a) => a.toLowerCase() as Address))].filter((a) => a !== zeroAddress);
  await Promise.all(
    tokens.map(async (address) => {
      const [symbol, decimals] = await Promise.all([
        client.readContract({ address, abi: erc20Abi, functionName: "symbol" }).catch(() => "TOKEN"),
        client.readContract({ address, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
      ]);
      out.set(address, { address, symbol, decimals });
    }),
  );
  return out;
}

export async function loadCatalogIndex(client: TesseraClient): Promise<CatalogIndex> {
  const { market, registry } = client.contracts;
  const event = <N extends string>(name: N) => getAbiItem({ abi: market.abi, name: name as never });
  const [block, logs, [allCurrencies]] = await Promise.all([
    client.public.getBlockNumber(),
    client.public.getLogs({
      address: market.address,
      events: [
        event("AssetRegistered"),
        event("VersionPublished"),
        event("AssetControlTransferred"),
        event("OfferCreated"),
        event("OfferStatusChanged"),
        event("LicensePurchased"),
        event("RefundPolicySet"),
      ] as never,
      fromBlock: client.startBlock,
      toBlock: "latest",
      strict: true,
    }),
    client.public.readContract({ ...market, functionName: "currencies" }),
  ]);

  const listings = new Map<string, Listing>();
  const offers = new Map<string, ListingOffer>();
  for (const log of logs as unknown as { eventName: string; args: Record<string, unknown>; blockNumber: bigint }[]) {
    const a = log.args;
    switch (log.eventName) {
      case "AssetRegistered": {
        const assetId = a.assetId as bigint;
        listings.set(assetId.toString(), {
          assetId,
          kind: Number(a.kind) === 1 ? "DATASET" : "MODEL",
          controller: a.controller as Address,
          title: titleFromUri(a.metadataURI as string, assetId),
          metadataURI: a.metadataURI as string,
          versionCount: 1,
          latestContentHash: a.contentHash as Hex,
          registeredBlock: log.blockNumber,
          offers: [],
          sold: 0,
          search: "",
        });
        break;
      }
      case "VersionPublished": {
        const l = listings.get((a.assetId as bigint).toString());
        if (l) {
          l.versionCount = Math.max(l.versionCount, Number(a.version));
          l.latestContentHash = a.contentHash as Hex;
          l.metadataURI = a.metadataURI as string;
        }
        break;
      }
      case "AssetControlTransferred": {
        const l = listings.get((a.assetId as bigint).toString());
        if (l) l.controller = a.to as Address;
        break;
      }
      case "OfferCreated": {
        const o: ListingOffer = {
          offerId: a.offerId as bigint,
          assetId: a.assetId as bigint,
          termsId: a.termsId as bigint,
          price: a.price as bigint,
          currency: a.currency as Address,
          duration: BigInt(a.duration as bigint),
          splitId: a.splitId as bigint,
          sold: 0,
          active: true,
          terms: undefined,
        };
        offers.set(o.offerId.toString(), o);
        listings.get(o.assetId.toString())?.offers.push(o);
        break;
      }
      case "OfferStatusChanged": {
        const o = offers.get((a.offerId as bigint).toString());
        if (o) o.active = Number(a.status) === 1;
        break;
      }
      case "RefundPolicySet": {
        const o = offers.get((a.offerId as bigint).toString());
        if (o) o.refund = { window: BigInt(a.window as number), penaltyBps: Number(a.penaltyBps) };
        break;
      }
      case "LicensePurchased": {
        const o = offers.get((a.offerId as bigint).toString());
        if (o) {
          o.sold++;
          const l = listings.get(o.assetId.toString());
          if (l) l.sold++;
        }
        break;
      }
    }
  }

  const termsIds = [...new Set([...offers.values()].map((o) => o.termsId))];
  const [terms, currencies] = await Promise.all([
    Promise.all(
      termsIds.map(async (termsId): Promise<[string, TermsFacts | undefined]> => {
        try {
          const struct = await client.public.readContract({ ...registry, functionName: "getTerms", args: [termsId] });
          return [termsId.toString(), termsFacts(termsId, decodeTerms(struct))];
        } catch {
          return [termsId.toString(), undefined];
        }
      }),
    ).then((entries) => new Map(entries)),
    readCurrencies(client.public, [...allCurrencies, ...[...offers.values()].map((o) => o.currency)]),
  ]);

  for (const o of offers.values()) o.terms = terms.get(o.termsId.toString());
  for (const l of listings.values()) {
    const words = [l.title, l.kind, `#${l.assetId}`, l.metadataURI, l.controller];
    for (const o of l.offers) if (o.terms) words.push(o.terms.name, o.terms.spdx);
    l.search = words.join(" ").toLowerCase();
  }
  const list = [...listings.values()];
  return { listings: list, byId: listings, currencies, block };
}

/** Currency info for `address`, with a neutral fallback while the index loads. */
export function currencyOf(index: CatalogIndex | undefined, address: Address): CurrencyInfo {
  return (
    index?.currencies.get(address.toLowerCase()) ??
    (address === zeroAddress ? ETH : { address, symbol: "tokens", decimals: 18 })
  );
}
