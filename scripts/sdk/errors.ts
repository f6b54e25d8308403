/**
 * Tessera's errors: one base class with a short message, details and a cause, and the decoding of
 * every custom error of LicenseMarket, TermsRegistry and LicenseMetadata into a plain-English
 * sentence, so that the app, the CLI and the gateway show the same words.
 */
import {
  BaseError,
  type ContractErrorArgs,
  type ContractErrorName,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  hexToString,
  InsufficientFundsError,
  UserRejectedRequestError,
} from "viem";
import { consortiumErrorSentences } from "./consortiumErrors.ts";
import { disputeErrorSentences } from "./disputeErrors.ts";
import {
  ConsortiumAbi,
  DisputeDeskAbi,
  LicenseMarketAbi,
  LicenseMetadataAbi,
  LineageRegistryAbi,
  SeatRegistryAbi,
  TermsRegistryAbi,
  UsageMeterAbi,
} from "./generated/abis.ts";
import { seatErrorSentences } from "./seatErrors.ts";
import { usageErrorSentences } from "./usageErrors.ts";

/** Every ABI whose custom errors a Tessera call can revert with. */
export const tesseraErrorsAbi = [
  ...LicenseMarketAbi,
  ...TermsRegistryAbi,
  ...LicenseMetadataAbi,
  ...LineageRegistryAbi,
  ...SeatRegistryAbi,
  ...ConsortiumAbi,
  ...DisputeDeskAbi,
  ...UsageMeterAbi,
] as const;
export type TesseraErrorName = ContractErrorName<typeof tesseraErrorsAbi>;
export type TesseraErrorArgs<N extends TesseraErrorName> = ContractErrorArgs<typeof tesseraErrorsAbi, N>;

export interface TesseraErrorOptions {
  details?: string | undefined;
  cause?: unknown;
}

/** The base of every error the SDK throws. `shortMessage` is the sentence to show a user. */
export class TesseraError extends Error {
  override name = "TesseraError";
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, { details, cause }: TesseraErrorOptions = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** A contract reverted with one of Tessera's custom errors (or a reason string or panic). */
export class ContractRevertError<N extends string = string> extends TesseraError {
  override name = "ContractRevertError";
  /** The custom error's name, e.g. "OfferSoldOut"; "Error" or "Panic" for built-in reverts. */
  readonly errorName: N;
  /** Its arguments, as viem decodes them. */
  readonly args: readonly unknown[];

  constructor(errorName: N, args: readonly unknown[], shortMessage: string, options: TesseraErrorOptions = {}) {
    super(shortMessage, options);
    this.errorName = errorName;
    this.args = args;
  }
}

/** The wallet's user declined to sign. */
export class UserRejectedError extends TesseraError {
  override name = "UserRejectedError";
  constructor(options: TesseraErrorOptions = {}) {
    super("You rejected the request in your wallet.", options);
  }
}

/** The sender cannot pay for the value and gas of a transaction. */
export class NotEnoughFundsError extends TesseraError {
  override name = "NotEnoughFundsError";
  constructor(options: TesseraErrorOptions = {}) {
    super("Your account does not have enough ETH to pay for this transaction and its gas.", options);
  }
}

/** An ERC-20 payment needs an allowance first (see `approveCurrency`). */
export class AllowanceTooLowError extends TesseraError {
  override name = "AllowanceTooLowError";
  readonly currency: Hex;
  readonly required: bigint;
  readonly allowance: bigint;

