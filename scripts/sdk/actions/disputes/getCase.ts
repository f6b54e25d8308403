import type { Address, Hex } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireContract } from "../utils.ts";
import { CASE_STATUSES, type CaseStatusName } from "./utils.ts";

export type { CaseStatusName };

export interface GetCaseParameters {
  caseId: bigint;
}

export interface DisputeCase {
  caseId: bigint;
  licenseId: bigint;
  assetId: bigint;
  offerId: bigint;
  /** The asset's controller who filed. */
  claimant: Address;
  /** The license's holder when the claim was filed. */
  holder: Address;
  /** The offer's appointed arbiter. */
  arbiter: Address;
  evidenceHash: Hex;
  /** The holder's latest response; zero hash if none. */
  responseHash: Hex;
  /** The arbiter's ruling; zero hash until ruled. */
  rulingHash: Hex;
  status: CaseStatusName;
  /** Unix seconds; 0n for "not yet". */
  filedAt: bigint;
  respondedAt: bigint;
  closedAt: bigint;
}

export type GetCaseReturnType = DisputeCase;
export type GetCaseErrorType = TesseraError;

/** A dispute case: its license, parties, evidence, response and ruling hashes, status and times. */
export function getCase(client: TesseraClient, { caseId }: GetCaseParameters): Promise<GetCaseReturnType> {
  return decoded(async () => {
    const info = await client.public.readContract({
      ...requireContract(client, "disputes"),
      functionName: "caseInfo",
      args: [caseId],
    });
    return {
      caseId,
      licenseId: info.licenseId,
      assetId: info.assetId,
      offerId: info.offerId,
      claimant: info.claimant,
      holder: info.holder,
      arbiter: info.arbiter,
      evidenceHash: info.evidenceHash,
      responseHash: info.responseHash,
      rulingHash: info.rulingHash,
      status: CASE_STATUSES[info.status] ?? "NONE",
      filedAt: info.filedAt,
      respondedAt: info.respondedAt,
      closedAt: info.closedAt,
    };
  });
}
