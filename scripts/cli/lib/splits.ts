/**
 * Finding revenue splits from the market's events: a creator's existing solo split (so create-offer
 * does not make a new one each time), and every split that pays an account (so withdraw can
 * distribute their pools first).
 */
import { type Address, isAddressEqual, zeroAddress } from "viem";
import type { TesseraClient } from "../../sdk/deployments.ts";

/** The id of a fixed split paying `account` 100%, if one exists. */
export async function findSoloSplit(client: TesseraClient, account: Address): Promise<bigint | undefined> {
  const logs = await client.public.getContractEvents({
    ...client.contracts.market,
    eventName: "SplitCreated",
    args: { controller: zeroAddress },
    fromBlock: client.startBlock,
    toBlock: "latest",
    strict: true,
  });
  const solo = logs.find(
    ({ args }) => args.recipients.length === 1 && args.recipients[0] && isAddressEqual(args.recipients[0], account),
  );
  return solo?.args.splitId;
}

/** Every split whose recipients include `account` now (fixed splits, and consortium splits as last revised). */
export async function splitsPaying(client: TesseraClient, account: Address): Promise<bigint[]> {
  const { market } = client.contracts;
  const range = { fromBlock: client.startBlock, toBlock: "latest", strict: true } as const;
  const [created, updated] = await Promise.all([
    client.public.getContractEvents({ ...market, eventName: "SplitCreated", ...range }),
    client.public.getContractEvents({ ...market, eventName: "SplitUpdated", ...range }),
  ]);
  // The latest recipient list of each split: SplitUpdated follows SplitCreated in log order.
  const current = new Map<bigint, readonly Address[]>();
  for (const log of [...created, ...updated].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  )) {
    current.set(log.args.splitId, log.args.recipients);
  }
  return [...current]
    .filter(([, recipients]) => recipients.some((r) => isAddressEqual(r, account)))
    .map(([splitId]) => splitId);
}
