// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";

/// @title IDisputeMarket: what the dispute desk reads from, and asks of, the market.
/// @notice The subset of LicenseMarket (AssetRegistry included) that {IDisputeDesk} calls. The desk
/// may `revoke` only the licenses sold under offers whose market `arbiter` is the desk itself.
interface IDisputeMarket is ILicenseTypes {
    /// @notice The facts of a license token. Reverts with LicenseNotFound if none.
    /// @param licenseId The token id.
    /// @return info Holder, asset, offer, terms, expiry, version covered, status.
    function licenseInfo(uint256 licenseId) external view returns (LicenseInfo memory info);

    /// @notice An asset's controller, pending controller, kind and numbers of versions and offers.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);

    /// @notice An offer as stored. Reverts with OfferNotFound if none.
    /// @param offerId The offer.
    /// @return info Its asset, terms, price, supply and sales, status, split and arbiter.
    function offers(uint256 offerId) external view returns (OfferInfo memory info);

    /// @notice Revokes a license: entitlement ends in this block. Only the offer's arbiter may.
    /// @param licenseId The license.
    /// @param reasonHash Hash of the ruling or evidence.
    function revoke(uint256 licenseId, bytes32 reasonHash) external;
}

/// @title IDisputeDesk: breach claims against licenses, ruled by an arbiter appointed per offer.
/// @notice An offer that wants recourse names the desk as its `arbiter` in the market; before the
/// offer's first sale, the asset's controller appoints the real arbiter (any address: a multisig,
/// a DAO, an oracle) for that offer here, once, so that every buyer can see who will judge. The
/// licensor (the asset's controller) then files a claim against an ACTIVE license sold under the
/// offer, with the hash of its evidence; the license's holder may answer with the hashes of its own;
/// the appointed arbiter rules. An upheld claim revokes the license on the market in the same
/// transaction (entitlement ends in that block); a dismissed one leaves it as it was. The claimant
/// may withdraw an open claim. Rulings are final. One open case per license at a time.
/// @dev Evidence, responses and rulings live off-chain; the desk records their hashes (the latest of
/// each in storage, every one in an event). Timestamps are block times; 0 means "not yet".
interface IDisputeDesk {
    /// @notice Lifecycle of a case. UPHELD, DISMISSED and WITHDRAWN are final.
    enum CaseStatus {
        NONE,
        OPEN,
        UPHELD,
        DISMISSED,
        WITHDRAWN
    }

    /// @notice A case as the dapp shows it.
    struct CaseInfo {
        uint256 licenseId;
        uint256 assetId;
        uint256 offerId;
        address claimant;
        address holder;
        address arbiter;
        bytes32 evidenceHash;
        bytes32 responseHash;
        bytes32 rulingHash;
        CaseStatus status;
        uint64 filedAt;
        uint64 respondedAt;
        uint64 closedAt;
    }

