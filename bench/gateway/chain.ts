/**
 * The gateway bench's chain: a Hardhat node (EDR) on loopback, a Tessera deployment, one asset whose
 * version 1 is the bench's stored files, an offer on it, and licenses bought for many derived
 * accounts (each session of the bench signs in as a distinct, licensed address).
 */
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  stringToHex,
  toHex,
  zeroAddress,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { type Deployment, deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { type LocalChain, startLocalChain } from "../../scripts/dev/localChain.ts";
import { LicenseMarketAbi, TermsRegistryAbi } from "../../scripts/sdk/generated/abis.ts";
import { encodeTerms, findPreset, termsHash } from "../../scripts/sdk/terms/codec.ts";

export interface BenchChain {
  chain: LocalChain;
  publicClient: PublicClient;
  deployment: Deployment;
}

export async function startBenchChain(port: number): Promise<BenchChain> {
  const chain = await startLocalChain({ port });
  try {
    const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } };
    const transport = http(chain.rpcUrl);
    const publicClient = createPublicClient({ chain: localChain, transport }) as PublicClient;
    const admin = createWalletClient({ account: devAccounts().admin, chain: localChain, transport });
    const deployment = await deployTessera({ publicClient, walletClient: admin });
    return { chain, publicClient, deployment };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}

/** Registers Apache-2.0 terms, an asset whose version 1 has `contentHash`, a split and an offer. */
export async function listAsset(
  { chain, publicClient, deployment }: BenchChain,
  contentHash: Hex,
): Promise<{ assetId: bigint; offerId: bigint; price: bigint; termsHash: Hex }> {
  const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } };
  const transport = http(chain.rpcUrl);
  const creator = createWalletClient({ account: devAccounts().creator, chain: localChain, transport });
  const market = deployment.contracts.LicenseMarket.address;
  const registry = deployment.contracts.TermsRegistry.address;
  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`set-up transaction ${hash} reverted`);
  };
  const terms = encodeTerms(findPreset("apache-2.0"));
  await mined(
    await creator.writeContract({
      address: registry,
      abi: TermsRegistryAbi,
      functionName: "registerTerms",
      args: [terms],
    }),
  );
  const hash = termsHash(terms);
  const termsId = await publicClient.readContract({
    address: registry,
    abi: TermsRegistryAbi,
    functionName: "termsIdOf",
    args: [hash],
  });
  await mined(
    await creator.writeContract({
      address: market,
      abi: LicenseMarketAbi,
      functionName: "registerAsset",
      args: [0, contentHash, "ipfs://bench/model/v1"],
    }),
  );
  await mined(
    await creator.writeContract({
      address: market,
      abi: LicenseMarketAbi,
      functionName: "createSplit",
      args: [[creator.account.address], [10_000], zeroAddress],
    }),
  );
  const price = 10n ** 15n;
  await mined(
    await creator.writeContract({
      address: market,
      abi: LicenseMarketAbi,
      functionName: "createOffer",
      args: [
        {
          assetId: 1n,
          termsId,
          price,
          currency: zeroAddress,
          duration: 30n * 24n * 3600n,
          maxSupply: 0,
          allVersions: false,
          splitId: 1n,
          arbiter: zeroAddress,
          royaltyBps: 0,
        },
      ],
    }),
  );
  return { assetId: 1n, offerId: 1n, price, termsHash: hash };
}

/** `count` accounts with keys derived from a fixed label: deterministic, cheap to derive. */
export function derivedAccounts(count: number, label = "tessera-gateway-bench"): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`${label}/${i}`))));
}

/**
 * Buys one license for each recipient, paid by the node's unlocked dev account `buyer`. The
 * transactions go out as JSON-RPC batches of eth_sendTransaction (the node signs, automine mines
 * each), which is far faster than one round trip per purchase; a few are then checked on chain.
 */
export async function buyLicenses(
  { chain, publicClient, deployment }: BenchChain,
  offer: { offerId: bigint; price: bigint; termsHash: Hex; assetId: bigint },
  recipients: readonly Address[],
  onProgress: (done: number) => void = () => {},
): Promise<void> {
  const from = devAccounts().buyer.address;
  const to = deployment.contracts.LicenseMarket.address;
  const BATCH = 250;
  let id = 1;
  const hashes: Hex[] = [];
  for (let i = 0; i < recipients.length; i += BATCH) {
    const body = recipients.slice(i, i + BATCH).map((recipient) => ({
      jsonrpc: "2.0",
      id: id++,
      method: "eth_sendTransaction",
      params: [
        {
          from,
          to,
          value: toHex(offer.price),
          gas: toHex(400_000),
          data: encodeFunctionData({
            abi: LicenseMarketAbi,
            functionName: "purchase",
            args: [offer.offerId, recipient, offer.price, offer.termsHash, "0x0000"],
          }),
        },
      ],
    }));
    const res = await fetch(chain.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answers = (await res.json()) as { result?: Hex; error?: { message: string } }[];
    for (const answer of answers) {
      if (answer.error || !answer.result) throw new Error(`purchase failed: ${answer.error?.message ?? "no hash"}`);
      hashes.push(answer.result);
    }
    onProgress(Math.min(recipients.length, i + BATCH));
  }
  for (const hash of [hashes[0], hashes[hashes.length - 1]]) {
    if (hash === undefined) continue;
    const receipt = await publicClient.getTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`purchase ${hash} reverted`);
  }
  for (const account of [recipients[0], recipients[recipients.length - 1]]) {
    if (account === undefined) continue;
    const ok = await publicClient.readContract({
      address: to,
      abi: LicenseMarketAbi,
      functionName: "isEntitledToVersion",
      args: [account, offer.assetId, 1n],
    });
    if (!ok) throw new Error(`${account} is not entitled after its purchase`);
  }
}
