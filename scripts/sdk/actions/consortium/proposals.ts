/**
 * Shared shapes of the consortium actions: a proposal's action as a typed union, and its encoding
 * into the `(kind, payload)` pair that `Consortium.propose` takes (see IConsortiumTypes.ProposalKind).
 */
import { type AbiParameter, type Address, decodeAbiParameters, encodeAbiParameters, type Hex } from "viem";
import { IConsortiumMarketAbi } from "../../generated/abis.ts";

/** IConsortiumTypes.ProposalKind, in order. */
export const PROPOSAL_KINDS = [
  "ADMIT_MEMBER",
  "REMOVE_MEMBER",
  "SET_WEIGHT",
  "ADD_ASSET",
  "PUBLISH_OFFER",
  "SET_OFFER_STATUS",
  "RELEASE_ASSET",
] as const;
export type ProposalKindName = (typeof PROPOSAL_KINDS)[number];

/** IConsortiumTypes.ProposalStatus, in order. */
export const PROPOSAL_STATUSES = ["ACTIVE", "PASSED", "DEFEATED", "EXPIRED", "EXECUTED"] as const;
export type ProposalStatusName = (typeof PROPOSAL_STATUSES)[number];

/** ILicenseTypes.OfferStatus, in order (NONE cannot be proposed). */
export const OFFER_STATUSES = ["NONE", "ACTIVE", "PAUSED", "CLOSED"] as const;
export type PooledOfferStatus = "ACTIVE" | "PAUSED" | "CLOSED";

/** A pooled offer: the market's OfferParams without the split, which is always the consortium's. */
export interface PooledOfferParams {
  assetId: bigint;
  termsId: bigint;
  price: bigint;
  /** The zero address for ETH, else an ERC-20 the market allows. */
  currency: Address;
  /** Seconds per period; 0 = perpetual. */
  duration: bigint;
  /** 0 = unlimited. */
  maxSupply: number;
  allVersions: boolean;
  /** Who may revoke licenses (zero: nobody). */
  arbiter: Address;
  royaltyBps: number;
}

/** What a proposal does when executed. */
export type ProposalAction =
  | { kind: "ADMIT_MEMBER"; account: Address; weight: bigint }
  | { kind: "REMOVE_MEMBER"; account: Address }
  | { kind: "SET_WEIGHT"; account: Address; weight: bigint }
  | { kind: "ADD_ASSET"; assetId: bigint }
  | { kind: "PUBLISH_OFFER"; offer: PooledOfferParams }
  | { kind: "SET_OFFER_STATUS"; offerId: bigint; status: PooledOfferStatus }
  | { kind: "RELEASE_ASSET"; assetId: bigint; to: Address };

/** The market's OfferParams tuple, as the compiler wrote it (never copied by hand). */
const createOfferFn = IConsortiumMarketAbi.find((item) => item.type === "function" && item.name === "createOffer");
if (createOfferFn?.type !== "function" || createOfferFn.name !== "createOffer") {
  throw new Error("IConsortiumMarket.createOffer is missing from the generated ABIs");
}
const offerParamsType = createOfferFn.inputs[0];

const ACCOUNT_WEIGHT = [{ type: "address" }, { type: "uint96" }] as const;
const ACCOUNT = [{ type: "address" }] as const;
const ASSET = [{ type: "uint256" }] as const;
const OFFER_STATUS = [{ type: "uint256" }, { type: "uint8" }] as const;
const ASSET_TO = [{ type: "uint256" }, { type: "address" }] as const;

/** The `(kind, payload)` that `Consortium.propose` takes for `action`. */
export function encodeProposal(action: ProposalAction): { kind: number; payload: Hex } {
  const kind = PROPOSAL_KINDS.indexOf(action.kind);
  switch (action.kind) {
    case "ADMIT_MEMBER":
    case "SET_WEIGHT":
      return { kind, payload: encodeAbiParameters(ACCOUNT_WEIGHT, [action.account, action.weight]) };
    case "REMOVE_MEMBER":
      return { kind, payload: encodeAbiParameters(ACCOUNT, [action.account]) };
    case "ADD_ASSET":
      return { kind, payload: encodeAbiParameters(ASSET, [action.assetId]) };
    case "PUBLISH_OFFER":
      // The consortium replaces the split with its own; 0 here says so.
      return { kind, payload: encodeAbiParameters([offerParamsType], [{ ...action.offer, splitId: 0n }]) };
    case "SET_OFFER_STATUS":
      return {
        kind,
        payload: encodeAbiParameters(OFFER_STATUS, [action.offerId, OFFER_STATUSES.indexOf(action.status)]),
      };
    case "RELEASE_ASSET":
      return { kind, payload: encodeAbiParameters(ASSET_TO, [action.assetId, action.to]) };
  }
}

/** The action a stored proposal carries (PUBLISH_OFFER's split is the consortium's, so it is left out). */
export function decodeProposal(kind: number, payload: Hex): ProposalAction {
  const name = PROPOSAL_KINDS[kind];
  switch (name) {
    case "ADMIT_MEMBER":
    case "SET_WEIGHT": {
      const [account, weight] = decodeAbiParameters(ACCOUNT_WEIGHT, payload);
      return { kind: name, account, weight };
    }
    case "REMOVE_MEMBER":
      return { kind: name, account: decodeAbiParameters(ACCOUNT, payload)[0] };
    case "ADD_ASSET":
      return { kind: name, assetId: decodeAbiParameters(ASSET, payload)[0] };
    case "PUBLISH_OFFER": {
      const [{ splitId: _split, ...offer }] = decodeAbiParameters(
        [offerParamsType] as readonly AbiParameter[],
        payload,
      ) as [PooledOfferParams & { splitId: bigint }];
      return { kind: name, offer };
    }
    case "SET_OFFER_STATUS": {
      const [offerId, status] = decodeAbiParameters(OFFER_STATUS, payload);
      return { kind: name, offerId, status: OFFER_STATUSES[status] as PooledOfferStatus };
    }
    case "RELEASE_ASSET": {
      const [assetId, to] = decodeAbiParameters(ASSET_TO, payload);
      return { kind: name, assetId, to };
    }
    default:
      throw new RangeError(`unknown proposal kind ${kind}`);
  }
}
