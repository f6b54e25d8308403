// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {ERC721} from "solady/src/tokens/ERC721.sol";
import {AssetRegistry} from "./AssetRegistry.sol";
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
contract LicenseMarket is AssetRegistry, RevenueLedger, ERC721, IERC5643, IERC5192, IERC4906 {
    using LicenseData for uint96;

    /// @dev Slot 0 is read and written by every sale; slot 1 read by every sale and renewal.
    struct Offer {
        uint128 price;
        uint32 duration;
        uint32 maxSupply;
        uint32 sold;
        OfferStatus status;
        uint8 flags;
        uint16 feeBps;
        address currency;
        uint32 assetId;
        uint32 splitId;
        uint16 royaltyBps;
        bytes32 termsHash;
        uint64 termsId;
        address arbiter;
    }

    uint8 private constant _ALL_VERSIONS = 1;
    uint8 private constant _TRANSFERABLE = 2;
    uint8 private constant _TERRITORY_RESTRICTED = 4;
    /// @dev The asset is a derivative with upstream royalties: its sales credit ancestors' pools.
    uint8 private constant _UPSTREAM = 8;
    uint16 internal constant _MAX_ROYALTY_BPS = 5_000;

    /// @notice The registry holding every license's AI terms.
    ITermsRegistry public immutable termsRegistry;

    ILicenseMetadata private _metadata;
    mapping(uint256 offerId => Offer) private _offers;
    uint256 private _offerCount;
    /// @dev Standing entries of accounts holding licenses on more than two assets.
    mapping(address account => mapping(uint256 assetId => uint256 entry)) private _overflowStanding;
    /// @notice The LineageRegistry, the one writer of derivatives' upstream royalties (set once).
    address public lineage;
    /// @dev Per derivative: its ancestors' royalties, each `splitId << 16 | bps` (five to a slot).
    mapping(uint256 assetId => uint48[] shares) private _upstream;

    /// @notice Deploys the market with its protocol admin and terms registry.
    /// @param owner_ The protocol admin (currency allow-list, protocol fee, metadata renderer).
    /// @param registry The terms registry.
    constructor(address owner_, ITermsRegistry registry) Ownable(owner_) RevenueLedger(owner_) {
        termsRegistry = registry;
    }

    // ---------------------------------------------------------------- offers

    /// @notice Publishes an offer on an asset. Only the asset's controller may.
    /// @param p Terms, price, currency, duration (0 = perpetual), max supply (0 = unlimited),
    /// version coverage, revenue split, arbiter (0 = none) and royalty: on resales of transferable
    /// licenses (ERC-2981) and on the revenue of derivatives registered under its licenses.
    /// @return offerId The new offer's id (sequential from 1).
    function createOffer(OfferParams calldata p) external onlyAssetController(p.assetId) returns (uint256 offerId) {
        if (p.price > type(uint128).max) revert PriceOutOfRange(p.price);
        if (p.duration > type(uint32).max) revert DurationOutOfRange(p.duration);
        if (p.royaltyBps > _MAX_ROYALTY_BPS) revert RoyaltyTooHigh(p.royaltyBps, _MAX_ROYALTY_BPS);
        if (!_isAllowedCurrency(p.currency)) revert CurrencyNotAllowed(p.currency);
        if (!_splitExists(p.splitId)) revert SplitNotFound(p.splitId);
        (bytes32 termsHash, bool transferable, bool territoryRestricted) = termsRegistry.offerFacts(p.termsId);

        // From the first offer on, the asset's lineage and upstream royalties are final
        // (see writeUpstreamRoyalties), so the flag below stays true to them.
        ++_assets[p.assetId].offerCount;
        uint8 flags =
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
            arbiter: p.arbiter
        });
        emit OfferCreated(offerId, p.assetId, p.termsId, p.price, p.currency, p.duration, p.splitId);
    }

    /// @notice Pauses, resumes or closes an offer. Closing is final. Only the asset's controller may.
    /// @dev While an offer is paused, neither sales nor renewals go through; once closed, never again.
    /// Licenses already sold stay valid until they expire.
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
        if (offer.maxSupply != 0 && sold > offer.maxSupply) revert OfferSoldOut(offerId, offer.maxSupply);
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
        _creditSale(offer, flags, currency, price);
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
        _setExpiry(holder, tokenId, data, nowTs);
        emit LicenseCancelled(tokenId, msg.sender);
    }

    /// @notice Revokes a license: entitlement ends in this block. Only the offer's arbiter may.
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
        if (offer.flags & _TRANSFERABLE != 0) emit Locked(licenseId);
        emit MetadataUpdate(licenseId);
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
    function setMetadataRenderer(ILicenseMetadata renderer) external onlyOwner {
        _metadata = renderer;
        emit MetadataRendererSet(address(renderer));
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    /// @notice Wires in the LineageRegistry, the one contract that may record derivatives' upstream
    /// royalties. Once only, so the owner can never rewrite who is owed. Only the owner.
    /// @param registry The LineageRegistry deployed over this market.
    function wireLineageRegistry(address registry) external onlyOwner {
        if (registry == address(0)) revert ZeroAddress();
        if (lineage != address(0)) revert LineageRegistryAlreadySet(lineage);
        lineage = registry;
        emit LineageRegistrySet(registry);
    }

    /// @notice Records a derivative's upstream royalties. Only the LineageRegistry, which checked the
    /// lineage, the total (at most half of the price) and the length; only before the asset's
    /// first offer, so every sale of the derivative pays them.
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

    /// @notice The ERC-721 collection name.
    /// @return "Tessera License".
    function name() public pure override returns (string memory) {
        return "Tessera License";
    }

    /// @notice The ERC-721 collection symbol.
    /// @return "TSRL".
    function symbol() public pure override returns (string memory) {
        return "TSRL";
    }

    /// @notice On-chain JSON metadata of a license: asset, version, terms in plain words, expiry, status.
    /// @param id The license.
    /// @return A data URI (empty until a renderer is set).
    function tokenURI(uint256 id) public view override returns (string memory) {
        _existingLicense(id);
        ILicenseMetadata metadata = _metadata;
        return address(metadata) == address(0) ? "" : metadata.tokenURI(id);
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
        _creditSale(offer, offer.flags, currency, cost);
        _collect(currency, cost);
        _setExpiry(holder, licenseId, data, uint40(newExpiry));
        emit LicenseRenewed(licenseId, msg.sender, cost, uint64(newExpiry));
    }

    /// @dev Credits a sale or renewal of `amount`: each ancestor's royalty to its pool (derivatives
    /// only: one pool write per ancestor, so gas grows linearly with the ancestry), the protocol fee
    /// to the treasury, the rest to the offer's split. The three parts sum to `amount` to the wei.
    function _creditSale(Offer storage offer, uint8 flags, address currency, uint256 amount) private {
        uint256 upstream;
        if (flags & _UPSTREAM != 0) {
            uint48[] storage route = _upstream[offer.assetId];
            uint256 n = route.length;
            for (uint256 i; i < n; ++i) {
                uint48 share = route[i];
                uint256 royalty = (amount * uint16(share)) / _BPS;
                if (royalty != 0) {
                    upstream += royalty;
                    _creditPool(share >> 16, currency, royalty);
                }
            }
        }
        _credit(offer.splitId, currency, amount, offer.feeBps, upstream);
    }

    /// @dev Writes a new expiry to the token and its holder's standing.
    function _setExpiry(address holder, uint256 licenseId, uint96 data, uint40 newExpiry) private {
        _setExtraData(licenseId, data.withExpiry(newExpiry));
        _standingUpdate(holder, _offers[LicenseData.offerOf(licenseId)].assetId, newExpiry);
        emit SubscriptionUpdate(licenseId, newExpiry);
        emit MetadataUpdate(licenseId);
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

    function _expiresAt(uint96 data) private pure returns (uint64) {
        uint40 expiry = data.expiry();
        return expiry == LicenseData.PERPETUAL ? type(uint64).max : expiry;
    }

    function _existingOffer(uint256 offerId) private view returns (Offer storage offer) {
        offer = _offers[offerId];
        if (offer.status == OfferStatus.NONE) revert OfferNotFound(offerId);
    }

    function _existingLicense(uint256 licenseId) private view returns (address holder, uint96 data) {
        holder = _ownerOf(licenseId);
        if (holder == address(0)) revert LicenseNotFound(licenseId);
        data = _getExtraData(licenseId);
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

    function _standingOf(address account, uint256 assetId) private view returns (uint256) {
        uint224 aux = _getAux(account);
        uint256 i = Standing.findInline(aux, assetId);
        if (Standing.isInlineSlot(i)) return Standing.inlineAt(aux, i);
        return Standing.overflowCount(aux) == 0 ? 0 : _overflowStanding[account][assetId];
    }

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

    function _standingUpdate(address account, uint256 assetId, uint40 expiry) private {
        uint224 aux = _getAux(account);
        uint256 i = Standing.findInline(aux, assetId);
        if (Standing.isInlineSlot(i)) {
            uint256 e = Standing.inlineAt(aux, i);
            _setAux(account, Standing.setInline(aux, i, Standing.entry(assetId, expiry, Standing.versionOf(e))));
        } else {
            uint256 e = _overflowStanding[account][assetId];
            _overflowStanding[account][assetId] = Standing.entry(assetId, expiry, Standing.versionOf(e));
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
