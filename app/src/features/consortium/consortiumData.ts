/**
 * What the consortium pages read: the factory's consortia (members, pooled assets, whether the
 * connected account is a member), one consortium with what the viewer needs to act (its weight at
 * each proposal's snapshot, the nomination state of assets proposed for pooling, the names of
 * proposed terms), and the market call the SDK lacks: nominating a consortium as an asset's
 * controller, the step before an ADD_ASSET proposal can be executed.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type Address, type Hash, zeroAddress } from "viem";
import {
  type GetConsortiumReturnType,
  getConsortium,
} from "../../../../scripts/sdk/actions/consortium/getConsortium.ts";
import { consortiumContract, factoryContract } from "../../../../scripts/sdk/actions/consortium/utils.ts";
import { decodeTesseraError, type TesseraClient } from "../../../../scripts/sdk/index.ts";
import { decodeTerms } from "../../../../scripts/sdk/terms/codec.ts";
import { useNamedCatalog } from "../../lib/cards.ts";
import { PlainError } from "../../lib/errors.ts";
import type { CurrencyInfo } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { useTessera } from "../../lib/tessera.ts";
import { currencyOf } from "../catalog/catalogIndex.ts";
import type { CatalogIndex, Listing, ListingOffer } from "../catalog/catalogTypes.ts";

export interface ConsortiumSummary {
  address: Address;
  /** 1-based, in the factory's order. */
  number: number;
  memberCount: number;
  pooledCount: number;
  thresholdBps: number;
  /** Whether the connected account is a member (false without one). */
  isMember: boolean;
}

/** Every consortium the deployment's factory created, oldest first; undefined without a factory. */
export async function loadConsortia(
  client: TesseraClient,
  account: Address | undefined,
): Promise<ConsortiumSummary[] | undefined> {
  const factory = client.contracts.consortia;
  if (!factory) return undefined;
  const read = client.public.readContract;
  const f = factoryContract(factory.address);
  const count = await read({ ...f, functionName: "consortiumCount" });
  const addresses = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => read({ ...f, functionName: "consortiumAt", args: [BigInt(i)] })),
  );
  return Promise.all(
    addresses.map(async (address, i) => {
      const c = consortiumContract(address);
      const [[members], pooled, thresholdBps, isMember] = await Promise.all([
        read({ ...c, functionName: "members" }),
        read({ ...c, functionName: "pooledAssets" }),
        read({ ...c, functionName: "thresholdBps" }),
        account ? read({ ...c, functionName: "isMember", args: [account] }) : false,
      ]);
      return {
        address,
        number: i + 1,
        memberCount: members.length,
        pooledCount: pooled.length,
        thresholdBps,
        isMember,
      };
    }),
  );
}

export function useConsortia() {
  const { address, client } = useTessera();
  return useQuery({
    queryKey: ["consortia", address],
    queryFn: () => loadConsortia(need(client), address),
    enabled: !!client,
    refetchInterval: 30_000,
  });
}

export interface Nomination {
  controller: Address;
  pendingController: Address;
}

export interface ConsortiumDetail extends GetConsortiumReturnType {
  /** The factory vouches for it (a look-alike contract is not a consortium). */
  genuine: boolean;
  /** The viewer's weight at each proposal's snapshot, keyed by snapshot. */
  weightAt: Map<number, bigint>;
  /** Controller and pending controller of assets proposed for pooling (open proposals). */
  nominations: Map<string, Nomination>;
  /** Names of the terms that PUBLISH_OFFER proposals name. */
  termsNames: Map<string, string>;
}

async function readNomination(client: TesseraClient, assetId: bigint): Promise<Nomination> {
  const info = await client.public.readContract({
    ...client.contracts.market,
    functionName: "assetInfo",
    args: [assetId],
  });
  return { controller: info.controller, pendingController: info.pendingController };
}

