// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ILicenseTypes
/// @notice Types shared by the Tessera market and its clients.
interface ILicenseTypes {
    /// @notice What a registered asset is.
    enum AssetKind {
        MODEL,
        DATASET
    }

    /// @notice Lifecycle of an offer. CLOSED is final.
    enum OfferStatus {
        NONE,
        ACTIVE,
        PAUSED,
        CLOSED
    }

    /// @notice Lifecycle of a license as seen at the current block.
    enum LicenseStatus {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    /// @notice A registered model or dataset. `offerCount` counts the offers ever published on it:
    /// once non-zero, the asset's lineage (hence its upstream royalties) is final.
    struct AssetInfo {
        address controller;
        address pendingController;
        AssetKind kind;
        uint16 versionCount;
        uint32 offerCount;
    }

    /// @notice One ancestor's royalty on a derivative's revenue: `bps` of every sale and renewal of
    /// the derivative is credited to split `splitId`'s pool (the split of the ancestor's offer).
    struct RoyaltyShare {
        uint32 splitId;
        uint16 bps;
    }

    /// @notice One version of an asset: the sha256 of its canonical file manifest and its card.
    struct VersionInfo {
        bytes32 contentHash;
        string metadataURI;
        uint64 publishedAt;
    }

    /// @notice What a creator fills in to publish an offer.
    struct OfferParams {
        uint256 assetId;
        uint256 termsId;
        uint256 price;
        address currency;
        uint64 duration;
        uint32 maxSupply;
        bool allVersions;
        uint256 splitId;
        address arbiter;
        uint16 royaltyBps;
    }

    /// @notice An offer as stored (price and terms never change after creation).
    struct OfferInfo {
        uint256 assetId;
        uint256 termsId;
        bytes32 termsHash;
        uint256 price;
        address currency;
        uint64 duration;
        uint32 maxSupply;
        uint32 sold;
        bool allVersions;
        bool transferable;
        bool territoryRestricted;
        OfferStatus status;
        uint256 splitId;
        address arbiter;
        uint16 royaltyBps;
        uint16 protocolFeeBps;
    }

    /// @notice A license token's facts.
    struct LicenseInfo {
        address holder;
        uint256 assetId;
        uint256 offerId;
        uint256 termsId;
        uint64 expiresAt;
        uint16 version;
        bool allVersions;
        LicenseStatus status;
    }

    /// @notice A refundable offer's policy: within `window` seconds of purchase, the holder may hand
    /// the license back for the unused share of what it paid, less `penaltyBps` of the payment.
    struct RefundPolicy {
        uint32 window;
        uint16 penaltyBps;
    }

    /// @notice What a refund of a license would pay now, and what the licensor would keep.
    /// `refundable`: `refund` would pay `refund` now. `releasable`: the held payment can no longer be
    /// refunded (window closed, license revoked or burned), so `releaseHeld` would credit it.
    struct RefundQuote {
        bool refundable;
        bool releasable;
        uint256 refund;
        uint256 retained;
        uint256 held;
        uint64 windowEnd;
        address currency;
    }

    /// @notice A revenue split: recipients and their basis points (sum 10,000).
    struct SplitInfo {
        address controller;
        address pendingController;
        address[] recipients;
        uint16[] bps;
    }
}

/// @title ILicenseMarketErrors
/// @notice Errors of the Tessera market, each carrying the offending values.
interface ILicenseMarketErrors {
    error AssetNotFound(uint256 assetId);
    error NotAssetController(uint256 assetId, address caller);
    error NotPendingAssetController(uint256 assetId, address caller);
    error EmptyContentHash();
    error VersionNotFound(uint256 assetId, uint256 version);
    error TooManyVersions(uint256 assetId);

    error OfferNotFound(uint256 offerId);
    error OfferNotActive(uint256 offerId, ILicenseTypes.OfferStatus status);
    error OfferIsClosed(uint256 offerId);
    error InvalidOfferStatus(ILicenseTypes.OfferStatus status);
    error OfferSoldOut(uint256 offerId, uint256 maxSupply);
    error PriceOutOfRange(uint256 price);
    error DurationOutOfRange(uint64 duration);
    error RoyaltyTooHigh(uint16 royaltyBps, uint16 maxBps);
    error CurrencyNotAllowed(address currency);

