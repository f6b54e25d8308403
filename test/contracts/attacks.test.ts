/**
 * Adversarial tests of LicenseMarket: re-entrancy, hostile payees, odd ERC-20s, same-block ordering,
 * a generated access-control matrix, and transfer rules of locked and approved licenses.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts, network } from "hardhat";
import {
  type Address,
  encodeErrorResult,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  maxUint256,
  parseEther,
  zeroAddress,
  zeroHash,
} from "viem";
import {
  AssetKind,
  buy,
  contentHash,
  counts,
  type Fixture,
  feeOf,
  licenseIdOf,
  type Market,
  mineAt,
  NATIVE,
  NO_TERRITORY,
  type OfferHandle,
  type OfferParams,
  OfferStatus,
  PROTOCOL_FEE_BPS,
  sharesOf,
  tesseraFixture,
} from "./fixture.ts";

const connection = await network.create();
const { viem, networkHelpers, provider } = connection;

const addr = (w: { account: { address: Address } }) => w.account.address;
const as = (w: { account: { address: Address } }) => ({ account: w.account as never });

const load = () => networkHelpers.loadFixture(tesseraFixture);

async function newOffer(f: Fixture, changes: Partial<OfferParams>, by = f.wallets.creator): Promise<OfferHandle> {
  const params = { ...f.baseOffer, ...changes };
  await f.market.write.createOffer([params], as(by));
  const id = (await counts(f)).offers;
  return { id, params, termsHash: (await f.market.read.offers([id])).termsHash };
}

async function newSplit(f: Fixture, recipients: Address[], bps: number[]) {
  await f.market.write.createSplit([recipients, bps, zeroAddress], as(f.wallets.creator));
  return (await counts(f)).splits;
}

const purchaseData = (f: Fixture, offer: OfferHandle, recipient: Address): Hex =>
  encodeFunctionData({
    abi: f.market.abi,
    functionName: "purchase",
    args: [offer.id, recipient, offer.params.price, offer.termsHash, NO_TERRITORY],
  });

const REENTRANCY: Hex = encodeErrorResult({
  abi: [{ type: "error", name: "ReentrancyGuardReentrantCall", inputs: [] }],
  errorName: "ReentrancyGuardReentrantCall",
});

async function deployAttacker(f: Fixture) {
  return viem.deployContract("ReentrantReceiver", [f.market.address]);
}
type Attacker = Awaited<ReturnType<typeof deployAttacker>>;

/** Gives `payee` a withdrawable ETH balance: a one-recipient split, one sale, one distribution. */
async function fund(f: Fixture, payee: Address): Promise<{ amount: bigint; offer: OfferHandle }> {
  const splitId = await newSplit(f, [payee], [10_000]);
  const offer = await newOffer(f, { splitId, assetId: f.assets.extra5 });
  await buy(f, offer, { from: f.wallets.buyer3 });
  await f.market.write.distribute([splitId, NATIVE]);
  const amount = await f.market.read.withdrawable([payee, NATIVE]);
  assert.equal(amount, feeOf(offer.params.price, PROTOCOL_FEE_BPS).net);
  return { amount, offer };
}

async function assertReentryBlocked(attacker: Attacker) {
  assert.equal(await attacker.read.attempted(), true, "the attacker re-entered");
  assert.equal(await attacker.read.succeeded(), false, "the re-entrant call failed");
  assert.equal(await attacker.read.failure(), REENTRANCY, "with ReentrancyGuardReentrantCall");
}

// ====================================================================== re-entrancy

