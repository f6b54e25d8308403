/**
 * Plain-English sentences for DisputeDesk's custom errors, typed like `errorSentences` in errors.ts
 * (keyed by every error name in the generated ABI, so a new error without a sentence fails the type
 * check); spread into `errorSentences` in errors.ts, so the shared `decodeTesseraError` speaks them.
 */
import type { ContractErrorArgs, ContractErrorName } from "viem";
import type { DisputeDeskAbi } from "./generated/abis.ts";

export type DisputeErrorName = ContractErrorName<typeof DisputeDeskAbi>;
export type DisputeErrorArgs<N extends DisputeErrorName> = ContractErrorArgs<typeof DisputeDeskAbi, N>;

type DisputeSentences = { [N in DisputeErrorName]: (args: DisputeErrorArgs<N>) => string };

const LICENSE_STATUS = ["active", "expired", "revoked"] as const;
const CASE_STATUS = ["missing", "open", "upheld", "dismissed", "withdrawn"] as const;

/** The sentence for each DisputeDesk custom error. */
export const disputeErrorSentences: DisputeSentences = {
  DisputeInvalidArbiter: ([arbiter]) =>
    /^0x0{40}$/.test(arbiter)
      ? "An arbiter needs an address."
      : `${arbiter} is the dispute desk itself and cannot be an offer's arbiter.`,
  DisputeNotAssetController: ([assetId, caller]) =>
    `Account ${caller} does not control asset ${assetId}: only its controller appoints arbiters and files claims.`,
  DisputeOfferNotOnDesk: ([offerId, marketArbiter]) =>
    /^0x0{40}$/.test(marketArbiter)
      ? `Offer ${offerId} has no arbiter on the market, so the dispute desk cannot rule on it.`
      : `Offer ${offerId} names ${marketArbiter} as its arbiter on the market, not the dispute desk.`,
  DisputeArbiterAlreadyAppointed: ([offerId, arbiter]) =>
    `Offer ${offerId} already has ${arbiter} as its arbiter, and an appointment is final.`,
  DisputeOfferAlreadySold: ([offerId, sold]) =>
    `Offer ${offerId} has already sold ${sold} license(s): an arbiter must be appointed before the first sale.`,
  DisputeNoArbiter: ([licenseId, offerId]) =>
    `License ${licenseId} was sold under offer ${offerId}, which has no appointed arbiter: no claim can be filed against it.`,
  DisputeLicenseNotActive: ([licenseId, status]) =>
    `License ${licenseId} is ${LICENSE_STATUS[status] ?? status}: claims can only be filed against an active license.`,
  DisputeCaseAlreadyOpen: ([licenseId, caseId]) =>
    `License ${licenseId} already has case ${caseId} open: wait for its ruling or withdraw it first.`,
  DisputeEmptyHash: () => "Evidence, responses and rulings need the hash of their document.",
  DisputeCaseNotFound: ([caseId]) => `Case ${caseId} does not exist.`,
  DisputeCaseNotOpen: ([caseId, status]) =>
    `Case ${caseId} is ${CASE_STATUS[status] ?? status}, no longer open: its outcome is final.`,
  DisputeNotLicenseHolder: ([caseId, holder, caller]) =>
    `Account ${caller} does not hold the license in case ${caseId}: only its holder ${holder} may respond.`,
  DisputeNotArbiter: ([caseId, arbiter, caller]) =>
    `Account ${caller} is not the arbiter of case ${caseId}: only ${arbiter} may rule on it.`,
  DisputeNotClaimant: ([caseId, claimant, caller]) =>
    `Account ${caller} did not file case ${caseId}: only its claimant ${claimant} may withdraw it.`,
  DisputePageTooLarge: ([limit, max]) => `A page of ${limit} cases is above the maximum of ${max}.`,
};
