/**
 * Error decoding: every custom error of the contracts has a sentence (checked against the
 * generated ABIs), real reverts on the EDR chain come back as those sentences, and wallet
 * rejections and missing funds get their own classes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  type AbiParameter,
  BaseError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  InsufficientFundsError,
  parseEther,
  UserRejectedRequestError,
  zeroAddress,
  zeroHash,
} from "viem";
import {
  ConsortiumAbi,
  ConsortiumFactoryAbi,
  DisputeDeskAbi,
  ILicenseMarketErrorsAbi,
  ITermsRegistryAbi,
  LicenseMarketAbi,
  LicenseMetadataAbi,
  LineageRegistryAbi,
  SeatRegistryAbi,
  TermsRegistryAbi,
  UsageMeterAbi,
} from "../../scripts/sdk/generated/abis.ts";
import {
  ContractRevertError,
  decodeTesseraError,
  errorSentences,
  getLicense,
  getOffer,
  NotEnoughFundsError,
  purchase,
  renew,
  TesseraError,
  tesseraErrorsAbi,
  UserRejectedError,
  withdraw,
} from "../../scripts/sdk/index.ts";
import { sdkFixture } from "./setup.ts";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(sdkFixture);

interface AbiError {
  type: "error";
  name: string;
  inputs: readonly AbiParameter[];
}

const errorsOf = (abi: readonly { type: string }[]) => abi.filter((item): item is AbiError => item.type === "error");

/** A plausible value for an ABI parameter, to build every error's revert data. */
function sample(param: AbiParameter): unknown {
  if (param.type === "address") return zeroAddress;
  if (param.type === "bool") return true;
  if (param.type === "string") return "grants";
  if (param.type === "bytes2") return "0x4445";
  if (param.type === "bytes32") return zeroHash;
  const bits = Number(param.type.replace(/^u?int/, "") || 256);
  return bits <= 48 ? 1 : 1n;
}

/** Runs `fn`, which must fail, and returns its error. */
async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  assert.fail("expected a failure");
}

async function revertOf(fn: () => Promise<unknown>, errorName: string): Promise<ContractRevertError> {
  const err = await failure(fn);
  assert.ok(err instanceof ContractRevertError, `a ContractRevertError, got ${String(err)}`);
  assert.equal(err.errorName, errorName);
  return err;
}