export async function loadConsortium(
  client: TesseraClient,
  consortium: Address,
  account: Address | undefined,
): Promise<ConsortiumDetail | undefined> {
  const factory = client.contracts.consortia;
  if (!factory) return undefined;
  const read = client.public.readContract;
  const genuine = await read({ ...factoryContract(factory.address), functionName: "isConsortium", args: [consortium] });
  if (!genuine) return undefined;
  const data = await getConsortium(client, { consortium, account });
  const c = consortiumContract(consortium);
  const snapshots = [...new Set(data.proposals.map((p) => p.snapshot))];
  const open = data.proposals.filter((p) => p.status === "ACTIVE" || p.status === "PASSED");
  const assetIds = [
    ...new Set(open.flatMap((p) => (p.action.kind === "ADD_ASSET" ? [p.action.assetId.toString()] : []))),
  ];
  const termsIds = [
    ...new Set(data.proposals.flatMap((p) => (p.action.kind === "PUBLISH_OFFER" ? [p.action.offer.termsId] : []))),
  ];
  const [weights, nominations, terms] = await Promise.all([
    Promise.all(
      snapshots.map(
        async (s) => [s, account ? await read({ ...c, functionName: "weightAt", args: [account, s] }) : 0n] as const,
      ),
    ),
    Promise.all(assetIds.map(async (id) => [id, await readNomination(client, BigInt(id))] as const)),
    Promise.all(
      termsIds.map(async (id) => {
        try {
          const struct = await read({ ...client.contracts.registry, functionName: "getTerms", args: [id] });
          return [id.toString(), decodeTerms(struct).name] as const;
        } catch {
          return [id.toString(), `terms #${id}`] as const;
        }
      }),
    ),
  ]);
  return {
    ...data,
    genuine,
    weightAt: new Map(weights),
    nominations: new Map(nominations),
    termsNames: new Map(terms),
  };
}

export interface PooledOfferRow {
  offerId: bigint;
  listing: Listing | undefined;
  offer: ListingOffer | undefined;
}

/** Everything the consortium page shows, with names from the catalog. */
export interface ConsortiumView {
  detail: ReturnType<typeof useConsortiumQuery>;
  index: CatalogIndex | undefined;
  /** The factory exists in this deployment. */
  hasFactory: boolean;
  currency: (address: Address) => CurrencyInfo;
  currencies: Map<string, CurrencyInfo>;
  assetTitle: (assetId: bigint) => string | undefined;
  /** Assets the connected account controls, not pooled here. */
  myAssets: Listing[];
  pooledOffers: PooledOfferRow[];
}

function useConsortiumQuery(consortium: Address) {
  const { address, client } = useTessera();
  return useQuery({
    queryKey: ["consortium", consortium.toLowerCase(), address],
    queryFn: () => loadConsortium(need(client), consortium, address),
    enabled: !!client,
    refetchInterval: 15_000,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === address ? previous : undefined),
  });
}

export function useConsortiumView(consortium: Address): ConsortiumView {
  const { address, client } = useTessera();
  const detail = useConsortiumQuery(consortium);
  const { catalog, index } = useNamedCatalog();
  const data = detail.data;
  return useMemo(() => {
    const currencies = catalog.data?.currencies ?? new Map<string, CurrencyInfo>();
    const byOffer = new Map<string, { listing: Listing; offer: ListingOffer }>();
    for (const l of index?.listings ?? [])
      for (const o of l.offers) byOffer.set(o.offerId.toString(), { listing: l, offer: o });
    const pooled = new Set((data?.pooledAssets ?? []).map(String));
    const me = address?.toLowerCase();
    return {
      detail,
      index,
      hasFactory: !!client?.contracts.consortia,
      currency: (a: Address) => currencyOf(catalog.data, a),
      currencies: currencies.size > 0 ? currencies : new Map([[zeroAddress, currencyOf(undefined, zeroAddress)]]),
      assetTitle: (id: bigint) => index?.byId.get(id.toString())?.title,
      myAssets:
        index?.listings.filter((l) => me && l.controller.toLowerCase() === me && !pooled.has(l.assetId.toString())) ??
        [],
      pooledOffers: (data?.pooledOffers ?? []).map((offerId) => {
        const hit = byOffer.get(offerId.toString());
        return { offerId, listing: hit?.listing, offer: hit?.offer };
      }),
    };
  }, [detail, index, catalog.data, client, address, data]);
}

/**
 * Nominates `consortium` as the controller of `assetId` on the market (the wallet must control the
 * asset): an ADD_ASSET proposal then makes the consortium accept it. The SDK has no action for
 * this yet.
 */
export async function nominateConsortium(
  client: TesseraClient,
  { assetId, consortium }: { assetId: bigint; consortium: Address },
): Promise<{ hash: Hash }> {
  const wallet = client.wallet;
  if (!wallet) throw new PlainError("Connect a wallet to nominate the consortium.");
  try {
    const { request } = await client.public.simulateContract({
      ...client.contracts.market,
      functionName: "nominateAssetController",
      args: [assetId, consortium],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await client.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new PlainError("The transaction was reverted.", `transaction ${hash}`);
    return { hash };
  } catch (err) {
    throw err instanceof PlainError ? err : decodeTesseraError(err);
  }
}

/** Controller and pending controller of one asset (for the ADD_ASSET form's nominate step). */
export function useNomination(assetId: bigint | undefined) {
  const { client } = useTessera();
  return useQuery({
    queryKey: ["nomination", assetId?.toString()],
    queryFn: () => readNomination(need(client), need(assetId)),
    enabled: !!client && assetId !== undefined,
  });
}