describe("re-entrancy", () => {
  it("onERC721Received re-entering purchase fails with ReentrancyGuardReentrantCall; one license, one payment", async () => {
    const f = await load();
    const attacker = await deployAttacker(f);
    const outer = f.offers.eth;
    const inner = f.offers.allowList; // another asset, so AlreadyLicensed cannot be what stops it
    await attacker.write.arm([purchaseData(f, inner, attacker.address)]);
    const pool = await f.market.read.pendingRevenue([outer.params.splitId, NATIVE]);
    await attacker.write.call([purchaseData(f, outer, attacker.address)], { value: outer.params.price });
    await assertReentryBlocked(attacker);
    assert.equal(await f.market.read.balanceOf([attacker.address]), 1n);
    assert.equal((await f.market.read.offers([outer.id])).sold, 1);
    assert.equal((await f.market.read.offers([inner.id])).sold, 0);
    assert.equal(await f.publicClient.getBalance({ address: f.market.address }), outer.params.price);
    assert.equal(
      await f.market.read.pendingRevenue([outer.params.splitId, NATIVE]),
      pool + feeOf(outer.params.price, PROTOCOL_FEE_BPS).net,
    );
    assert.equal(await f.market.read.isEntitled([attacker.address, outer.params.assetId]), true);
  });

  it("onERC721Received re-entering withdraw fails; the balance stays credited", async () => {
    const f = await load();
    const attacker = await deployAttacker(f);
    const { amount } = await fund(f, attacker.address);
    await attacker.write.arm([encodeFunctionData({ abi: f.market.abi, functionName: "withdraw", args: [NATIVE] })]);
    await attacker.write.call([purchaseData(f, f.offers.eth, attacker.address)], { value: f.offers.eth.params.price });
    await assertReentryBlocked(attacker);
    assert.equal(await f.market.read.withdrawable([attacker.address, NATIVE]), amount);
    assert.equal(await f.publicClient.getBalance({ address: attacker.address }), 0n);
  });

  it("onERC721Received re-entering renew fails; the expiry is unchanged", async () => {
    const f = await load();
    const attacker = await deployAttacker(f);
    await attacker.write.call([purchaseData(f, f.offers.eth, attacker.address)], { value: f.offers.eth.params.price });
    const licenseId = licenseIdOf(f.offers.eth.id, 1n);
    assert.equal(await f.market.read.ownerOf([licenseId]), getAddress(attacker.address));
    const expiry = await f.market.read.expiresAt([licenseId]);
    await attacker.write.arm([
      encodeFunctionData({ abi: f.market.abi, functionName: "renew", args: [licenseId, 1n, maxUint256] }),
    ]);
    await attacker.write.call([purchaseData(f, f.offers.transferable, attacker.address)], {
      value: f.offers.transferable.params.price,
    });
    await assertReentryBlocked(attacker);
    assert.equal(await f.market.read.expiresAt([licenseId]), expiry);
  });

  it("a withdraw receiver re-entering withdraw from receive() fails; it is paid exactly once", async () => {
    const f = await load();
    const attacker = await deployAttacker(f);
    const { amount } = await fund(f, attacker.address);
    const withdraw = encodeFunctionData({ abi: f.market.abi, functionName: "withdraw", args: [NATIVE] });
    await attacker.write.arm([withdraw]);
    const before = await f.publicClient.getBalance({ address: f.market.address });
    const hash = await attacker.write.call([withdraw]);
    await assertReentryBlocked(attacker);
    await viem.assertions.emitWithArgs(hash, f.market, "Withdrawn", [getAddress(attacker.address), NATIVE, amount]);
    assert.equal(await f.publicClient.getBalance({ address: attacker.address }), amount);
    assert.equal(await f.publicClient.getBalance({ address: f.market.address }), before - amount);
    assert.equal(await f.market.read.withdrawable([attacker.address, NATIVE]), 0n);
  });

  it("a withdraw receiver re-entering distribute from receive() fails too", async () => {
    const f = await load();
    const attacker = await deployAttacker(f);
    await fund(f, attacker.address);
    await buy(f, f.offers.eth); // something to distribute in the solo split
    const pool = await f.market.read.pendingRevenue([f.splits.solo.id, NATIVE]);
    await attacker.write.arm([
      encodeFunctionData({ abi: f.market.abi, functionName: "distribute", args: [f.splits.solo.id, NATIVE] }),
    ]);
    await attacker.write.call([encodeFunctionData({ abi: f.market.abi, functionName: "withdraw", args: [NATIVE] })]);
    await assertReentryBlocked(attacker);
    assert.equal(await f.market.read.pendingRevenue([f.splits.solo.id, NATIVE]), pool);
  });
});

// ====================================================================== hostile payees

