/**
 * Metered licenses at the gateway, end to end on EDR: an offer's plan names the gateway as attester
 * (2 requests a day included, suspended beyond); the gateway counts the holder's downloads and signs
 * the usage report (`/v1/licenses/:id/usage-report`); once submitted on chain the license is over its
 * cap and the gateway refuses it within 2 s (the UsageReported event drops its cached answer); a
 * top-up lifts the cap and the gateway serves again. Neither a stranger nor a stale report passes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { GatewayClient } from "../../scripts/cli/lib/gatewayClient.ts";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { DEV_MNEMONIC } from "../../scripts/dev/devAccounts.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { createTesseraClient } from "../../scripts/sdk/deployments.ts";
import { encodeTerms, findPreset, termsHash } from "../../scripts/sdk/terms/codec.ts";
import type { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";
import {
  type LoopbackGateway,
  startLoopbackGateway,
  temporaryStore,
  thirtyDayOffer,
  within2s,
} from "./loopbackGateway.ts";

const DAY = 86_400n;
const WEIGHTS = Buffer.from("metered weights");
const SUSPEND = 3;
const account = (i: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i });
const attester = account(9); // the gateway's key: signs reports, holds no funds

describe("gateway: metered licenses (UsageMeter plans, signed usage reports, suspension, top-up)", {
  timeout: 30_000,
}, () => {
  let loop: LoopbackGateway;
  let base: URL;
  let ctx: Awaited<ReturnType<typeof setup>>;

  async function setup(store: LocalAssetStore) {
    const { viem, networkHelpers } = await network.create();
    const publicClient = await viem.getPublicClient();
    const [admin, creator, holder] = await viem.getWalletClients();
    if (!admin || !creator || !holder) throw new Error("three hardhat accounts");
    const deployment = await deployTessera({ publicClient, walletClient: admin });
    const market = await viem.getContractAt("LicenseMarket", deployment.contracts.LicenseMarket.address);
    const registry = await viem.getContractAt("TermsRegistry", deployment.contracts.TermsRegistry.address);
    const meter = await viem.getContractAt("UsageMeter", deployment.contracts.UsageMeter.address);
    const struct = encodeTerms(findPreset("apache-2.0"));
    await registry.write.registerTerms([struct]);
    const termsId = await registry.read.termsIdOf([termsHash(struct)]);
    const manifest = await store.putVersion("1", "1", [{ path: "weights.bin", data: WEIGHTS }]);
    await market.write.registerAsset([0, manifestHash(manifest), "ipfs://m"], { account: creator.account });
    await market.write.createSplit([[creator.account.address], [10_000], zeroAddress], { account: creator.account });
    const offer = thirtyDayOffer(termsId);
    await market.write.createOffer([offer], { account: creator.account });
    const plan = {
      attester: attester.address,
      includedUnits: 2n,
      periodSeconds: Number(DAY),
      pricePerUnit: 10n ** 12n,
      onExceed: SUSPEND,
    };
    await meter.write.setPlan([1n, plan], { account: creator.account });
    const { licenseId } = await purchase(createTesseraClient({ publicClient, walletClient: holder, deployment }), {
      offerId: 1n,
    });
    const chainNowMs = async () => Number((await publicClient.getBlock()).timestamp) * 1000;
    return {
      client: createTesseraClient({ publicClient, deployment }),
      chainId: await publicClient.getChainId(),
      meter,
      holder,
      licenseId,
      chainNowMs,
      networkHelpers,
    };
  }

  before(async () => {
    const temp = await temporaryStore();
    ctx = await setup(temp.store);
    // The gateway's clock follows the chain's, so its periods are the contract's.
    const offsetMs = (await ctx.chainNowMs()) - Date.now();
    loop = await startLoopbackGateway(ctx.client, temp, ctx.chainId, {
      now: () => Date.now() + offsetMs,
      clockSkewSec: 3600,
      attester,
    });
    base = loop.base;
  });

  after(() => loop.close());

  const download = async (client: GatewayClient): Promise<number> => {
    try {
      const res = await client.get("/v1/assets/1/versions/1/files/weights.bin", "weights.bin");
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(WEIGHTS));
      return res.status;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("no license")) return 403;
      throw error;
    }
  };

  it("signs the holder's usage; submitted over the cap, the license is refused until topped up", async () => {
    const holder = new GatewayClient(base);
    await holder.signIn(account(2), ctx.chainId);
    const reportOf = async () => {
      const res = await holder.get(`/v1/licenses/${ctx.licenseId}/usage-report`, "the usage report");
      return (await res.json()) as {
        report: { licenseId: string; period: string; units: string; issuedAt: string };
        signature: Hex;
      };
    };
    await assert.rejects(reportOf(), /nothing was served/, "no report before any use");

    assert.equal(await download(holder), 200);
    assert.equal(await download(holder), 200);
    const { report, signature } = await reportOf();
    assert.equal(report.units, "2");
    assert.equal(report.licenseId, ctx.licenseId.toString());
    const onChain = {
      licenseId: BigInt(report.licenseId),
      period: BigInt(report.period),
      units: BigInt(report.units),
      issuedAt: BigInt(report.issuedAt),
    };
    // Anyone may submit it (here a stranger's account pays the gas); 2 of 2 included: suspended.
    await ctx.meter.write.submitReport([onChain, signature]);
    assert.equal(await ctx.meter.read.isSuspended([ctx.licenseId]), true);
    assert.equal(await within2s(() => download(holder), 403), 403, "refused within 2 s of the report");
    // The same report again cannot roll anything back or count twice.
    await assert.rejects(ctx.meter.write.submitReport([onChain, signature]), /UsageNotIncreasing/);

    await ctx.meter.write.topUp([ctx.licenseId, 5n], { account: ctx.holder.account, value: 5n * 10n ** 12n });
    assert.equal(await ctx.meter.read.isSuspended([ctx.licenseId]), false);
    assert.equal(await within2s(() => download(holder), 200), 200, "served again within 2 s of the top-up");
  });

  it("names its attester publicly, for creators to put in metering plans", async () => {
    const res = await fetch(new URL("/v1/attester", base));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { attester: attester.address });
  });

  it("gives the report to the holder and the licensor only", async () => {
    const stranger = new GatewayClient(base);
    await stranger.signIn(account(6), ctx.chainId);
    await assert.rejects(
      stranger.get(`/v1/licenses/${ctx.licenseId}/usage-report`, "the usage report"),
      /only the license's holder and the asset's licensor/,
    );
  });
});
