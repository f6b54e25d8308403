// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";

/// @title IConsortiumMarket: what a consortium calls on the market.
/// @notice The subset of LicenseMarket (its AssetRegistry and RevenueLedger) that {IConsortium} uses.
interface IConsortiumMarket is ILicenseTypes {
    /// @notice Creates a revenue split.
    /// @param recipients Payees.
    /// @param bps Their shares in basis points, summing to 10,000.
    /// @param controller Zero for a fixed split.
    /// @return splitId The new split's id.
    function createSplit(
        address[] calldata recipients,
        uint16[] calldata bps,
        address controller
    ) external returns (uint256 splitId);

    /// @notice Publishes an offer on an asset the caller controls.
    /// @param p The offer's parameters.
    /// @return offerId The new offer's id.
    function createOffer(OfferParams calldata p) external returns (uint256 offerId);

    /// @notice Pauses, resumes or closes an offer on an asset the caller controls.
    /// @param offerId The offer.
    /// @param status ACTIVE, PAUSED or CLOSED.
    function setOfferStatus(uint256 offerId, OfferStatus status) external;

    /// @notice Starts handing control of an asset the caller controls to `newController`.
    /// @param assetId The asset.
    /// @param newController The proposed controller (zero cancels).
    function nominateAssetController(uint256 assetId, address newController) external;

    /// @notice Accepts control of an asset the caller was nominated for.
    /// @param assetId The asset.
    function acceptAssetController(uint256 assetId) external;

    /// @notice An asset's controller, pending controller, kind and number of versions.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);

    /// @notice Moves a split's pool in `currency` into its recipients' balances.
    /// @param splitId The split.
    /// @param currency The currency.
    function distribute(uint256 splitId, address currency) external;

    /// @notice Pays the caller its whole balance in `currency`.
    /// @param currency The currency.
    /// @return amount What was paid.
    function withdraw(address currency) external returns (uint256 amount);

    /// @notice Revenue credited to a split and not yet distributed.
    /// @param splitId The split.
    /// @param currency The currency.
    /// @return The pool's amount.
    function pendingRevenue(uint256 splitId, address currency) external view returns (uint256);

    /// @notice What `account` can withdraw in `currency` now.
    /// @param account The payee.
    /// @param currency The currency.
    /// @return The withdrawable amount.
    function withdrawable(address account, address currency) external view returns (uint256);

    /// @notice Every currency ever allowed (ETH first), and whether each is allowed now.
    /// @return currencies The list.
    /// @return allowed Parallel flags.
    function currencies() external view returns (address[] memory currencies, bool[] memory allowed);
}

/// @title IConsortiumTypes
/// @notice Types of a consortium's governance (and the market's, which proposals carry).
interface IConsortiumTypes is ILicenseTypes {
    /// @notice What a proposal does when executed, and its payload's ABI encoding.
    /// ADMIT_MEMBER `(address account, uint96 weight)`; REMOVE_MEMBER `(address account)`;
    /// SET_WEIGHT `(address account, uint96 weight)`; ADD_ASSET `(uint256 assetId)`;
    /// PUBLISH_OFFER `(ILicenseTypes.OfferParams)` (its splitId is replaced by the consortium's);
    /// SET_OFFER_STATUS `(uint256 offerId, ILicenseTypes.OfferStatus status)`;
    /// RELEASE_ASSET `(uint256 assetId, address to)`.
    enum ProposalKind {
        ADMIT_MEMBER,
        REMOVE_MEMBER,
        SET_WEIGHT,
        ADD_ASSET,
        PUBLISH_OFFER,
        SET_OFFER_STATUS,
        RELEASE_ASSET
    }

    /// @notice A proposal's state at the current block. ACTIVE: open, not passed yet. PASSED: yes
    /// weight reached the threshold, executable until it expires. DEFEATED: no weight makes the
    /// threshold unreachable. EXPIRED: its lifetime ended before execution. EXECUTED: done (final).
    enum ProposalStatus {
        ACTIVE,
        PASSED,
        DEFEATED,
        EXPIRED,
        EXECUTED
    }