describe("hostile payees", () => {
  it("a payee contract that cannot take ETH withdraws its balance to another address", async () => {
    const f = await load();
    const payee = await viem.deployContract("HostilePayee", [0]);
    const { collab1, stranger } = f.wallets;
    const bps = [5_000, 5_000];
    const splitId = await newSplit(f, [addr(collab1), payee.address], bps);
    const offer = await newOffer(f, { splitId });
    await buy(f, offer);
    await f.market.write.distribute([splitId, NATIVE]);
    const [, owed] = sharesOf(feeOf(offer.params.price, PROTOCOL_FEE_BPS).net, bps);
    assert.ok(owed && owed > 0n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      payee.write.withdrawTo([f.market.address, NATIVE, zeroAddress]),
      f.market,
      "ZeroAddress",
      [],
    );
    await viem.assertions.balancesHaveChanged(payee.write.withdrawTo([f.market.address, NATIVE, addr(stranger)]), [
      { address: addr(stranger), amount: owed },
    ]);
    assert.equal(await f.market.read.withdrawable([payee.address, NATIVE]), 0n);
  });

  for (const [mode, label] of [
    [0, "reverts"],
    [1, "burns all gas"],
  ] as const) {
    it(`a payee that ${label} blocks neither sales nor the other recipients' withdrawals`, async () => {
      const f = await load();
      const payee = await viem.deployContract("HostilePayee", [mode]);
      const { collab1 } = f.wallets;
      const bps = [6_000, 4_000];
      const splitId = await newSplit(f, [addr(collab1), payee.address], bps);
      const offer = await newOffer(f, { splitId });
      await buy(f, offer);
      await buy(f, offer, { from: f.wallets.buyer2 });
      const pool = feeOf(offer.params.price, PROTOCOL_FEE_BPS).net * 2n;
      await f.market.write.distribute([splitId, NATIVE]);
      const [good, bad] = sharesOf(pool, bps);
      assert.equal(await f.market.read.withdrawable([payee.address, NATIVE]), bad);
      // The hostile payee's own withdrawal fails, and its balance is kept.
      await viem.assertions.revertWithCustomErrorWithArgs(
        payee.write.withdrawFrom([f.market.address, NATIVE], { gas: 3_000_000n }),
        f.market,
        "EthTransferFailed",
        [getAddress(payee.address), bad ?? 0n],
      );
      assert.equal(await f.market.read.withdrawable([payee.address, NATIVE]), bad);
      // The other recipient is paid.
      await viem.assertions.balancesHaveChanged(f.market.write.withdraw([NATIVE], as(collab1)), [
        { address: addr(collab1), amount: good ?? 0n },
      ]);
      // And sales go on.
      await buy(f, offer, { from: f.wallets.buyer3 });
      // ERC-20 revenue reaches the hostile payee: it fails only where it refuses to be paid.
      const usdcOffer = await newOffer(f, {
        splitId,
        currency: f.tokens.usdc.address,
        price: 1_000_000n,
        assetId: f.assets.dataset,
      });
      await buy(f, usdcOffer);
      await f.market.write.distribute([splitId, f.tokens.usdc.address]);
      const usdcShare = sharesOf(feeOf(1_000_000n, PROTOCOL_FEE_BPS).net, bps)[1] ?? 0n;
      await payee.write.withdrawFrom([f.market.address, f.tokens.usdc.address]);
      assert.equal(await f.tokens.usdc.read.balanceOf([payee.address]), usdcShare);
    });
  }
});

// ====================================================================== odd ERC-20s

describe("odd ERC-20s", () => {
  it("fee-on-transfer tokens are rejected with FeeOnTransferToken, nothing credited", async () => {
    const f = await load();
    const token = f.tokens.feeToken;
    const price = 5_000_000n;
    const offer = await newOffer(f, { currency: token.address, price });
    const { buyer } = f.wallets;
    await token.write.mint([addr(buyer), price]);
    await token.write.approve([f.market.address, price], as(buyer));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], as(buyer)),
      f.market,
      "FeeOnTransferToken",
      [getAddress(token.address), price, price - price / 100n], // the mock burns 1 %
    );
    assert.equal(await token.read.balanceOf([addr(buyer)]), price);
    assert.equal(await f.market.read.pendingRevenue([offer.params.splitId, token.address]), 0n);
    assert.equal(await f.market.read.balanceOf([addr(buyer)]), 0n);
  });

  it("tokens without return values work through SafeERC20, in and out", async () => {
    const f = await load();
    const token = f.tokens.noReturn;
    const price = 7_000_001n;
    const offer = await newOffer(f, { currency: token.address, price, splitId: f.splits.trio.id });
    const { buyer, collab2 } = f.wallets;
    await token.write.mint([addr(buyer), price]);
    await token.write.approve([f.market.address, price], as(buyer));
    await f.market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], as(buyer));
    assert.equal(await token.read.balanceOf([f.market.address]), price);
    await f.market.write.distribute([f.splits.trio.id, token.address]);
    const share = sharesOf(feeOf(price, PROTOCOL_FEE_BPS).net, f.splits.trio.bps)[2] ?? 0n;
    await f.market.write.withdraw([token.address], as(collab2));
    assert.equal(await token.read.balanceOf([addr(collab2)]), share);
  });

  it("a reverting token makes the purchase revert cleanly: no license, nothing credited; withdrawals wait", async () => {
    const f = await load();
    const token = f.tokens.reverting;
    const price = 3_000_000n;
    const offer = await newOffer(f, { currency: token.address, price });
    const { buyer, creator } = f.wallets;
    await token.write.mint([addr(buyer), price * 2n]);
    await token.write.approve([f.market.address, price * 2n], as(buyer));
    await token.write.setTransfersDisabled([true]);
    await viem.assertions.revertWithCustomError(
      f.market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], as(buyer)),
      token,
      "TransfersDisabled",
    );
    assert.equal((await f.market.read.offers([offer.id])).sold, 0);
    assert.equal(await f.market.read.pendingRevenue([offer.params.splitId, token.address]), 0n);
    assert.equal(await f.market.read.withdrawable([addr(f.wallets.treasury), token.address]), 0n);
    assert.equal(await f.market.read.isEntitled([addr(buyer), offer.params.assetId]), false);
    // Once transfers work again the sale goes through; a later freeze blocks only the withdrawal.
    await token.write.setTransfersDisabled([false]);
    await f.market.write.purchase([offer.id, addr(buyer), price, offer.termsHash, NO_TERRITORY], as(buyer));
    await f.market.write.distribute([offer.params.splitId, token.address]);
    const owed = feeOf(price, PROTOCOL_FEE_BPS).net;
    await token.write.setTransfersDisabled([true]);
    await viem.assertions.revertWithCustomError(
      f.market.write.withdraw([token.address], as(creator)),
      token,
      "TransfersDisabled",
    );
    assert.equal(await f.market.read.withdrawable([addr(creator), token.address]), owed);
    await token.write.setTransfersDisabled([false]);
    await f.market.write.withdraw([token.address], as(creator));
    assert.equal(await token.read.balanceOf([addr(creator)]), owed);
  });
});

