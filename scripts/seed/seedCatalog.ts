import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  parseEther,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import type { Deployment } from "../deploy/deployTessera.ts";
import { type Artifact, loadArtifact } from "../lib/artifacts.ts";
import { encodeTerms, findPreset } from "../sdk/terms/codec.ts";
import { manifestHash } from "../storage/manifest.ts";
import type { AssetStore } from "../storage/store.ts";
import { demoDatasetFiles, demoModelFiles } from "./demoFiles.ts";

type Wallet = WalletClient<Transport, Chain, Account>;

export interface SeedParameters {
  publicClient: PublicClient;
  /** Wallets by role: admin (protocol owner), creator, collaborator, consortium, buyer, buyer2, arbiter. */
  wallets: Record<"admin" | "creator" | "collaborator" | "consortium" | "buyer" | "buyer2" | "arbiter", Wallet>;
  deployment: Deployment;
  /** Where the demo files go (the gateway serves them from here). */
  store: AssetStore;
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

const DAY = 24n * 3600n;

/**
 * Seeds a small demo catalog: the ten reference licenses as registered terms, two models and two
 * datasets, a solo, a collaborative and a consortium split, offers under different terms (ETH and a
 * demo stablecoin), some licenses sold and one left expired.
 */
export async function seedCatalog(params: SeedParameters): Promise<SeedSummary> {
  const { publicClient, wallets, deployment, store, increaseTime, onStep = () => {} } = params;
  const [registryArt, marketArt, tokenArt] = await Promise.all([
    loadArtifact("TermsRegistry"),
    loadArtifact("LicenseMarket"),
    loadArtifact("MockERC20", "mocks/MockERC20.sol"),
  ]);
  const registry = deployment.contracts.TermsRegistry.address;
  const market = deployment.contracts.LicenseMarket.address;

  const send = async (
    wallet: Wallet,
    address: Address,
    art: Artifact,
    functionName: string,
    args: unknown[],
    value = 0n,
  ) => {
    const { result, request } = await publicClient.simulateContract({
      account: wallet.account,
      address,
      abi: art.abi,
      functionName,
      args,
      value,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
    return result as bigint;
  };
  const read = <T>(address: Address, art: Artifact, functionName: string, args: unknown[]) =>
    publicClient.readContract({ address, abi: art.abi, functionName, args }) as Promise<T>;

  // Terms: every reference license, registered once.
  const termsIds: Record<string, bigint> = {};
  for (const id of [
    "apache-2.0",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "openrail-m",
    "llama2",
    "llama3.1",
    "hunyuan3d-2.1",
    "cdla-permissive-2.0",
    "mdl-cropland",
    "enterprise-api",
  ]) {
    termsIds[id] = await send(wallets.creator, registry, registryArt, "registerTerms", [encodeTerms(findPreset(id))]);
  }
  const termsHash = async (termsId: bigint) =>
    (await read<[Hex, boolean, boolean]>(registry, registryArt, "offerFacts", [termsId]))[0];
  onStep(`registered ${Object.keys(termsIds).length} license terms`);

  // A demo stablecoin with 6 decimals, allow-listed by the protocol admin.
  const tokenHash = await wallets.admin.deployContract({
    abi: tokenArt.abi,
    bytecode: tokenArt.bytecode,
    args: ["Demo USD Coin", "dUSDC", 6],
  });
  const demoToken = (await publicClient.waitForTransactionReceipt({ hash: tokenHash })).contractAddress as Address;
  await send(wallets.admin, market, marketArt, "setCurrencyAllowed", [demoToken, true]);

  const assets: SeedSummary["assets"] = [];
  // Files go into the store first: the manifest's hash is what the chain records. Asset ids are
  // sequential, so the next one is known before registering.
  const putFiles = async (assetId: bigint, name: string, kind: "MODEL" | "DATASET", version: number) => {
    const files = kind === "MODEL" ? demoModelFiles(name, version) : demoDatasetFiles(name, version);
    return manifestHash(await store.putVersion(`${assetId}`, `${version}`, files));
  };
  const register = async (wallet: Wallet, name: string, kind: "MODEL" | "DATASET", uri: string) => {
    const [assetCount] = await read<[bigint, bigint, bigint]>(market, marketArt, "counts", []);
    const contentHash = await putFiles(assetCount + 1n, name, kind, 1);
    const id = await send(wallet, market, marketArt, "registerAsset", [kind === "MODEL" ? 0 : 1, contentHash, uri]);
    if (id !== assetCount + 1n) throw new Error(`asset id ${id} is not the expected ${assetCount + 1n}`);
    assets.push({ id, name, kind });
    return id;
  };
  const aurora = await register(wallets.creator, "Aurora-7B", "MODEL", "ipfs://demo/aurora-7b/v1/README.md");
  await send(wallets.creator, market, marketArt, "publishVersion", [
    aurora,
    await putFiles(aurora, "Aurora-7B", "MODEL", 2),
    "ipfs://demo/aurora-7b/v2/README.md",
  ]);
  const llamaFt = await register(
    wallets.creator,
    "Llama-Tessera-8B",
    "MODEL",
    "ipfs://demo/llama-tessera-8b/README.md",
  );
  const cropsat = await register(
    wallets.collaborator,
    "CropSat-2025",
    "DATASET",
    "ipfs://demo/cropsat-2025/DATASHEET.md",
  );
  const medqa = await register(wallets.creator, "OpenMed-QA", "DATASET", "ipfs://demo/openmed-qa/DATASHEET.md");
  onStep(`registered ${assets.length} assets`);

  const c = wallets.creator.account.address;
  const k = wallets.collaborator.account.address;
  const solo = await send(wallets.creator, market, marketArt, "createSplit", [[c], [10_000], zeroAddress]);
  const collab = await send(wallets.creator, market, marketArt, "createSplit", [[c, k], [7_000, 3_000], zeroAddress]);
  const consortium = await send(wallets.consortium, market, marketArt, "createSplit", [
    [wallets.consortium.account.address, c, k],
    [5_000, 2_500, 2_500],
    wallets.consortium.account.address,
  ]);
  onStep("created a solo, a collaborative and a consortium split");

  const offers: SeedSummary["offers"] = [];
  const offer = async (
    wallet: Wallet,
    assetId: bigint,
    terms: string,
    price: bigint,
    o: {
      currency?: Address;
      duration?: bigint;
      maxSupply?: number;
      allVersions?: boolean;
      splitId: bigint;
      arbiter?: Address;
    },
  ) => {
    const id = await send(wallet, market, marketArt, "createOffer", [
      {
        assetId,
        termsId: termsIds[terms],
        price,
        currency: o.currency ?? zeroAddress,
        duration: o.duration ?? 0n,
        maxSupply: o.maxSupply ?? 0,
        allVersions: o.allVersions ?? false,
        splitId: o.splitId,
        arbiter: o.arbiter ?? zeroAddress,
        royaltyBps: 0,
      },
    ]);
    offers.push({ id, assetId, terms, price: `${price}` });
    return { id, price, hash: await termsHash(termsIds[terms] as bigint), currency: o.currency ?? zeroAddress };
  };
  const arbiter = wallets.arbiter.account.address;
  const research = await offer(wallets.creator, aurora, "cc-by-nc-4.0", parseEther("0.01"), {
    duration: 30n * DAY,
    splitId: solo,
  });
  const commercial = await offer(wallets.creator, aurora, "apache-2.0", parseEther("0.5"), {
    duration: 365n * DAY,
    allVersions: true,
    splitId: collab,
    arbiter,
  });
  const trial = await offer(wallets.creator, llamaFt, "openrail-m", parseEther("0.001"), {
    duration: DAY,
    splitId: solo,
  });
  await offer(wallets.creator, llamaFt, "llama3.1", parseEther("0.2"), { allVersions: true, splitId: solo, arbiter });
  await offer(wallets.creator, llamaFt, "hunyuan3d-2.1", parseEther("0.1"), { duration: 90n * DAY, splitId: solo });
  const enterprise = await offer(wallets.creator, llamaFt, "enterprise-api", 12_000_000_000n, {
    currency: demoToken,
    duration: 365n * DAY,
    maxSupply: 10,
    splitId: collab,
    arbiter,
  });
  await offer(wallets.collaborator, cropsat, "cdla-permissive-2.0", parseEther("0.05"), { splitId: consortium });
  await offer(wallets.collaborator, cropsat, "mdl-cropland", parseEther("0.02"), {
    duration: 180n * DAY,
    splitId: consortium,
  });
  await offer(wallets.creator, medqa, "cc-by-4.0", parseEther("0.03"), { allVersions: true, splitId: collab });
  onStep(`published ${offers.length} offers`);

  const licenses: SeedSummary["licenses"] = [];
  const buy = async (wallet: Wallet, o: Awaited<ReturnType<typeof offer>>, note: string) => {
    if (o.currency !== zeroAddress) {
      const tokenArgs = { address: o.currency, abi: tokenArt.abi } as const;
      await publicClient.waitForTransactionReceipt({
        hash: await wallets.admin.writeContract({
          ...tokenArgs,
          functionName: "mint",
          args: [wallet.account.address, o.price],
        }),
      });
      await publicClient.waitForTransactionReceipt({
        hash: await wallet.writeContract({ ...tokenArgs, functionName: "approve", args: [market, o.price] }),
      });
    }
    const id = await send(
      wallet,
      market,
      marketArt,
      "purchase",
      [o.id, wallet.account.address, o.price, o.hash, "0x5553"],
      o.currency === zeroAddress ? o.price : 0n,
    );
    licenses.push({ id, holder: wallet.account.address, note });
  };
  await buy(wallets.buyer, trial, "one-day trial, left to expire");
  await increaseTime(2 * 24 * 3600);
  await buy(wallets.buyer, research, "research licence, active");
  await buy(wallets.buyer2, commercial, "commercial licence, all versions");
  await buy(wallets.buyer2, enterprise, "enterprise licence paid in dUSDC");
  onStep(`sold ${licenses.length} licenses (one expired)`);

  return { assets, offers, licenses, demoToken };
}
