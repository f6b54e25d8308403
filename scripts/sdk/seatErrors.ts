/**
 * Plain-English sentences for SeatRegistry's custom errors, typed like `errorSentences` in
 * errors.ts (keyed by every error name in the generated ABI, so a new error without a sentence
 * fails the type check); spread into `errorSentences` in errors.ts.
 */
import type { ContractErrorArgs, ContractErrorName } from "viem";
import type { SeatRegistryAbi } from "./generated/abis.ts";

export type SeatErrorName = ContractErrorName<typeof SeatRegistryAbi>;
export type SeatErrorArgs<N extends SeatErrorName> = ContractErrorArgs<typeof SeatRegistryAbi, N>;

type SeatSentences = { [N in SeatErrorName]: (args: SeatErrorArgs<N>) => string };

const LICENSE_STATUS = ["active", "expired", "revoked"] as const;

/** The sentence for each SeatRegistry custom error. */
export const seatErrorSentences: SeatSentences = {
  SeatNotLicenseHolder: ([licenseId, , caller]) =>
    `Account ${caller} neither holds license ${licenseId} nor is approved by its holder, so it cannot manage its seats.`,
  SeatInvalidUser: ([licenseId, user]) =>
    /^0x0{40}$/.test(user)
      ? `A seat on license ${licenseId} needs a user address.`
      : `Account ${user} holds license ${licenseId} and is already entitled: it needs no seat.`,
  SeatLicenseNotActive: ([licenseId, status]) =>
    `License ${licenseId} is ${LICENSE_STATUS[status] ?? status}: seats can only be assigned on an active license.`,
  SeatInvalidExpiry: ([licenseId, expires]) =>
    `A seat on license ${licenseId} must end in the future (${expires} has passed); use 0 to free a seat.`,
  SeatsNotOffered: ([licenseId]) => `The terms of license ${licenseId} do not offer seats.`,
  SeatCapExceeded: ([licenseId, , cap]) =>
    `License ${licenseId} allows at most ${cap} seat(s), and all are taken: free one first.`,
  SeatNotAssigned: ([licenseId, user]) => `Account ${user} has no seat on license ${licenseId}.`,
  SeatUserSeatedElsewhere: ([user, assetId, licenseId]) =>
    `Account ${user} already has a seat on license ${licenseId} for asset ${assetId}, and a user may hold one seat per asset: the user may renounce that seat, or its holder free it.`,
};
