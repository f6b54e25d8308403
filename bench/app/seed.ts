/**
 * The dapp bench's catalog: `count` listings on a fresh deployment, fast. Each listing is an asset
 * whose version 1 is a small public card (public/README.md, so `/v1/cards` names it) written into a
 * LocalAssetStore, registered on chain with that content hash, and one offer on it. Transactions
 * go out as JSON-RPC batches of eth_sendTransaction from the node's unlocked dev account `creator`
 * (automine mines each): all registrations first, then all offers, so an offer never precedes its
 * asset whatever order a batch is processed in.
 */
import { createHash } from "node:crypto";
import { type Address, encodeFunctionData, type Hex, type PublicClient, parseEther, toHex, zeroAddress } from "viem";
import type { Deployment } from "../../scripts/deploy/deployTessera.ts";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { LicenseMarketAbi, TermsRegistryAbi } from "../../scripts/sdk/generated/abis.ts";
import { encodeTerms, findPreset, termsHash } from "../../scripts/sdk/terms/codec.ts";
import type { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";

const BATCH = 200;
const STORE_CONCURRENCY = 8;
const CARD_PATH = "public/README.md";
const WORDS = ["Aurora", "Basalt", "Cirrus", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Juniper"];

export function benchCard(i: number, kind: "MODEL" | "DATASET"): string {
  const name = `${WORDS[i % WORDS.length]}-${kind === "MODEL" ? "LM" : "Set"} ${i}`;
  return `# ${name}\n\nSynthetic ${kind === "MODEL" ? "model" : "dataset"} number ${i}, listed by the dapp benchmark.\n\n## Usage\n\nNone: it holds no weights.\n`;
}

async function rpcBatch(rpcUrl: string, calls: { method: string; params: unknown[] }[]): Promise<Hex[]> {
  const body = calls.map((c, id) => ({ jsonrpc: "2.0", id, ...c }));
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answers = (await res.json()) as { id: number; result?: Hex; error?: { message: string } }[];
  answers.sort((a, b) => a.id - b.id);
  return answers.map((a) => {
    if (a.error || !a.result) throw new Error(`transaction failed: ${a.error?.message ?? "no hash"}`);
    return a.result;
  });
}

async function mined(publicClient: PublicClient, hash: Hex, what: string) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${what} (${hash}) reverted`);
}

export interface SeedResult {
  count: number;
  /** Asset ids 1..count. */
  lastAssetId: bigint;
  seconds: number;
}

export async function seedListings({
  rpcUrl,
  publicClient,
  deployment,
  store,
  count,
  onStep,
}: {
  rpcUrl: string;
  publicClient: PublicClient;
  deployment: Deployment;
  store: LocalAssetStore;
  count: number;
  onStep: (message: string) => void;
}): Promise<SeedResult> {
  const started = performance.now();
  const from = devAccounts().creator.address;
  const market = deployment.contracts.LicenseMarket.address;
  const registry = deployment.contracts.TermsRegistry.address;
  const send = (to: Address, data: Hex, gas: number) => ({
    method: "eth_sendTransaction",
    params: [{ from, to, data, gas: toHex(gas) }],
  });

  // Two sets of terms (research-only and commercial) and one split paying the creator.
  const presets = ["apache-2.0", "openrail-m"].map((id) => encodeTerms(findPreset(id)));
  for (const hash of await rpcBatch(rpcUrl, [
    ...presets.map((t) =>
      send(
        registry,
        encodeFunctionData({ abi: TermsRegistryAbi, functionName: "registerTerms", args: [t] }),
        3_000_000,
      ),
    ),
    send(
      market,
      encodeFunctionData({ abi: LicenseMarketAbi, functionName: "createSplit", args: [[from], [10_000], zeroAddress] }),
      500_000,
    ),
  ])) {
    await mined(publicClient, hash, "set-up");
  }
  const termsIds = await Promise.all(
    presets.map((t) =>
      publicClient.readContract({
        address: registry,
        abi: TermsRegistryAbi,
        functionName: "termsIdOf",
        args: [termsHash(t)],
      }),
    ),
  );
  const counts = () => publicClient.readContract({ address: market, abi: LicenseMarketAbi, functionName: "counts" });
  const [before] = await counts();
  if (before !== 0n) throw new Error(`expected a fresh deployment, found ${before} assets`);

  // Cards into the store (in parallel with the chain work below).
  const kinds = Array.from({ length: count }, (_, i): "MODEL" | "DATASET" => (i % 3 === 2 ? "DATASET" : "MODEL"));
  const hashes: Hex[] = kinds.map((kind, i) => {
    const data = Buffer.from(benchCard(i + 1, kind));
    const sha256 = createSha256(data);
    return manifestHash({ version: 1, files: [{ path: CARD_PATH, size: data.length, sha256 }] });
  });
  let stored = 0;
  const storing = (async () => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const kind = kinds[i] ?? "MODEL";
        await store.putVersion(`${i + 1}`, "1", [{ path: CARD_PATH, data: benchCard(i + 1, kind) }]);
        stored++;
      }
    };
    await Promise.all(Array.from({ length: STORE_CONCURRENCY }, worker));
  })();

  const registrations = kinds.map((kind, i) =>
    send(
      market,
      encodeFunctionData({
        abi: LicenseMarketAbi,
        functionName: "registerAsset",
        args: [kind === "MODEL" ? 0 : 1, hashes[i] as Hex, CARD_PATH],
      }),
      400_000,
    ),
  );
  const offers = kinds.map((_, i) =>
    send(
      market,
      encodeFunctionData({
        abi: LicenseMarketAbi,
        functionName: "createOffer",
        args: [
          {
            assetId: BigInt(i + 1),
            termsId: termsIds[i % 2] as bigint,
            price: parseEther("0.001") * BigInt(1 + (i % 50)),
            currency: zeroAddress,
            duration: i % 5 === 0 ? 0n : 30n * 86_400n * BigInt(1 + (i % 12)),
            maxSupply: 0,
            allVersions: i % 4 === 0,
            splitId: 1n,
            arbiter: zeroAddress,
            royaltyBps: 0,
          },
        ],
      }),
      600_000,
    ),
  );
  let last: Hex | undefined;
  for (const [label, txs] of [
    ["registered", registrations],
    ["offered", offers],
  ] as const) {
    for (let i = 0; i < txs.length; i += BATCH) {
      const sent = await rpcBatch(rpcUrl, txs.slice(i, i + BATCH));
      last = sent[sent.length - 1];
      onStep(`  ${label} ${Math.min(txs.length, i + BATCH)} / ${txs.length}`);
    }
    if (last) await mined(publicClient, last, `the last ${label} transaction`);
  }
  await storing;
  const [after, offerTotal] = await counts();
  if (after !== BigInt(count) || offerTotal !== BigInt(count)) {
    throw new Error(`expected ${count} assets and offers on chain, found ${after} and ${offerTotal}`);
  }
  onStep(`  ${stored} cards in the store`);
  return { count, lastAssetId: after, seconds: (performance.now() - started) / 1000 };
}

function createSha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