    /// @notice `arbiter` cannot be appointed: it is the zero address or the desk itself.
    error DisputeInvalidArbiter(address arbiter);
    /// @notice `caller` does not control asset `assetId` (only its controller appoints and files).
    error DisputeNotAssetController(uint256 assetId, address caller);
    /// @notice Offer `offerId` names `marketArbiter` as its arbiter on the market, not this desk.
    error DisputeOfferNotOnDesk(uint256 offerId, address marketArbiter);
    /// @notice Offer `offerId` already has `arbiter` appointed; an appointment is final.
    error DisputeArbiterAlreadyAppointed(uint256 offerId, address arbiter);
    /// @notice Offer `offerId` has already sold `sold` licenses; arbiters are appointed before the first.
    error DisputeOfferAlreadySold(uint256 offerId, uint256 sold);
    /// @notice Offer `offerId` of license `licenseId` has no appointed arbiter: no claim can be filed.
    error DisputeNoArbiter(uint256 licenseId, uint256 offerId);
    /// @notice License `licenseId` is `status` (EXPIRED or REVOKED); claims are filed against ACTIVE ones.
    error DisputeLicenseNotActive(uint256 licenseId, ILicenseTypes.LicenseStatus status);
    /// @notice License `licenseId` already has case `caseId` open.
    error DisputeCaseAlreadyOpen(uint256 licenseId, uint256 caseId);
    /// @notice Evidence, responses and rulings need a non-zero hash.
    error DisputeEmptyHash();
    /// @notice Case `caseId` does not exist.
    error DisputeCaseNotFound(uint256 caseId);
    /// @notice Case `caseId` is `status`, no longer open.
    error DisputeCaseNotOpen(uint256 caseId, CaseStatus status);
    /// @notice `caller` is not `holder`, the current holder of the license in case `caseId`.
    error DisputeNotLicenseHolder(uint256 caseId, address holder, address caller);
    /// @notice `caller` is not `arbiter`, the arbiter appointed for the offer of case `caseId`.
    error DisputeNotArbiter(uint256 caseId, address arbiter, address caller);
    /// @notice `caller` is not `claimant`, who filed case `caseId`.
    error DisputeNotClaimant(uint256 caseId, address claimant, address caller);
    /// @notice A page of `limit` case ids is above the maximum of `max`.
    error DisputePageTooLarge(uint256 limit, uint256 max);

    /// @notice The controller of asset `assetId` appointed `arbiter` for offer `offerId` (once).
    /// @param offerId The offer.
    /// @param assetId Its asset.
    /// @param arbiter Who rules on claims against licenses sold under the offer.
    event ArbiterAppointed(uint256 indexed offerId, uint256 indexed assetId, address indexed arbiter);

    /// @notice A licensor filed a claim against a license.
    /// @param caseId The new case.
    /// @param licenseId The license.
    /// @param assetId Its asset.
    /// @param claimant The asset's controller, who filed.
    /// @param holder The license's holder at filing.
    /// @param arbiter The offer's appointed arbiter.
    /// @param evidenceHash Hash of the claimant's evidence.
    event ClaimFiled(
        uint256 indexed caseId,
        uint256 indexed licenseId,
        uint256 indexed assetId,
        address claimant,
        address holder,
        address arbiter,
        bytes32 evidenceHash
    );

    /// @notice The license's holder answered a claim (it may answer several times; the latest is stored).
    /// @param caseId The case.
    /// @param holder The holder who answered.
    /// @param responseHash Hash of the holder's response and evidence.
    event ClaimResponded(uint256 indexed caseId, address indexed holder, bytes32 responseHash);

    /// @notice The arbiter upheld a claim; the license was revoked on the market in the same transaction.
    /// @param caseId The case.
    /// @param licenseId The revoked license.
    /// @param arbiter The arbiter who ruled.
    /// @param rulingHash Hash of the ruling (also the market's LicenseRevoked reason).
    event ClaimUpheld(uint256 indexed caseId, uint256 indexed licenseId, address indexed arbiter, bytes32 rulingHash);

    /// @notice The arbiter dismissed a claim; the license stays as it was.
    /// @param caseId The case.
    /// @param licenseId The license.
    /// @param arbiter The arbiter who ruled.
    /// @param rulingHash Hash of the ruling.
    event ClaimDismissed(
        uint256 indexed caseId,
        uint256 indexed licenseId,
        address indexed arbiter,
        bytes32 rulingHash
    );

    /// @notice The claimant withdrew an open claim.
    /// @param caseId The case.
    /// @param licenseId The license.
    /// @param claimant Who filed and withdrew.
    event ClaimWithdrawn(uint256 indexed caseId, uint256 indexed licenseId, address indexed claimant);