    /// @notice A proposal as the dapp shows it.
    struct ProposalInfo {
        ProposalKind kind;
        bytes payload;
        address creator;
        uint64 createdAt;
        uint64 expiresAt;
        uint48 snapshot;
        uint256 totalWeight;
        uint256 yesWeight;
        uint256 noWeight;
        ProposalStatus status;
    }
}

/// @title IConsortiumErrors
/// @notice Errors of a consortium, each carrying the offending values.
interface IConsortiumErrors {
    error ConsortiumNoMembers();
    error ConsortiumTooManyMembers(uint256 count, uint256 max);
    error ConsortiumLengthMismatch(uint256 members, uint256 weights);
    error ConsortiumInvalidMember(address account);
    error ConsortiumInvalidRecipient(address recipient);
    error ConsortiumAlreadyMember(address account);
    error ConsortiumZeroWeight(address account);
    error ConsortiumInvalidThreshold(uint256 thresholdBps, uint256 min, uint256 max);
    error ConsortiumInvalidLifetime(uint256 lifetime, uint256 min, uint256 max);
    error ConsortiumNotMember(address account);
    error ConsortiumLastMember(address account);

    error ConsortiumProposalNotFound(uint256 proposalId);
    error ConsortiumInvalidPayload(IConsortiumTypes.ProposalKind kind, uint256 length);
    error ConsortiumProposalExpired(uint256 proposalId, uint64 expiresAt);
    error ConsortiumProposalAlreadyExecuted(uint256 proposalId);
    error ConsortiumProposalNotPassed(uint256 proposalId, uint256 yesWeight, uint256 requiredWeight);
    error ConsortiumAlreadyVoted(uint256 proposalId, address account);
    error ConsortiumNoWeightAtSnapshot(uint256 proposalId, address account);

    error ConsortiumAssetAlreadyPooled(uint256 assetId);
    error ConsortiumAssetNotPooled(uint256 assetId);
    error ConsortiumInvalidOfferStatus(ILicenseTypes.OfferStatus status);

    error ConsortiumCurrencyNotListed(address currency);
    error ConsortiumNothingToClaim(address account, address currency);
    error ConsortiumSyncFailed(address currency);
    error ConsortiumEthTransferFailed(address to, uint256 amount);
    error ConsortiumUnexpectedEth(address sender);
}

/// @title IConsortiumEvents
/// @notice Events of a consortium: one for every state change.
interface IConsortiumEvents {
    /// @notice The consortium was set up (its initial members follow as MemberAdmitted).
    /// @param market The market it pools assets on.
    /// @param splitId Its own fixed split (sole recipient: the consortium).
    /// @param thresholdBps Yes weight needed, in basis points of the snapshot's total weight.
    /// @param lifetime Seconds a proposal stays open.
    event ConsortiumConfigured(address indexed market, uint256 indexed splitId, uint16 thresholdBps, uint64 lifetime);

    /// @notice A member joined (at construction or by proposal).
    /// @param account The member.
    /// @param weight Its weight.
    event MemberAdmitted(address indexed account, uint96 weight);

    /// @notice A member left; what it had accrued stays claimable.
    /// @param account The former member.
    event MemberRemoved(address indexed account);

    /// @notice A member's weight changed; what it had accrued stays attributed under the old one.
    /// @param account The member.
    /// @param oldWeight Its weight before.
    /// @param newWeight Its weight now.
    event MemberWeightChanged(address indexed account, uint96 oldWeight, uint96 newWeight);