    error PriceAboveMax(uint256 offerId, uint256 price, uint256 maxPrice);
    error TermsMismatch(uint256 offerId, bytes32 offerTermsHash, bytes32 buyerTermsHash);
    error IncorrectPayment(uint256 expected, uint256 sent);
    error TerritoryNotAllowed(uint256 offerId, bytes2 territory);
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);
    error AlreadyLicensed(address account, uint256 assetId);
    error InvalidRecipient(address recipient);

    error LicenseNotFound(uint256 licenseId);
    error LicenseLocked(uint256 licenseId);
    error LicenseIsRevoked(uint256 licenseId);
    error LicenseNotRenewable(uint256 licenseId);
    error LicenseNotLapsed(uint256 licenseId);
    error LicenseAlreadyLapsed(uint256 licenseId);
    error InvalidRenewalDuration(uint256 licenseId, uint64 duration, uint64 period);
    error RenewalTooLong(uint256 licenseId, uint256 periods);
    error NotLicenseHolder(uint256 licenseId, address caller);
    error NotArbiter(uint256 licenseId, address caller);

    error SplitNotFound(uint256 splitId);
    error SplitEmpty();
    error SplitTooLarge(uint256 recipients, uint256 max);
    error SplitLengthMismatch(uint256 recipients, uint256 bps);
    error SplitBpsSum(uint256 sum);
    error SplitZeroShare(uint256 index);
    error SplitZeroAddress(uint256 index);
    error SplitDuplicateRecipient(address recipient);
    error SplitSelfReference(uint256 splitId);
    error SplitImmutable(uint256 splitId);
    error NotSplitController(uint256 splitId, address caller);
    error NotPendingSplitController(uint256 splitId, address caller);

    error NothingToWithdraw(address account, address currency);
    error NothingToDistribute(uint256 splitId, address currency);
    error EthTransferFailed(address to, uint256 amount);
    error ProtocolFeeTooHigh(uint16 feeBps, uint16 maxBps);
    error ZeroAddress();
    error TooManyCurrencies(uint256 max);

    error NotLineageRegistry(address caller);
    error LineageRegistryAlreadySet(address registry);
    error AssetAlreadyOffered(uint256 assetId, uint256 offerCount);

    /// @notice The extension given to the market's constructor checks terms against another registry.
    error ExtensionRegistryMismatch(address extension);
    /// @notice A refund window must be at least a second and at most `max` seconds.
    error RefundWindowOutOfRange(uint256 window, uint256 max);
    /// @notice A refund penalty above 100 %.
    error RefundPenaltyTooHigh(uint16 penaltyBps, uint16 maxBps);
    /// @notice Nothing is held for this license: its offer is not refundable, or it was refunded or
    /// its payment released to the licensor already.
    error NotRefundable(uint256 licenseId);
    /// @notice The license's refund window closed at `windowEnd`.
    error RefundWindowClosed(uint256 licenseId, uint64 windowEnd);
    /// @notice The unused share of the payment does not exceed the penalty: a refund would pay nothing.
    error NothingToRefund(uint256 licenseId);
    /// @notice The payment stays held until `windowEnd`: the holder may still ask for a refund.
    error RefundWindowOpen(uint256 licenseId, uint64 windowEnd);
}

/// @title ILicenseMarketEvents
/// @notice Events of the Tessera market: one for every state change. A sale's credit to its split
/// and the protocol fee are carried by LicensePurchased / LicenseRenewed (price) and the offer.
interface ILicenseMarketEvents {
    /// @notice An asset was registered with its first version.
    /// @param assetId The new asset.
    /// @param controller Who controls it.
    /// @param kind MODEL or DATASET.
    /// @param contentHash sha256 of version 1's file manifest.
    /// @param metadataURI Version 1's model card or datasheet.
    event AssetRegistered(
        uint256 indexed assetId,
        address indexed controller,
        ILicenseTypes.AssetKind kind,
        bytes32 contentHash,
        string metadataURI
    );

