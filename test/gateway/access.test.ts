/**
 * The gateway honours every route to an asset, through the AccessRouter, and notices changes by
 * itself (its event poller, no manual refresh): a seat user downloads an organisation license's
 * files until the holder frees the seat; a consortium member downloads a pooled asset without any
 * license until the consortium removes them. Real chain (EDR), real gateway on loopback, real
 * SIWE sign-ins through the CLI's gateway client.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { network } from "hardhat";
import { type LocalAccount, zeroAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { GatewayClient } from "../../scripts/cli/lib/gatewayClient.ts";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { DEV_MNEMONIC } from "../../scripts/dev/devAccounts.ts";
import { encodeProposal, type ProposalAction } from "../../scripts/sdk/actions/consortium/proposals.ts";
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

const DAY = 24n * 3600n;
const WEIGHTS = Buffer.from("organisation weights");
const SHARDS = Buffer.from("pooled dataset shard");
const account = (i: number): LocalAccount => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i });

describe("gateway: seats and consortium membership entitle, through the AccessRouter", { timeout: 30_000 }, () => {
  let loop: LoopbackGateway;
  let base: URL;
  let ctx: Awaited<ReturnType<typeof setup>>;

  async function setup(store: LocalAssetStore) {
    const { viem } = await network.create();
    const publicClient = await viem.getPublicClient();
    const [admin, creator, holder, seatUser, memberA, memberB, stranger] = await viem.getWalletClients();
    if (!admin || !creator || !holder || !seatUser || !memberA || !memberB || !stranger) {
      throw new Error("seven hardhat accounts");
    }
    const deployment = await deployTessera({ publicClient, walletClient: admin });
    const market = await viem.getContractAt("LicenseMarket", deployment.contracts.LicenseMarket.address);
    const registry = await viem.getContractAt("TermsRegistry", deployment.contracts.TermsRegistry.address);
    const seats = await viem.getContractAt("SeatRegistry", deployment.contracts.SeatRegistry.address);
    const factory = await viem.getContractAt("ConsortiumFactory", deployment.contracts.ConsortiumFactory.address);
    const struct = encodeTerms(findPreset("enterprise-api"));
    await registry.write.registerTerms([struct]);
    const enterprise = await registry.read.termsIdOf([termsHash(struct)]);

    const orgManifest = await store.putVersion("1", "1", [{ path: "weights.bin", data: WEIGHTS }]);
    const poolManifest = await store.putVersion("2", "1", [{ path: "shard-0.jsonl", data: SHARDS }]);
    await market.write.registerAsset([0, manifestHash(orgManifest), "ipfs://org"], { account: creator.account });
    await market.write.registerAsset([1, manifestHash(poolManifest), "ipfs://pool"], { account: memberA.account });
    await market.write.createSplit([[creator.account.address], [10_000], zeroAddress], { account: creator.account });
    const offer = thirtyDayOffer(enterprise);
    await market.write.createOffer([offer], { account: creator.account });
    const { licenseId } = await purchase(createTesseraClient({ publicClient, walletClient: holder, deployment }), {
      offerId: 1n,
      territory: "US",
    });

    await factory.write.createConsortium([
      market.address,
      [memberA.account.address, memberB.account.address],
      [60n, 40n],
      6_000,
      7n * DAY,
    ]);
    const consortium = await viem.getContractAt("Consortium", await factory.read.consortiumAt([0n]));
    const enact = async (action: ProposalAction) => {
      const { kind, payload } = encodeProposal(action);
      await consortium.write.propose([kind, payload], { account: memberA.account });
      const id = await consortium.read.proposalCount();
      await consortium.write.vote([id, true], { account: memberA.account });
      await consortium.write.execute([id], { account: memberA.account });
    };
    await market.write.nominateAssetController([2n, consortium.address], { account: memberA.account });
    await enact({ kind: "ADD_ASSET", assetId: 2n });
    return {
      client: createTesseraClient({ publicClient, deployment }),
      chainId: await publicClient.getChainId(),
      seats,
      holder,
      licenseId,
      enact,
      accounts: { seatUser: account(3), memberB: account(5), stranger: account(6) },
      addresses: { seatUser: seatUser.account.address, memberB: memberB.account.address },
    };
  }

  before(async () => {
    const temp = await temporaryStore();
    ctx = await setup(temp.store);
    loop = await startLoopbackGateway(ctx.client, temp, ctx.chainId);
    base = loop.base;
  });

  after(() => loop.close());

  async function signedIn(who: LocalAccount): Promise<GatewayClient> {
    const client = new GatewayClient(base);
    await client.signIn(who, ctx.chainId);
    return client;
  }
  /** 200 when the gateway serves the file (its bytes checked), 403 when it refuses for lack of access. */
  const status = async (client: GatewayClient, url: string): Promise<number> => {
    try {
      const res = await client.get(url, url);
      const body = Buffer.from(await res.arrayBuffer());
      assert.ok(body.equals(url === orgFile ? WEIGHTS : SHARDS), "the exact bytes");
      return res.status;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("no license")) return 403;
      throw error;
    }
  };
  const orgFile = "/v1/assets/1/versions/1/files/weights.bin";
  const poolFile = "/v1/assets/2/versions/1/files/shard-0.jsonl";

  it("a seat user downloads the organisation's files once seated, and not once the seat is freed", async () => {
    const user = await signedIn(ctx.accounts.seatUser);
    assert.equal(await status(user, orgFile), 403, "no seat yet (and the 'no' is cached)");
    await ctx.seats.write.setUser([ctx.licenseId, ctx.addresses.seatUser, 2n ** 64n - 1n], {
      account: ctx.holder.account,
    });
    assert.equal(await within2s(() => status(user, orgFile), 200), 200, "seated: the event drops the cached 'no'");
    await ctx.seats.write.setUser([ctx.licenseId, ctx.addresses.seatUser, 0n], { account: ctx.holder.account });
    assert.equal(await within2s(() => status(user, orgFile), 403), 403, "freed: refused within 2 s");
  });

  it("a consortium member downloads a pooled asset without a license; a removed member is refused within 2 s", async () => {
    const member = await signedIn(ctx.accounts.memberB);
    const stranger = await signedIn(ctx.accounts.stranger);
    assert.equal(await status(member, poolFile), 200);
    assert.equal(await status(stranger, poolFile), 403);
    assert.equal(await status(member, orgFile), 403, "membership covers pooled assets only");
    await ctx.enact({ kind: "REMOVE_MEMBER", account: ctx.addresses.memberB });
    assert.equal(await within2s(() => status(member, poolFile), 403), 403);
  });
});