// ====================================================================== ordering

/** Runs `send` with automine off, mines one block, and restores automine. */
async function inOneBlock<T>(send: () => Promise<T>): Promise<T> {
  await provider.request({ method: "evm_setAutomine", params: [false] });
  try {
    const result = await send();
    await networkHelpers.mine();
    return result;
  } finally {
    await provider.request({ method: "evm_setAutomine", params: [true] });
  }
}

describe("a price raised in the same block before a purchase", () => {
  it("no function can change a live offer's price: only createOffer takes a price", async () => {
    const f = await load();
    const withPrice = f.market.abi
      .filter((item) => item.type === "function" && item.stateMutability !== "view" && item.stateMutability !== "pure")
      .filter((fn) => fn.type === "function" && JSON.stringify(fn.inputs).includes('"name":"price"'))
      .map((fn) => (fn.type === "function" ? fn.name : ""));
    assert.deepEqual(withPrice, ["createOffer"]);
  });

  for (const creatorFirst of [true, false]) {
    it(`createOffer at a higher price and a purchase in one block (${creatorFirst ? "creator" : "buyer"} first): the buyer pays the price it saw`, async () => {
      const f = await load();
      const { creator, buyer } = f.wallets;
      const old = f.offers.eth;
      const raised = { ...old.params, price: old.params.price * 10n };
      const tip = (first: boolean) => ({
        maxPriorityFeePerGas: first ? 3_000_000_000n : 1_000_000_000n,
        gas: 600_000n,
      });
      const [create, purchase] = await inOneBlock(async () => [
        await f.market.write.createOffer([raised], { ...as(creator), ...tip(creatorFirst) }),
        await f.market.write.purchase([old.id, addr(buyer), old.params.price, old.termsHash, NO_TERRITORY], {
          ...as(buyer),
          value: old.params.price,
          ...tip(!creatorFirst),
        }),
      ]);
      const [rc, rp] = await Promise.all(
        [create, purchase].map((hash) => f.publicClient.waitForTransactionReceipt({ hash })),
      );
      assert.ok(rc && rp);
      assert.equal(rc.blockNumber, rp.blockNumber, "one block");
      assert.equal(rc.transactionIndex < rp.transactionIndex, creatorFirst, "the intended order");
      assert.deepEqual([rc.status, rp.status], ["success", "success"]);
      // The new price is a new offer; the buyer's license is under the old one, at the old price.
      const newId = (await counts(f)).offers;
      assert.equal((await f.market.read.offers([newId])).price, raised.price);
      assert.equal((await f.market.read.offers([old.id])).price, old.params.price);
      await viem.assertions.emitWithArgs(purchase, f.market, "LicensePurchased", [
        licenseIdOf(old.id, 1n),
        old.id,
        getAddress(addr(buyer)),
        getAddress(addr(buyer)),
        old.params.price,
        (v: bigint) => v > 0n,
        NO_TERRITORY,
      ]);
    });
  }

  it("a buyer aiming at the predicted id of a new, dearer offer is stopped by maxPrice (or finds no offer)", async () => {
    const f = await load();
    const { creator, buyer } = f.wallets;
    const old = f.offers.eth;
    const predicted = (await counts(f)).offers + 1n;
    const raised = { ...old.params, price: old.params.price * 10n };
    const balance = await f.publicClient.getBalance({ address: addr(buyer) });
    const [create, purchase] = await inOneBlock(async () => [
      await f.market.write.createOffer([raised], {
        ...as(creator),
        maxPriorityFeePerGas: 3_000_000_000n,
        gas: 600_000n,
      }),
      await f.market.write.purchase([predicted, addr(buyer), old.params.price, old.termsHash, NO_TERRITORY], {
        ...as(buyer),
        value: raised.price, // even sending enough ETH does not help: maxPrice is the guard
        maxPriorityFeePerGas: 1_000_000_000n,
        gas: 600_000n,
      }),
    ]);
    const rc = await f.publicClient.waitForTransactionReceipt({ hash: create as Hash });
    const rp = await f.publicClient.waitForTransactionReceipt({ hash: purchase as Hash });
    assert.equal(rc.status, "success");
    assert.equal(rp.status, "reverted");
    assert.ok(rc.transactionIndex < rp.transactionIndex);
    const gasPaid = rp.gasUsed * rp.effectiveGasPrice;
    assert.equal(await f.publicClient.getBalance({ address: addr(buyer) }), balance - gasPaid, "only gas was spent");
    assert.equal(await f.market.read.balanceOf([addr(buyer)]), 0n);
    // Why it reverted: replaying the call on the state it met.
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.simulate.purchase([predicted, addr(buyer), old.params.price, old.termsHash, NO_TERRITORY], {
        ...as(buyer),
        value: raised.price,
      }),
      f.market,
      "PriceAboveMax",
      [predicted, raised.price, old.params.price],
    );
  });

  it("the termsHash guard rejects a purchase against an offer with other terms at the same price", async () => {
    const f = await load();
    const old = f.offers.eth;
    const swapped = await newOffer(f, { termsId: f.terms.denyList.id });
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.purchase([swapped.id, addr(f.wallets.buyer), old.params.price, old.termsHash, "0x5553"], {
        ...as(f.wallets.buyer),
        value: old.params.price,
      }),
      f.market,
      "TermsMismatch",
      [swapped.id, f.terms.denyList.hash, old.termsHash],
    );
  });
});