    /// @notice A member proposed something.
    /// @param proposalId The new proposal.
    /// @param creator The member.
    /// @param kind What it does.
    /// @param payload Its ABI-encoded arguments (see ProposalKind).
    /// @param snapshot The membership epoch whose weights vote on it.
    /// @param expiresAt When it can no longer be voted on or executed.
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed creator,
        IConsortiumTypes.ProposalKind kind,
        bytes payload,
        uint48 snapshot,
        uint64 expiresAt
    );

    /// @notice A member voted.
    /// @param proposalId The proposal.
    /// @param voter The member.
    /// @param support Yes or no.
    /// @param weight The voter's weight at the proposal's snapshot.
    event Voted(uint256 indexed proposalId, address indexed voter, bool support, uint256 weight);

    /// @notice A passed proposal was executed.
    /// @param proposalId The proposal.
    /// @param executor Who executed it.
    event ProposalExecuted(uint256 indexed proposalId, address indexed executor);

    /// @notice The consortium took control of an asset: members are cross-licensed to it.
    /// @param assetId The asset.
    event AssetPooled(uint256 indexed assetId);

    /// @notice The consortium nominated `to` as a pooled asset's controller; members lost access.
    /// @param assetId The asset.
    /// @param to The nominee, who must accept on the market.
    event AssetReleased(uint256 indexed assetId, address indexed to);

    /// @notice The consortium published an offer on a pooled asset, paying its own split.
    /// @param offerId The market's offer.
    /// @param assetId The pooled asset.
    event PooledOfferPublished(uint256 indexed offerId, uint256 indexed assetId);

    /// @notice The consortium paused, resumed or closed one of its offers.
    /// @param offerId The offer.
    /// @param status Its new status.
    event PooledOfferStatusSet(uint256 indexed offerId, ILicenseTypes.OfferStatus status);

    /// @notice Revenue arrived from the market and was shared by weight.
    /// @param currency The currency.
    /// @param amount What arrived.
    /// @param accPerWeight The cumulative revenue per unit of weight, scaled by 1e18, after it.
    event RevenueSynced(address indexed currency, uint256 amount, uint256 accPerWeight);

    /// @notice A membership change could not pull revenue in `currency` (the token refused the
    /// market's payout); that revenue stays in the market until a later sync.
    /// @param currency The currency.
    /// @param reason The revert data of the market's withdraw.
    event RevenueSyncSkipped(address indexed currency, bytes reason);

    /// @notice A member or former member was paid what it had accrued.
    /// @param account The payee.
    /// @param currency The currency.
    /// @param to Where it was sent.
    /// @param amount The amount paid.
    event RevenueClaimed(address indexed account, address indexed currency, address to, uint256 amount);
}

/// @title IConsortium
/// @notice A consortium of asset owners on the Tessera market, with members and weights and no
/// owner: members pool assets, publish offers paying the consortium's split, share the revenue by
/// weight and are entitled to every pooled asset while they are members. Every change is a
/// proposal, voted by weight at the proposal's creation and executed by anyone once passed.
interface IConsortium is IConsortiumTypes, IConsortiumErrors, IConsortiumEvents {
    /// @notice Proposes an action. Only a current member may.
    /// @param kind What the proposal does.
    /// @param payload Its ABI-encoded arguments (see ProposalKind).
    /// @return proposalId The new proposal's id (sequential from 1).
    function propose(ProposalKind kind, bytes calldata payload) external returns (uint256 proposalId);

    /// @notice Votes on an open proposal with the caller's weight at its snapshot. Only a current
    /// member who had weight at the snapshot, once.
    /// @param proposalId The proposal.
    /// @param support Yes (true) or no (false).
    function vote(uint256 proposalId, bool support) external;

    /// @notice Executes a passed, unexpired, unexecuted proposal. Anyone may.
    /// @param proposalId The proposal.
    function execute(uint256 proposalId) external;

    /// @notice Pulls the consortium's revenue in `currency` from the market and shares it by
    /// weight. Anyone may.
    /// @param currency A currency the market lists (address(0) for ETH).
    /// @return amount What arrived.
    function sync(address currency) external returns (uint256 amount);

    /// @notice Syncs `currency`, then pays the caller everything it has accrued in it.
    /// @param currency The currency.
    /// @return amount What was paid.
    function claim(address currency) external returns (uint256 amount);

    /// @notice As claim, but sends the payment to `to` (for payees that cannot receive ETH).
    /// @param currency The currency.
    /// @param to Where to send it.
    /// @return amount What was paid.
    function claimTo(address currency, address to) external returns (uint256 amount);

