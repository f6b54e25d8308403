import type { Address, Hex, LocalAccount, TypedDataDefinition } from "viem";

/** A usage report: the cumulative units of a license in one period. */
export interface UsageReport {
  licenseId: bigint;
  /** The period's index: floor(t / periodSeconds), periods counted from the Unix epoch. */
  period: bigint;
  /** Units used by the license in that period so far. */
  units: bigint;
  /** When the count was taken (Unix seconds), not before the period starts. */
  issuedAt: bigint;
}

/** The EIP-712 types of a usage report. */
export const usageReportTypes = {
  UsageReport: [
    { name: "licenseId", type: "uint256" },
    { name: "period", type: "uint64" },
    { name: "units", type: "uint64" },
    { name: "issuedAt", type: "uint64" },
  ],
} as const;

export interface UsageReportTypedDataParameters {
  /** The UsageMeter's address: the report is valid there only. */
  usageMeter: Address;
  /** The chain the UsageMeter is on: the report is valid there only. */
  chainId: number;
  report: UsageReport;
}

/** The EIP-712 typed data of `report` (domain "Tessera UsageMeter", version "1"). */
export function usageReportTypedData({
  usageMeter,
  chainId,
  report,
}: UsageReportTypedDataParameters): TypedDataDefinition<typeof usageReportTypes, "UsageReport"> {
  return {
    domain: { name: "Tessera UsageMeter", version: "1", chainId, verifyingContract: usageMeter },
    types: usageReportTypes,
    primaryType: "UsageReport",
    message: report,
  };
}

export type SignUsageReportParameters = UsageReportTypedDataParameters;

export interface SignUsageReportReturnType {
  report: UsageReport;
  signature: Hex;
}

/**
 * Signs a usage report with the attester's account (the gateway's key): anyone may then submit it
 * with `submitUsageReport`. Offline: no client, no chain call.
 */
export async function signUsageReport(
  account: LocalAccount,
  params: SignUsageReportParameters,
): Promise<SignUsageReportReturnType> {
  const signature = await account.signTypedData(usageReportTypedData(params));
  return { report: params.report, signature };
}
