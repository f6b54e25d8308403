/**
 * Seeds the demo catalog of catalog.ts through the SDK: the ten reference licenses as registered
 * terms, a demo stablecoin, the assets (files into the store first, since the manifest's hash is
 * what the chain records), a solo, a collaborative and a consortium split, the offers, and the
 * licenses sold — one left expired by moving the chain's clock. A derivative (DEMO_LINEAGE) is
 * registered in the LineageRegistry before its own offers, so its sales pay its parent's royalty.
 */
import {
  type Account,
  type Address,
  type Chain,
  keccak256,
  type PublicClient,
  parseEther,
  parseUnits,
  stringToHex,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import type { Deployment } from "../deploy/deployTessera.ts";
import { loadArtifact } from "../lib/artifacts.ts";
import { approveCurrency } from "../sdk/actions/approveCurrency.ts";
import { createConsortium } from "../sdk/actions/consortium/createConsortium.ts";
import { execute } from "../sdk/actions/consortium/execute.ts";
import { propose } from "../sdk/actions/consortium/propose.ts";
import { vote } from "../sdk/actions/consortium/vote.ts";
import { createOffer } from "../sdk/actions/createOffer.ts";
import { createSplit } from "../sdk/actions/createSplit.ts";
import { publishVersion } from "../sdk/actions/publishVersion.ts";
import { purchase } from "../sdk/actions/purchase.ts";
import { registerAsset } from "../sdk/actions/registerAsset.ts";
import { registerDerivative } from "../sdk/actions/registerDerivative.ts";
import { registerTerms } from "../sdk/actions/registerTerms.ts";
import { setSeat } from "../sdk/actions/seats/setSeat.ts";
import { setPlan } from "../sdk/actions/usage/setPlan.ts";
import { createTesseraClient, type TesseraClient } from "../sdk/deployments.ts";
import { encodeTerms, findPreset, presets } from "../sdk/terms/codec.ts";
import { manifestHash } from "../storage/manifest.ts";
import type { AssetStore } from "../storage/store.ts";
import {
  DEMO_ASSETS,
  DEMO_CONSORTIUM,
  DEMO_LINEAGE,
  DEMO_PLAN,
  DEMO_SALES,
  DEMO_SEAT,
  type DemoAsset,
  type DemoOffer,
  type SplitName,
} from "./catalog.ts";
import { demoDatasetFiles, demoModelFiles } from "./demoFiles.ts";

type Wallet = WalletClient<Transport, Chain, Account>;
type Role = "admin" | "creator" | "collaborator" | "consortium" | "buyer" | "buyer2" | "arbiter";

export interface SeedParameters {
  publicClient: PublicClient;
  /** Wallets by role: admin (protocol owner), creator, collaborator, consortium, buyer, buyer2, arbiter. */
  wallets: Record<Role, Wallet>;
  deployment: Deployment;
  /** Where the demo files go (the gateway serves them from here). */
  store: AssetStore;
  /** The gateway's attester address: the demo's metering plan names it (none: no plan). */
  attester?: Address | undefined;
  /** Advances the chain's clock (a dev-chain RPC); used to leave one license expired. */
  increaseTime: (seconds: number) => Promise<void>;
  onStep?: (message: string) => void;
}

export interface SeedSummary {
  assets: { id: bigint; name: string; kind: "MODEL" | "DATASET" }[];
  offers: { id: bigint; assetId: bigint; terms: string; price: string }[];
  licenses: { id: bigint; holder: Address; note: string }[];
  demoToken: Address;
}

const DAY = 86_400n;
/** What each demo buyer is given of the demo stablecoin, in whole dUSDC. */
const DEMO_DUSDC_BALANCE = "50000";

/** The asset's card is at this path in every version; its on-chain metadata URI names it. */
export const CARD_PATH = "public/README.md";

export async function seedCatalog(params: SeedParameters): Promise<SeedSummary> {
  const { publicClient, wallets, deployment, store, increaseTime, attester, onStep = () => {} } = params;
  const as = (role: Role): TesseraClient =>
    createTesseraClient({ publicClient, walletClient: wallets[role], deployment });

  const termsIds = new Map<string, bigint>();
  for (const preset of presets) {
    termsIds.set(
      preset.id,
      (await registerTerms(as("creator"), { terms: encodeTerms(findPreset(preset.id)) })).termsId,
    );
  }
  onStep(`registered ${termsIds.size} license terms`);

  // A demo stablecoin with 6 decimals, allow-listed by the protocol admin.
  const tokenArt = await loadArtifact("MockERC20", "mocks/MockERC20.sol");
  const demoToken = (
    await publicClient.waitForTransactionReceipt({
      hash: await wallets.admin.deployContract({
        abi: tokenArt.abi,
        bytecode: tokenArt.bytecode,
        args: ["Demo USD Coin", "dUSDC", 6],
      }),
    })
  ).contractAddress as Address;
  await send(publicClient, wallets.admin, {
    ...as("admin").contracts.market,
    functionName: "setCurrencyAllowed",
    args: [demoToken, true],
  });

  const address = (role: Role) => wallets[role].account.address;
  const splits: Record<SplitName, bigint> = {
    solo: (await createSplit(as("creator"), { recipients: [address("creator")], bps: [10_000] })).splitId,
    collab: (
      await createSplit(as("creator"), {
        recipients: [address("creator"), address("collaborator")],
        bps: [7_000, 3_000],
      })
    ).splitId,
    consortium: (
      await createSplit(as("consortium"), {
        recipients: [address("consortium"), address("creator"), address("collaborator")],
        bps: [5_000, 2_500, 2_500],
        controller: address("consortium"),
      })
    ).splitId,
  };
  onStep("created a solo, a collaborative and a consortium split");

  const filesOf = (asset: DemoAsset, version: number) =>
    asset.kind === "MODEL"
      ? demoModelFiles(asset.name, version, asset.size, asset.summary, asset.card)
      : demoDatasetFiles(asset.name, version, asset.size, asset.format ?? "jsonl", asset.summary, asset.card);

  const assets: SeedSummary["assets"] = [];
  const offers: SeedSummary["offers"] = [];
  const offerIds = new Map<string, { id: bigint; spec: DemoOffer }[]>();
  const idOf = (name: string) => {
    const found = assets.find((a) => a.name === name);
    if (!found) throw new Error(`no demo asset ${name}`);
    return found.id;
  };
  for (const asset of DEMO_ASSETS) {
    const seller = as(asset.seller);
    // Asset ids are sequential, so the next one is known before registering.
    const [count] = await publicClient.readContract({ ...seller.contracts.market, functionName: "counts" });
    const expected = count + 1n;
    const v1 = await store.putVersion(`${expected}`, "1", filesOf(asset, 1));
    const { assetId } = await registerAsset(seller, {
      kind: asset.kind,
      contentHash: manifestHash(v1),
      metadataURI: CARD_PATH,
    });
    if (assetId !== expected) throw new Error(`asset id ${assetId} is not the expected ${expected}`);
    for (let v = 2; v <= 1 + (asset.extraVersions ?? 0); v++) {
      const manifest = await store.putVersion(`${assetId}`, `${v}`, filesOf(asset, v));
      await publishVersion(seller, { assetId, contentHash: manifestHash(manifest), metadataURI: CARD_PATH });
    }
    assets.push({ id: assetId, name: asset.name, kind: asset.kind });
  }

  const publishOffers = async (asset: DemoAsset) => {
    const seller = as(asset.seller);
    const assetId = idOf(asset.name);
    const ids: { id: bigint; spec: DemoOffer }[] = [];
    for (const spec of asset.offers) {
      const termsId = termsIds.get(spec.terms);
      if (termsId === undefined) throw new Error(`no preset ${spec.terms}`);
      const dusdc = spec.currency === "dUSDC";
      const price = dusdc ? parseUnits(spec.price, 6) : parseEther(spec.price);
      const { offerId } = await createOffer(seller, {
        assetId,
        termsId,
        price,
        currency: dusdc ? demoToken : zeroAddress,
        duration: BigInt(spec.durationDays ?? 0) * DAY,
        maxSupply: spec.maxSupply ?? 0,
        allVersions: spec.allVersions ?? false,
        splitId: splits[spec.split],
        arbiter: spec.arbiter ? address("arbiter") : zeroAddress,
        royaltyBps: spec.royaltyBps ?? 0,
        refund: spec.refund && { window: BigInt(spec.refund.days) * DAY, penaltyBps: spec.refund.penaltyBps },
      });
      ids.push({ id: offerId, spec });
      offers.push({ id: offerId, assetId, terms: spec.terms, price: `${spec.price} ${spec.currency ?? "ETH"}` });
    }
    offerIds.set(asset.name, ids);
  };
  // A derivative's lineage (hence its upstream royalties) must be on record before its first
  // offer: originals publish their offers first, then each derivative licenses its parent,
  // registers its lineage, and only then publishes its own offers.
  const derivatives = new Set(DEMO_LINEAGE.map((l) => l.child));
  for (const asset of DEMO_ASSETS.filter((a) => !derivatives.has(a.name))) await publishOffers(asset);
  for (const link of DEMO_LINEAGE) {
    const child = DEMO_ASSETS.find((a) => a.name === link.child);
    const parentOffer = offerIds.get(link.parent)?.[link.parentOffer];
    const termsId = termsIds.get(link.childTerms);
    if (!child || !parentOffer || termsId === undefined)
      throw new Error(`bad demo lineage ${link.child} <- ${link.parent}`);
    const controller = as(child.seller);
    const { licenseId } = await purchase(controller, { offerId: parentOffer.id, territory: "US" });
    await registerDerivative(controller, {
      childAssetId: idOf(child.name),
      parents: [{ licenseId, relation: link.relation }],
      child: {
        termsId,
        name: child.name,
        family: link.family,
        trainingConfigHash: keccak256(stringToHex(`${child.name} training config`)),
      },
    });
    onStep(`registered ${link.child} as ${link.relation.toLowerCase().replaceAll("_", " ")} ${link.parent}`);
    await publishOffers(child);
  }
  onStep(`registered ${assets.length} assets with ${offers.length} offers`);

  // A metering plan must be set before the offer's first sale.
  const planned = offerIds.get(DEMO_PLAN.asset)?.[DEMO_PLAN.offer];
  if (attester && deployment.contracts.UsageMeter && planned) {
    const seller = DEMO_ASSETS.find((a) => a.name === DEMO_PLAN.asset)?.seller ?? "creator";
    await setPlan(as(seller), {
      offerId: planned.id,
      plan: {
        attester,
        includedUnits: DEMO_PLAN.includedUnits,
        periodSeconds: DEMO_PLAN.periodDays * 86_400,
        pricePerUnit: parseUnits(DEMO_PLAN.pricePerUnit, 6),
        onExceed: DEMO_PLAN.onExceed,
      },
    });
    onStep(`metered offer #${planned.id} (${DEMO_PLAN.asset}): the gateway ${attester} attests usage`);
  }

  // Demo buyers hold some dUSDC, so the stablecoin offers can be tried (approve, then buy).
  for (const role of ["buyer", "buyer2"] as const) {
    await send(publicClient, wallets.admin, {
      address: demoToken,
      abi: tokenArt.abi,
      functionName: "mint",
      args: [address(role), parseUnits(DEMO_DUSDC_BALANCE, 6)],
    });
  }

  const licenses: SeedSummary["licenses"] = [];
  const sold = new Map<string, bigint>();
  const sell = async (sale: (typeof DEMO_SALES)[number]) => {
    const offer = offerIds.get(sale.asset)?.[sale.offer];
    if (offer === undefined) throw new Error(`no offer ${sale.offer} on ${sale.asset}`);
    const buyer = as(sale.buyer);
    if (offer.spec.currency === "dUSDC") {
      const price = parseUnits(offer.spec.price, 6);
      await send(publicClient, wallets.admin, {
        address: demoToken,
        abi: tokenArt.abi,
        functionName: "mint",
        args: [address(sale.buyer), price],
      });
      await approveCurrency(buyer, { currency: demoToken, amount: price });
    }
    const { licenseId } = await purchase(buyer, { offerId: offer.id, territory: "US" });
    licenses.push({ id: licenseId, holder: address(sale.buyer), note: sale.note });
    sold.set(`${sale.asset}:${sale.buyer}`, licenseId);
  };
  for (const sale of DEMO_SALES.filter((s) => s.beforeTimeJump)) await sell(sale);
  await increaseTime(2 * 24 * 3600);
  for (const sale of DEMO_SALES.filter((s) => !s.beforeTimeJump)) await sell(sale);
  onStep(`sold ${licenses.length} licenses (one expired)`);

  const seatLicense = sold.get(`${DEMO_SEAT.asset}:${DEMO_SEAT.holder}`);
  if (seatLicense === undefined) throw new Error(`no demo sale of ${DEMO_SEAT.asset} to ${DEMO_SEAT.holder}`);
  await setSeat(as(DEMO_SEAT.holder), {
    licenseId: seatLicense,
    user: address(DEMO_SEAT.user),
    expires: 2n ** 64n - 1n,
  });
  onStep(`${DEMO_SEAT.holder} gave ${DEMO_SEAT.user} a seat on its ${DEMO_SEAT.asset} licence`);

  const consortium = await seedConsortium(as, wallets, termsIds, idOf);
  onStep(
    `created a consortium (${consortium}) pooling ${DEMO_CONSORTIUM.pooled.join(", ")}, with a pooled offer and an open proposal`,
  );

  return { assets, offers, licenses, demoToken };
}

/** The demo consortium: created, its assets pooled and a pooled offer published by vote, one proposal left open. */
async function seedConsortium(
  as: (role: Role) => TesseraClient,
  wallets: Record<Role, Wallet>,
  termsIds: Map<string, bigint>,
  idOf: (name: string) => bigint,
): Promise<Address> {
  const address = (role: Role) => wallets[role].account.address;
  const { members, thresholdBps, lifetimeDays, pooled, pooledOffer, openProposal } = DEMO_CONSORTIUM;
  const [first] = members;
  if (!first) throw new Error("the demo consortium has no members");
  const founder = as(first.role);
  const factory = founder.contracts.consortia?.address;
  if (!factory) throw new Error("this deployment has no ConsortiumFactory");
  const { consortium } = await createConsortium(founder, {
    factory,
    members: members.map((m) => ({ account: address(m.role), weight: m.weight })),
    thresholdBps,
    lifetime: BigInt(lifetimeDays) * DAY,
  });
  // A proposal passes once members holding the threshold's weight said yes (50 + 30 of 100 here).
  const pass = async (action: Parameters<typeof propose>[1]["action"]) => {
    const { proposalId } = await propose(founder, { consortium, action });
    for (const m of members.slice(0, 2)) await vote(as(m.role), { consortium, proposalId });
    await execute(founder, { consortium, proposalId });
  };
  for (const name of pooled) {
    const owner = DEMO_ASSETS.find((a) => a.name === name)?.seller;
    if (!owner) throw new Error(`no demo asset ${name}`);
    await send(founder.public, wallets[owner], {
      ...founder.contracts.market,
      functionName: "nominateAssetController",
      args: [idOf(name), consortium],
    });
    await pass({ kind: "ADD_ASSET", assetId: idOf(name) });
  }
  const termsId = termsIds.get(pooledOffer.terms);
  if (termsId === undefined) throw new Error(`no preset ${pooledOffer.terms}`);
  await pass({
    kind: "PUBLISH_OFFER",
    offer: {
      assetId: idOf(pooledOffer.asset),
      termsId,
      price: parseEther(pooledOffer.price),
      currency: zeroAddress,
      duration: BigInt(pooledOffer.durationDays) * DAY,
      maxSupply: 0,
      allVersions: true,
      arbiter: zeroAddress,
      royaltyBps: 0,
    },
  });
  await propose(founder, {
    consortium,
    action: { kind: "ADMIT_MEMBER", account: address(openProposal.admit), weight: openProposal.weight },
  });
  return consortium;
}

/** Sends a transaction the SDK has no action for (admin and demo-token calls) and waits for it. */
async function send(
  publicClient: PublicClient,
  wallet: Wallet,
  call: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] },
): Promise<void> {
  const { request } = await publicClient.simulateContract({ ...call, account: wallet.account } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted (${hash})`);
}
