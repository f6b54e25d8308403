import type { Hash, Hex, TransactionReceipt } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { confirmed, decoded, requireContract, requireWallet } from "../utils.ts";
import type { UsageReport } from "./signUsageReport.ts";

export interface SubmitUsageReportParameters {
  report: UsageReport;
  /** The attester's signature (see `signUsageReport`). */
  signature: Hex;
}

export interface SubmitUsageReportReturnType {
  hash: Hash;
  receipt: TransactionReceipt;
}

export type SubmitUsageReportErrorType = TesseraError;

/**
 * Records a signed usage report on-chain. Any wallet may submit it; it is refused unless it raises
 * the license's count for that period, is not for a future period and is signed by the plan's attester.
 */
export function submitUsageReport(
  client: TesseraClient,
  { report, signature }: SubmitUsageReportParameters,
): Promise<SubmitUsageReportReturnType> {
  return decoded(async () => {
    const meter = requireContract(client, "usage");
    const wallet = requireWallet(client, "submit a usage report");
    const { request } = await client.public.simulateContract({
      ...meter,
      functionName: "submitReport",
      args: [report, signature],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { hash, receipt: await confirmed(client, hash) };
  });
}
