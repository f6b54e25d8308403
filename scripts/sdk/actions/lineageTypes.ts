/** Shared shapes of the lineage actions: how a derivative names its parents and itself. */
import type { Hex } from "viem";

/** How a child was made from a parent (LineageRegistry's Relation, in order). */
export const RELATIONS = ["FINE_TUNED_FROM", "TRAINED_ON", "DISTILLED_FROM"] as const;
export type RelationName = (typeof RELATIONS)[number];

export interface DerivativeParent {
  /** The registrant's license on the parent asset. */
  licenseId: bigint;
  relation: RelationName;
}

export interface DerivativeChild {
  /** The terms the child will be offered under. */
  termsId: bigint;
  name: string;
  /** Model family, e.g. "llama" (checked where a parent allows only same-family distillation). */
  family: string;
  /** sha256 (or keccak) of the training configuration, committed with the lineage. */
  trainingConfigHash: Hex;
}

export interface DerivativeParameters {
  childAssetId: bigint;
  parents: readonly DerivativeParent[];
  child: DerivativeChild;
}

export function encodeDerivative({ childAssetId, parents, child }: DerivativeParameters) {
  return [
    childAssetId,
    parents.map((p) => {
      const relation = RELATIONS.indexOf(p.relation);
      if (relation < 0) throw new RangeError(`unknown relation ${p.relation}`);
      return { licenseId: p.licenseId, relation };
    }),
    child,
  ] as const;
}

/** One ancestor's royalty on a derivative: `bps` of every sale and renewal, to split `splitId`. */
export interface RoyaltyShare {
  splitId: bigint;
  bps: number;
}

export const toRoyaltyShares = (shares: readonly { splitId: number; bps: number }[]): RoyaltyShare[] =>
  shares.map((s) => ({ splitId: BigInt(s.splitId), bps: s.bps }));
