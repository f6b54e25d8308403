/**
 * A refund ends access at the gateway by itself: the holder of a refundable licence downloads, hands
 * the licence back on chain, and the gateway (its event poller sees SubscriptionUpdate and drops the
 * cached 'yes') refuses the next request within about a second. Real chain (EDR), real gateway on
 * loopback, real SIWE sign-in through the CLI's gateway client; the audit log records both answers.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { network } from "hardhat";
import { type LocalAccount, zeroAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { GatewayClient } from "../../scripts/cli/lib/gatewayClient.ts";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { DEV_MNEMONIC } from "../../scripts/dev/devAccounts.ts";
import type { AuditEntry } from "../../scripts/gateway/audit/entry.ts";
import { createOffer } from "../../scripts/sdk/actions/createOffer.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { refund } from "../../scripts/sdk/actions/refunds/refund.ts";
import { createTesseraClient } from "../../scripts/sdk/deployments.ts";
import { encodeTerms, findPreset, termsHash } from "../../scripts/sdk/terms/codec.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";
import { type LoopbackGateway, startLoopbackGateway, temporaryStore } from "./loopbackGateway.ts";

const DAY = 24n * 3600n;
const WEIGHTS = Buffer.from("refundable weights");
const FILE = "/v1/assets/1/versions/1/files/weights.bin";

describe("gateway: a refund ends access within about a second", { timeout: 30_000 }, () => {
  let loop: LoopbackGateway;
  let dir: string;
  let ctx: Awaited<ReturnType<typeof setup>>;

  async function setup() {
    const { viem } = await network.create();
    const publicClient = await viem.getPublicClient();
    const [admin, creator, holder] = await viem.getWalletClients();
    if (!admin || !creator || !holder) throw new Error("three hardhat accounts");
    const deployment = await deployTessera({ publicClient, walletClient: admin });
    const market = await viem.getContractAt("LicenseMarket", deployment.contracts.LicenseMarket.address);
    const registry = await viem.getContractAt("TermsRegistry", deployment.contracts.TermsRegistry.address);
    const struct = encodeTerms(findPreset("apache-2.0"));
    await registry.write.registerTerms([struct]);
    const termsId = await registry.read.termsIdOf([termsHash(struct)]);
    const temp = await temporaryStore();
    const manifest = await temp.store.putVersion("1", "1", [{ path: "weights.bin", data: WEIGHTS }]);
    await market.write.registerAsset([0, manifestHash(manifest), "ipfs://refundable"], { account: creator.account });
    await market.write.createSplit([[creator.account.address], [10_000], zeroAddress], { account: creator.account });
    const asCreator = createTesseraClient({ publicClient, walletClient: creator, deployment });
    const { offerId } = await createOffer(asCreator, {
      assetId: 1n,
      termsId,
      price: 10n ** 15n,
      duration: 30n * DAY,
      splitId: 1n,
      refund: { window: 7n * DAY, penaltyBps: 500 },
    });
    const asHolder = createTesseraClient({ publicClient, walletClient: holder, deployment });
    const { licenseId } = await purchase(asHolder, { offerId });
    return {
      temp,
      reader: createTesseraClient({ publicClient, deployment }),
      asHolder,
      licenseId,
      chainId: await publicClient.getChainId(),
      account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 2 }) as LocalAccount,
    };
  }

  before(async () => {
    ctx = await setup();
    dir = ctx.temp.dir;
    loop = await startLoopbackGateway(ctx.reader, ctx.temp, ctx.chainId);
  });

  after(() => loop.close());

  /** 200 when the gateway serves the file (its bytes checked), 403 when it refuses for lack of a licence. */
  const status = async (client: GatewayClient): Promise<number> => {
    try {
      const res = await client.get(FILE, FILE);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(WEIGHTS), "the exact bytes");
      return res.status;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("no license")) return 403;
      throw error;
    }
  };

  async function auditEntries(): Promise<AuditEntry[]> {
    const text = await readFile(path.join(dir, "audit.log"), "utf8");
    return text
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as AuditEntry);
  }

  it("the holder downloads, refunds on chain, and is refused within ~1 s; the audit log records both", async () => {
    assert.equal(ctx.account.address.toLowerCase(), ctx.asHolder.wallet?.account.address.toLowerCase(), "dev key");
    const client = new GatewayClient(loop.base);
    await client.signIn(ctx.account, ctx.chainId);
    assert.equal(await status(client), 200, "licensed: served (and the 'yes' is cached for 60 s)");

    const refunded = await refund(ctx.asHolder, { licenseId: ctx.licenseId });
    assert.ok(refunded.refund > 0n);
    const start = Date.now();
    let last = await status(client);
    while (last !== 403 && Date.now() - start < 1_500) {
      await new Promise((r) => setTimeout(r, 50));
      last = await status(client);
    }
    const elapsed = Date.now() - start;
    assert.equal(last, 403, "refused after the refund");
    assert.ok(elapsed <= 1_200, `refused within about a second (took ${elapsed} ms)`);

    let entries: AuditEntry[] = [];
    for (let i = 0; i < 40 && !entries.some((e) => e.verdict === "denied"); i++) {
      entries = (await auditEntries()).filter((e) => e.path === "weights.bin");
      await new Promise((r) => setTimeout(r, 25));
    }
    const holder = ctx.account.address.toLowerCase();
    const served = entries.filter((e) => e.verdict === "served");
    const denied = entries.filter((e) => e.verdict === "denied");
    assert.ok(served.length >= 1, "the download is logged");
    assert.equal(served[0]?.address.toLowerCase(), holder);
    assert.equal(served[0]?.licenseId, ctx.licenseId.toString());
    assert.equal(served[0]?.bytes, WEIGHTS.length);
    assert.equal(denied.length, 1, "one refusal is logged");
    assert.equal(denied[0]?.address.toLowerCase(), holder);
    assert.equal(denied[0]?.bytes, 0);
    assert.ok((denied[0]?.seq ?? 0) > (served.at(-1)?.seq ?? 0), "the refusal comes after the downloads");
  });
});
