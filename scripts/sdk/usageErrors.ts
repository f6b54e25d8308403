/**
 * Plain-English sentences for UsageMeter's custom errors, typed like `errorSentences` in errors.ts
 * (keyed by every error name in the generated ABI, so a new error without a sentence fails the type
 * check). Merged into `errorSentences`, so the shared `decodeTesseraError` speaks them.
 */
import type { ContractErrorArgs, ContractErrorName, Hex } from "viem";
import type { UsageMeterAbi } from "./generated/abis.ts";

export type UsageErrorName = ContractErrorName<typeof UsageMeterAbi>;
export type UsageErrorArgs<N extends UsageErrorName> = ContractErrorArgs<typeof UsageMeterAbi, N>;

type UsageSentences = { [N in UsageErrorName]: (args: UsageErrorArgs<N>) => string };

const LICENSE_STATUS = ["active", "expired", "revoked"] as const;
const ON_EXCEED = ["unspecified", "a separate license", "the next tier", "suspension"] as const;
const onExceedText = (value: number) => ON_EXCEED[value] ?? `option ${value}`;
const currencyText = (currency: Hex) => (/^0x0{40}$/.test(currency) ? "ETH" : `token ${currency}`);
const DAY = 86_400;
const periodText = (seconds: number) =>
  seconds === 0 ? "the whole term" : seconds % DAY === 0 ? `${seconds / DAY} day(s)` : `${seconds} seconds`;

/** The sentence for each UsageMeter custom error. */
export const usageErrorSentences: UsageSentences = {
  UsageNotAssetController: ([offerId, caller]) =>
    `Account ${caller} does not control the asset of offer ${offerId}, so it cannot set the offer's metering plan.`,
  UsagePlanAlreadySet: ([offerId]) => `Offer ${offerId} already has a metering plan, and a plan never changes.`,
  UsageOfferAlreadySold: ([offerId, sold]) =>
    `Offer ${offerId} has already been sold ${sold} time(s): its buyers agreed to it without a metering plan.`,
  UsageInvalidAttester: () => "A metering plan needs the address that signs the usage reports.",
  UsageInvalidPeriod: ([periodSeconds]) =>
    `A metering period must be a whole number of days, not ${periodSeconds} seconds.`,
  UsageInvalidOnExceed: ([onExceed]) =>
    `Above its allowance a metered license must either be suspended or move to the next tier (not option ${onExceed}).`,
  UsageEmptyPlan: ([offerId]) =>
    `The metering plan of offer ${offerId} includes no unit and sells none: its licenses could never be used.`,
  UsagePeriodMismatch: ([offerId, planPeriod, termsPeriod]) =>
    `The terms of offer ${offerId} cap calls per ${periodText(termsPeriod)}, so the metering period must be the same, not ${periodText(planPeriod)}.`,
  UsageOnExceedConflict: ([offerId, onExceed, termsOnExceed]) =>
    `The terms of offer ${offerId} call for ${onExceedText(termsOnExceed)} above the cap; the plan cannot say ${onExceedText(onExceed)}.`,
  UsageIncludedAboveCap: ([offerId, includedUnits, cap]) =>
    `The terms of offer ${offerId} allow at most ${cap} calls per period; the plan cannot include ${includedUnits}.`,
  UsageNoPlan: ([offerId]) => `Offer ${offerId} has no metering plan.`,
  UsageFuturePeriod: ([licenseId, period, current]) =>
    `The usage report for license ${licenseId} is for period ${period}, which has not started (the current period is ${current}).`,
  UsageIssuedBeforePeriod: ([licenseId, issuedAt, periodStart]) =>
    `The usage report for license ${licenseId} was issued at ${issuedAt}, before its period started (${periodStart}).`,
  UsageInvalidSignature: ([licenseId, attester]) =>
    `The usage report for license ${licenseId} is not signed by its attester ${attester} for this chain and contract.`,
  UsageNotIncreasing: ([licenseId, period, units, stored]) =>
    `License ${licenseId} already has ${stored} units recorded in period ${period}; a report of ${units} would not raise it.`,
  UsageTopUpsDisabled: ([offerId]) => `The metering plan of offer ${offerId} sells no extra units.`,
  UsageZeroUnits: () => "A top-up must buy at least one unit.",
  UsageLicenseNotActive: ([licenseId, status]) =>
    `License ${licenseId} is ${LICENSE_STATUS[status] ?? status}: only an active license can be topped up.`,
  UsageAllowanceAboveCap: ([licenseId, allowance, cap]) =>
    `This top-up would raise the allowance of license ${licenseId} to ${allowance} units, above the cap of ${cap}.`,
  UsageIncorrectPayment: ([expected, sent]) =>
    expected === 0n
      ? `This top-up is paid in a token: send no ETH with it (${sent} wei was sent).`
      : `The top-up costs exactly ${expected} wei, but ${sent} wei was sent.`,
  UsageFeeOnTransferToken: ([token, expected, received]) =>
    `Token ${token} delivered ${received} instead of ${expected}: tokens that take a fee on transfer are not accepted.`,
  UsageNothingToWithdraw: ([account, currency]) =>
    `Account ${account} has no ${currencyText(currency)} from top-ups to withdraw.`,
  UsageEthTransferFailed: ([to, amount]) => `Sending ${amount} wei to ${to} failed: the account refused the payment.`,
  ReentrancyGuardReentrantCall: () => "The call re-entered the usage meter, which is not allowed.",
  SafeERC20FailedOperation: ([token]) => `The transfer of token ${token} failed.`,
  InvalidShortString: () => "The usage meter's EIP-712 name is not a valid short string.",
  StringTooLong: ([str]) => `"${str}" is too long for the usage meter's EIP-712 domain.`,
};