    /// @notice Appoints the arbiter of offer `offerId`: who rules on claims against the licenses sold
    /// under it. Only the controller of the offer's asset; only if the offer names this desk as its
    /// arbiter on the market; once, and only before the offer's first sale. Emits {ArbiterAppointed}.
    /// @dev Reverts with the market's OfferNotFound if the offer does not exist. Until the first sale
    /// an offer naming the desk may have no arbiter yet, and the controller may appoint one up to the
    /// block of that sale (even ahead of it in that block): a buyer who wants to know the arbiter
    /// buys once it is appointed. Licenses sold while none is appointed can never be claimed against.
    /// @param offerId The offer.
    /// @param arbiter Any address but zero and the desk: an EOA, a multisig, a DAO, an oracle.
    function appointArbiter(uint256 offerId, address arbiter) external;

    /// @notice Files a claim of breach against license `licenseId`. Only the controller of its asset
    /// (the licensor); the license must be ACTIVE, sold under an offer with an appointed arbiter, and
    /// have no open case. Emits {ClaimFiled}.
    /// @dev Reverts with the market's LicenseNotFound if the license does not exist.
    /// @param licenseId The license.
    /// @param evidenceHash Hash of the claimant's evidence (non-zero).
    /// @return caseId The new case (sequential from 1).
    function fileClaim(uint256 licenseId, bytes32 evidenceHash) external returns (uint256 caseId);

    /// @notice Answers an open claim. Only the license's current holder; as many times as it likes,
    /// the latest response is stored. Emits {ClaimResponded}.
    /// @param caseId The case.
    /// @param responseHash Hash of the holder's response and evidence (non-zero).
    function respond(uint256 caseId, bytes32 responseHash) external;

    /// @notice Upholds an open claim and revokes the license on the market in the same transaction:
    /// entitlement ends in this block. Only the offer's appointed arbiter. Final. Emits {ClaimUpheld}
    /// (and the market's LicenseRevoked with `rulingHash` as its reason).
    /// @dev The ruling is recorded before the market is called. Reverts with the market's
    /// LicenseNotFound if the license was burned (lapsed) since the filing: dismiss instead.
    /// @param caseId The case.
    /// @param rulingHash Hash of the ruling (non-zero).
    function uphold(uint256 caseId, bytes32 rulingHash) external;

    /// @notice Dismisses an open claim; the license stays as it is. Only the offer's appointed
    /// arbiter. Final. Emits {ClaimDismissed}.
    /// @param caseId The case.
    /// @param rulingHash Hash of the ruling (non-zero).
    function dismiss(uint256 caseId, bytes32 rulingHash) external;

    /// @notice Withdraws an open claim. Only its claimant. Final. Emits {ClaimWithdrawn}.
    /// @param caseId The case.
    function withdrawClaim(uint256 caseId) external;

    /// @notice A case: its license, asset, offer, parties, the latest hashes, status and times.
    /// @param caseId The case (reverts with {DisputeCaseNotFound} if none).
    /// @return info The case.
    function caseInfo(uint256 caseId) external view returns (CaseInfo memory info);

    /// @notice How many cases were ever filed (ids run from 1 to this count).
    /// @return The case count.
    function caseCount() external view returns (uint256);

    /// @notice The open case against license `licenseId`.
    /// @param licenseId The license.
    /// @return caseId The open case, 0 if none.
    function openCaseOf(uint256 licenseId) external view returns (uint256 caseId);

    /// @notice A page of the cases filed against licenses of asset `assetId`, in filing order
    /// (append-only: a page once full never changes).
    /// @param assetId The asset.
    /// @param offset How many ids to skip.
    /// @param limit The most ids to return (at most 100).
    /// @return ids The page (shorter than `limit` at the end, empty past it).
    /// @return total How many cases the asset has in all.
    function casesOfAsset(
        uint256 assetId,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 total);

    /// @notice The arbiter appointed for offer `offerId`.
    /// @param offerId The offer.
    /// @return The arbiter, zero if none was appointed.
    function arbiterOf(uint256 offerId) external view returns (address);

    /// @notice The market whose licenses the desk rules on.
    /// @return The LicenseMarket.
    function market() external view returns (IDisputeMarket);
}
