import type { Address, Hex } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded } from "../utils.ts";
import {
  decodeProposal,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type ProposalAction,
  type ProposalKindName,
  type ProposalStatusName,
} from "./proposals.ts";
import { consortiumContract } from "./utils.ts";

export interface GetConsortiumParameters {
  consortium: Address;
  /** Also report whether this account voted on each proposal, and what it is owed. */
  account?: Address | undefined;
  /** Currencies to report revenue in (default: every currency the market knows). */
  currencies?: readonly Address[] | undefined;
}

export interface ConsortiumProposal {
  proposalId: bigint;
  kind: ProposalKindName;
  /** The decoded payload. */
  action: ProposalAction;
  payload: Hex;
  creator: Address;
  createdAt: bigint;
  expiresAt: bigint;
  /** The membership epoch whose weights vote on it. */
  snapshot: number;
  totalWeight: bigint;
  yesWeight: bigint;
  noWeight: bigint;
  status: ProposalStatusName;
  /** Whether `account` voted (false without an account). */
  voted: boolean;
}

export interface ConsortiumRevenue {
  currency: Address;
  /** Waiting in the market for the next sync (claims sync first). */
  unsynced: bigint;
  /** Rounding dust carried into the next share-out. */
  undistributed: bigint;
  /** What each current member can claim now (not counting unsynced revenue). */
  owed: { account: Address; amount: bigint }[];
  /** What `account` can claim now (0 without an account). */
  owedToAccount: bigint;
}

export interface GetConsortiumReturnType {
  address: Address;
  market: Address;
  splitId: bigint;
  thresholdBps: number;
  lifetime: bigint;
  totalWeight: bigint;
  epoch: number;
  members: { account: Address; weight: bigint }[];
  proposals: ConsortiumProposal[];
  pooledAssets: readonly bigint[];
  pooledOffers: readonly bigint[];
  revenue: ConsortiumRevenue[];
}

export type GetConsortiumErrorType = TesseraError;

/** A consortium as the dapp shows it: members and weights, proposals, pooled assets and offers, revenue owed. */
export function getConsortium(
  client: TesseraClient,
  { consortium, account, currencies }: GetConsortiumParameters,
): Promise<GetConsortiumReturnType> {
  const contract = consortiumContract(consortium);
  const read = client.public.readContract;
  return decoded(async () => {
    const [market, splitId, thresholdBps, lifetime, totalWeight, epoch, [accounts, weights], count, assets, offers] =
      await Promise.all([
        read({ ...contract, functionName: "market" }),
        read({ ...contract, functionName: "splitId" }),
        read({ ...contract, functionName: "thresholdBps" }),
        read({ ...contract, functionName: "lifetime" }),
        read({ ...contract, functionName: "totalWeight" }),
        read({ ...contract, functionName: "epoch" }),
        read({ ...contract, functionName: "members" }),
        read({ ...contract, functionName: "proposalCount" }),
        read({ ...contract, functionName: "pooledAssets" }),
        read({ ...contract, functionName: "pooledOffers" }),
      ]);
    const members = accounts.map((a, i) => ({ account: a, weight: weights[i] ?? 0n }));
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const proposals = await Promise.all(
      ids.map(async (proposalId): Promise<ConsortiumProposal> => {
        const [info, voted] = await Promise.all([
          read({ ...contract, functionName: "proposal", args: [proposalId] }),
          account ? read({ ...contract, functionName: "hasVoted", args: [proposalId, account] }) : false,
        ]);
        return {
          proposalId,
          kind: PROPOSAL_KINDS[info.kind] ?? "ADMIT_MEMBER",
          action: decodeProposal(info.kind, info.payload),
          payload: info.payload,
          creator: info.creator,
          createdAt: info.createdAt,
          expiresAt: info.expiresAt,
          snapshot: info.snapshot,
          totalWeight: info.totalWeight,
          yesWeight: info.yesWeight,
          noWeight: info.noWeight,
          status: PROPOSAL_STATUSES[info.status] ?? "ACTIVE",
          voted,
        };
      }),
    );
    const known =
      currencies ??
      (await read({ ...client.contracts.market, address: market, functionName: "currencies" }).then(
        ([list]) => list,
      )) ??
      [];
    const revenue = await Promise.all(
      known.map(async (currency): Promise<ConsortiumRevenue> => {
        const [unsynced, undistributed, owed, owedToAccount] = await Promise.all([
          read({ ...contract, functionName: "unsynced", args: [currency] }),
          read({ ...contract, functionName: "undistributed", args: [currency] }),
          Promise.all(
            members.map(async (m) => ({
              account: m.account,
              amount: await read({ ...contract, functionName: "owed", args: [m.account, currency] }),
            })),
          ),
          account ? read({ ...contract, functionName: "owed", args: [account, currency] }) : 0n,
        ]);
        return { currency, unsynced, undistributed, owed, owedToAccount };
      }),
    );
    return {
      address: consortium,
      market,
      splitId,
      thresholdBps,
      lifetime,
      totalWeight,
      epoch,
      members,
      proposals,
      pooledAssets: assets,
      pooledOffers: offers,
      revenue,
    };
  });
}