    /// @notice A version was published (version 1 included).
    /// @param assetId The asset.
    /// @param version The version number.
    /// @param contentHash sha256 of the version's file manifest.
    /// @param metadataURI The version's model card or datasheet.
    event VersionPublished(uint256 indexed assetId, uint16 indexed version, bytes32 contentHash, string metadataURI);

    /// @notice A controller proposed a successor for an asset.
    /// @param assetId The asset.
    /// @param from The current controller.
    /// @param to The proposed controller (zero cancels).
    event AssetControlTransferStarted(uint256 indexed assetId, address indexed from, address indexed to);

    /// @notice Control of an asset changed hands.
    /// @param assetId The asset.
    /// @param from The previous controller.
    /// @param to The new controller.
    event AssetControlTransferred(uint256 indexed assetId, address indexed from, address indexed to);

    /// @notice An offer was published.
    /// @param offerId The new offer.
    /// @param assetId The asset it licenses.
    /// @param termsId The registered terms.
    /// @param price Price per license (or per renewal period).
    /// @param currency address(0) for ETH, else the ERC-20.
    /// @param duration Seconds per period; 0 = perpetual.
    /// @param splitId The split that receives the revenue.
    event OfferCreated(
        uint256 indexed offerId,
        uint256 indexed assetId,
        uint256 indexed termsId,
        uint256 price,
        address currency,
        uint64 duration,
        uint256 splitId
    );

    /// @notice An offer was paused, resumed or closed.
    /// @param offerId The offer.
    /// @param status Its new status.
    event OfferStatusChanged(uint256 indexed offerId, ILicenseTypes.OfferStatus status);

    /// @notice A license was sold and minted. The price was credited to the offer's split (less the
    /// offer's protocol fee, credited to the treasury).
    /// @param licenseId The new license token.
    /// @param offerId The offer it was sold under.
    /// @param recipient Who holds it.
    /// @param buyer Who paid.
    /// @param price What was paid.
    /// @param expiresAt Its expiry (type(uint40).max = perpetual).
    /// @param territory The country of use the buyer declared (0 = none).
    event LicensePurchased(
        uint256 indexed licenseId,
        uint256 indexed offerId,
        address indexed recipient,
        address buyer,
        uint256 price,
        uint64 expiresAt,
        bytes2 territory
    );

    /// @notice A license was renewed; the price was credited like a sale's.
    /// @param licenseId The license.
    /// @param payer Who paid.
    /// @param price What was paid for all periods.
    /// @param expiresAt The new expiry.
    event LicenseRenewed(uint256 indexed licenseId, address indexed payer, uint256 price, uint64 expiresAt);

    /// @notice A license's holder ended it early.
    /// @param licenseId The license.
    /// @param by The holder or approved operator.
    event LicenseCancelled(uint256 indexed licenseId, address indexed by);

    /// @notice An arbiter revoked a license; entitlement ended in this block.
    /// @param licenseId The license.
    /// @param arbiter The offer's arbiter.
    /// @param reasonHash Hash of the ruling or evidence.
    event LicenseRevoked(uint256 indexed licenseId, address indexed arbiter, bytes32 reasonHash);

    /// @notice A revenue split was created.
    /// @param splitId The new split.
    /// @param controller Zero for a fixed split, else the consortium's controller.
    /// @param recipients Payees.
    /// @param bps Their shares in basis points.
    event SplitCreated(uint256 indexed splitId, address indexed controller, address[] recipients, uint16[] bps);

    /// @notice A consortium split's members or weights changed (after its pools were distributed).
    /// @param splitId The split.
    /// @param recipients New payees.
    /// @param bps New shares.
    event SplitUpdated(uint256 indexed splitId, address[] recipients, uint16[] bps);

    /// @notice A split's controller proposed a successor.
    /// @param splitId The split.
    /// @param from The current controller.
    /// @param to The proposed controller.
    event SplitControlTransferStarted(uint256 indexed splitId, address indexed from, address indexed to);

    /// @notice Control of a split changed hands.
    /// @param splitId The split.
    /// @param from The previous controller.
    /// @param to The new controller.
    event SplitControlTransferred(uint256 indexed splitId, address indexed from, address indexed to);

