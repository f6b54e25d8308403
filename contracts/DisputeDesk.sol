// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {IDisputeDesk, IDisputeMarket} from "./interfaces/IDisputeDesk.sol";

/// @title DisputeDesk: breach claims against licenses, ruled by the arbiter appointed for the offer.
/// @notice The market lets an offer name an `arbiter` who may revoke the licenses sold under it. An
/// offer names this desk there; the asset's controller appoints the real arbiter here before the
/// first sale; claims, responses and rulings are then recorded as cases, and an upheld claim revokes
/// the license through the market in the same transaction. No owner, no funds: the desk only reads
/// the market, and calls its `revoke` as the offers' arbiter.
/// @dev The market is not changed for disputes. Every write checks, then records, then (uphold only)
/// calls the market: a ruling is final in storage before `revoke` runs, so a call back into the desk
/// finds the case closed.
contract DisputeDesk is IDisputeDesk {
    /// @dev One case. The arbiter is not copied: it is the offer's, appointed once ({_arbiters}).
    struct Case {
        uint256 licenseId;
        address claimant;
        uint32 assetId;
        uint40 filedAt;
        CaseStatus status;
        address holder;
        uint64 offerId;
        uint40 respondedAt;
        uint40 closedAt;
        bytes32 evidenceHash;
        bytes32 responseHash;
        bytes32 rulingHash;
    }

    /// @notice The most case ids {casesOfAsset} returns in one page.
    uint256 public constant MAX_PAGE = 100;

    /// @inheritdoc IDisputeDesk
    IDisputeMarket public immutable market;

    uint256 private _caseCount;
    mapping(uint256 caseId => Case) private _cases;
    mapping(uint256 offerId => address arbiter) private _arbiters;
    mapping(uint256 licenseId => uint256 caseId) private _openCases;
    mapping(uint256 assetId => uint256[] caseIds) private _assetCases;

    /// @notice Deploys the desk over a market. Offers then name the desk's address as their arbiter.
    /// @param market_ The LicenseMarket.
    constructor(IDisputeMarket market_) {
        market = market_;
    }

    // ---------------------------------------------------------------- appointment

    /// @inheritdoc IDisputeDesk
    function appointArbiter(uint256 offerId, address arbiter) external {
        if (arbiter == address(0) || arbiter == address(this)) revert DisputeInvalidArbiter(arbiter);
        ILicenseTypes.OfferInfo memory offer = market.offers(offerId);
        _checkAssetController(offer.assetId);
        if (offer.arbiter != address(this)) revert DisputeOfferNotOnDesk(offerId, offer.arbiter);
        address appointed = _arbiters[offerId];
        if (appointed != address(0)) revert DisputeArbiterAlreadyAppointed(offerId, appointed);
        if (offer.sold != 0) revert DisputeOfferAlreadySold(offerId, offer.sold);
        _arbiters[offerId] = arbiter;
        emit ArbiterAppointed(offerId, offer.assetId, arbiter);
    }

    // ---------------------------------------------------------------- cases

    /// @inheritdoc IDisputeDesk
    function fileClaim(uint256 licenseId, bytes32 evidenceHash) external returns (uint256 caseId) {
        ILicenseTypes.LicenseInfo memory license = market.licenseInfo(licenseId);
        _checkAssetController(license.assetId);
        address arbiter = _arbiters[license.offerId];
        if (arbiter == address(0)) revert DisputeNoArbiter(licenseId, license.offerId);
        if (license.status != ILicenseTypes.LicenseStatus.ACTIVE) {
            revert DisputeLicenseNotActive(licenseId, license.status);
        }
        uint256 open = _openCases[licenseId];
        if (open != 0) revert DisputeCaseAlreadyOpen(licenseId, open);
        if (evidenceHash == bytes32(0)) revert DisputeEmptyHash();

        caseId = ++_caseCount;
        Case storage c = _cases[caseId];
        c.licenseId = licenseId;
        c.claimant = msg.sender;
        // The market stores asset ids in 32 bits; an offer id above 64 bits would take 2^64 offers.
        c.assetId = uint32(license.assetId);
        c.filedAt = uint40(block.timestamp);
        c.status = CaseStatus.OPEN;
        c.holder = license.holder;
        c.offerId = uint64(license.offerId);
        c.evidenceHash = evidenceHash;
        _openCases[licenseId] = caseId;
        _assetCases[license.assetId].push(caseId);
        emit ClaimFiled(caseId, licenseId, license.assetId, msg.sender, license.holder, arbiter, evidenceHash);
    }

    /// @inheritdoc IDisputeDesk
    function respond(uint256 caseId, bytes32 responseHash) external {
        Case storage c = _openCase(caseId);
        address holder = market.licenseInfo(c.licenseId).holder;
        if (msg.sender != holder) revert DisputeNotLicenseHolder(caseId, holder, msg.sender);
        if (responseHash == bytes32(0)) revert DisputeEmptyHash();
        c.responseHash = responseHash;
        c.respondedAt = uint40(block.timestamp);
        emit ClaimResponded(caseId, msg.sender, responseHash);
    }

    /// @inheritdoc IDisputeDesk
    function uphold(uint256 caseId, bytes32 rulingHash) external {
        uint256 licenseId = _rule(caseId, rulingHash, CaseStatus.UPHELD);
        emit ClaimUpheld(caseId, licenseId, msg.sender, rulingHash);
        market.revoke(licenseId, rulingHash);
    }

    /// @inheritdoc IDisputeDesk
    function dismiss(uint256 caseId, bytes32 rulingHash) external {
        uint256 licenseId = _rule(caseId, rulingHash, CaseStatus.DISMISSED);
        emit ClaimDismissed(caseId, licenseId, msg.sender, rulingHash);
    }

    /// @inheritdoc IDisputeDesk
    function withdrawClaim(uint256 caseId) external {
        Case storage c = _openCase(caseId);
        if (msg.sender != c.claimant) revert DisputeNotClaimant(caseId, c.claimant, msg.sender);
        uint256 licenseId = _close(c, CaseStatus.WITHDRAWN);
        emit ClaimWithdrawn(caseId, licenseId, msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDisputeDesk
    function caseInfo(uint256 caseId) external view returns (CaseInfo memory info) {
        Case storage c = _existingCase(caseId);
        info = CaseInfo({
            licenseId: c.licenseId,
            assetId: c.assetId,
            offerId: c.offerId,
            claimant: c.claimant,
            holder: c.holder,
            arbiter: _arbiters[c.offerId],
            evidenceHash: c.evidenceHash,
            responseHash: c.responseHash,
            rulingHash: c.rulingHash,
            status: c.status,
            filedAt: c.filedAt,
            respondedAt: c.respondedAt,
            closedAt: c.closedAt
        });
    }

    /// @inheritdoc IDisputeDesk
    function caseCount() external view returns (uint256) {
        return _caseCount;
    }

    /// @inheritdoc IDisputeDesk
    function openCaseOf(uint256 licenseId) external view returns (uint256 caseId) {
        return _openCases[licenseId];
    }

    /// @inheritdoc IDisputeDesk
    function casesOfAsset(
        uint256 assetId,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 total) {
        if (limit > MAX_PAGE) revert DisputePageTooLarge(limit, MAX_PAGE);
        uint256[] storage all = _assetCases[assetId];
        total = all.length;
        uint256 start = offset < total ? offset : total;
        ids = new uint256[](limit < total - start ? limit : total - start);
        for (uint256 i; i < ids.length; ++i) ids[i] = all[start + i];
    }

    /// @inheritdoc IDisputeDesk
    function arbiterOf(uint256 offerId) external view returns (address) {
        return _arbiters[offerId];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Closes an open case with the appointed arbiter's ruling; returns its license.
    function _rule(uint256 caseId, bytes32 rulingHash, CaseStatus status) private returns (uint256) {
        Case storage c = _openCase(caseId);
        address arbiter = _arbiters[c.offerId];
        if (msg.sender != arbiter) revert DisputeNotArbiter(caseId, arbiter, msg.sender);
        if (rulingHash == bytes32(0)) revert DisputeEmptyHash();
        c.rulingHash = rulingHash;
        return _close(c, status);
    }

    /// @dev Records a final status and frees the license for a later case; returns the license.
    function _close(Case storage c, CaseStatus status) private returns (uint256 licenseId) {
        licenseId = c.licenseId;
        c.status = status;
        c.closedAt = uint40(block.timestamp);
        delete _openCases[licenseId];
    }

    function _openCase(uint256 caseId) private view returns (Case storage c) {
        c = _existingCase(caseId);
        if (c.status != CaseStatus.OPEN) revert DisputeCaseNotOpen(caseId, c.status);
    }

    function _existingCase(uint256 caseId) private view returns (Case storage c) {
        c = _cases[caseId];
        if (c.status == CaseStatus.NONE) revert DisputeCaseNotFound(caseId);
    }

    function _checkAssetController(uint256 assetId) private view {
        if (market.assetInfo(assetId).controller != msg.sender) revert DisputeNotAssetController(assetId, msg.sender);
    }
}
