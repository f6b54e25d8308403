import { zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import type { TesseraClient } from "../../../scripts/sdk/index.ts";
import { royaltySplitOwners } from "./royaltyOwners.ts";

/**
 * A chain where asset 5 was trained on 2 (license 11, offer 21, split 3) and 2 was fine-tuned from 1
 * (license 12, offer 22, split 4); asset 1 is an original work.
 */
function fakeClient(): TesseraClient {
  const licenses: Record<string, bigint> = { "11": 21n, "12": 22n };
  const splits: Record<string, bigint> = { "21": 3n, "22": 4n };
  const parents: Record<string, { assetId: bigint; licenseId: bigint }[]> = {
    "2": [{ assetId: 1n, licenseId: 12n }],
  };
  const readContract = async ({ functionName, args }: { functionName: string; args: readonly bigint[] }) => {
    const id = String(args?.[0]);
    switch (functionName) {
      case "licenseInfo":
        return { offerId: licenses[id] };
      case "offers":
        return { splitId: splits[id] };
      case "lineageOf":
        return {
          parents: (parents[id] ?? []).map((p) => ({
            ...p,
            version: 1,
            contentHash: zeroHash,
            relation: 0,
            termsId: 1n,
          })),
          commitment: zeroHash,
        };
      case "childrenOf":
      case "upstreamRoyalties":
        return [];
      case "ancestryDepth":
        return 0n;
      default:
        throw new Error(functionName);
    }
  };
  return {
    public: { readContract },
    contracts: { market: { address: "0x1", abi: [] }, lineage: { address: "0x2", abi: [] } },
  } as unknown as TesseraClient;
}

describe("royaltySplitOwners", () => {
  it("maps each ancestor's split to it, through parent licenses and their offers, level by level", async () => {
    const owners = await royaltySplitOwners(fakeClient(), [{ assetId: 2n, licenseId: 11n }]);
    expect([...owners]).toEqual([
      ["3", 2n],
      ["4", 1n],
    ]);
  });
});