    /// @notice Until when `account` may use `version` of `assetId` through membership.
    /// @param account The wallet to check.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return type(uint64).max if `account` is a member, the asset is pooled (the consortium controls
    /// it on the market) and the version exists; 0 otherwise.
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64);

    /// @notice The current members and their weights.
    /// @return accounts The members, in no particular order.
    /// @return weights Their weights.
    function members() external view returns (address[] memory accounts, uint96[] memory weights);

    /// @notice Whether `account` is a current member.
    /// @param account The account.
    /// @return Whether it is.
    function isMember(address account) external view returns (bool);

    /// @notice `account`'s current weight (0 if not a member).
    /// @param account The account.
    /// @return Its weight.
    function weightOf(address account) external view returns (uint96);

    /// @notice `account`'s weight at a membership epoch (a proposal's snapshot).
    /// @param account The account.
    /// @param epoch The epoch (at most the current one).
    /// @return Its weight then.
    function weightAt(address account, uint48 epoch) external view returns (uint96);

    /// @notice The sum of the current members' weights.
    /// @return The total weight.
    function totalWeight() external view returns (uint256);

    /// @notice The current membership epoch: incremented by every admission, removal and reweight.
    /// @return The epoch.
    function epoch() external view returns (uint48);

    /// @notice How many proposals exist (ids run from 1 to it).
    /// @return The count.
    function proposalCount() external view returns (uint256);

    /// @notice A proposal with its tally and status now.
    /// @param proposalId The proposal.
    /// @return info Kind, payload, creator, times, snapshot, weights and status.
    function proposal(uint256 proposalId) external view returns (ProposalInfo memory info);

    /// @notice Whether `account` voted on a proposal.
    /// @param proposalId The proposal.
    /// @param account The account.
    /// @return Whether it voted.
    function hasVoted(uint256 proposalId, address account) external view returns (bool);

    /// @notice The assets the consortium pools (members are entitled to them).
    /// @return assetIds The pooled assets.
    function pooledAssets() external view returns (uint256[] memory assetIds);

    /// @notice Whether the consortium pools `assetId`.
    /// @param assetId The asset.
    /// @return Whether it does.
    function isPooled(uint256 assetId) external view returns (bool);

    /// @notice The offers the consortium published.
    /// @return offerIds The market's offer ids.
    function pooledOffers() external view returns (uint256[] memory offerIds);

    /// @notice What `account` can claim in `currency` now, not counting revenue still in the market
    /// (see `unsynced`).
    /// @param account A member or former member.
    /// @param currency The currency.
    /// @return The amount.
    function owed(address account, address currency) external view returns (uint256);

    /// @notice Revenue in `currency` waiting in the market for the next sync.
    /// @param currency The currency.
    /// @return The amount.
    function unsynced(address currency) external view returns (uint256);

    /// @notice Rounding dust in `currency`: arrived, not yet attributable to anyone to the wei; it is
    /// carried into the next arrival's share-out, never lost.
    /// @param currency The currency.
    /// @return The amount.
    function undistributed(address currency) external view returns (uint256);

    /// @notice The currencies revenue has ever arrived in.
    /// @return The list.
    function revenueCurrencies() external view returns (address[] memory);
}

/// @title IConsortiumFactory
/// @notice Creates consortia and tells them apart from look-alikes.
interface IConsortiumFactory {
    /// @notice A consortium was created.
    /// @param consortium The new consortium.
    /// @param market The market it pools assets on.
    /// @param creator Who called the factory.
    /// @param splitId The consortium's own split on the market.
    event ConsortiumCreated(
        address indexed consortium,
        address indexed market,
        address indexed creator,
        uint256 splitId
    );

    /// @notice Creates a consortium with no owner.
    /// @param market The LicenseMarket.
    /// @param accounts Initial members (1..50, distinct, non-zero).
    /// @param weights Their weights (each > 0).
    /// @param thresholdBps Yes weight needed to pass, in basis points of the total (5,001..10,000).
    /// @param lifetime Seconds a proposal stays open (1 hour..365 days).
    /// @return consortium The new consortium's address.
    function createConsortium(
        IConsortiumMarket market,
        address[] calldata accounts,
        uint96[] calldata weights,
        uint16 thresholdBps,
        uint64 lifetime
    ) external returns (address consortium);

    /// @notice Whether `account` is a consortium this factory created.
    /// @param account The address.
    /// @return Whether it is.
    function isConsortium(address account) external view returns (bool);

    /// @notice How many consortia this factory created.
    /// @return The count.
    function consortiumCount() external view returns (uint256);

    /// @notice The `index`-th consortium created (from 0).
    /// @param index The index.
    /// @return The consortium.
    function consortiumAt(uint256 index) external view returns (address);
}
