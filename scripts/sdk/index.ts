/**
 * The Tessera SDK: viem-style actions on a deployment, and errors decoded into plain words.
 * Browser-safe; Node-only helpers (reading deployments/<chainId>.json) are in `node.ts`.
 */

export {
  type AccessExpiryErrorType,
  type AccessExpiryParameters,
  type AccessExpiryReturnType,
  accessExpiry,
} from "./actions/accessExpiry.ts";
export {
  type ApproveCurrencyErrorType,
  type ApproveCurrencyParameters,
  type ApproveCurrencyReturnType,
  approveCurrency,
} from "./actions/approveCurrency.ts";
export {
  type BalancesErrorType,
  type BalancesParameters,
  type BalancesReturnType,
  balances,
  type CurrencyBalance,
} from "./actions/balances.ts";
export {
  type CheckDerivativeErrorType,
  type CheckDerivativeParameters,
  type CheckDerivativeReturnType,
  checkDerivative,
} from "./actions/checkDerivative.ts";
export {
  type CreateOfferErrorType,
  type CreateOfferParameters,
  type CreateOfferReturnType,
  createOffer,
} from "./actions/createOffer.ts";
export {
  type CreateSplitErrorType,
  type CreateSplitParameters,
  type CreateSplitReturnType,
  createSplit,
} from "./actions/createSplit.ts";
export {
  type AppointArbiterErrorType,
  type AppointArbiterParameters,
  type AppointArbiterReturnType,
  appointArbiter,
} from "./actions/disputes/appointArbiter.ts";
export {
  type FileClaimErrorType,
  type FileClaimParameters,
  type FileClaimReturnType,
  fileClaim,
} from "./actions/disputes/fileClaim.ts";
export {
  type CaseStatusName,
  type DisputeCase,
  type GetCaseErrorType,
  type GetCaseParameters,
  type GetCaseReturnType,
  getCase,
} from "./actions/disputes/getCase.ts";
export {
  type ListCasesErrorType,
  type ListCasesParameters,
  type ListCasesReturnType,
  listCases,
} from "./actions/disputes/listCases.ts";
export {
  type RespondToClaimErrorType,
  type RespondToClaimParameters,
  type RespondToClaimReturnType,
  respondToClaim,
} from "./actions/disputes/respondToClaim.ts";
export {
  type RuleOnClaimErrorType,
  type RuleOnClaimParameters,
  type RuleOnClaimReturnType,
  ruleOnClaim,
} from "./actions/disputes/ruleOnClaim.ts";
export {
  type WithdrawClaimErrorType,
  type WithdrawClaimParameters,
  type WithdrawClaimReturnType,
  withdrawClaim,
} from "./actions/disputes/withdrawClaim.ts";
export {
  type DistributeErrorType,
  type DistributeParameters,
  type DistributeReturnType,
  distribute,
} from "./actions/distribute.ts";
export {
  ASSET_KINDS,
  type AssetKindName,
  type AssetVersion,
  type GetAssetErrorType,
  type GetAssetParameters,
  type GetAssetReturnType,
  getAsset,
} from "./actions/getAsset.ts";
export {
  type GetLicenseErrorType,
  type GetLicenseParameters,
  type GetLicenseReturnType,
  getLicense,
  LICENSE_STATUSES,
  type LicenseStatusName,
  PERPETUAL,
} from "./actions/getLicense.ts";
export {
  type GetLineageErrorType,
  type GetLineageParameters,
  type GetLineageReturnType,
  getLineage,
  type LineageParent,
} from "./actions/getLineage.ts";
export {
  type GetOfferErrorType,
  type GetOfferParameters,
  type GetOfferReturnType,
  getOffer,
} from "./actions/getOffer.ts";
export {
  type GetSplitErrorType,
  type GetSplitParameters,
  type GetSplitReturnType,
  getSplit,
} from "./actions/getSplit.ts";
export {
  type IsEntitledErrorType,
  type IsEntitledParameters,
  type IsEntitledReturnType,
  isEntitled,
} from "./actions/isEntitled.ts";
export {
  type IsEntitledToVersionErrorType,
  type IsEntitledToVersionParameters,
  type IsEntitledToVersionReturnType,
  isEntitledToVersion,
} from "./actions/isEntitledToVersion.ts";
export {
  type LicensesOfErrorType,
  type LicensesOfParameters,
  type LicensesOfReturnType,
  licensesOf,
} from "./actions/licensesOf.ts";
export {
  type DerivativeChild,
  type DerivativeParameters,
  type DerivativeParent,
  RELATIONS,
  type RelationName,
  type RoyaltyShare,
} from "./actions/lineageTypes.ts";
export {
  type ListOffersErrorType,
  type ListOffersParameters,
  type ListOffersReturnType,
  listOffers,
  OFFER_STATUSES,
  type OfferStatusName,
  type OfferSummary,
} from "./actions/listOffers.ts";
export {
  type PublishVersionErrorType,
  type PublishVersionParameters,
  type PublishVersionReturnType,
  publishVersion,
} from "./actions/publishVersion.ts";
export {
  type PurchaseErrorType,
  type PurchaseParameters,
  type PurchaseReturnType,
  purchase,
  territoryBytes,
} from "./actions/purchase.ts";
export {
  type GetRefundPolicyErrorType,
  type GetRefundPolicyParameters,
  type GetRefundPolicyReturnType,
  getRefundPolicy,
  type RefundPolicy,
} from "./actions/refunds/getRefundPolicy.ts";
export {
  type HeldPayment,
  type ListHeldPaymentsErrorType,
  type ListHeldPaymentsParameters,
  type ListHeldPaymentsReturnType,
  listHeldPayments,
} from "./actions/refunds/listHeldPayments.ts";
export {
  type RefundErrorType,
  type RefundParameters,
  type RefundReturnType,
  refund,
} from "./actions/refunds/refund.ts";
export {
  type RefundQuoteErrorType,
  type RefundQuoteParameters,
  type RefundQuoteReturnType,
  refundQuote,
} from "./actions/refunds/refundQuote.ts";
export {
  type ReleaseHeldErrorType,
  type ReleaseHeldParameters,
  type ReleaseHeldReturnType,
  releaseHeld,
} from "./actions/refunds/releaseHeld.ts";
export {
  type RegisterAssetErrorType,
  type RegisterAssetParameters,
  type RegisterAssetReturnType,
  registerAsset,
} from "./actions/registerAsset.ts";
export {
  type RegisterDerivativeErrorType,
  type RegisterDerivativeParameters,
  type RegisterDerivativeReturnType,
  registerDerivative,
} from "./actions/registerDerivative.ts";
export {
  type RegisterTermsErrorType,
  type RegisterTermsParameters,
  type RegisterTermsReturnType,
  registerTerms,
} from "./actions/registerTerms.ts";
export { type RenewErrorType, type RenewParameters, type RenewReturnType, renew } from "./actions/renew.ts";
export {
  type ClearSeatsErrorType,
  type ClearSeatsParameters,
  type ClearSeatsReturnType,
  clearSeats,
} from "./actions/seats/clearSeats.ts";
export {
  type GetSeatsErrorType,
  type GetSeatsParameters,
  type GetSeatsReturnType,
  getSeats,
  type Seat,
} from "./actions/seats/getSeats.ts";
export {
  type RenounceSeatErrorType,
  type RenounceSeatParameters,
  type RenounceSeatReturnType,
  renounceSeat,
} from "./actions/seats/renounceSeat.ts";
export {
  type SeatAccessExpiryErrorType,
  type SeatAccessExpiryParameters,
  type SeatAccessExpiryReturnType,
  seatAccessExpiry,
} from "./actions/seats/seatAccessExpiry.ts";
export {
  type HeldSeat,
  type SeatsHeldByErrorType,
  type SeatsHeldByParameters,
  type SeatsHeldByReturnType,
  seatsHeldBy,
} from "./actions/seats/seatsHeldBy.ts";
export {
  type SetSeatErrorType,
  type SetSeatParameters,
  type SetSeatReturnType,
  setSeat,
} from "./actions/seats/setSeat.ts";
export {
  type ApproveTopUpErrorType,
  type ApproveTopUpParameters,
  type ApproveTopUpReturnType,
  approveTopUp,
} from "./actions/usage/approveTopUp.ts";
export {
  type GetUsageErrorType,
  type GetUsageParameters,
  type GetUsageResult,
  type GetUsageReturnType,
  getUsage,
} from "./actions/usage/getUsage.ts";
export {
  OnExceed,
  type OnExceedName,
  type SetPlanErrorType,
  type SetPlanParameters,
  type SetPlanReturnType,
  setPlan,
  type UsagePlan,
} from "./actions/usage/setPlan.ts";
export {
  type SignUsageReportParameters,
  type SignUsageReportReturnType,
  signUsageReport,
  type UsageReport,
  type UsageReportTypedDataParameters,
  usageReportTypedData,
  usageReportTypes,
} from "./actions/usage/signUsageReport.ts";
export {
  type SubmitUsageReportErrorType,
  type SubmitUsageReportParameters,
  type SubmitUsageReportReturnType,
  submitUsageReport,
} from "./actions/usage/submitUsageReport.ts";
export { type TopUpErrorType, type TopUpParameters, type TopUpReturnType, topUp } from "./actions/usage/topUp.ts";
export {
  type WithdrawUsageRevenueErrorType,
  type WithdrawUsageRevenueParameters,
  type WithdrawUsageRevenueReturnType,
  withdrawUsageRevenue,
} from "./actions/usage/withdrawUsageRevenue.ts";
export {
  type WithdrawErrorType,
  type WithdrawParameters,
  type WithdrawReturnType,
  withdraw,
} from "./actions/withdraw.ts";
export {
  type CreateTesseraClientParameters,
  createTesseraClient,
  type Deployment,
  type TesseraClient,
  type TesseraContracts,
  tesseraContracts,
} from "./deployments.ts";
export {
  AllowanceTooLowError,
  ContractRevertError,
  decodeTesseraError,
  errorFromRevertData,
  errorSentence,
  errorSentences,
  NotEnoughFundsError,
  TesseraError,
  type TesseraErrorArgs,
  type TesseraErrorName,
  type TesseraErrorOptions,
  territoryCode,
  tesseraErrorsAbi,
  UserRejectedError,
  WalletRequiredError,
} from "./errors.ts";
