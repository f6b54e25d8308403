/**
 * Plain-English sentences for the custom errors of Consortium (and ConsortiumFactory, which reverts
 * with them), spread into `errorSentences` (scripts/sdk/errors.ts). The errors Consortium
 * shares with the market (ReentrancyGuardReentrantCall, SafeERC20FailedOperation) keep the
 * market's sentences there.
 */
import type { ContractErrorArgs, ContractErrorName, Hex } from "viem";
import type { ConsortiumAbi } from "./generated/abis.ts";

type SharedWithMarket = "ReentrancyGuardReentrantCall" | "SafeERC20FailedOperation";
export type ConsortiumErrorName = Exclude<ContractErrorName<typeof ConsortiumAbi>, SharedWithMarket>;
export type ConsortiumErrorArgs<N extends ConsortiumErrorName> = ContractErrorArgs<typeof ConsortiumAbi, N>;

const KIND_TEXT = [
  "admitting a member",
  "removing a member",
  "changing a member's weight",
  "pooling an asset",
  "publishing a pooled offer",
  "setting a pooled offer's status",
  "releasing a pooled asset",
] as const;
const OFFER_STATUS_TEXT = ["missing", "active", "paused", "closed"] as const;
const currencyText = (currency: Hex) => (/^0x0{40}$/.test(currency) ? "ETH" : `token ${currency}`);
const DAY = 86_400n;
const durationText = (seconds: bigint) =>
  seconds % DAY === 0n
    ? `${seconds / DAY} days`
    : seconds % 3_600n === 0n
      ? `${seconds / 3_600n} hours`
      : `${seconds} seconds`;

/** The sentence for each Consortium custom error. */
export const consortiumErrorSentences: {
  [N in ConsortiumErrorName]: (args: ConsortiumErrorArgs<N>) => string;
} = {
  ConsortiumNoMembers: () => "A consortium needs at least one member.",
  ConsortiumTooManyMembers: ([count, max]) => `A consortium of ${count} members is above the maximum of ${max}.`,
  ConsortiumLengthMismatch: ([members, weights]) => `${members} members were given with ${weights} weights.`,
  ConsortiumInvalidMember: ([account]) => `${account} cannot be a member.`,
  ConsortiumInvalidRecipient: ([recipient]) => `${recipient} cannot receive this.`,
  ConsortiumAlreadyMember: ([account]) => `${account} is already a member of the consortium.`,
  ConsortiumZeroWeight: ([account]) => `The weight of ${account} must be above zero.`,
  ConsortiumInvalidThreshold: ([bps, min, max]) =>
    `A pass threshold of ${Number(bps) / 100}% is outside ${Number(min) / 100}% to ${Number(max) / 100}% of the weight.`,
  ConsortiumInvalidLifetime: ([lifetime, min, max]) =>
    `A proposal lifetime of ${durationText(lifetime)} is outside ${durationText(min)} to ${durationText(max)}.`,
  ConsortiumNotMember: ([account]) => `Account ${account} is not a member of the consortium.`,
  ConsortiumLastMember: ([account]) => `${account} is the consortium's last member and cannot be removed.`,
  ConsortiumProposalNotFound: ([proposalId]) => `Proposal ${proposalId} does not exist.`,
  ConsortiumInvalidPayload: ([kind, length]) =>
    `A proposal for ${KIND_TEXT[kind] ?? `kind ${kind}`} cannot carry ${length} bytes of arguments.`,
  ConsortiumProposalExpired: ([proposalId, expiresAt]) =>
    `Proposal ${proposalId} expired at ${new Date(Number(expiresAt) * 1000).toISOString()}.`,
  ConsortiumProposalAlreadyExecuted: ([proposalId]) => `Proposal ${proposalId} was already executed.`,
  ConsortiumProposalNotPassed: ([proposalId, yes, required]) =>
    `Proposal ${proposalId} has ${yes} weight in favour; it needs ${required} to pass.`,
  ConsortiumAlreadyVoted: ([proposalId, account]) => `Account ${account} has already voted on proposal ${proposalId}.`,
  ConsortiumNoWeightAtSnapshot: ([proposalId, account]) =>
    `Account ${account} joined or gained weight after proposal ${proposalId} was made, so it cannot vote on it.`,
  ConsortiumAssetAlreadyPooled: ([assetId]) => `Asset ${assetId} is already pooled by the consortium.`,
  ConsortiumAssetNotPooled: ([assetId]) => `Asset ${assetId} is not pooled by the consortium.`,
  ConsortiumInvalidOfferStatus: ([status]) =>
    `A pooled offer cannot be set to status ${OFFER_STATUS_TEXT[status] ?? status}.`,
  ConsortiumCurrencyNotListed: ([currency]) => `The market does not list ${currencyText(currency)}.`,
  ConsortiumNothingToClaim: ([, currency]) => `There is no ${currencyText(currency)} for you to claim.`,
  ConsortiumSyncFailed: ([currency]) =>
    `Pulling the consortium's ${currencyText(currency)} revenue from the market failed: try again with more gas.`,
  ConsortiumEthTransferFailed: ([to, amount]) => `Sending ${amount} wei to ${to} failed.`,
  ConsortiumUnexpectedEth: ([sender]) => `The consortium accepts ETH only from the market, not from ${sender}.`,
  CheckpointUnorderedInsertion: () => "The consortium's membership history could not be updated.",
};
