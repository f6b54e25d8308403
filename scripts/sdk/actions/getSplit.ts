import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export interface GetSplitParameters {
  splitId: bigint;
  /** Currencies to report undistributed revenue for (default: every currency the market knows). */
  currencies?: readonly Address[] | undefined;
}

export interface GetSplitReturnType {
  splitId: bigint;
  /** Zero for a fixed split. */
  controller: Address;
  pendingController: Address;
  recipients: readonly Address[];
  /** Shares in basis points (sum 10,000). */
  bps: readonly number[];
  /** The ledger address that stands for the split when it is another split's recipient. */
  address: Address;
  /** Revenue credited and not yet distributed, per currency. */
  pending: { currency: Address; amount: bigint }[];
}

export type GetSplitErrorType = TesseraError;

/** A revenue split: its recipients and shares, and what waits to be distributed. */
export function getSplit(
  client: TesseraClient,
  { splitId, currencies }: GetSplitParameters,
): Promise<GetSplitReturnType> {
  const { market } = client.contracts;
  return decoded(async () => {
    const [info, address, known] = await Promise.all([
      client.public.readContract({ ...market, functionName: "split", args: [splitId] }),
      client.public.readContract({ ...market, functionName: "splitAddress", args: [splitId] }),
      currencies ?? client.public.readContract({ ...market, functionName: "currencies" }).then(([list]) => list),
    ]);
    const pending = await Promise.all(
      known.map(async (currency) => ({
        currency,
        amount: await client.public.readContract({
          ...market,
          functionName: "pendingRevenue",
          args: [splitId, currency],
        }),
      })),
    );
    return { splitId, ...info, address, pending };
  });
}
