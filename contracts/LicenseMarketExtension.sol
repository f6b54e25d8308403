// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketState} from "./MarketState.sol";
import {IERC4906} from "./interfaces/IERC4906.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";
import {ILicenseMetadata} from "./interfaces/ILicenseMetadata.sol";
import {ILicenseRefunds} from "./interfaces/ILicenseRefunds.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {LicenseData} from "./libraries/LicenseData.sol";

/// @title LicenseMarketExtension: the market's cold functions, refundable offers and their escrow.
/// @notice Runs only in the market's storage: LicenseMarket DELEGATECALLs here (see MarketState), from
/// stubs for publishing offers, revocation and admin wiring (documented on LicenseMarket), and from its
/// fallback for ILicenseRefunds. Called at its own address it sees an empty market with no owner, so
/// it can do nothing.
/// @dev Escrow: a refundable sale's payment is recorded in `_held[licenseId]` instead of being
/// credited (LicenseMarket.purchase / renew). It sits in the market's balance but in no account's
/// balance and no split's pool, so no withdrawal or distribution can reach it; only `refund` (to the
/// holder, at most what is held) and `releaseHeld` (to the revenue route, after the window) move
/// it. Neither makes an external call: the refund is a pull payment through the ledger.
contract LicenseMarketExtension is MarketState, ILicenseRefunds {
    using LicenseData for uint96;

    /// @dev A year: long enough for any trial, short enough that held revenue does reach licensors.
    uint256 private constant _MAX_REFUND_WINDOW = 365 days;

    /// @notice Deploys the extension for markets over `registry`; it keeps no owner of its own.
    /// @param registry The terms registry the market uses (checked by the market's constructor).
    constructor(ITermsRegistry registry) MarketState(msg.sender, registry) {
        _transferOwnership(address(0));
    }

    // ---------------------------------------------------------------- offers (LicenseMarket stubs)

    /// @notice See LicenseMarket.createOffer.
    /// @param p The offer's parameters.
    /// @return offerId The new offer's id.
    function createOffer(OfferParams calldata p) external returns (uint256 offerId) {
        return _createOffer(p, 0);
    }

    /// @notice See LicenseMarket.setOfferStatus.
    /// @param offerId The offer.
    /// @param status ACTIVE, PAUSED or CLOSED.
    function setOfferStatus(uint256 offerId, OfferStatus status) external {
        Offer storage offer = _existingOffer(offerId);
        _checkAssetController(offer.assetId);
        if (offer.status == OfferStatus.CLOSED) revert OfferIsClosed(offerId);
        if (status == OfferStatus.NONE) revert InvalidOfferStatus(status);
        offer.status = status;
        emit OfferStatusChanged(offerId, status);
    }

    /// @notice See LicenseMarket.revoke.
    /// @param licenseId The license.
    /// @param reasonHash Hash of the ruling or evidence.
    function revoke(uint256 licenseId, bytes32 reasonHash) external {
        (address holder, uint96 data) = _existingLicense(licenseId);
        Offer storage offer = _offers[LicenseData.offerOf(licenseId)];
        if (offer.arbiter == address(0) || offer.arbiter != msg.sender) revert NotArbiter(licenseId, msg.sender);
        if (data.isRevoked()) revert LicenseIsRevoked(licenseId);
        _setExtraData(licenseId, data.withRevoked());
        _standingUpdate(holder, offer.assetId, 0);
        emit LicenseRevoked(licenseId, msg.sender, reasonHash);
        if (offer.flags & _TRANSFERABLE != 0) emit IERC5192.Locked(licenseId);
        emit IERC4906.MetadataUpdate(licenseId);
    }

    // ---------------------------------------------------------------- admin (LicenseMarket stubs)

    /// @notice See LicenseMarket.setMetadataRenderer.
    /// @param renderer The ILicenseMetadata implementation.
    function setMetadataRenderer(ILicenseMetadata renderer) external onlyOwner {
        _metadata = renderer;
        emit MetadataRendererSet(address(renderer));
        emit IERC4906.BatchMetadataUpdate(0, type(uint256).max);
    }

    /// @notice See LicenseMarket.wireLineageRegistry.
    /// @param registry The LineageRegistry deployed over the market.
    function wireLineageRegistry(address registry) external onlyOwner {
        if (registry == address(0)) revert ZeroAddress();
        if (lineage != address(0)) revert LineageRegistryAlreadySet(lineage);
        lineage = registry;
        emit LineageRegistrySet(registry);
    }

    /// @notice See LicenseMarket.writeUpstreamRoyalties.
    /// @param assetId The derivative.
    /// @param shares Each ancestor's split and basis points.
    function writeUpstreamRoyalties(uint256 assetId, RoyaltyShare[] calldata shares) external {
        if (msg.sender != lineage) revert NotLineageRegistry(msg.sender); // never address(0)
        uint32 offerCount = _assets[assetId].offerCount;
        if (offerCount != 0) revert AssetAlreadyOffered(assetId, offerCount);
        uint48[] storage route = _upstream[assetId];
        for (uint256 i; i < shares.length; ++i) {
            route.push((uint48(shares[i].splitId) << 16) | shares[i].bps);
        }
        emit UpstreamRoyaltiesSet(assetId, shares);
    }

    // ---------------------------------------------------------------- refunds (ILicenseRefunds)

    /// @inheritdoc ILicenseRefunds
    function createRefundableOffer(
        OfferParams calldata p,
        RefundPolicy calldata policy
    ) external returns (uint256 offerId) {
        if (policy.window == 0 || policy.window > _MAX_REFUND_WINDOW) {
            revert RefundWindowOutOfRange(policy.window, _MAX_REFUND_WINDOW);
        }
        if (policy.penaltyBps > _BPS) revert RefundPenaltyTooHigh(policy.penaltyBps, _BPS);
        offerId = _createOffer(p, _REFUNDABLE);
        _refundPolicies[offerId] = policy;
        emit RefundPolicySet(offerId, policy.window, policy.penaltyBps);
    }

    /// @inheritdoc ILicenseRefunds
    function refund(uint256 licenseId) external nonReentrant returns (uint256 amount) {
        (address holder, uint96 data) = _existingLicense(licenseId);
        if (!_isApprovedOrOwner(msg.sender, licenseId)) revert NotLicenseHolder(licenseId, msg.sender);
        if (data.isRevoked()) revert LicenseIsRevoked(licenseId);
        Held memory held = _held[licenseId];
        if (held.amount == 0) revert NotRefundable(licenseId);
        if (block.timestamp >= held.windowEnd) revert RefundWindowClosed(licenseId, held.windowEnd);
        Offer storage offer = _offers[LicenseData.offerOf(licenseId)];
        amount = _refundOf(held, data.expiry(), _refundPolicies[LicenseData.offerOf(licenseId)].penaltyBps);
        if (amount == 0) revert NothingToRefund(licenseId);

        uint256 retained = held.amount - amount;
        address currency = offer.currency;
        delete _held[licenseId];
        ++offer.refunded;
        _setExpiry(holder, licenseId, offer.assetId, data, uint40(block.timestamp));
        _balances[holder][currency] += amount;
        _creditSale(offer, offer.flags, currency, retained);
        emit LicenseRefunded(licenseId, holder, amount, retained);
    }

    /// @inheritdoc ILicenseRefunds
    function releaseHeld(uint256[] calldata licenseIds) external returns (uint256 total) {
        for (uint256 i; i < licenseIds.length; ++i) {
            uint256 licenseId = licenseIds[i];
            Held memory held = _held[licenseId];
            if (held.amount == 0) revert NotRefundable(licenseId);
            if (block.timestamp < held.windowEnd && _ownerOf(licenseId) != address(0)) {
                // Still refundable unless revoked (an upheld breach claim forfeits the refund).
                if (!_getExtraData(licenseId).isRevoked()) revert RefundWindowOpen(licenseId, held.windowEnd);
            }
            delete _held[licenseId];
            Offer storage offer = _offers[LicenseData.offerOf(licenseId)];
            _creditSale(offer, offer.flags, offer.currency, held.amount);
            total += held.amount;
            emit RefundHoldReleased(licenseId, held.amount);
        }
    }

    /// @inheritdoc ILicenseRefunds
    function refundPolicy(uint256 offerId) external view returns (RefundPolicy memory policy) {
        _existingOffer(offerId);
        return _refundPolicies[offerId];
    }

    /// @inheritdoc ILicenseRefunds
    function refundQuote(uint256 licenseId) external view returns (RefundQuote memory quote) {
        uint256 offerId = LicenseData.offerOf(licenseId);
        Held memory held = _held[licenseId];
        address holder = _ownerOf(licenseId);
        // A burned licence can still have a payment held (releasable); otherwise it must exist.
        if (holder == address(0) && held.amount == 0) revert LicenseNotFound(licenseId);
        quote.held = held.amount;
        quote.windowEnd = held.windowEnd;
        quote.currency = _offers[offerId].currency;
        if (held.amount == 0) return quote;
        uint96 data = _getExtraData(licenseId);
        if (holder == address(0) || block.timestamp >= held.windowEnd || data.isRevoked()) {
            quote.releasable = true;
            return quote;
        }
        quote.refund = _refundOf(held, data.expiry(), _refundPolicies[offerId].penaltyBps);
        quote.retained = held.amount - quote.refund;
        quote.refundable = quote.refund != 0;
    }

    /// @dev The unused share of the held payment (all of it for a perpetual license), less the
    /// penalty on the whole payment; zero if the penalty is larger. Never more than `held.amount`,
    /// because the time left before expiry never exceeds the time paid for (renewals add both).
    function _refundOf(Held memory held, uint40 expiry, uint16 penaltyBps) private view returns (uint256) {
        uint256 unused;
        if (expiry == LicenseData.PERPETUAL) unused = held.amount;
        else if (expiry > block.timestamp) unused = (held.amount * (expiry - block.timestamp)) / held.paidSeconds;
        uint256 penalty = (uint256(held.amount) * penaltyBps) / _BPS;
        return unused > penalty ? unused - penalty : 0;
    }

    /// @dev Publishes an offer (see LicenseMarket.createOffer) with `extraFlags` set.
    function _createOffer(OfferParams calldata p, uint8 extraFlags) private returns (uint256 offerId) {
        _checkAssetController(p.assetId);
        if (p.price > type(uint128).max) revert PriceOutOfRange(p.price);
        if (p.duration > type(uint32).max) revert DurationOutOfRange(p.duration);
        if (p.royaltyBps > _MAX_ROYALTY_BPS) revert RoyaltyTooHigh(p.royaltyBps, _MAX_ROYALTY_BPS);
        if (!_allowed[p.currency]) revert CurrencyNotAllowed(p.currency);
        if (_splits[p.splitId].recipients.length == 0) revert SplitNotFound(p.splitId);
        (bytes32 termsHash, bool transferable, bool territoryRestricted) = termsRegistry.offerFacts(p.termsId);

        // From the first offer on, the asset's lineage and upstream royalties are final
        // (see writeUpstreamRoyalties), so the flag below stays true to them.
        ++_assets[p.assetId].offerCount;
        uint8 flags =
            extraFlags |
                (p.allVersions ? _ALL_VERSIONS : 0) |
                (transferable ? _TRANSFERABLE : 0) |
                (territoryRestricted ? _TERRITORY_RESTRICTED : 0) |
                (_upstream[p.assetId].length != 0 ? _UPSTREAM : 0);
        offerId = ++_offerCount;
        _offers[offerId] = Offer({
            price: uint128(p.price),
            duration: uint32(p.duration),
            maxSupply: p.maxSupply,
            sold: 0,
            status: OfferStatus.ACTIVE,
            flags: flags,
            feeBps: _protocolFeeBps,
            currency: p.currency,
            assetId: uint32(p.assetId),
            splitId: uint32(p.splitId),
            royaltyBps: p.royaltyBps,
            termsHash: termsHash,
            termsId: uint64(p.termsId),
            arbiter: p.arbiter,
            refunded: 0
        });
        emit OfferCreated(offerId, p.assetId, p.termsId, p.price, p.currency, p.duration, p.splitId);
    }
}
