// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The state is one contract's (assets, ledger, offers, licenses), declared in one place.
// solhint-disable max-states-count

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC721} from "solady/src/tokens/ERC721.sol";
import {IERC4906} from "./interfaces/IERC4906.sol";
import {IERC5643} from "./interfaces/IERC5643.sol";
import {ILicenseMarketErrors, ILicenseMarketEvents, ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ILicenseMetadata} from "./interfaces/ILicenseMetadata.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {LicenseData} from "./libraries/LicenseData.sol";
import {Standing} from "./libraries/Standing.sol";

/// @title MarketState: every storage variable of the market, and the helpers that act on them.
/// @notice The market is two contracts sharing this one layout: LicenseMarket (assets, sales, the
/// license token, the ledger, the views) and LicenseMarketExtension (publishing offers, revocation,
/// admin wiring, refundable offers and their escrow), which the market runs by DELEGATECALL, so that
/// both fit under the EIP-170 size limit (the layout of Compound III's Comet and CometExt).
/// @dev No external functions here beyond ERC-721 metadata: both contracts compile whatever this
/// one declares.
/// Add state only at the end, and only here, so both contracts see it at the same slot.
abstract contract MarketState is
    ILicenseTypes,
    ILicenseMarketErrors,
    ILicenseMarketEvents,
    Ownable2Step,
    ReentrancyGuardTransient,
    ERC721
{
    using LicenseData for uint96;

    // ---------------------------------------------------------------- assets (AssetRegistry)

    struct Asset {
        address controller;
        AssetKind kind;
        uint16 versionCount;
        uint32 offerCount;
    }

    struct Version {
        bytes32 contentHash;
        uint64 publishedAt;
        string metadataURI;
    }

    mapping(uint256 assetId => Asset) internal _assets;
    mapping(uint256 assetId => address) internal _pendingAssetController;
    mapping(uint256 assetId => mapping(uint256 version => Version)) internal _versions;
    uint256 internal _assetCount;

    // ---------------------------------------------------------------- ledger (RevenueLedger)

    struct Split {
        address controller;
        address pendingController;
        address[] recipients;
        uint16[] bps;
    }

    address internal constant _NATIVE = address(0);
    uint16 internal constant _BPS = 10_000;

    mapping(address account => mapping(address currency => uint256)) internal _balances;
    mapping(uint256 splitId => mapping(address currency => uint256)) internal _pools;
    mapping(uint256 splitId => Split) internal _splits;
    uint256 internal _splitCount;
    /// @dev Every currency ever allowed, ETH first: the bounded list a consortium settles over.
    address[] internal _currencies;
    mapping(address currency => bool) internal _allowed;
    uint16 internal _protocolFeeBps;
    address internal _treasury;

    // ---------------------------------------------------------------- offers and licenses

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
        /// @dev Licenses handed back under the refund policy: they give their place in `maxSupply`
        /// back (read only when a capped refundable offer looks sold out).
        uint32 refunded;
    }

    /// @dev A refundable sale's payment, held aside until its refund window closes: no balance or
    /// pool holds it, so no withdrawal can spend it. `paidSeconds` is the licence time it paid for
    /// (0 for a perpetual licence). One slot.
    struct Held {
        uint128 amount;
        uint48 paidSeconds;
        uint40 windowEnd;
    }

    uint8 internal constant _ALL_VERSIONS = 1;
    uint8 internal constant _TRANSFERABLE = 2;
    uint8 internal constant _TERRITORY_RESTRICTED = 4;
    /// @dev The asset is a derivative with upstream royalties: its sales credit ancestors' pools.
    uint8 internal constant _UPSTREAM = 8;
    /// @dev Sales are held for the offer's refund window before they are credited.
    uint8 internal constant _REFUNDABLE = 16;
    uint16 internal constant _MAX_ROYALTY_BPS = 5_000;

    /// @notice The registry holding every license's AI terms.
    ITermsRegistry public immutable termsRegistry;

    ILicenseMetadata internal _metadata;
    mapping(uint256 offerId => Offer) internal _offers;
    uint256 internal _offerCount;
    /// @dev Standing entries of accounts holding licenses on more than two assets.
    mapping(address account => mapping(uint256 assetId => uint256 entry)) internal _overflowStanding;
    /// @notice The LineageRegistry, the one writer of derivatives' upstream royalties (set once).
    address public lineage;
    /// @dev Per derivative: its ancestors' royalties, each `splitId << 16 | bps` (five to a slot).
    mapping(uint256 assetId => uint48[] shares) internal _upstream;
    /// @dev Refundable offers' policies (see LicenseMarketExtension).
    mapping(uint256 offerId => RefundPolicy) internal _refundPolicies;
    /// @dev Refundable sales not yet refunded or released, by license.
    mapping(uint256 licenseId => Held) internal _held;

    /// @notice Sets the protocol admin and terms registry, and lists ETH as a currency.
    /// @param owner_ The protocol admin, also the first treasury (Ownable has checked it is not zero;
    /// offers snapshot the fee rate, so a live offer's fee must always land somewhere withdrawable).
    /// @param registry The terms registry.
    constructor(address owner_, ITermsRegistry registry) Ownable(owner_) {
        termsRegistry = registry;
        _treasury = owner_;
        _currencies.push(_NATIVE);
        _allowed[_NATIVE] = true;
    }

    // ---------------------------------------------------------------- ERC-721 metadata

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

    // ---------------------------------------------------------------- internal: assets

    function _checkAssetController(uint256 assetId) internal view {
        address controller = _assets[assetId].controller;
        if (controller == address(0)) revert AssetNotFound(assetId);
        if (controller != msg.sender) revert NotAssetController(assetId, msg.sender);
    }

    // ---------------------------------------------------------------- internal: offers

    function _existingOffer(uint256 offerId) internal view returns (Offer storage offer) {
        offer = _offers[offerId];
        if (offer.status == OfferStatus.NONE) revert OfferNotFound(offerId);
    }

    // ---------------------------------------------------------------- internal: money

    /// @dev Credits a sale or renewal of `amount`: each ancestor's royalty to its pool (derivatives
    /// only: one pool write per ancestor, so gas grows linearly with the ancestry), the protocol fee
    /// to the treasury, the rest to the offer's split. The three parts sum to `amount` to the wei.
    /// No event of its own: the sale's event carries the price, and the offer fixes the split and
    /// the fee, so indexers derive the credit (and a sale saves ~2k gas).
    function _creditSale(Offer storage offer, uint8 flags, address currency, uint256 amount) internal {
        uint256 upstream;
        if (flags & _UPSTREAM != 0) {
            uint48[] storage route = _upstream[offer.assetId];
            uint256 n = route.length;
            for (uint256 i; i < n; ++i) {
                uint48 share = route[i];
                uint256 royalty = (amount * uint16(share)) / _BPS;
                if (royalty != 0) {
                    upstream += royalty;
                    _pools[share >> 16][currency] += royalty;
                }
            }
        }
        uint256 fee;
        uint16 feeBps = offer.feeBps;
        if (feeBps != 0) {
            fee = (amount * feeBps) / _BPS;
            _balances[_treasury][currency] += fee;
        }
        _pools[offer.splitId][currency] += amount - fee - upstream;
    }

    // ---------------------------------------------------------------- internal: licenses

    function _existingLicense(uint256 licenseId) internal view returns (address holder, uint96 data) {
        holder = _ownerOf(licenseId);
        if (holder == address(0)) revert LicenseNotFound(licenseId);
        data = _getExtraData(licenseId);
    }

    /// @dev Writes a new expiry to the token and its holder's standing on `assetId` (the license's
    /// asset: callers have read it already, with the rest of the offer's slot).
    function _setExpiry(address holder, uint256 licenseId, uint256 assetId, uint96 data, uint40 newExpiry) internal {
        _setExtraData(licenseId, data.withExpiry(newExpiry));
        _standingUpdate(holder, assetId, newExpiry);
        emit IERC5643.SubscriptionUpdate(licenseId, newExpiry);
        emit IERC4906.MetadataUpdate(licenseId);
    }

    // ---------------------------------------------------------------- internal: standing index

    function _standingOf(address account, uint256 assetId) internal view returns (uint256) {
        uint224 aux = _getAux(account);
        uint256 i = Standing.findInline(aux, assetId);
        if (Standing.isInlineSlot(i)) return Standing.inlineAt(aux, i);
        return Standing.overflowCount(aux) == 0 ? 0 : _overflowStanding[account][assetId];
    }

    function _standingUpdate(address account, uint256 assetId, uint40 expiry) internal {
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
}