// ====================================================================== access-control matrix

type Role = "owner" | "controller" | "otherCreator" | "buyer" | "arbiter" | "stranger";
const ROLES: Role[] = ["owner", "controller", "otherCreator", "buyer", "arbiter", "stranger"];

/** The fixture plus the state every privileged call needs, and pending hand-overs to otherCreator. */
async function matrixFixture(conn: typeof connection) {
  const f = await tesseraFixture(conn);
  const { market, wallets } = f;
  const { creator, admin, otherCreator, arbiter } = wallets;
  const held = await buy(f, f.offers.transferable); // active, transferable: cancel, transfer, approve
  const revocable = await buy(f, f.offers.eth); // has an arbiter
  const extraOffer = await newOffer(f, { assetId: f.assets.extra3, arbiter: addr(arbiter) });
  const lapsed = await buy(f, extraOffer);
  await market.write.revoke([lapsed.licenseId, zeroHash], as(arbiter)); // burnable
  await market.write.nominateAssetController([f.assets.model, addr(otherCreator)], as(creator));
  await market.write.transferSplitControl([f.splits.consortium.id, addr(otherCreator)], as(creator));
  await market.write.transferOwnership([addr(otherCreator)], as(admin));
  // An asset without offers, whose upstream royalties the lineage registry may still record.
  await market.write.registerAsset([AssetKind.MODEL, contentHash("matrix derivative"), "ipfs://d"], as(creator));
  const derivative = (await market.read.counts())[0];
  return {
    ...f,
    derivative,
    licenses: { held: held.licenseId, revocable: revocable.licenseId, lapsed: lapsed.licenseId },
  };
}
type MatrixFixture = Awaited<ReturnType<typeof matrixFixture>>;

type Expected = [name: string, args: unknown[]];
interface Privileged {
  fn: string;
  /** Who may call it; the pending roles are all held by otherCreator in matrixFixture. */
  authorised: Role;
  role: string;
  call: (f: MatrixFixture, caller: { account: never }, mode: "write" | "simulate") => Promise<unknown>;
  error: (f: MatrixFixture, caller: Address) => Expected;
}

const onlyOwner = (_f: MatrixFixture, caller: Address): Expected => ["OwnableUnauthorizedAccount", [caller]];
const onlyController = (f: MatrixFixture, caller: Address): Expected => [
  "NotAssetController",
  [f.assets.model, caller],
];
const onlySplitController = (f: MatrixFixture, caller: Address): Expected => [
  "NotSplitController",
  [f.splits.consortium.id, caller],
];
const notOwnerNorApproved = (): Expected => ["NotOwnerNorApproved", []];
/** `m(f, mode)` is the market's write or simulate namespace (typed loosely: one shape for all). */
// biome-ignore lint/suspicious/noExplicitAny: a uniform call surface over write and simulate
const m = (f: MatrixFixture, mode: "write" | "simulate"): any => f.market[mode];

