/**
 * The same ABI through a second, independent client: ethers v6 deploys, buys a license, reads the
 * entitlement, parses the purchase event and decodes a custom error with its own Interface.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Contract, Interface, isHexString, parseEther, ZeroAddress } from "ethers";
import { artifacts, network } from "hardhat";
import { toFunctionSelector } from "viem";
import { encodeTerms, termsHash } from "../../scripts/sdk/terms/codec.ts";
import { DAY, preset } from "./fixture.ts";

const { ethers, networkHelpers } = await network.create();

async function ethersFixture() {
  const [admin, creator, buyer] = await ethers.getSigners();
  assert.ok(admin && creator && buyer);
  const registry = await ethers.deployContract("TermsRegistry");
  const extension = await ethers.deployContract("LicenseMarketExtension", [await registry.getAddress()]);
  const market = await ethers.deployContract("LicenseMarket", [
    admin.address,
    await registry.getAddress(),
    await extension.getAddress(),
  ]);
  const terms = encodeTerms(preset("apache-2.0"));
  await (await registry.getFunction("registerTerms")(terms)).wait();
  const hash = termsHash(terms);
  const termsId: bigint = await registry.getFunction("termsIdOf")(hash);
  const asCreator = market.connect(creator) as Contract;
  await (await asCreator.getFunction("registerAsset")(0, `0x${"11".repeat(32)}`, "ipfs://card")).wait();
  await (await asCreator.getFunction("createSplit")([creator.address], [10_000], ZeroAddress)).wait();
  const price = parseEther("0.03");
  const offer = {
    assetId: 1n,
    termsId,
    price,
    currency: ZeroAddress,
    duration: 30n * DAY,
    maxSupply: 0,
    allVersions: false,
    splitId: 1n,
    arbiter: ZeroAddress,
    royaltyBps: 0,
  };
  await (await asCreator.getFunction("createOffer")(offer)).wait();
  return { admin, creator, buyer, registry, market, termsId, hash, price, offerId: 1n, assetId: 1n };
}

/**
 * The revert data of a failed call. Through Hardhat's in-process provider ethers surfaces the
 * node's error (a SolidityError whose `data` is the revert bytes); a remote node's error would be an
 * ethers CALL_EXCEPTION with the same `data`.
 */
function revertData(error: unknown): string {
  const data = (error as { data?: unknown }).data;
  assert.ok(typeof data === "string" && isHexString(data) && data.length >= 10, `revert data in ${String(error)}`);
  return data;
}

describe("ethers v6 client", () => {
  it("buys a license and reads the entitlement and the event through ethers", async () => {
    const f = await networkHelpers.loadFixture(ethersFixture);
    const market = f.market.connect(f.buyer) as Contract;
    assert.equal(await market.getFunction("isEntitled")(f.buyer.address, f.assetId), false);
    const tx = await market.getFunction("purchase")(f.offerId, f.buyer.address, f.price, f.hash, "0x5553", {
      value: f.price,
    });
    const receipt = await tx.wait();
    assert.ok(receipt);
    const block = await receipt.getBlock();
    const parsed = receipt.logs
      .map((log: { topics: string[]; data: string }) => market.interface.parseLog(log))
      .find((log: { name: string } | null) => log?.name === "LicensePurchased");
    assert.ok(parsed);
    const licenseId = (f.offerId << 32n) | 1n;
    assert.equal(parsed.args.licenseId, licenseId);
    assert.equal(parsed.args.recipient, f.buyer.address);
    assert.equal(parsed.args.price, f.price);
    assert.equal(parsed.args.expiresAt, BigInt(block.timestamp) + 30n * DAY);
    assert.equal(parsed.args.territory, "0x5553");
    assert.equal(await market.getFunction("isEntitled")(f.buyer.address, f.assetId), true);
    assert.equal(await market.getFunction("isEntitledToVersion")(f.buyer.address, f.assetId, 1n), true);
    const info = await market.getFunction("licenseInfo")(licenseId);
    assert.equal(info.holder, f.buyer.address);
    assert.equal(info.offerId, f.offerId);
    assert.equal(info.termsId, f.termsId);
    assert.equal(info.status, 0n); // ACTIVE
    assert.equal(await market.getFunction("ownerOf")(licenseId), f.buyer.address);
  });

  it("decodes a custom error with ethers' Interface built from the artifact's ABI alone", async () => {
    const f = await networkHelpers.loadFixture(ethersFixture);
    const market = f.market.connect(f.buyer) as Contract;
    const iface = new Interface((await artifacts.readArtifact("LicenseMarket")).abi as never);
    const sent = f.price + 1n;
    let data = "0x";
    try {
      await market.getFunction("purchase")(f.offerId, f.buyer.address, f.price, f.hash, "0x0000", { value: sent });
      assert.fail("the purchase should revert");
    } catch (error) {
      data = revertData(error);
    }
    const decoded = iface.parseError(data);
    assert.ok(decoded);
    assert.equal(decoded.name, "IncorrectPayment");
    assert.deepEqual([...decoded.args], [f.price, sent]);
    // ethers and viem agree on the selector.
    assert.equal(decoded.selector, toFunctionSelector("IncorrectPayment(uint256,uint256)"));
    // Through the contract's own interface too: the terms guard, on a static call.
    const wrong = `0x${"00".repeat(32)}`;
    try {
      await market.getFunction("purchase").staticCall(f.offerId, f.buyer.address, f.price, wrong, "0x0000", {
        value: f.price,
      });
      assert.fail("the purchase should revert");
    } catch (error) {
      const parsed = market.interface.parseError(revertData(error));
      assert.equal(parsed?.name, "TermsMismatch");
      assert.deepEqual([...(parsed?.args ?? [])], [f.offerId, f.hash, wrong]);
    }
    assert.equal(await market.getFunction("isEntitled")(f.buyer.address, f.assetId), false);
  });
});
