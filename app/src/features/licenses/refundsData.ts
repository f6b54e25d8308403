/**
 * The refunds an account was paid, from the market's LicenseRefunded events (one getLogs filtered on
 * the indexed holder): a refunded licence is shown as handed back rather than merely expired.
 */
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import type { TesseraClient } from "../../../../scripts/sdk/index.ts";
import { need } from "../../lib/need.ts";
import { readClient } from "../../lib/tessera.ts";

export interface RefundPaid {
  refund: bigint;
  retained: bigint;
}

/** Refunds paid to `holder`, by licence id (empty on deployments without refunds). */
export async function refundsPaidTo(client: TesseraClient, holder: Address): Promise<Map<string, RefundPaid>> {
  const out = new Map<string, RefundPaid>();
  if (!client.contracts.refunds) return out;
  const logs = await client.public.getContractEvents({
    ...client.contracts.market,
    eventName: "LicenseRefunded",
    args: { holder },
    fromBlock: client.startBlock,
  });
  for (const { args } of logs) {
    if (args.licenseId === undefined) continue;
    out.set(args.licenseId.toString(), { refund: args.refund ?? 0n, retained: args.retained ?? 0n });
  }
  return out;
}

export function useRefundsPaid(holder: Address | undefined) {
  return useQuery({
    queryKey: ["refunds-paid", holder],
    queryFn: () => refundsPaidTo(need(readClient), need(holder)),
    enabled: !!readClient && !!holder,
  });
}