describe("the error table", () => {
  it("has a sentence for every custom error of the contracts, and nothing else", () => {
    const names = new Set(
      [
        LicenseMarketAbi,
        TermsRegistryAbi,
        LicenseMetadataAbi,
        LineageRegistryAbi,
        SeatRegistryAbi,
        ConsortiumAbi,
        ConsortiumFactoryAbi,
        DisputeDeskAbi,
        UsageMeterAbi,
        ILicenseMarketErrorsAbi,
        ITermsRegistryAbi,
      ].flatMap((abi) => errorsOf(abi).map((e) => e.name)),
    );
    const missing = [...names].filter((name) => !Object.hasOwn(errorSentences, name));
    assert.deepEqual(missing, [], "contract errors without a sentence in scripts/sdk/errors.ts");
    const stale = Object.keys(errorSentences).filter((name) => !names.has(name));
    assert.deepEqual(stale, [], "sentences for errors no contract has");
  });

  it("decodes every custom error's revert data into its sentence", () => {
    for (const abiItem of errorsOf(tesseraErrorsAbi)) {
      const args = abiItem.inputs.map(sample);
      const data = encodeErrorResult({ abi: [abiItem], errorName: abiItem.name, args });
      const viemError = new ContractFunctionRevertedError({ abi: tesseraErrorsAbi, data, functionName: "f" });
      const err = decodeTesseraError(viemError);
      assert.ok(err instanceof ContractRevertError, abiItem.name);
      assert.equal(err.errorName, abiItem.name);
      assert.equal(err.args.length, abiItem.inputs.length);
      assert.match(err.shortMessage, /^\S.*\.$/, `${abiItem.name}: one sentence`);
      assert.doesNotMatch(err.shortMessage, /undefined|\[object|NaN/, abiItem.name);
      assert.equal(err.cause, viemError);
    }
  });

  it("decodes an error of another ABI than the one the call used (TermsRegistry through the market)", () => {
    const data = encodeErrorResult({ abi: TermsRegistryAbi, errorName: "TermsNotFound", args: [7n] });
    const viemError = new ContractFunctionRevertedError({ abi: LicenseMarketAbi, data, functionName: "purchase" });
    const err = decodeTesseraError(viemError);
    assert.ok(err instanceof ContractRevertError);
    assert.equal(err.shortMessage, "Terms 7 are not registered.");
  });

  it("maps wallet rejections and missing funds, and keeps unknown failures' details", () => {
    const rejected = decodeTesseraError(
      new BaseError("outer", { cause: new UserRejectedRequestError(new Error("no")) }),
    );
    assert.ok(rejected instanceof UserRejectedError);
    assert.equal(rejected.shortMessage, "You rejected the request in your wallet.");
    const poor = decodeTesseraError(new BaseError("outer", { cause: new InsufficientFundsError() }));
    assert.ok(poor instanceof NotEnoughFundsError);
    const other = decodeTesseraError(new Error("socket hang up"));
    assert.ok(other instanceof TesseraError);
    assert.equal(other.details, "socket hang up");
    assert.equal(decodeTesseraError(other), other, "already decoded");
  });
});

describe("real reverts on the chain", () => {
  it("sold out", async () => {
    const f = await load();
    await purchase(f.client(), { offerId: f.offers.capped });
    const err = await revertOf(
      () => purchase(f.client(f.wallets.buyer2), { offerId: f.offers.capped }),
      "OfferSoldOut",
    );
    assert.equal(err.shortMessage, "This offer is sold out (max 1).");
    assert.deepEqual(err.args, [f.offers.capped, 1n]);
  });

  it("territory not allowed", async () => {
    const f = await load();
    const err = await revertOf(
      () => purchase(f.client(), { offerId: f.offers.allowList, territory: "DE" }),
      "TerritoryNotAllowed",
    );
    assert.equal(err.shortMessage, "The license's terms do not allow use in DE.");
    const none = await revertOf(() => purchase(f.client(), { offerId: f.offers.allowList }), "TerritoryNotAllowed");
    assert.equal(none.shortMessage, "The license's terms do not allow use in an undeclared country.");
  });

  it("already licensed", async () => {
    const f = await load();
    await purchase(f.client(), { offerId: f.offers.eth });
    const err = await revertOf(() => purchase(f.client(), { offerId: f.offers.eth }), "AlreadyLicensed");
    assert.equal(
      err.shortMessage,
      `This account already holds a license on asset ${f.assets.model}: renew it, or burn the lapsed one first.`,
    );
  });

  it("price guard and terms guard", async () => {
    const f = await load();
    const price = f.offerParams.eth.price;
    const err = await revertOf(
      () => purchase(f.client(), { offerId: f.offers.eth, maxPrice: price - 1n }),
      "PriceAboveMax",
    );
    assert.equal(
      err.shortMessage,
      `The price of offer ${f.offers.eth} is ${price}, above your maximum of ${price - 1n}: review the new price.`,
    );
    const bought = await purchase(f.client(), { offerId: f.offers.eth });
    await revertOf(() => renew(f.client(), { licenseId: bought.licenseId, maxPrice: 0n }), "PriceAboveMax");
    const mismatch = await revertOf(
      () => purchase(f.client(f.wallets.buyer2), { offerId: f.offers.eth, termsHash: f.terms.allowList.hash }),
      "TermsMismatch",
    );
    assert.equal(
      mismatch.shortMessage,
      `The terms of offer ${f.offers.eth} are not the ones you agreed to: review the terms and try again.`,
    );
  });

  it("incorrect payment sent around the SDK is decoded too", async () => {
    const f = await load();
    const { buyer } = f.wallets;
    const err = decodeTesseraError(
      await failure(() =>
        f.market.write.purchase(
          [f.offers.eth, buyer.account.address, parseEther("1"), f.terms.worldwide.hash, "0x0000"],
          {
            account: buyer.account,
            value: 1n,
          },
        ),
      ),
    );
    assert.ok(err instanceof ContractRevertError);
    assert.equal(err.errorName, "IncorrectPayment");
    assert.equal(err.shortMessage, `The payment must be exactly ${f.offerParams.eth.price}, but 1 was sent.`);
  });

  it("reads and payouts revert with sentences too", async () => {
    const f = await load();
    const missing = await revertOf(() => getOffer(f.reader, { offerId: 99n }), "OfferNotFound");
    assert.equal(missing.shortMessage, "Offer 99 does not exist.");
    await revertOf(() => getLicense(f.reader, { licenseId: 1n }), "LicenseNotFound");
    const nothing = await revertOf(() => withdraw(f.client(), { currency: zeroAddress }), "NothingToWithdraw");
    assert.equal(nothing.shortMessage, "There is no ETH to withdraw.");
  });

  it("an account without enough ETH gets NotEnoughFundsError", async () => {
    const f = await load();
    await networkHelpers.setBalance(f.wallets.poor.account.address, 1000n);
    const err = await failure(() => purchase(f.client(f.wallets.poor), { offerId: f.offers.eth }));
    assert.ok(err instanceof NotEnoughFundsError, `got ${String(err)}`);
  });
});
