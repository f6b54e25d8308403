/**
 * Upstream royalties in plain words: what a derivative owes its ancestors on every sale and renewal
 * (LineageRegistry computes the shares; the market credits them to each ancestor's split). A share
 * names a split; `owners` maps split ids to the ancestor whose offer pays into that split, when known.
 */
import { type Hex, keccak256, stringToBytes, zeroHash } from "viem";

/** One ancestor's share: `bps` of every sale and renewal, to split `splitId` (the SDK's RoyaltyShare). */
export interface RoyaltyShareLike {
  splitId: bigint;
  bps: number;
}

/** Split id (decimal) → the ancestor's name. */
export type SplitOwners = ReadonlyMap<string, string>;

/** Basis points as a percentage: 1000 → "10 %", 250 → "2.5 %", 1 → "0.01 %". */
export function percent(bps: number): string {
  return `${Number((bps / 100).toFixed(2))} %`;
}

export function totalBps(shares: readonly RoyaltyShareLike[]): number {
  return shares.reduce((n, s) => n + s.bps, 0);
}

/** "a", "a and b", "a, b and c". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const ownerOf = (share: RoyaltyShareLike, owners: SplitOwners) => owners.get(share.splitId.toString());

/** "10 % to CropSat-2025's split (split 3)", or "10 % to split 3" when the ancestor is unknown. */
export function willPayWords(share: RoyaltyShareLike, owners: SplitOwners): string {
  const owner = ownerOf(share, owners);
  const split = `split ${share.splitId}`;
  return `${percent(share.bps)} to ${owner ? `${owner}'s split (${split})` : split}`;
}

/** The studio's sentence before registering: "Every sale of this asset will pay 10 % to …". */
export function willOweSentence(shares: readonly RoyaltyShareLike[], owners: SplitOwners): string {
  if (shares.length === 0)
    return "Every sale of this asset will pay no upstream royalties: its parents' offers ask none.";
  return `Every sale of this asset will pay ${joinWords(shares.map((s) => willPayWords(s, owners)))}.`;
}

/** "In all: 15 % of every sale and renewal goes upstream." */
export function totalSentence(shares: readonly RoyaltyShareLike[]): string {
  return `In all: ${percent(totalBps(shares))} of every sale and renewal goes upstream.`;
}

/** The asset page's sentence: "Each sale of this asset pays royalties upstream: 10 % to CropSat-2025 (split 3)." */
export function paysUpstreamSentence(shares: readonly RoyaltyShareLike[], owners: SplitOwners): string {
  const parts = shares.map((s) => {
    const owner = ownerOf(s, owners);
    return owner ? `${percent(s.bps)} to ${owner} (split ${s.splitId})` : `${percent(s.bps)} to split ${s.splitId}`;
  });
  return `Each sale of this asset pays royalties upstream: ${joinWords(parts)}.`;
}

/** An offer card's line, or undefined when the asset owes nothing upstream. */
export function offerRoyaltyLine(shares: readonly RoyaltyShareLike[]): string | undefined {
  const total = totalBps(shares);
  return total === 0 ? undefined : `Includes ${percent(total)} upstream royalties to its parents' creators.`;
}

/** The lineage's training-configuration hash: keccak256 of the text's UTF-8, or zero when blank. */
export function trainingConfigHash(text: string): Hex {
  return text.trim() === "" ? zeroHash : keccak256(stringToBytes(text));
}