const PRIVILEGED: Privileged[] = [
  // owner
  {
    fn: "setCurrencyAllowed",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).setCurrencyAllowed([f.tokens.dai.address, true], c),
    error: onlyOwner,
  },
  {
    fn: "setProtocolFee",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).setProtocolFee([0, addr(f.wallets.treasury)], c),
    error: onlyOwner,
  },
  {
    fn: "wireLineageRegistry",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).wireLineageRegistry([addr(f.wallets.arbiter)], c),
    error: onlyOwner,
  },
  {
    fn: "writeUpstreamRoyalties",
    authorised: "arbiter",
    role: "wired lineage registry (played by the arbiter's account)",
    call: async (f, c, mode) => {
      await f.market.write.wireLineageRegistry([addr(f.wallets.arbiter)], as(f.wallets.admin));
      return m(f, mode).writeUpstreamRoyalties([f.derivative, [{ splitId: 1, bps: 100 }]], c);
    },
    error: (_f, caller) => ["NotLineageRegistry", [caller]],
  },
  {
    fn: "setMetadataRenderer",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).setMetadataRenderer([zeroAddress], c),
    error: onlyOwner,
  },
  {
    fn: "transferOwnership",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).transferOwnership([addr(f.wallets.stranger)], c),
    error: onlyOwner,
  },
  {
    fn: "renounceOwnership",
    authorised: "owner",
    role: "owner",
    call: (f, c, mode) => m(f, mode).renounceOwnership(c),
    error: onlyOwner,
  },
  // pending owner
  {
    fn: "acceptOwnership",
    authorised: "otherCreator",
    role: "pending owner",
    call: (f, c, mode) => m(f, mode).acceptOwnership(c),
    error: onlyOwner,
  },
  // asset controller
  {
    fn: "publishVersion",
    authorised: "controller",
    role: "asset controller",
    call: (f, c, mode) => m(f, mode).publishVersion([f.assets.model, contentHash("v2"), ""], c),
    error: onlyController,
  },
  {
    fn: "nominateAssetController",
    authorised: "controller",
    role: "asset controller",
    call: (f, c, mode) => m(f, mode).nominateAssetController([f.assets.model, addr(f.wallets.stranger)], c),
    error: onlyController,
  },
  {
    fn: "createOffer",
    authorised: "controller",
    role: "asset controller",
    call: (f, c, mode) => m(f, mode).createOffer([f.baseOffer], c),
    error: onlyController,
  },
  {
    fn: "setOfferStatus",
    authorised: "controller",
    role: "asset controller",
    call: (f, c, mode) => m(f, mode).setOfferStatus([f.offers.eth.id, OfferStatus.PAUSED], c),
    error: onlyController,
  },
  // pending asset controller
  {
    fn: "acceptAssetController",
    authorised: "otherCreator",
    role: "pending asset controller",
    call: (f, c, mode) => m(f, mode).acceptAssetController([f.assets.model], c),
    error: (f, caller) => ["NotPendingAssetController", [f.assets.model, caller]],
  },
  // split controller
  {
    fn: "reviseSplit",
    authorised: "controller",
    role: "split controller",
    call: (f, c, mode) => m(f, mode).reviseSplit([f.splits.consortium.id, [addr(f.wallets.stranger)], [10_000]], c),
    error: onlySplitController,
  },
  {
    fn: "transferSplitControl",
    authorised: "controller",
    role: "split controller",
    call: (f, c, mode) => m(f, mode).transferSplitControl([f.splits.consortium.id, addr(f.wallets.stranger)], c),
    error: onlySplitController,
  },
  // pending split controller
  {
    fn: "acceptSplitController",
    authorised: "otherCreator",
    role: "pending split controller",
    call: (f, c, mode) => m(f, mode).acceptSplitController([f.splits.consortium.id], c),
    error: (f, caller) => ["NotPendingSplitController", [f.splits.consortium.id, caller]],
  },
  // arbiter
  {
    fn: "revoke",
    authorised: "arbiter",
    role: "arbiter",
    call: (f, c, mode) => m(f, mode).revoke([f.licenses.revocable, zeroHash], c),
    error: (f, caller) => ["NotArbiter", [f.licenses.revocable, caller]],
  },
  // holder or approved
  {
    fn: "cancelSubscription",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) => m(f, mode).cancelSubscription([f.licenses.held], c),
    error: (f, caller) => ["NotLicenseHolder", [f.licenses.held, caller]],
  },
  {
    fn: "burnLapsed",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) => m(f, mode).burnLapsed([f.licenses.lapsed], c),
    error: notOwnerNorApproved,
  },
  {
    fn: "transferFrom",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) =>
      m(f, mode).transferFrom([addr(f.wallets.buyer), addr(f.wallets.stranger), f.licenses.held], c),
    error: notOwnerNorApproved,
  },
  {
    fn: "safeTransferFrom",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) =>
      m(f, mode).safeTransferFrom([addr(f.wallets.buyer), addr(f.wallets.stranger), f.licenses.held], c),
    error: notOwnerNorApproved,
  },
  {
    fn: "safeTransferFrom(bytes)",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) =>
      m(f, mode).safeTransferFrom([addr(f.wallets.buyer), addr(f.wallets.stranger), f.licenses.held, "0x"], c),
    error: notOwnerNorApproved,
  },
  {
    fn: "approve",
    authorised: "buyer",
    role: "holder",
    call: (f, c, mode) => m(f, mode).approve([addr(f.wallets.stranger), f.licenses.held], c),
    error: notOwnerNorApproved,
  },
];