  constructor({ currency, required, allowance }: { currency: Hex; required: bigint; allowance: bigint }) {
    super(`Approve the market to spend ${required} of token ${currency} first (approved now: ${allowance}).`);
    this.currency = currency;
    this.required = required;
    this.allowance = allowance;
  }
}

/** An action that sends a transaction was called on a client without a wallet. */
export class WalletRequiredError extends TesseraError {
  override name = "WalletRequiredError";
  constructor(action: string) {
    super(`Connect a wallet to ${action}.`);
  }
}

const OFFER_STATUS = ["missing", "active", "paused", "closed"] as const;
const TERRITORY_MODE = ["worldwide", "allow-list", "deny-list"] as const;

/** "DE" from bytes2 0x4445; null for zero. */
export function territoryCode(code: Hex): string | null {
  const text = hexToString(code).replace(/\0/g, "");
  return text === "" ? null : text;
}

const territoryText = (code: Hex) => territoryCode(code) ?? "an undeclared country";
const bpsText = (bps: bigint | number) => `${Number(bps) / 100}%`;
const currencyText = (currency: Hex) => (/^0x0{40}$/.test(currency) ? "ETH" : `token ${currency}`);

type Sentences = { [N in TesseraErrorName]: (args: TesseraErrorArgs<N>) => string };

/**
 * The sentence for each custom error. Keyed by every error name in the ABIs: a new contract error
 * without a sentence fails the type check and test/sdk/errors.test.ts.
 */
export const errorSentences: Sentences = {
  ...seatErrorSentences,
  ...consortiumErrorSentences,
  ...disputeErrorSentences,
  ...usageErrorSentences,
  // ---------------------------------------------------------------- assets
  AssetNotFound: ([assetId]) => `Asset ${assetId} does not exist.`,
  NotAssetController: ([assetId, caller]) => `Account ${caller} does not control asset ${assetId}.`,
  NotPendingAssetController: ([assetId, caller]) =>
    `Account ${caller} was not nominated to take control of asset ${assetId}.`,
  EmptyContentHash: () => "A version needs the hash of its files.",
  VersionNotFound: ([assetId, version]) => `Asset ${assetId} has no version ${version}.`,
  TooManyVersions: ([assetId]) => `Asset ${assetId} has reached its maximum number of versions.`,
  // ---------------------------------------------------------------- offers
  OfferNotFound: ([offerId]) => `Offer ${offerId} does not exist.`,
  OfferNotActive: ([offerId, status]) => `Offer ${offerId} is ${OFFER_STATUS[status] ?? status}, not on sale.`,
  OfferIsClosed: ([offerId]) => `Offer ${offerId} is closed for good.`,
  InvalidOfferStatus: ([status]) => `An offer cannot be set to status ${OFFER_STATUS[status] ?? status}.`,
  OfferSoldOut: ([, maxSupply]) => `This offer is sold out (max ${maxSupply}).`,
  PriceOutOfRange: ([price]) => `A price of ${price} is outside the allowed range.`,
  DurationOutOfRange: ([duration]) => `A duration of ${duration} seconds is outside the allowed range.`,
  RoyaltyTooHigh: ([royaltyBps, maxBps]) =>
    `A royalty of ${bpsText(royaltyBps)} is above the maximum of ${bpsText(maxBps)}.`,
  CurrencyNotAllowed: ([currency]) => `The market does not accept ${currencyText(currency)}.`,
  // ---------------------------------------------------------------- purchase and payment
  PriceAboveMax: ([offerId, price, maxPrice]) =>
    `The price of offer ${offerId} is ${price}, above your maximum of ${maxPrice}: review the new price.`,
  TermsMismatch: ([offerId]) =>
    `The terms of offer ${offerId} are not the ones you agreed to: review the terms and try again.`,
  IncorrectPayment: ([expected, sent]) => `The payment must be exactly ${expected}, but ${sent} was sent.`,
  TerritoryNotAllowed: ([, territory]) => `The license's terms do not allow use in ${territoryText(territory)}.`,
  FeeOnTransferToken: ([token, expected, received]) =>
    `Token ${token} delivered ${received} instead of ${expected}: fee-on-transfer tokens are not supported.`,
  AlreadyLicensed: ([, assetId]) =>
    `This account already holds a license on asset ${assetId}: renew it, or burn the lapsed one first.`,
  InvalidRecipient: ([recipient]) => `${recipient} cannot receive a license.`,
  // ---------------------------------------------------------------- licenses
  LicenseNotFound: ([licenseId]) => `License ${licenseId} does not exist.`,
  LicenseLocked: ([licenseId]) => `License ${licenseId} cannot be transferred: its terms forbid it.`,
  LicenseIsRevoked: ([licenseId]) => `License ${licenseId} was revoked.`,
  LicenseNotRenewable: ([licenseId]) => `License ${licenseId} cannot be renewed.`,
  LicenseNotLapsed: ([licenseId]) => `License ${licenseId} is still active, so it cannot be burned.`,
  LicenseAlreadyLapsed: ([licenseId]) => `License ${licenseId} has already lapsed.`,
  InvalidRenewalDuration: ([licenseId, duration, period]) =>
    `License ${licenseId} renews in whole periods of ${period} seconds, not ${duration}.`,
  RenewalTooLong: ([licenseId, periods]) => `Renewing license ${licenseId} for ${periods} periods is too long.`,
  NotLicenseHolder: ([licenseId, caller]) => `Account ${caller} does not hold license ${licenseId}.`,
  NotArbiter: ([licenseId, caller]) => `Account ${caller} is not the arbiter of license ${licenseId}.`,
  // ---------------------------------------------------------------- splits and payouts
  SplitNotFound: ([splitId]) => `Split ${splitId} does not exist.`,
  SplitEmpty: () => "A split needs at least one recipient.",
  SplitTooLarge: ([recipients, max]) => `A split of ${recipients} recipients is above the maximum of ${max}.`,
  SplitLengthMismatch: ([recipients, bps]) => `A split lists ${recipients} recipients but ${bps} shares.`,
  SplitBpsSum: ([sum]) => `A split's shares add up to ${Number(sum) / 100}%, not 100%.`,
  SplitZeroShare: ([index]) => `Recipient ${index} of the split has a zero share.`,
  SplitZeroAddress: ([index]) => `Recipient ${index} of the split is the zero address.`,
  SplitDuplicateRecipient: ([recipient]) => `${recipient} is listed twice in the split.`,
  SplitSelfReference: ([splitId]) => `Split ${splitId} cannot pay itself.`,
  SplitImmutable: ([splitId]) => `Split ${splitId} is fixed and cannot be changed.`,
  NotSplitController: ([splitId, caller]) => `Account ${caller} does not control split ${splitId}.`,
  NotPendingSplitController: ([splitId, caller]) =>
    `Account ${caller} was not nominated to take control of split ${splitId}.`,
  NothingToWithdraw: ([, currency]) => `There is no ${currencyText(currency)} to withdraw.`,
  NothingToDistribute: ([splitId, currency]) => `Split ${splitId} has no ${currencyText(currency)} to distribute.`,
  EthTransferFailed: ([to, amount]) => `Sending ${amount} wei to ${to} failed.`,
  ProtocolFeeTooHigh: ([feeBps, maxBps]) =>
    `A protocol fee of ${feeBps / 100}% is above the maximum of ${maxBps / 100}%.`,
  ZeroAddress: () => "The zero address is not allowed here.",
  TooManyCurrencies: ([max]) => `The market already accepts the maximum of ${max} currencies.`,
  NotLineageRegistry: ([caller]) => `Only the lineage registry records upstream royalties, not ${caller}.`,
  LineageRegistryAlreadySet: ([registry]) => `The market is already wired to the lineage registry ${registry}.`,
  AssetAlreadyOffered: ([assetId, count]) =>
    `Asset ${assetId} already has ${count} offer(s): its lineage and royalties had to be recorded before the first.`,
  // ---------------------------------------------------------------- refunds
  ExtensionRegistryMismatch: ([extension]) =>
    `The market extension ${extension} checks terms against another registry: deploy it over the market's.`,
  RefundWindowOutOfRange: ([window, max]) =>
    `A refund window of ${window} seconds is outside the allowed range (1 second to ${max} seconds).`,
  RefundPenaltyTooHigh: ([penaltyBps, maxBps]) =>
    `A refund penalty of ${bpsText(penaltyBps)} is above the maximum of ${bpsText(maxBps)}.`,
  NotRefundable: ([licenseId]) =>
    `License ${licenseId} has nothing to refund: its offer is not refundable, or it was refunded or paid out already.`,
  RefundWindowClosed: ([licenseId, windowEnd]) =>
    `The refund window of license ${licenseId} closed on ${new Date(Number(windowEnd) * 1000).toISOString()}.`,
  NothingToRefund: ([licenseId]) =>
    `A refund of license ${licenseId} would pay nothing: the unused time is worth less than the penalty.`,
  RefundWindowOpen: ([licenseId, windowEnd]) =>
    `License ${licenseId} can be refunded until ${new Date(Number(windowEnd) * 1000).toISOString()}: its payment stays held until then.`,
  SafeERC20FailedOperation: ([token]) => `The transfer of token ${token} failed: check your balance and allowance.`,
  // ---------------------------------------------------------------- admin and token standards
  OwnableUnauthorizedAccount: ([account]) => `Account ${account} is not the market's owner.`,
  OwnableInvalidOwner: ([owner]) => `${owner} cannot own the market.`,
  ReentrancyGuardReentrantCall: () => "The market cannot be called back during a call.",
  AccountBalanceOverflow: () => "This account holds too many licenses.",
  BalanceQueryForZeroAddress: () => "The zero address holds no licenses.",
  ERC721InvalidReceiver: ([receiver]) => `${receiver} cannot receive license tokens.`,
  NotOwnerNorApproved: () => "You neither hold this license nor are approved to move it.",
  TokenAlreadyExists: () => "This license token already exists.",
  TokenDoesNotExist: () => "This license token does not exist.",
  TransferFromIncorrectOwner: () => "The license is not held by the account it is sent from.",
  TransferToNonERC721ReceiverImplementer: () => "The recipient contract cannot receive license tokens.",
  TransferToZeroAddress: () => "A license cannot be sent to the zero address.",
  StringsInsufficientHexLength: () => "The license metadata could not be rendered.",
  // ---------------------------------------------------------------- terms
  TermsNotFound: ([termsId]) => `Terms ${termsId} are not registered.`,
  TermsInvalidEnum: ([field, value]) => `The terms' ${field} has the invalid value ${value}.`,
  TermsBitmapOutOfRange: ([field, value]) => `The terms' ${field} sets unknown flags (${value}).`,
  TermsAbsentFieldNotEmpty: ([field]) => `The terms' ${field} is marked absent but has a value.`,
  TermsInvalidTerritoryCode: ([code]) => `"${territoryText(code)}" is not a two-letter country code.`,
  TermsDuplicateTerritoryCode: ([code]) => `The terms list ${territoryText(code)} twice.`,
  TermsTooManyTerritoryCodes: ([count, max]) => `The terms list ${count} countries, above the maximum of ${max}.`,
  TermsWorldwideWithCodes: ([count]) => `Worldwide terms must list no countries, but list ${count}.`,
  TermsEmptyTerritoryList: ([mode]) => `The terms' ${TERRITORY_MODE[mode] ?? mode} lists no countries.`,
  // ---------------------------------------------------------------- lineage (derivatives)
  LineageNotChildController: ([child, caller]) => `Account ${caller} does not control asset ${child}.`,
  LineageAlreadyRegistered: ([child]) => `Asset ${child} already has its lineage registered; it cannot change.`,
  LineageChildAlreadyOffered: ([child, count]) =>
    `Asset ${child} already has ${count} offer(s): register a derivative's parents before its first offer.`,
  LineageRoyaltyCapExceeded: ([child, total, max]) =>
    `The parents of asset ${child} would take ${bpsText(total)} of its revenue; at most ${bpsText(max)} is allowed.`,
  LineageTooManyRoyaltyShares: ([child, max]) => `Asset ${child} would owe royalties to more than ${max} ancestors.`,
  LineageInvalidParentCount: ([count, min, max]) => `A derivative needs ${min} to ${max} parents, not ${count}.`,
  LineageDuplicateParent: ([parent]) => `Asset ${parent} is listed as a parent twice.`,
  LineageTooDeep: ([child, depth, max]) =>
    `Asset ${child} would sit ${depth} generations deep, beyond the limit of ${max}.`,
  LineageNotLicenseHolder: ([licenseId, , caller]) => `Account ${caller} does not hold license ${licenseId}.`,
  LineageLicenseNotActive: ([licenseId, status]) =>
    `License ${licenseId} is ${["active", "expired", "revoked"][status] ?? status}: a derivative needs an active license on each parent.`,
  LineageDerivativesNotAllowed: ([parent]) => `The license of asset ${parent} does not allow derivatives.`,
  LineageGrantMissing: ([parent]) => `The license of asset ${parent} does not grant the rights this derivative needs.`,
  LineageTermsNotSame: ([parent]) => `A derivative of asset ${parent} must be offered under the same license.`,
  LineageScopeExceedsParent: ([parent]) => `The derivative's use is wider than the license of asset ${parent} allows.`,
  LineageCommercialModelNotGranted: ([parent]) =>
    `Dataset ${parent} does not allow commercial models: a model trained on it is limited to internal use.`,
  LineageOutputsInternalOnly: ([parent]) => `Outputs of asset ${parent} may train models for internal use only.`,
  LineageOutputTrainingProhibited: ([parent]) => `The license of asset ${parent} forbids training on its outputs.`,
  LineageTerritoryNotSubset: ([parent]) =>
    `The derivative's territory is wider than the license of asset ${parent} allows.`,
  LineageCapExceeded: ([parent, field, child, max]) =>
    `The derivative's ${field} cap of ${child} is above the ${max} the license of asset ${parent} allows.`,
  LineageBannedUseDropped: ([parent]) =>
    `The derivative's terms must keep every use that the license of asset ${parent} bans.`,
  LineageNamePrefixMissing: ([parent, prefix, name]) =>
    `A derivative of asset ${parent} must be named starting with "${prefix}", not "${name}".`,
  LineageFamilyMismatch: ([parent, required, family]) =>
    `Outputs of asset ${parent} may only improve "${required}" models, not "${family}".`,
};

/** The sentence for a decoded custom error. */
export function errorSentence<N extends TesseraErrorName>(errorName: N, args: TesseraErrorArgs<N>): string {
  return (errorSentences[errorName] as (args: TesseraErrorArgs<N>) => string)(args);
}

const isSentenceKey = (name: string): name is TesseraErrorName => Object.hasOwn(errorSentences, name);

/** The Tessera error that revert data encodes (e.g. LineageRegistry.checkDerivative's `failure`), if any. */
export function errorFromRevertData(data: Hex): ContractRevertError | undefined {
  return fromRevertData(data, undefined);
}

function fromRevertData(data: Hex, cause: unknown): ContractRevertError | undefined {
  try {
    const { errorName, args = [] } = decodeErrorResult({ abi: tesseraErrorsAbi, data });
    if (!isSentenceKey(errorName)) return undefined;
    const sentence = (errorSentences[errorName] as (a: readonly unknown[]) => string)(args);
    return new ContractRevertError(errorName, args, sentence, { details: `${errorName}(${args.join(", ")})`, cause });
  } catch {
    return undefined;
  }
}

/**
 * Turns anything thrown by viem (or the wallet) into a {@link TesseraError}: custom errors of the
 * contracts become their sentences, a rejected signature and missing funds get their own classes,
 * and anything else keeps viem's short message as details.
 */
export function decodeTesseraError(err: unknown): TesseraError {
  if (err instanceof TesseraError) return err;
  if (err instanceof BaseError) {
    const rejected = err.walk((e) => e instanceof UserRejectedRequestError);
    if (rejected) return new UserRejectedError({ cause: err });
    const funds = err.walk(
      (e) => e instanceof InsufficientFundsError || /enough funds|insufficient funds/i.test((e as Error).message),
    );
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const decoded = reverted.raw && fromRevertData(reverted.raw, err);
      if (decoded) return decoded;
      if (reverted.data?.errorName === "Error" || reverted.data?.errorName === "Panic") {
        return new ContractRevertError(
          reverted.data.errorName,
          reverted.data.args ?? [],
          `The transaction was reverted: ${reverted.reason}.`,
          { details: reverted.shortMessage, cause: err },
        );
      }
    }
    if (funds) return new NotEnoughFundsError({ cause: err, details: err.shortMessage });
    return new TesseraError(reverted ? "The transaction was reverted." : "The request failed.", {
      details: err.shortMessage,
      cause: err,
    });
  }
  if (err instanceof Error && (err as { code?: unknown }).code === 4001) return new UserRejectedError({ cause: err });
  return new TesseraError("The request failed.", {
    details: err instanceof Error ? err.message : String(err),
    cause: err,
  });
}
