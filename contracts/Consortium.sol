// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IConsortium, IConsortiumMarket} from "./interfaces/IConsortium.sol";

/// @title Consortium: asset owners pooling models and datasets on the market, with no owner.
/// @notice Members with weights govern by proposal: admit, remove or reweight a member, pool an
/// asset, publish or pause an offer on it, release it. A proposal passes when the yes weight reaches
/// `thresholdBps` of the total weight, both taken at the proposal's creation; anyone then executes it
/// before it expires. Pooled offers pay the consortium's own fixed split; `sync` pulls that revenue
/// from the market and shares it by weight, and each member `claim`s its part, at a gas cost that
/// does not depend on the number of members. Members are entitled to every pooled asset
/// (`accessExpiry`) without buying licenses.
/// @dev Snapshot: every membership change increments a membership epoch and checkpoints the member's
/// weight under it (OpenZeppelin Checkpoints). A proposal records the epoch current at its creation
/// and the total weight then; a vote counts the voter's weight at that epoch. A member admitted or
/// reweighted after a proposal's creation therefore cannot bring new weight to it, even within the
/// same block (epochs, unlike block numbers, order changes inside a block). A voter must also still
/// be a member when it votes: a member removed after a proposal's creation cannot vote on it.
/// Execution is a separate call that anyone may make once a proposal has passed, not a side effect
/// of the deciding vote, so an action that fails for now (an asset not yet nominated) can be retried.
/// Revenue: a MasterChef-style accumulator per currency, `accPerWeight`, the revenue per unit of
/// weight scaled by 1e18, and per account a `debt` (the accumulator at its last settlement) and an
/// `owed` balance in wei. An arrival of `amount` adds floor((amount * 1e18 + carry) / totalWeight) to
/// the accumulator and keeps the remainder as `carry`; settling an account moves
/// floor(weight * (acc - debt) / 1e18) wei to its `owed` and returns the sub-wei remainder to `carry`.
/// So, in units of 1e-18 wei, everything that arrived is exactly claimed, owed, still accruing to a
/// current member, or carried; carried dust joins the next arrival's share-out. Membership changes
/// first sync every market currency (revenue that arrived is shared under the weights it arrived
/// under), then settle the affected member, so nothing is re-attributed and leavers keep their due.
/// `claim` syncs its currency first, so a member needs one transaction; its gas is the same whatever
/// the number of members (the consortium's split has one payee, and only the caller is settled).
contract Consortium is IConsortium, ReentrancyGuardTransient {
    using Checkpoints for Checkpoints.Trace208;
    using SafeERC20 for IERC20;

    struct Member {
        uint96 weight;
        /// @dev 1 + the member's index in `_memberList`; 0 for non-members.
        uint8 slot;
    }

    struct Proposal {
        address creator;
        ProposalKind kind;
        bool executed;
        uint48 snapshot;
        uint64 createdAt;
        uint64 expiresAt;
        uint256 totalWeight;
        uint256 yesWeight;
        uint256 noWeight;
        bytes payload;
    }

    struct Revenue {
        uint256 accPerWeight;
        uint256 carry;
    }

    struct Account {
        uint256 debt;
        uint256 owed;
    }

    /// @notice The most members a consortium may have (as many as a market split may have payees;
    /// it bounds the membership loops of the views, never a claim).
    uint256 public constant MAX_MEMBERS = 50;
    /// @notice The lowest pass threshold: a strict majority of the weight.
    uint16 public constant MIN_THRESHOLD_BPS = 5_001;
    /// @notice The highest pass threshold: unanimity.
    uint16 public constant MAX_THRESHOLD_BPS = 10_000;
    /// @notice The shortest proposal lifetime.
    uint64 public constant MIN_LIFETIME = 1 hours;
    /// @notice The longest proposal lifetime.
    uint64 public constant MAX_LIFETIME = 365 days;
    /// @notice Fixed-point scale of `accPerWeight`.
    uint256 public constant ACC_SCALE = 1e18;
    uint256 private constant _BPS = 10_000;
    address private constant _NATIVE = address(0);

    /// @notice The market the consortium pools assets on.
    IConsortiumMarket public immutable market;
    /// @notice The consortium's own fixed split on the market (sole recipient: the consortium).
    uint256 public immutable splitId;
    /// @notice Yes weight a proposal needs, in basis points of its snapshot's total weight.
    uint16 public immutable thresholdBps;
    /// @notice Seconds a proposal stays open for votes and execution.
    uint64 public immutable lifetime;

    mapping(address account => Member) private _members;
    address[] private _memberList;
    mapping(address account => Checkpoints.Trace208) private _weightHistory;
    uint256 private _totalWeight;
    uint48 private _epoch;

    mapping(uint256 proposalId => Proposal) private _proposals;
    uint256 private _proposalCount;
    mapping(uint256 proposalId => mapping(address account => bool)) private _voted;

    uint256[] private _pooledList;
    /// @dev 1 + the asset's index in `_pooledList`; 0 for assets not pooled.
    mapping(uint256 assetId => uint256) private _pooledSlot;
    uint256[] private _offerList;

    mapping(address currency => Revenue) private _revenue;
    mapping(address account => mapping(address currency => Account)) private _accounts;
    address[] private _currencyList;
    mapping(address currency => bool) private _knownCurrency;

    /// @notice Sets up a consortium and creates its fixed split on the market.
    /// @param market_ The LicenseMarket.
    /// @param accounts Initial members (1..50, distinct, non-zero).
    /// @param weights Their weights (each > 0).
    /// @param thresholdBps_ Yes weight needed, in basis points of the total (5,001..10,000).
    /// @param lifetime_ Seconds a proposal stays open (1 hour..365 days).
    constructor(
        IConsortiumMarket market_,
        address[] memory accounts,
        uint96[] memory weights,
        uint16 thresholdBps_,
        uint64 lifetime_
    ) {
        uint256 n = accounts.length;
        if (n == 0) revert ConsortiumNoMembers();
        if (n > MAX_MEMBERS) revert ConsortiumTooManyMembers(n, MAX_MEMBERS);
        if (weights.length != n) revert ConsortiumLengthMismatch(n, weights.length);
        if (thresholdBps_ < MIN_THRESHOLD_BPS || thresholdBps_ > MAX_THRESHOLD_BPS) {
            revert ConsortiumInvalidThreshold(thresholdBps_, MIN_THRESHOLD_BPS, MAX_THRESHOLD_BPS);
        }
        if (lifetime_ < MIN_LIFETIME || lifetime_ > MAX_LIFETIME) {
            revert ConsortiumInvalidLifetime(lifetime_, MIN_LIFETIME, MAX_LIFETIME);
        }
        market = market_;
        thresholdBps = thresholdBps_;
        lifetime = lifetime_;
        for (uint256 i; i < n; ++i) {
            _checkNewMember(accounts[i], weights[i]);
            _addMember(accounts[i], weights[i], 0);
        }
        address[] memory recipients = new address[](1);
        recipients[0] = address(this);
        uint16[] memory bps = new uint16[](1);
        bps[0] = uint16(_BPS);
        uint256 id = market_.createSplit(recipients, bps, address(0));
        splitId = id;
        emit ConsortiumConfigured(address(market_), id, thresholdBps_, lifetime_);
    }

    /// @notice Receives ETH the market pays out to the consortium; rejects any other sender.
    receive() external payable {
        if (msg.sender != address(market)) revert ConsortiumUnexpectedEth(msg.sender);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IConsortium
    function propose(ProposalKind kind, bytes calldata payload) external returns (uint256 proposalId) {
        if (_members[msg.sender].weight == 0) revert ConsortiumNotMember(msg.sender);
        bytes memory stored = _checkProposal(kind, payload);
        proposalId = ++_proposalCount;
        uint64 expiresAt = uint64(block.timestamp) + lifetime;
        Proposal storage p = _proposals[proposalId];
        p.creator = msg.sender;
        p.kind = kind;
        p.snapshot = _epoch;
        p.createdAt = uint64(block.timestamp);
        p.expiresAt = expiresAt;
        p.totalWeight = _totalWeight;
        p.payload = stored;
        emit ProposalCreated(proposalId, msg.sender, kind, stored, _epoch, expiresAt);
    }

    /// @inheritdoc IConsortium
    function vote(uint256 proposalId, bool support) external {
        Proposal storage p = _openProposal(proposalId);
        if (_members[msg.sender].weight == 0) revert ConsortiumNotMember(msg.sender);
        if (_voted[proposalId][msg.sender]) revert ConsortiumAlreadyVoted(proposalId, msg.sender);
        uint256 weight = _weightHistory[msg.sender].upperLookupRecent(p.snapshot);
        if (weight == 0) revert ConsortiumNoWeightAtSnapshot(proposalId, msg.sender);
        _voted[proposalId][msg.sender] = true;
        if (support) p.yesWeight += weight;
        else p.noWeight += weight;
        emit Voted(proposalId, msg.sender, support, weight);
    }

    /// @inheritdoc IConsortium
    /// @dev Execution is a separate call (not the deciding vote), so a proposal whose action fails now
    /// (e.g. an asset not yet nominated) can be executed again later, until it expires.
    function execute(uint256 proposalId) external nonReentrant {
        Proposal storage p = _openProposal(proposalId);
        uint256 required = _requiredWeight(p.totalWeight);
        if (p.yesWeight < required) revert ConsortiumProposalNotPassed(proposalId, p.yesWeight, required);
        p.executed = true;
        emit ProposalExecuted(proposalId, msg.sender);
        _perform(p.kind, p.payload);
    }

    // ---------------------------------------------------------------- revenue

    /// @inheritdoc IConsortium
    function sync(address currency) external nonReentrant returns (uint256 amount) {
        if (!_knownCurrency[currency]) _registerListedCurrency(currency);
        return _sync(currency, false);
    }

    /// @inheritdoc IConsortium
    /// @dev Syncs first, so one call pays everything the market holds for the caller. Gas does not
    /// depend on the number of members: the split has one recipient and settling touches only the
    /// caller's record.
    function claim(address currency) external nonReentrant returns (uint256 amount) {
        return _claim(currency, msg.sender);
    }

    /// @inheritdoc IConsortium
    function claimTo(address currency, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ConsortiumInvalidRecipient(to);
        return _claim(currency, to);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IConsortium
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64) {
        if (_members[account].weight == 0 || _pooledSlot[assetId] == 0 || version == 0) return 0;
        AssetInfo memory info = market.assetInfo(assetId);
        if (info.controller != address(this) || version > info.versionCount) return 0;
        return type(uint64).max;
    }

    /// @inheritdoc IConsortium
    function members() external view returns (address[] memory accounts, uint96[] memory weights) {
        accounts = _memberList;
        weights = new uint96[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) weights[i] = _members[accounts[i]].weight;
    }

    /// @inheritdoc IConsortium
    function isMember(address account) external view returns (bool) {
        return _members[account].weight != 0;
    }

    /// @inheritdoc IConsortium
    function weightOf(address account) external view returns (uint96) {
        return _members[account].weight;
    }

    /// @inheritdoc IConsortium
    function weightAt(address account, uint48 epoch_) external view returns (uint96) {
        return uint96(_weightHistory[account].upperLookupRecent(epoch_));
    }

    /// @inheritdoc IConsortium
    function totalWeight() external view returns (uint256) {
        return _totalWeight;
    }

    /// @inheritdoc IConsortium
    function epoch() external view returns (uint48) {
        return _epoch;
    }

    /// @inheritdoc IConsortium
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IConsortium
    function proposal(uint256 proposalId) external view returns (ProposalInfo memory info) {
        Proposal storage p = _existingProposal(proposalId);
        return
            ProposalInfo({
                kind: p.kind,
                payload: p.payload,
                creator: p.creator,
                createdAt: p.createdAt,
                expiresAt: p.expiresAt,
                snapshot: p.snapshot,
                totalWeight: p.totalWeight,
                yesWeight: p.yesWeight,
                noWeight: p.noWeight,
                status: _status(p)
            });
    }

    /// @inheritdoc IConsortium
    function hasVoted(uint256 proposalId, address account) external view returns (bool) {
        return _voted[proposalId][account];
    }

    /// @inheritdoc IConsortium
    function pooledAssets() external view returns (uint256[] memory assetIds) {
        return _pooledList;
    }

    /// @inheritdoc IConsortium
    function isPooled(uint256 assetId) external view returns (bool) {
        return _pooledSlot[assetId] != 0;
    }

    /// @inheritdoc IConsortium
    function pooledOffers() external view returns (uint256[] memory offerIds) {
        return _offerList;
    }

    /// @inheritdoc IConsortium
    function owed(address account, address currency) external view returns (uint256) {
        Account storage a = _accounts[account][currency];
        uint256 accrued = uint256(_members[account].weight) * (_revenue[currency].accPerWeight - a.debt);
        return a.owed + accrued / ACC_SCALE;
    }

    /// @inheritdoc IConsortium
    function unsynced(address currency) external view returns (uint256) {
        return market.pendingRevenue(splitId, currency) + market.withdrawable(address(this), currency);
    }

    /// @inheritdoc IConsortium
    /// @dev Exact: the carry plus every current member's sub-wei accrual is a whole number of wei.
    function undistributed(address currency) external view returns (uint256) {
        Revenue storage r = _revenue[currency];
        uint256 acc = r.accPerWeight;
        uint256 scaled = r.carry;
        uint256 n = _memberList.length;
        for (uint256 i; i < n; ++i) {
            address account = _memberList[i];
            scaled += (uint256(_members[account].weight) * (acc - _accounts[account][currency].debt)) % ACC_SCALE;
        }
        return scaled / ACC_SCALE;
    }

    /// @inheritdoc IConsortium
    function revenueCurrencies() external view returns (address[] memory) {
        return _currencyList;
    }

    // ---------------------------------------------------------------- proposals (internal)

    /// @dev Validates a proposal against the current state; returns the payload to store (PUBLISH_OFFER's
    /// splitId replaced by the consortium's). Execution validates again: the state may have moved.
    function _checkProposal(ProposalKind kind, bytes memory payload) private view returns (bytes memory) {
        if (payload.length != _payloadLength(kind)) revert ConsortiumInvalidPayload(kind, payload.length);
        if (kind == ProposalKind.ADMIT_MEMBER) {
            (address account, uint96 weight) = abi.decode(payload, (address, uint96));
            _checkNewMember(account, weight);
        } else if (kind == ProposalKind.REMOVE_MEMBER) {
            _checkRemovable(abi.decode(payload, (address)));
        } else if (kind == ProposalKind.SET_WEIGHT) {
            (address account, uint96 weight) = abi.decode(payload, (address, uint96));
            if (_members[account].weight == 0) revert ConsortiumNotMember(account);
            if (weight == 0) revert ConsortiumZeroWeight(account);
        } else if (kind == ProposalKind.ADD_ASSET) {
            uint256 assetId = abi.decode(payload, (uint256));
            if (_pooledSlot[assetId] != 0) revert ConsortiumAssetAlreadyPooled(assetId);
        } else if (kind == ProposalKind.PUBLISH_OFFER) {
            OfferParams memory params = abi.decode(payload, (OfferParams));
            if (_pooledSlot[params.assetId] == 0) revert ConsortiumAssetNotPooled(params.assetId);
            params.splitId = splitId;
            return abi.encode(params);
        } else if (kind == ProposalKind.SET_OFFER_STATUS) {
            (, OfferStatus status) = abi.decode(payload, (uint256, OfferStatus));
            if (status == OfferStatus.NONE) revert ConsortiumInvalidOfferStatus(status);
        } else {
            (uint256 assetId, address to) = abi.decode(payload, (uint256, address));
            if (_pooledSlot[assetId] == 0) revert ConsortiumAssetNotPooled(assetId);
            if (to == address(0)) revert ConsortiumInvalidRecipient(to);
        }
        return payload;
    }

    function _payloadLength(ProposalKind kind) private pure returns (uint256) {
        if (kind == ProposalKind.REMOVE_MEMBER || kind == ProposalKind.ADD_ASSET) return 32;
        if (kind == ProposalKind.PUBLISH_OFFER) return 320;
        return 64;
    }

    /// @dev Carries out a passed proposal (validated again first).
    function _perform(ProposalKind kind, bytes memory payload) private {
        _checkProposal(kind, payload);
        if (kind == ProposalKind.ADMIT_MEMBER) {
            (address account, uint96 weight) = abi.decode(payload, (address, uint96));
            _syncAll();
            _settleAll(account, 0);
            _addMember(account, weight, ++_epoch);
        } else if (kind == ProposalKind.REMOVE_MEMBER) {
            address account = abi.decode(payload, (address));
            _syncAll();
            _settleAll(account, _members[account].weight);
            _removeMember(account);
        } else if (kind == ProposalKind.SET_WEIGHT) {
            (address account, uint96 weight) = abi.decode(payload, (address, uint96));
            _syncAll();
            uint96 old = _members[account].weight;
            _settleAll(account, old);
            _members[account].weight = weight;
            _totalWeight = _totalWeight - old + weight;
            _weightHistory[account].push(++_epoch, weight);
            emit MemberWeightChanged(account, old, weight);
        } else if (kind == ProposalKind.ADD_ASSET) {
            _poolAsset(abi.decode(payload, (uint256)));
        } else if (kind == ProposalKind.PUBLISH_OFFER) {
            OfferParams memory params = abi.decode(payload, (OfferParams));
            uint256 offerId = market.createOffer(params);
            _offerList.push(offerId);
            emit PooledOfferPublished(offerId, params.assetId);
        } else if (kind == ProposalKind.SET_OFFER_STATUS) {
            (uint256 offerId, OfferStatus status) = abi.decode(payload, (uint256, OfferStatus));
            emit PooledOfferStatusSet(offerId, status);
            market.setOfferStatus(offerId, status);
        } else {
            (uint256 assetId, address to) = abi.decode(payload, (uint256, address));
            _unpool(assetId);
            emit AssetReleased(assetId, to);
            market.nominateAssetController(assetId, to);
        }
    }

    /// @dev Takes control of a nominated asset; or, for an asset the consortium still controls after
    /// releasing it (the nominee has not accepted), cancels the nomination.
    function _poolAsset(uint256 assetId) private {
        uint256 slot = _pooledList.length + 1;
        _pooledList.push(assetId);
        _pooledSlot[assetId] = slot;
        emit AssetPooled(assetId);
        AssetInfo memory info = market.assetInfo(assetId);
        if (info.controller != address(this)) market.acceptAssetController(assetId);
        else if (info.pendingController != address(0)) market.nominateAssetController(assetId, address(0));
    }

    function _unpool(uint256 assetId) private {
        uint256 index = _pooledSlot[assetId] - 1;
        uint256 last = _pooledList[_pooledList.length - 1];
        _pooledList[index] = last;
        _pooledSlot[last] = index + 1;
        _pooledList.pop();
        delete _pooledSlot[assetId];
    }

    function _openProposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _existingProposal(proposalId);
        if (p.executed) revert ConsortiumProposalAlreadyExecuted(proposalId);
        if (block.timestamp >= p.expiresAt) revert ConsortiumProposalExpired(proposalId, p.expiresAt);
    }

    function _existingProposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.creator == address(0)) revert ConsortiumProposalNotFound(proposalId);
    }

    /// @dev The least yes weight with yes * 10,000 >= thresholdBps * total.
    function _requiredWeight(uint256 total) private view returns (uint256) {
        return (total * thresholdBps + _BPS - 1) / _BPS;
    }

    function _status(Proposal storage p) private view returns (ProposalStatus) {
        if (p.executed) return ProposalStatus.EXECUTED;
        if (block.timestamp >= p.expiresAt) return ProposalStatus.EXPIRED;
        uint256 required = _requiredWeight(p.totalWeight);
        if (p.yesWeight >= required) return ProposalStatus.PASSED;
        if (p.totalWeight - p.noWeight < required) return ProposalStatus.DEFEATED;
        return ProposalStatus.ACTIVE;
    }

    // ---------------------------------------------------------------- membership (internal)

    function _checkNewMember(address account, uint96 weight) private view {
        if (account == address(0)) revert ConsortiumInvalidMember(account);
        if (_members[account].weight != 0) revert ConsortiumAlreadyMember(account);
        if (weight == 0) revert ConsortiumZeroWeight(account);
        if (_memberList.length == MAX_MEMBERS) revert ConsortiumTooManyMembers(MAX_MEMBERS + 1, MAX_MEMBERS);
    }

    function _checkRemovable(address account) private view {
        if (_members[account].weight == 0) revert ConsortiumNotMember(account);
        if (_memberList.length == 1) revert ConsortiumLastMember(account);
    }

    function _addMember(address account, uint96 weight, uint48 epoch_) private {
        _memberList.push(account);
        _members[account] = Member({weight: weight, slot: uint8(_memberList.length)});
        _totalWeight += weight;
        _weightHistory[account].push(epoch_, weight);
        emit MemberAdmitted(account, weight);
    }

    function _removeMember(address account) private {
        Member memory m = _members[account];
        address last = _memberList[_memberList.length - 1];
        _memberList[m.slot - 1] = last;
        _members[last].slot = m.slot;
        _memberList.pop();
        delete _members[account];
        _totalWeight -= m.weight;
        _weightHistory[account].push(++_epoch, 0);
        emit MemberRemoved(account);
    }

    // ---------------------------------------------------------------- revenue (internal)

    function _claim(address currency, address to) private returns (uint256 amount) {
        if (!_knownCurrency[currency]) _registerListedCurrency(currency);
        _sync(currency, false);
        _settle(msg.sender, currency, _members[msg.sender].weight);
        Account storage a = _accounts[msg.sender][currency];
        amount = a.owed;
        if (amount == 0) revert ConsortiumNothingToClaim(msg.sender, currency);
        a.owed = 0;
        emit RevenueClaimed(msg.sender, currency, to, amount);
        if (currency == _NATIVE) {
            (bool ok, ) = to.call{value: amount}("");
            if (!ok) revert ConsortiumEthTransferFailed(to, amount);
        } else {
            IERC20(currency).safeTransfer(to, amount);
        }
    }

    /// @dev Pulls the split's revenue in `currency` from the market and adds it to the accumulator.
    /// What arrived is measured by the consortium's own balance, not by what the market reports.
    /// With `tolerant`, a payout the token refuses (a paused or blacklisting ERC-20) is skipped and
    /// reported instead of reverting: one broken currency must not freeze governance.
    function _sync(address currency, bool tolerant) private returns (uint256 amount) {
        uint256 id = splitId;
        if (market.pendingRevenue(id, currency) != 0) market.distribute(id, currency);
        else if (market.withdrawable(address(this), currency) == 0) return 0;
        uint256 before = _balance(currency);
        if (!_withdraw(currency, tolerant)) return 0;
        amount = _balance(currency) - before;
        if (amount == 0) return 0;
        Revenue storage r = _revenue[currency];
        uint256 total = _totalWeight;
        uint256 scaled = amount * ACC_SCALE + r.carry;
        uint256 perWeight = scaled / total;
        uint256 acc = r.accPerWeight + perWeight;
        r.accPerWeight = acc;
        r.carry = scaled - perWeight * total;
        emit RevenueSynced(currency, amount, acc);
    }

    /// @dev Withdraws the consortium's market balance; with `tolerant`, reports a payout the token
    /// refused (RevenueSyncSkipped) and returns false instead of reverting. A failure without revert
    /// data (out of gas, which an executor could provoke by its gas limit to push revenue past a
    /// membership change) is never tolerated.
    function _withdraw(address currency, bool tolerant) private returns (bool) {
        if (!tolerant) {
            market.withdraw(currency);
            return true;
        }
        try market.withdraw(currency) returns (uint256) {
            return true;
        } catch (bytes memory reason) {
            if (reason.length == 0) revert ConsortiumSyncFailed(currency);
            emit RevenueSyncSkipped(currency, reason);
            return false;
        }
    }

    /// @dev Syncs every currency the market lists, so a membership change re-attributes nothing
    /// (save revenue in a currency whose payout fails, which stays in the market: RevenueSyncSkipped).
    function _syncAll() private {
        (address[] memory list, ) = market.currencies();
        for (uint256 i; i < list.length; ++i) {
            if (!_knownCurrency[list[i]]) _addCurrency(list[i]);
            _sync(list[i], true);
        }
    }

    /// @dev Settles `account` (at `weight`) in every currency revenue may have arrived in.
    function _settleAll(address account, uint96 weight) private {
        uint256 n = _currencyList.length;
        for (uint256 i; i < n; ++i) _settle(account, _currencyList[i], weight);
    }

    /// @dev Moves what `account` accrued at `weight` since its last settlement to its `owed`, in
    /// whole wei; the sub-wei remainder goes back to the carry.
    function _settle(address account, address currency, uint96 weight) private {
        Revenue storage r = _revenue[currency];
        Account storage a = _accounts[account][currency];
        uint256 acc = r.accPerWeight;
        uint256 accrued = uint256(weight) * (acc - a.debt);
        a.debt = acc;
        if (accrued == 0) return;
        uint256 whole = accrued / ACC_SCALE;
        a.owed += whole;
        uint256 dust = accrued - whole * ACC_SCALE;
        if (dust != 0) r.carry += dust;
    }

    function _registerListedCurrency(address currency) private {
        (address[] memory list, ) = market.currencies();
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == currency) return _addCurrency(currency);
        }
        revert ConsortiumCurrencyNotListed(currency);
    }

    function _addCurrency(address currency) private {
        _knownCurrency[currency] = true;
        _currencyList.push(currency);
    }

    function _balance(address currency) private view returns (uint256) {
        return currency == _NATIVE ? address(this).balance : IERC20(currency).balanceOf(address(this));
    }
}