    /// @notice A split's pool was moved into its recipients' balances.
    /// @param splitId The split.
    /// @param currency The currency.
    /// @param amount The amount distributed.
    event Distributed(uint256 indexed splitId, address indexed currency, uint256 amount);

    /// @notice A balance was paid out.
    /// @param account The payee.
    /// @param currency The currency.
    /// @param amount The amount paid.
    event Withdrawn(address indexed account, address indexed currency, uint256 amount);

    /// @notice An ERC-20 was allowed or disallowed for new offers.
    /// @param currency The token.
    /// @param allowed Whether new offers may use it.
    event CurrencyAllowed(address indexed currency, bool allowed);

    /// @notice The protocol fee for new offers changed.
    /// @param feeBps The fee in basis points.
    /// @param treasury Its receiver.
    event ProtocolFeeSet(uint16 feeBps, address treasury);

    /// @notice The metadata renderer changed.
    /// @param renderer The new ILicenseMetadata.
    event MetadataRendererSet(address renderer);

    /// @notice The lineage registry was wired in (once).
    /// @param registry The LineageRegistry allowed to set derivatives' upstream royalties.
    event LineageRegistrySet(address registry);

    /// @notice A derivative's upstream royalties were recorded with its lineage (once, before any
    /// offer on it). Every later sale and renewal of it credits each share to its split's pool.
    /// @param assetId The derivative.
    /// @param shares Each ancestor's split and basis points.
    event UpstreamRoyaltiesSet(uint256 indexed assetId, ILicenseTypes.RoyaltyShare[] shares);

    /// @notice An offer was published with a refund policy (its sales are held for `window` seconds).
    /// @param offerId The offer.
    /// @param window Seconds after purchase within which the holder may ask for a refund.
    /// @param penaltyBps The share of the payment a refund keeps back, in basis points.
    event RefundPolicySet(uint256 indexed offerId, uint32 window, uint16 penaltyBps);

    /// @notice A license was handed back: `refund` went to its holder's withdrawable balance,
    /// `retained` (the rest of what was held) was credited as revenue. Entitlement ended in this block.
    /// @param licenseId The license.
    /// @param holder Who held it and was credited the refund.
    /// @param refund The refund.
    /// @param retained What the licensor's route was credited.
    event LicenseRefunded(uint256 indexed licenseId, address indexed holder, uint256 refund, uint256 retained);

    /// @notice A refundable sale's held payment was credited as revenue (its window closed, or the
    /// license was revoked or burned).
    /// @param licenseId The license.
    /// @param amount The payment released.
    event RefundHoldReleased(uint256 indexed licenseId, uint256 amount);
}

/// @title ILicenseMarket
/// @notice The external surface the SDK, gateway and dapp rely on.
interface ILicenseMarket is ILicenseTypes, ILicenseMarketErrors, ILicenseMarketEvents {
    /// @notice True iff `account` holds an unexpired, unrevoked license on `assetId`.
    /// @param account The wallet to check.
    /// @param assetId The asset.
    /// @return Whether the account is entitled now.
    function isEntitled(address account, uint256 assetId) external view returns (bool);

    /// @notice True iff `account` is entitled to `version` of `assetId`.
    /// @param account The wallet to check.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return Whether the account's license covers that version now.
    function isEntitledToVersion(address account, uint256 assetId, uint256 version) external view returns (bool);

    /// @notice When `account`'s access to `version` of `assetId` ends: what isEntitledToVersion says,
    /// plus for how long, in one call (the gateway caches a yes no longer than this).
    /// @param account The wallet to check.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return expiry 0 if not entitled now; else the license's expiry (type(uint64).max = perpetual).
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry);

    /// @notice The facts of a license token.
    /// @param licenseId The token id.
    /// @return info Holder, asset, offer, terms, expiry, version covered, status.
    function licenseInfo(uint256 licenseId) external view returns (LicenseInfo memory info);

    /// @notice An asset's controller, pending controller, kind, number of versions and of offers.
    /// Reverts with AssetNotFound if none.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);
}