/** State-changing functions anyone may call (their own rules are tested elsewhere). */
const PUBLIC = new Set([
  "registerAsset",
  "createSplit",
  "purchase",
  "renew",
  "renewSubscription",
  "distribute",
  "withdraw",
  "withdrawBalanceTo",
  "setApprovalForAll",
]);

const walletOf = (f: MatrixFixture, role: Role) =>
  ({
    owner: f.wallets.admin,
    controller: f.wallets.creator,
    otherCreator: f.wallets.otherCreator,
    buyer: f.wallets.buyer,
    arbiter: f.wallets.arbiter,
    stranger: f.wallets.stranger,
  })[role];

const marketAbi = (await artifacts.readArtifact("LicenseMarket")).abi;

describe("access control: every privileged function × every unauthorised role", () => {
  const loadMatrix = () => networkHelpers.loadFixture(matrixFixture);

  it("every state-changing function is either privileged (in the matrix) or public", () => {
    const mutating = marketAbi
      .filter((item) => item.type === "function" && item.stateMutability !== "view" && item.stateMutability !== "pure")
      .map((item) => item.name as string);
    const privileged = new Set(PRIVILEGED.map((p) => p.fn.replace(/\(.*$/, "")));
    assert.deepEqual(
      mutating.filter((name) => !privileged.has(name) && !PUBLIC.has(name)),
      [],
      "unclassified",
    );
    assert.deepEqual(
      [...privileged].filter((name) => !mutating.includes(name)),
      [],
      "stale entries",
    );
  });

  for (const entry of PRIVILEGED) {
    it(`${entry.fn}: the ${entry.role} (${entry.authorised}) may call it`, async () => {
      const f = await loadMatrix();
      await entry.call(f, as(walletOf(f, entry.authorised)), "simulate");
    });
    for (const role of ROLES.filter((r) => r !== entry.authorised)) {
      it(`${entry.fn} by ${role} reverts`, async () => {
        const f = await loadMatrix();
        const caller = getAddress(addr(walletOf(f, role)));
        const [name, args] = entry.error(f, caller);
        await viem.assertions.revertWithCustomErrorWithArgs(
          entry.call(f, as(walletOf(f, role)), "write") as Promise<Hash>,
          f.market as Market,
          name as never,
          args as never,
        );
      });
    }
  }
});

// ====================================================================== transfers

describe("transfers of locked and approved licenses", () => {
  it("a locked license reverts LicenseLocked on transferFrom and both safeTransferFrom", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { licenseId } = await buy(f, f.offers.eth);
    assert.equal(await f.market.read.locked([licenseId]), true);
    const from = addr(buyer);
    const to = addr(buyer2);
    for (const call of [
      f.market.write.transferFrom([from, to, licenseId], as(buyer)),
      f.market.write.safeTransferFrom([from, to, licenseId], as(buyer)),
      f.market.write.safeTransferFrom([from, to, licenseId, "0xbeef"], as(buyer)),
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(call, f.market, "LicenseLocked", [licenseId]);
    }
    // Even an approved operator cannot move it.
    await f.market.write.setApprovalForAll([to, true], as(buyer));
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.transferFrom([from, to, licenseId], as(buyer2)),
      f.market,
      "LicenseLocked",
      [licenseId],
    );
    assert.equal(await f.market.read.ownerOf([licenseId]), getAddress(from));
  });

  it("approvals are cleared on transfer", async () => {
    const f = await load();
    const { buyer, buyer2, stranger } = f.wallets;
    const { licenseId } = await buy(f, f.offers.transferable);
    const approval = await f.market.write.approve([addr(stranger), licenseId], as(buyer));
    await viem.assertions.emitWithArgs(approval, f.market, "Approval", [
      getAddress(addr(buyer)),
      getAddress(addr(stranger)),
      licenseId,
    ]);
    assert.equal(await f.market.read.getApproved([licenseId]), getAddress(addr(stranger)));
    // The approved spender moves it; the approval does not survive.
    await f.market.write.transferFrom([addr(buyer), addr(buyer2), licenseId], as(stranger));
    assert.equal(await f.market.read.ownerOf([licenseId]), getAddress(addr(buyer2)));
    assert.equal(await f.market.read.getApproved([licenseId]), zeroAddress);
    await viem.assertions.revertWithCustomError(
      f.market.write.transferFrom([addr(buyer2), addr(stranger), licenseId], as(stranger)),
      f.market,
      "NotOwnerNorApproved",
    );
    // Same when the holder transfers it itself.
    await f.market.write.approve([addr(stranger), licenseId], as(buyer2));
    await f.market.write.transferFrom([addr(buyer2), addr(buyer), licenseId], as(buyer2));
    assert.equal(await f.market.read.getApproved([licenseId]), zeroAddress);
  });

  it("a transfer to an account already licensed on the asset reverts AlreadyLicensed", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const a = await buy(f, f.offers.transferable, { from: buyer });
    await buy(f, f.offers.allowList, { from: buyer2, territory: "0x5553" }); // same asset (dataset)
    assert.equal(f.offers.allowList.params.assetId, f.offers.transferable.params.assetId);
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.transferFrom([addr(buyer), addr(buyer2), a.licenseId], as(buyer)),
      f.market,
      "AlreadyLicensed",
      [getAddress(addr(buyer2)), f.assets.dataset],
    );
    assert.equal(await f.market.read.isEntitled([addr(buyer), f.assets.dataset]), true);
  });

  it("safeTransferFrom to a contract without onERC721Received reverts (Solady's error, not the mint path's ERC721InvalidReceiver)", async () => {
    const f = await load();
    const { licenseId } = await buy(f, f.offers.transferable);
    await viem.assertions.revertWithCustomError(
      f.market.write.safeTransferFrom([addr(f.wallets.buyer), f.registry.address, licenseId], as(f.wallets.buyer)),
      f.market,
      "TransferToNonERC721ReceiverImplementer",
    );
    // transferFrom does not ask the receiver: the license lands on a contract that cannot use it.
    await f.market.write.transferFrom([addr(f.wallets.buyer), f.registry.address, licenseId], as(f.wallets.buyer));
    assert.equal(await f.market.read.isEntitled([f.registry.address, f.assets.dataset]), true);
  });

  it("ETH sent to the payable ERC-721 entry points (Solady's) is rejected, so none can get stuck", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { licenseId } = await buy(f, f.offers.transferable);
    const before = await f.publicClient.getBalance({ address: f.market.address });
    const stray = parseEther("0.5");
    const value = { ...as(buyer), value: stray };
    for (const call of [
      f.market.write.transferFrom([addr(buyer), addr(buyer2), licenseId], value),
      f.market.write.safeTransferFrom([addr(buyer), addr(buyer2), licenseId], value),
      f.market.write.safeTransferFrom([addr(buyer), addr(buyer2), licenseId, "0x"], value),
      f.market.write.approve([addr(buyer2), licenseId], value),
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(call, f.market, "IncorrectPayment", [0n, stray]);
    }
    assert.equal(await f.publicClient.getBalance({ address: f.market.address }), before);
    assert.equal(getAddress(await f.market.read.ownerOf([licenseId])), getAddress(addr(buyer)));
  });

  it("expiry does not block a transfer of a transferable license; the new holder may renew", async () => {
    const f = await load();
    const { buyer, buyer2 } = f.wallets;
    const { licenseId } = await buy(f, f.offers.transferable);
    await mineAt(f, await f.market.read.expiresAt([licenseId]));
    await f.market.write.transferFrom([addr(buyer), addr(buyer2), licenseId], as(buyer));
    assert.equal(await f.market.read.isEntitled([addr(buyer2), f.assets.dataset]), false);
    const { price } = f.offers.transferable.params;
    await f.market.write.renew([licenseId, 1n, price], { ...as(buyer2), value: price });
    assert.equal(await f.market.read.isEntitled([addr(buyer2), f.assets.dataset]), true);
    assert.equal(await f.market.read.isEntitled([addr(buyer), f.assets.dataset]), false);
  });
});
