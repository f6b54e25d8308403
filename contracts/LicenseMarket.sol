// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {AssetRegistry} from "./AssetRegistry.sol";
import {LicenseMarketExtension} from "./LicenseMarketExtension.sol";
import {MarketState} from "./MarketState.sol";
import {RevenueLedger} from "./RevenueLedger.sol";
import {IERC4906} from "./interfaces/IERC4906.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";
import {IERC5643} from "./interfaces/IERC5643.sol";
import {ILicenseMarket} from "./interfaces/ILicenseMarket.sol";
import {ILicenseMetadata} from "./interfaces/ILicenseMetadata.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {LicenseData} from "./libraries/LicenseData.sol";
import {Standing} from "./libraries/Standing.sol";

/// @title LicenseMarket: offers on registered AI assets, and the ERC-721 license tokens they sell.
/// @notice A creator registers a model or dataset, publishes offers (terms, price, currency,
/// duration, supply, version coverage, revenue split); a buyer purchases a license token that
/// encodes the offer (hence the terms), its expiry and the version it covers. Revenue goes to the
/// split through the pull-payment ledger of RevenueLedger.
/// @dev The ERC-721 core is Solady's, because it packs 96 bits of per-token data into the ownership
/// slot and 224 bits of per-owner data into the balance slot: a license's expiry and version live
/// beside its owner, and an account's entitlement per asset beside its balance (see Standing), so a
/// purchase writes no slot that a plain ERC-721 mint would not.
/// Naming note: solc's via-IR dispatcher compares the selector against each function's in ascending
/// order, ~22 gas a comparison. Several views are named (`offers`, `split`, `assetVersion`,
/// `pendingRevenue`, `counts`, …) so that their selectors sort after `isEntitled`'s, whose whole
/// budget is one storage read.
/// Size: the market's state and shared helpers are in MarketState. Cold functions (publishing offers,
/// revocation, admin wiring) and refundable offers with their escrow run in LicenseMarketExtension,
/// reached by DELEGATECALL (stubs here keep them in this ABI; `fallback` answers ILicenseRefunds),
/// so that both contracts fit EIP-170.
contract LicenseMarket is AssetRegistry, RevenueLedger, IERC5643, IERC5192, IERC4906 {
    using LicenseData for uint96;

    /// @dev The LicenseMarketExtension: the code of this market's cold functions and of ILicenseRefunds.
    /// No getter: each public function lengthens the dispatch of `renew` and `isEntitled` (see above).
    address private immutable _extension;

    /// @notice Deploys the market with its protocol admin, terms registry and refunds extension.
    /// @param owner_ The protocol admin (currency allow-list, protocol fee, metadata renderer).
    /// @param registry The terms registry.
    /// @param extension_ The LicenseMarketExtension, deployed over the same terms registry.
    constructor(
        address owner_,
        ITermsRegistry registry,
        LicenseMarketExtension extension_
    ) MarketState(owner_, registry) {
        // The extension runs with its own immutables: it must check terms against this registry.
        if (address(extension_.termsRegistry()) != address(registry))
            revert ExtensionRegistryMismatch(address(extension_));
        _extension = address(extension_);
    }

    /// @notice Answers ILicenseRefunds (refundable offers, refunds, releases of held payments) by
    /// running the extension's code on this contract's storage. Unknown selectors revert there.
    /// Not payable: none of the extension's functions takes ETH.
    fallback() external {
        _delegateToExtension();
    }

    // ---------------------------------------------------------------- offers

    /// @notice Publishes an offer on an asset. Only the asset's controller may.
    /// @param p Terms, price, currency, duration (0 = perpetual), max supply (0 = unlimited),
    /// version coverage, revenue split, arbiter (0 = none) and royalty: on resales of transferable
    /// licenses (ERC-2981) and on the revenue of derivatives registered under its licenses.
    /// @return offerId The new offer's id (sequential from 1).
    /// @dev Runs in LicenseMarketExtension (cold path, kept out of this contract's size budget).
    function createOffer(OfferParams calldata p) external returns (uint256 offerId) {
        (p, offerId); // ABI only: the extension decodes and answers
        _delegateToExtension();
    }

    /// @notice Pauses, resumes or closes an offer. Closing is final. Only the asset's controller may.
    /// @dev While an offer is paused, neither sales nor renewals go through; once closed, never again.
    /// Licenses already sold stay valid until they expire. Runs in LicenseMarketExtension.
    /// @param offerId The offer.
    /// @param status ACTIVE, PAUSED or CLOSED.
    function setOfferStatus(uint256 offerId, OfferStatus status) external {
        (offerId, status);
        _delegateToExtension();
    }

    // ---------------------------------------------------------------- purchase and renewal

    /// @notice Buys a license under an offer and mints it to `recipient`.
    /// @dev ETH must be sent exactly; ERC-20s must be approved. `maxPrice` and `termsHash` are the
    /// buyer's guards: the sale reverts if either differs from what the buyer saw.
    /// @param offerId The offer.
    /// @param recipient Who receives the license token (must not already hold one on the asset).
    /// @param maxPrice The most the buyer will pay.
    /// @param termsHash The hash of the terms the buyer agreed to.
    /// @param territory The ISO 3166-1 alpha-2 country of use the buyer declares (0 = none).
    /// @return licenseId The new license token (`offerId << 32 | serial`).
    function purchase(
        uint256 offerId,
        address recipient,
        uint256 maxPrice,
        bytes32 termsHash,
        bytes2 territory
    ) external payable nonReentrant returns (uint256 licenseId) {
        Offer storage offer = _offers[offerId];
        uint256 price = offer.price;
        uint32 sold = offer.sold + 1;
        {
            OfferStatus status = offer.status;
            if (status != OfferStatus.ACTIVE) {
                if (status == OfferStatus.NONE) revert OfferNotFound(offerId);
                revert OfferNotActive(offerId, status);
            }
        }
        if (price > maxPrice) revert PriceAboveMax(offerId, price, maxPrice);
        if (offer.maxSupply != 0 && sold > offer.maxSupply) {
            // Refunded licenses give their place back, so a refundable edition cannot be sold out
            // by buying it all and handing it back.
            if (offer.flags & _REFUNDABLE == 0 || sold - offer.refunded > offer.maxSupply) {
                revert OfferSoldOut(offerId, offer.maxSupply);
            }
        }
        if (offer.termsHash != termsHash) revert TermsMismatch(offerId, offer.termsHash, termsHash);
        if (recipient == address(0)) revert InvalidRecipient(recipient);
        uint8 flags = offer.flags;
        if (flags & _TERRITORY_RESTRICTED != 0 && !termsRegistry.isTerritoryAllowed(offer.termsId, territory)) {
            revert TerritoryNotAllowed(offerId, territory);
        }

        uint256 assetId = offer.assetId;
        uint16 version = flags & _ALL_VERSIONS != 0 ? 0 : _assets[assetId].versionCount;
        uint40 expiry = offer.duration == 0 ? LicenseData.PERPETUAL : uint40(block.timestamp + offer.duration);
        offer.sold = sold;
        licenseId = (offerId << 32) | sold;
        address currency = offer.currency;
        if (flags & _REFUNDABLE == 0) _creditSale(offer, flags, currency, price);
        else _held[licenseId] = Held(uint128(price), offer.duration, _refundWindowEnd(offerId));
        _collect(currency, price);

        _standingAdd(recipient, assetId, Standing.entry(assetId, expiry, version));
        _mintAndSetExtraDataUnchecked(recipient, licenseId, LicenseData.pack(expiry, version));
        if (flags & _TRANSFERABLE == 0) emit Locked(licenseId);
        emit LicensePurchased(licenseId, offerId, recipient, msg.sender, price, expiry, territory);
        if (recipient.code.length != 0) {
            ERC721Utils.checkOnERC721Received(msg.sender, address(0), recipient, licenseId, "");
        }
    }

    /// @notice Renews a license for `periods` of its offer's duration, from max(now, expiry), at the
    /// offer's price. Anyone may pay for anyone's renewal.
    /// @param licenseId The license.
    /// @param periods How many periods to add (at least 1).
    /// @param maxPrice The most the payer will pay in total.
    function renew(uint256 licenseId, uint256 periods, uint256 maxPrice) external payable nonReentrant {
        _renew(licenseId, periods, maxPrice);
    }

    /// @inheritdoc IERC5643
    /// @dev `duration` must be a whole number of the offer's periods.
    function renewSubscription(uint256 tokenId, uint64 duration) external payable nonReentrant {
        uint64 period = _offers[LicenseData.offerOf(tokenId)].duration;
        if (period == 0 || duration == 0 || duration % period != 0) {
            _existingLicense(tokenId);
            if (period == 0) revert LicenseNotRenewable(tokenId);
            revert InvalidRenewalDuration(tokenId, duration, period);
        }
        _renew(tokenId, duration / period, type(uint256).max);
    }

    /// @inheritdoc IERC5643
    /// @dev Ends the license now, without refund. Only its holder or an approved operator.
    function cancelSubscription(uint256 tokenId) external payable {
        (address holder, uint96 data) = _existingLicense(tokenId);
        if (!_isApprovedOrOwner(msg.sender, tokenId)) revert NotLicenseHolder(tokenId, msg.sender);
        if (data.isRevoked()) revert LicenseIsRevoked(tokenId);
        if (msg.value != 0) revert IncorrectPayment(0, msg.value);
        uint40 nowTs = uint40(block.timestamp);
        if (data.expiry() <= nowTs) revert LicenseAlreadyLapsed(tokenId);
        _setExpiry(holder, tokenId, _offers[LicenseData.offerOf(tokenId)].assetId, data, nowTs);
        emit LicenseCancelled(tokenId, msg.sender);
    }

    /// @notice Revokes a license: entitlement ends in this block. Only the offer's arbiter may.
    /// @param licenseId The license.
    /// @param reasonHash Hash of the ruling or evidence.
    /// @dev Runs in LicenseMarketExtension.
    function revoke(uint256 licenseId, bytes32 reasonHash) external {
        (licenseId, reasonHash);
        _delegateToExtension();
    }

    /// @notice Burns a lapsed (expired or revoked) license, so its holder may license the asset anew.
    /// @param licenseId The license; the caller must be its holder or approved.
    function burnLapsed(uint256 licenseId) external {
        (, uint96 data) = _existingLicense(licenseId);
        if (data.effectiveExpiry() > block.timestamp) revert LicenseNotLapsed(licenseId);
        _burn(msg.sender, licenseId);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Sets the contract that renders license metadata. Only the owner.
    /// @param renderer The ILicenseMetadata implementation.
    /// @dev Runs in LicenseMarketExtension.
    function setMetadataRenderer(ILicenseMetadata renderer) external {
        renderer;
        _delegateToExtension();
    }

    /// @notice Wires in the LineageRegistry, the one contract that may record derivatives' upstream
    /// royalties. Once only, so the owner can never rewrite who is owed. Only the owner.
    /// @param registry The LineageRegistry deployed over this market.
    /// @dev Runs in LicenseMarketExtension.
    function wireLineageRegistry(address registry) external {
        registry;
        _delegateToExtension();
    }

    /// @notice Records a derivative's upstream royalties. Only the LineageRegistry, which checked the
    /// lineage, the total (at most half of the price) and the length; only before the asset's
    /// first offer, so every sale of the derivative pays them.
    /// @param assetId The derivative.
    /// @param shares Each ancestor's split and basis points.
    /// @dev Runs in LicenseMarketExtension.
    function writeUpstreamRoyalties(uint256 assetId, RoyaltyShare[] calldata shares) external {
        (assetId, shares);
        _delegateToExtension();
    }

    /// @notice A derivative's upstream royalties: each ancestor's split and basis points of every sale.
    /// @param assetId The asset (empty for an asset without lineage or royalties).
    /// @return shares The royalties, in the order recorded.
    function upstreamRoyalties(uint256 assetId) external view returns (RoyaltyShare[] memory shares) {
        uint48[] storage route = _upstream[assetId];
        shares = new RoyaltyShare[](route.length);
        for (uint256 i; i < shares.length; ++i) {
            shares[i] = RoyaltyShare(uint32(route[i] >> 16), uint16(route[i]));
        }
    }

    // ---------------------------------------------------------------- entitlement views

    /// @inheritdoc ILicenseMarket
    /// @dev One storage read for an account's first two assets, two beyond (see Standing).
    function isEntitled(address account, uint256 assetId) external view returns (bool) {
        return Standing.isLive(_standingOf(account, assetId), block.timestamp);
    }

    /// @inheritdoc ILicenseMarket
    function isEntitledToVersion(address account, uint256 assetId, uint256 version) external view returns (bool) {
        return _accessExpiry(account, assetId, version) != 0;
    }

    /// @inheritdoc ILicenseMarket
    /// @dev Named so its selector sorts after isEntitled's (the dispatcher is linear: see ARCHITECTURE).
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64) {
        return _accessExpiry(account, assetId, version);
    }

    /// @inheritdoc ILicenseMarket
    function licenseInfo(uint256 licenseId) public view returns (LicenseInfo memory info) {
        (address holder, uint96 data) = _existingLicense(licenseId);
        uint256 offerId = LicenseData.offerOf(licenseId);
        Offer storage offer = _offers[offerId];
        info.holder = holder;
        info.assetId = offer.assetId;
        info.offerId = offerId;
        info.termsId = offer.termsId;
        info.expiresAt = _expiresAt(data);
        info.version = data.version();
        info.allVersions = offer.flags & _ALL_VERSIONS != 0;
        if (data.isRevoked()) info.status = LicenseStatus.REVOKED;
        else if (data.expiry() <= block.timestamp) info.status = LicenseStatus.EXPIRED;
    }

    /// @notice An offer as stored.
    /// @param offerId The offer.
    /// @return info Its terms, price, currency, duration, supply, coverage, status and split.
    function offers(uint256 offerId) external view returns (OfferInfo memory info) {
        Offer storage o = _existingOffer(offerId);
        info = OfferInfo({
            assetId: o.assetId,
            termsId: o.termsId,
            termsHash: o.termsHash,
            price: o.price,
            currency: o.currency,
            duration: o.duration,
            maxSupply: o.maxSupply,
            sold: o.sold,
            allVersions: o.flags & _ALL_VERSIONS != 0,
            transferable: o.flags & _TRANSFERABLE != 0,
            territoryRestricted: o.flags & _TERRITORY_RESTRICTED != 0,
            status: o.status,
            splitId: o.splitId,
            arbiter: o.arbiter,
            royaltyBps: o.royaltyBps,
            protocolFeeBps: o.feeBps
        });
    }

    /// @notice How many assets, offers and splits exist (ids of each run from 1 to its count).
    /// @return assets The asset count.
    /// @return offerTotal The offer count.
    /// @return splits The split count.
    function counts() external view returns (uint256 assets, uint256 offerTotal, uint256 splits) {
        return (_assetCount, _offerCount, _splitCount);
    }

    // ---------------------------------------------------------------- token standards

    /// @inheritdoc IERC5643
    function expiresAt(uint256 tokenId) external view returns (uint64) {
        (, uint96 data) = _existingLicense(tokenId);
        return _expiresAt(data);
    }

    /// @inheritdoc IERC5643
    function isRenewable(uint256 tokenId) external view returns (bool) {
        (, uint96 data) = _existingLicense(tokenId);
        Offer storage offer = _offers[LicenseData.offerOf(tokenId)];
        return offer.duration != 0 && offer.status == OfferStatus.ACTIVE && !data.isRevoked();
    }

    /// @inheritdoc IERC5192
    /// @dev True for licenses whose terms forbid transfer, and for revoked ones.
    function locked(uint256 tokenId) external view returns (bool) {
        (, uint96 data) = _existingLicense(tokenId);
        return _offers[LicenseData.offerOf(tokenId)].flags & _TRANSFERABLE == 0 || data.isRevoked();
    }

    /// @notice ERC-721 transfer; rejects ETH (Solady's ERC-721 makes it payable).
    /// @param from The holder.
    /// @param to The receiver.
    /// @param id The license.
    function transferFrom(address from, address to, uint256 id) public payable override {
        if (msg.value != 0) revert IncorrectPayment(0, msg.value);
        super.transferFrom(from, to, id);
    }

    /// @notice ERC-721 approval; rejects ETH (Solady's ERC-721 makes it payable).
    /// @param account The approved operator.
    /// @param id The license.
    function approve(address account, uint256 id) public payable override {
        if (msg.value != 0) revert IncorrectPayment(0, msg.value);
        super.approve(account, id);
    }

    /// @notice ERC-2981 royalty for resales of transferable licenses, paid to the asset's controller.
    /// @param tokenId The license.
    /// @param salePrice The resale price.
    /// @return receiver The royalty receiver (zero for locked licenses).
    /// @return amount The royalty amount.
    function royaltyInfo(uint256 tokenId, uint256 salePrice) external view returns (address receiver, uint256 amount) {
        _existingLicense(tokenId);
        Offer storage offer = _offers[LicenseData.offerOf(tokenId)];
        if (offer.flags & _TRANSFERABLE == 0) return (address(0), 0);
        return (_assets[offer.assetId].controller, (salePrice * offer.royaltyBps) / _BPS);
    }

    /// @notice ERC-165: ERC-721 (+metadata), ERC-5643, ERC-5192, ERC-2981, ERC-4906.
    /// @param interfaceId The interface id.
    /// @return Whether it is supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return
            interfaceId == 0x8c65f84d || // ERC-5643
            interfaceId == 0xb45a3c0e || // ERC-5192
            interfaceId == 0x2a55205a || // ERC-2981
            interfaceId == 0x49064906 || // ERC-4906
            super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internal

    function _renew(uint256 licenseId, uint256 periods, uint256 maxPrice) private {
        (address holder, uint96 data) = _existingLicense(licenseId);
        Offer storage offer = _offers[LicenseData.offerOf(licenseId)];
        uint256 duration = offer.duration;
        if (duration == 0 || periods == 0) revert LicenseNotRenewable(licenseId);
        if (data.isRevoked()) revert LicenseIsRevoked(licenseId);
        if (offer.status != OfferStatus.ACTIVE) revert OfferNotActive(LicenseData.offerOf(licenseId), offer.status);
        uint256 from = data.expiry() > block.timestamp ? data.expiry() : block.timestamp;
        // Bound `periods` before multiplying: the new expiry must stay below the perpetual marker.
        if (periods > (LicenseData.PERPETUAL - 1 - from) / duration) {
            revert RenewalTooLong(licenseId, periods);
        }
        uint256 newExpiry = from + duration * periods;
        uint256 cost = offer.price * periods;
        if (cost > maxPrice) revert PriceAboveMax(LicenseData.offerOf(licenseId), cost, maxPrice);

        address currency = offer.currency;
        uint256 assetId = offer.assetId;
        uint8 flags = offer.flags;
        if (flags & _REFUNDABLE == 0 || !_holdRenewal(licenseId, cost, duration * periods)) {
            _creditSale(offer, flags, currency, cost);
        }
        _collect(currency, cost);
        _setExpiry(holder, licenseId, assetId, data, uint40(newExpiry));
        emit LicenseRenewed(licenseId, msg.sender, cost, uint64(newExpiry));
    }

    /// @dev The account's standing on the asset, if live and covering `version`, as an expiry; else 0.
    function _accessExpiry(address account, uint256 assetId, uint256 version) private view returns (uint64) {
        uint256 e = _standingOf(account, assetId);
        if (!Standing.isLive(e, block.timestamp) || version == 0) return 0;
        uint16 covered = Standing.versionOf(e);
        if (covered == 0 ? version > _assets[assetId].versionCount : covered != version) return 0;
        uint40 expiry = Standing.expiryOf(e);
        return expiry == LicenseData.PERPETUAL ? type(uint64).max : expiry;
    }

    /// @dev Runs the called function's code in the extension on this contract's storage (DELEGATECALL
    /// with the same calldata) and returns or reverts with its result: never returns here.
    function _delegateToExtension() private {
        address target = _extension;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    /// @dev When a refundable sale made now stops being refundable.
    function _refundWindowEnd(uint256 offerId) private view returns (uint40) {
        return uint40(block.timestamp + _refundPolicies[offerId].window);
    }

    /// @dev Adds a renewal to a refundable license's held payment while its window is open (so it
    /// is refundable too); false once the window has closed or nothing is held.
    function _holdRenewal(uint256 licenseId, uint256 cost, uint256 seconds_) private returns (bool) {
        Held storage held = _held[licenseId];
        if (held.windowEnd <= block.timestamp) return false;
        uint256 amount = held.amount + cost;
        if (amount > type(uint128).max) revert PriceOutOfRange(amount);
        held.amount = uint128(amount);
        held.paidSeconds += uint48(seconds_);
        return true;
    }

    function _expiresAt(uint96 data) private pure returns (uint64) {
        uint40 expiry = data.expiry();
        return expiry == LicenseData.PERPETUAL ? type(uint64).max : expiry;
    }

    /// @dev Locked licenses cannot move; revoked ones cannot be sold on. Burning is burnLapsed's.
    function _beforeTokenTransfer(address from, address to, uint256 id) internal view override {
        // Mints and burns pass; so does a missing token, for Solady to reject as TokenDoesNotExist.
        if (from == address(0) || to == address(0) || _ownerOf(id) == address(0)) return;
        if (_offers[LicenseData.offerOf(id)].flags & _TRANSFERABLE == 0) revert LicenseLocked(id);
        if (_getExtraData(id).isRevoked()) revert LicenseIsRevoked(id);
    }

    /// @dev Moves the license's standing from `from` to `to` (mints are indexed by purchase).
    function _afterTokenTransfer(address from, address to, uint256 id) internal override {
        if (from == address(0)) return;
        uint256 assetId = _offers[LicenseData.offerOf(id)].assetId;
        uint256 e = _standingOf(from, assetId);
        _standingRemove(from, assetId);
        if (to != address(0)) _standingAdd(to, assetId, e);
    }

    // ---------------------------------------------------------------- standing index

    function _standingAdd(address account, uint256 assetId, uint256 e) private {
        if (_standingOf(account, assetId) != 0) revert AlreadyLicensed(account, assetId);
        uint224 aux = _getAux(account);
        uint256 free = Standing.findInline(aux, 0);
        if (Standing.isInlineSlot(free)) {
            _setAux(account, Standing.setInline(aux, free, e));
        } else {
            _overflowStanding[account][assetId] = e;
            _setAux(account, Standing.withOverflowCount(aux, Standing.overflowCount(aux) + 1));
        }
    }

    function _standingRemove(address account, uint256 assetId) private {
        uint224 aux = _getAux(account);
        uint256 i = Standing.findInline(aux, assetId);
        if (Standing.isInlineSlot(i)) {
            _setAux(account, Standing.setInline(aux, i, 0));
        } else {
            delete _overflowStanding[account][assetId];
            _setAux(account, Standing.withOverflowCount(aux, Standing.overflowCount(aux) - 1));
        }
    }
}
