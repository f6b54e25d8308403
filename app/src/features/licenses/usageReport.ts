/**
 * The gateway's signed usage report of a license (`GET /v1/licenses/:id/usage-report`, holder or
 * licensor, with the SIWE session): its count of the license's units in the plan's current period,
 * signed as the plan's attester, for anyone to submit to the UsageMeter. A 404 is put in plain
 * words: the route missing (an older gateway), the gateway not the plan's attester, or nothing to
 * report yet.
 */
import { type Hex, isHex } from "viem";
import type { UsageReport } from "../../../../scripts/sdk/index.ts";
import { type GatewayError, PlainError } from "../../lib/errors.ts";
import { gatewayBase, gatewayError, type Session } from "../../lib/gateway.ts";

export interface SignedUsageReport {
  report: UsageReport;
  signature: Hex;
}

const DECIMAL = /^\d{1,78}$/;

/** The JSON body of the route as a report and signature; throws a {@link PlainError} when malformed. */
export function parseUsageReport(body: unknown): SignedUsageReport {
  const { report, signature } = (body ?? {}) as { report?: Record<string, unknown>; signature?: unknown };
  const fields = ["licenseId", "period", "units", "issuedAt"] as const;
  const values = fields.map((f) => report?.[f]);
  if (!values.every((v): v is string => typeof v === "string" && DECIMAL.test(v)) || !isHex(signature)) {
    throw new PlainError("The gateway's usage report is malformed.", JSON.stringify(body));
  }
  const [licenseId, period, units, issuedAt] = values.map(BigInt) as [bigint, bigint, bigint, bigint];
  return { report: { licenseId, period, units, issuedAt }, signature };
}

/** A 404 of the route in plain words (other errors are shown as the gateway's). */
export function usageReportRefusal(err: GatewayError): PlainError | undefined {
  if (err.status !== 404) return undefined;
  if (/no such route/i.test(err.message)) {
    return new PlainError(
      "This gateway cannot sign usage reports yet (it has no usage-report route): ask the licensor to update it.",
      err.message,
    );
  }
  if (/attester/i.test(err.message)) {
    return new PlainError(
      "The gateway does not attest this license's usage (its metering plan names another attester), so it has no report to give.",
      err.message,
    );
  }
  if (/nothing was served/i.test(err.message)) {
    return new PlainError(
      "The gateway has served nothing under this license this period yet: there is no usage to report.",
      err.message,
    );
  }
  return new PlainError(`The gateway has no usage report for this license: ${err.message}.`, err.message);
}

/** Fetches the license's signed usage report from the gateway. */
export async function fetchUsageReport(session: Session, licenseId: bigint): Promise<SignedUsageReport> {
  const res = await fetch(`${gatewayBase()}/v1/licenses/${licenseId}/usage-report`, {
    headers: { Authorization: `Bearer ${session.token}` },
  });
  if (!res.ok) {
    const err = await gatewayError(res);
    throw usageReportRefusal(err) ?? err;
  }
  const signed = parseUsageReport(await res.json());
  if (signed.report.licenseId !== licenseId) {
    throw new PlainError(
      `The gateway answered with a report for license ${signed.report.licenseId}, not ${licenseId}.`,
    );
  }
  return signed;
}
