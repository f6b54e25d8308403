/**
 * Disputes, read from the chain: one getLogs of the DisputeDesk (appointments, filings, responses)
 * and each case's record through the SDK's getCase; the licenses a licensor can claim against (sold
 * under an offer with an appointed arbiter). Shared by the studio, My licenses and #/disputes.
 */
import { useQuery } from "@tanstack/react-query";
import { type Address, getAbiItem } from "viem";
import { type GetLicenseReturnType, getCase, getLicense, type TesseraClient } from "../../../../scripts/sdk/index.ts";
import { need } from "../../lib/need.ts";
import { readClient } from "../../lib/tessera.ts";
import { type Appointment, type DeskCase, type DeskLog, foldDeskLogs } from "./disputesLogic.ts";

export interface DeskData {
  desk: Address;
  appointments: Appointment[];
  /** Every case, in filing order. */
  cases: DeskCase[];
}

/** The desk's appointments and cases; undefined for a deployment without a DisputeDesk. */
export async function loadDeskData(client: TesseraClient): Promise<DeskData | undefined> {
  const desk = client.contracts.disputes;
  if (!desk) return undefined;
  const event = (name: "ArbiterAppointed" | "ClaimFiled" | "ClaimResponded") => getAbiItem({ abi: desk.abi, name });
  const logs = (await client.public.getLogs({
    address: desk.address,
    events: [event("ArbiterAppointed"), event("ClaimFiled"), event("ClaimResponded")],
    fromBlock: client.startBlock,
    toBlock: "latest",
    strict: true,
  })) as unknown as DeskLog[];
  const { appointments, caseIds, responses } = foldDeskLogs(logs);
  const cases = await Promise.all(
    caseIds.map(async (caseId) => ({
      ...(await getCase(client, { caseId })),
      responses: responses.get(caseId.toString()) ?? [],
    })),
  );
  return { desk: desk.address, appointments, cases };
}

export const DESK_QUERY_KEY = ["disputes", "desk"] as const;

/** The desk's data, refreshed every 15 s and after every transaction (which invalidates all queries). */
export function useDeskData() {
  return useQuery({
    queryKey: DESK_QUERY_KEY,
    queryFn: () => loadDeskData(need(readClient)),
    enabled: !!readClient,
    refetchInterval: 15_000,
  });
}

/** The licenses sold under `offerIds` that still exist (lapsed ones are burned), oldest first. */
export async function loadLicensesSoldUnder(
  client: TesseraClient,
  offerIds: readonly bigint[],
): Promise<GetLicenseReturnType[]> {
  if (offerIds.length === 0) return [];
  const { market } = client.contracts;
  const logs = await client.public.getLogs({
    address: market.address,
    event: getAbiItem({ abi: market.abi, name: "LicensePurchased" }),
    args: { offerId: [...offerIds] },
    fromBlock: client.startBlock,
    toBlock: "latest",
    strict: true,
  });
  const ids = [...new Set(logs.map((l) => l.args.licenseId))];
  const settled = await Promise.allSettled(ids.map((licenseId) => getLicense(client, { licenseId })));
  return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
}

export function useLicensesSoldUnder(offerIds: readonly bigint[]) {
  return useQuery({
    queryKey: ["disputes", "licenses", offerIds.map(String).join(",")],
    queryFn: () => loadLicensesSoldUnder(need(readClient), offerIds),
    enabled: !!readClient,
  });
}
