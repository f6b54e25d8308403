import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireContract } from "../utils.ts";
import { type DisputeCase, getCase } from "./getCase.ts";

/** The most ids the desk returns in one page (DisputeDesk.MAX_PAGE). */
const PAGE = 100n;

export interface ListCasesParameters {
  assetId: bigint;
  /** How many of the asset's cases to skip (default 0n). */
  offset?: bigint | undefined;
  /** The most cases to return (default: all from `offset` on). */
  limit?: bigint | undefined;
}

export interface ListCasesReturnType {
  /** The cases, in filing order. */
  cases: DisputeCase[];
  /** How many cases the asset has in all. */
  total: bigint;
}

export type ListCasesErrorType = TesseraError;

/** The dispute cases filed against licenses of an asset, in filing order, read page by page. */
export function listCases(
  client: TesseraClient,
  { assetId, offset = 0n, limit }: ListCasesParameters,
): Promise<ListCasesReturnType> {
  return decoded(async () => {
    const desk = requireContract(client, "disputes");
    const ids: bigint[] = [];
    let total = 0n;
    for (let at = offset; ; ) {
      const left = limit === undefined ? PAGE : limit - BigInt(ids.length);
      const size = left < 0n ? 0n : left < PAGE ? left : PAGE;
      const [page, count] = await client.public.readContract({
        ...desk,
        functionName: "casesOfAsset",
        args: [assetId, at, size],
      });
      total = count;
      ids.push(...page);
      at += BigInt(page.length);
      const full = limit !== undefined && BigInt(ids.length) >= limit;
      if (full || BigInt(page.length) < size) break;
    }
    const cases = await Promise.all(ids.map((caseId) => getCase(client, { caseId })));
    return { cases, total };
  });
}
