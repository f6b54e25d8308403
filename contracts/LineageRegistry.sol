// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ILineageMarket, ILineageRegistry} from "./interfaces/ILineageRegistry.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {LicenseData} from "./libraries/LicenseData.sol";
import {TermsCompat} from "./libraries/TermsCompat.sol";

/// @title LineageRegistry: derivatives of licensed AI models and datasets, checked against terms.
/// @notice The controller of an asset registers it, once, as a derivative of parent assets it holds
/// active licenses on. Each parent's terms must allow the relation and the child's terms must keep
/// what they force (see {TermsCompat}). The parent versions used, their content hashes and one
/// commitment over the whole lineage are recorded; children are listed per parent for the family
/// tree. No owner: the registry only reads the market and the terms registry.
/// @dev Acyclic by construction, as in Story Protocol's license registry: an asset's lineage is
/// written once and only while no asset names it as a parent. A parent's lineage, hence its depth,
/// is therefore final, so the depth bound is one read per parent and a cycle cannot form. The price:
/// register lineage before anyone licenses the asset to derive from it.
contract LineageRegistry is ILineageRegistry {
    /// @notice The most parents one derivative may name.
    uint256 public constant MAX_PARENTS = 16;
    /// @notice The deepest a derivative may sit: a chain of at most this many derivation levels.
    uint256 public constant MAX_DEPTH = 8;
    /// @notice The most a derivative's ancestors may take of its revenue, in basis points.
    uint256 public constant MAX_UPSTREAM_BPS = 5_000;
    /// @notice The most ancestors' splits a derivative may owe royalties to (bounds a sale's gas).
    uint256 public constant MAX_ROYALTY_SHARES = 16;

    /// @notice The market whose assets and licenses lineage refers to.
    ILineageMarket public immutable market;
    /// @notice The registry holding the parents' and children's terms.
    ITermsRegistry public immutable termsRegistry;

    /// @dev What {_check} finds: the first failing rule's revert data (empty if none) or the lineage.
    struct Checked {
        bytes failure;
        bytes32 commitment;
        ParentLink[] links;
        uint8 depth;
        ILicenseTypes.RoyaltyShare[] royalties;
    }

    mapping(uint256 assetId => Lineage) private _lineage;
    mapping(uint256 assetId => uint256[] childAssetIds) private _children;

    /// @notice Deploys the registry over a market and its terms registry.
    /// @param market_ The LicenseMarket.
    /// @param termsRegistry_ The TermsRegistry the market uses.
    constructor(ILineageMarket market_, ITermsRegistry termsRegistry_) {
        market = market_;
        termsRegistry = termsRegistry_;
    }

    /// @inheritdoc ILineageRegistry
    function registerDerivative(
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    ) external returns (bytes32 commitment) {
        Checked memory c = _check(msg.sender, childAssetId, parents, child);
        if (c.failure.length != 0) _revertWith(c.failure);
        commitment = c.commitment;
        ParentLink[] memory links = c.links;

        Lineage storage lineage = _lineage[childAssetId];
        uint256 n = links.length;
        uint256[] memory parentAssetIds = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            ParentLink memory link = links[i];
            lineage.parents.push(link);
            _children[link.assetId].push(childAssetId);
            parentAssetIds[i] = link.assetId;
            emit ParentLinked(
                childAssetId,
                link.assetId,
                link.licenseId,
                link.version,
                link.contentHash,
                link.relation,
                link.obligations
            );
        }
        lineage.childTermsId = uint64(child.termsId); // a registered id: sequential, far below 2^64
        lineage.nameHash = keccak256(bytes(child.name));
        lineage.familyHash = keccak256(bytes(child.family));
        lineage.trainingConfigHash = child.trainingConfigHash;
        lineage.commitment = commitment;
        lineage.depth = c.depth;
        lineage.registeredAt = uint64(block.timestamp);
        emit DerivativeRegistered(childAssetId, parentAssetIds, commitment);
        if (c.royalties.length != 0) market.writeUpstreamRoyalties(childAssetId, c.royalties);
    }

    /// @inheritdoc ILineageRegistry
    function checkDerivative(
        address registrant,
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    )
        external
        view
        returns (
            bytes memory failure,
            bytes32 commitment,
            ParentLink[] memory links,
            ILicenseTypes.RoyaltyShare[] memory royalties
        )
    {
        Checked memory c = _check(registrant, childAssetId, parents, child);
        return (c.failure, c.commitment, c.links, c.royalties);
    }

    /// @inheritdoc ILineageRegistry
    function parentsOf(uint256 assetId) external view returns (uint256[] memory parentAssetIds) {
        ParentLink[] storage links = _lineage[assetId].parents;
        parentAssetIds = new uint256[](links.length);
        for (uint256 i; i < links.length; ++i) parentAssetIds[i] = links[i].assetId;
    }

    /// @inheritdoc ILineageRegistry
    function childrenOf(uint256 assetId) external view returns (uint256[] memory childAssetIds) {
        return _children[assetId];
    }

    /// @inheritdoc ILineageRegistry
    function childCount(uint256 assetId) external view returns (uint256) {
        return _children[assetId].length;
    }

    /// @inheritdoc ILineageRegistry
    function lineageOf(uint256 assetId) external view returns (Lineage memory) {
        return _lineage[assetId];
    }

    /// @inheritdoc ILineageRegistry
    function ancestryDepth(uint256 assetId) external view returns (uint256) {
        return _lineage[assetId].depth;
    }

    /// @inheritdoc ILineageRegistry
    function lineageCommitment(
        uint256 childAssetId,
        uint256 childTermsId,
        bytes32 nameHash,
        bytes32 familyHash,
        bytes32 trainingConfigHash,
        ParentLink[] calldata parents
    ) external pure returns (bytes32) {
        return _commit(childAssetId, childTermsId, nameHash, familyHash, trainingConfigHash, parents);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Every rule of {registerDerivative}, in order, without writing. Returns the revert data of
    /// the first failing rule (empty if none) and, on success, the commitment, the links, the
    /// child's depth and its royalties. Reads only the market and the terms registry (view calls).
    function _check(
        address registrant,
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    ) private view returns (Checked memory c) {
        ILicenseTypes.AssetInfo memory asset = market.assetInfo(childAssetId);
        if (asset.controller != registrant) {
            return _fail(abi.encodeWithSelector(LineageNotChildController.selector, childAssetId, registrant));
        }
        if (_lineage[childAssetId].registeredAt != 0) {
            return _fail(abi.encodeWithSelector(LineageAlreadyRegistered.selector, childAssetId));
        }
        uint256 n = parents.length;
        if (n == 0 || n > MAX_PARENTS) {
            return _fail(abi.encodeWithSelector(LineageInvalidParentCount.selector, n, 1, MAX_PARENTS));
        }
        if (asset.offerCount != 0) {
            return _fail(abi.encodeWithSelector(LineageChildAlreadyOffered.selector, childAssetId, asset.offerCount));
        }

        bytes memory failure = _checkParents(registrant, childAssetId, parents, child, c);
        if (failure.length != 0) return _fail(failure);
        (failure, c.royalties) = _royalties(childAssetId, c.links);
        if (failure.length != 0) return _fail(failure);
        c.commitment = _commit(
            childAssetId,
            child.termsId,
            keccak256(bytes(child.name)),
            keccak256(bytes(child.family)),
            child.trainingConfigHash,
            c.links
        );
    }

    /// @dev Every parent's rules (see {_checkParent}), in order; fills `c.links` and `c.depth`.
    /// Returns the first failure's revert data, or empty.
    function _checkParents(
        address registrant,
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child,
        Checked memory c
    ) private view returns (bytes memory failure) {
        TermsCompat.Side memory childSide = TermsCompat.Side({
            assetId: childAssetId,
            termsId: child.termsId,
            terms: termsRegistry.getTerms(child.termsId)
        });
        string memory name = child.name;
        string memory family = child.family;
        uint256 n = parents.length;
        c.links = new ParentLink[](n);
        for (uint256 i; i < n; ++i) {
            uint8 parentDepth;
            (failure, c.links[i], parentDepth) = _checkParent(
                registrant,
                parents[i],
                childSide,
                name,
                family,
                c.links,
                i
            );
            if (failure.length != 0) return failure;
            if (parentDepth >= c.depth) c.depth = parentDepth + 1;
        }
    }

    /// @dev The child's upstream royalties: each parent license's offer royalty (to that offer's
    /// split) and everything the parent itself owes upstream. An ancestor reached along several
    /// paths (a diamond) is owed once, at the largest of its shares. Fails beyond
    /// MAX_ROYALTY_SHARES splits or MAX_UPSTREAM_BPS in total.
    function _royalties(
        uint256 childAssetId,
        ParentLink[] memory links
    ) private view returns (bytes memory failure, ILicenseTypes.RoyaltyShare[] memory shares) {
        shares = new ILicenseTypes.RoyaltyShare[](MAX_ROYALTY_SHARES);
        uint256 count;
        bool full;
        for (uint256 i; i < links.length; ++i) {
            ILicenseTypes.OfferInfo memory offer = market.offers(LicenseData.offerOf(links[i].licenseId));
            (count, full) = _addShare(shares, count, offer.splitId, offer.royaltyBps);
            ILicenseTypes.RoyaltyShare[] memory inherited = market.upstreamRoyalties(links[i].assetId);
            for (uint256 j; j < inherited.length && !full; ++j) {
                (count, full) = _addShare(shares, count, inherited[j].splitId, inherited[j].bps);
            }
            if (full) {
                return (
                    abi.encodeWithSelector(LineageTooManyRoyaltyShares.selector, childAssetId, MAX_ROYALTY_SHARES),
                    shares
                );
            }
        }
        uint256 total;
        for (uint256 i; i < count; ++i) total += shares[i].bps;
        if (total > MAX_UPSTREAM_BPS) {
            return (
                abi.encodeWithSelector(LineageRoyaltyCapExceeded.selector, childAssetId, total, MAX_UPSTREAM_BPS),
                shares
            );
        }
        // Trim the array to the shares found (memory only: its length word).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(shares, count)
        }
    }

    /// @dev Adds split `splitId`'s royalty `bps` to `shares[0..count)`: merged (largest share) if the
    /// split is there, appended otherwise. Zero shares are skipped. `full` when there is no room.
    function _addShare(
        ILicenseTypes.RoyaltyShare[] memory shares,
        uint256 count,
        uint256 splitId,
        uint16 bps
    ) private pure returns (uint256, bool full) {
        if (bps == 0) return (count, false);
        for (uint256 k; k < count; ++k) {
            if (shares[k].splitId == splitId) {
                if (bps > shares[k].bps) shares[k].bps = bps;
                return (count, false);
            }
        }
        if (count == shares.length) return (count, true);
        shares[count] = ILicenseTypes.RoyaltyShare(uint32(splitId), bps); // market split ids are 32-bit
        return (count + 1, false);
    }

    /// @dev The rules for parent `i`: the license (see {_checkLicense}), a depth within the bound,
    /// terms compatible for the relation. Returns the failure (or empty), the link to record, and
    /// the parent's depth.
    function _checkParent(
        address registrant,
        Parent calldata parent,
        TermsCompat.Side memory child,
        string memory name,
        string memory family,
        ParentLink[] memory earlier,
        uint256 i
    ) private view returns (bytes memory failure, ParentLink memory link, uint8 parentDepth) {
        ILicenseTypes.LicenseInfo memory info = market.licenseInfo(parent.licenseId);
        uint256 assetId = info.assetId;
        failure = _checkLicense(registrant, parent.licenseId, info, earlier, i);
        if (failure.length != 0) return (failure, link, 0);
        parentDepth = _lineage[assetId].depth;
        if (parentDepth >= MAX_DEPTH) {
            uint256 depth = uint256(parentDepth) + 1;
            return (abi.encodeWithSelector(LineageTooDeep.selector, child.assetId, depth, MAX_DEPTH), link, 0);
        }

        // A fine-tune under its parent's own license (PASS_THROUGH, SAME_LICENSE) reuses the read.
        TermsCompat.Side memory parentSide = TermsCompat.Side({
            assetId: assetId,
            termsId: info.termsId,
            terms: info.termsId == child.termsId ? child.terms : termsRegistry.getTerms(info.termsId)
        });
        uint8 obligations;
        (failure, obligations) = TermsCompat.check(parent.relation, parentSide, child, name, family);
        if (failure.length != 0) return (failure, link, 0);

        uint16 version = info.allVersions ? market.assetInfo(assetId).versionCount : info.version;
        link = ParentLink({
            licenseId: parent.licenseId,
            contentHash: market.assetVersion(assetId, version).contentHash,
            assetId: uint64(assetId), // the market keeps asset ids of offers in 32 bits
            version: version,
            relation: parent.relation,
            termsId: uint64(info.termsId),
            obligations: obligations
        });
    }

    /// @dev License `licenseId` (facts `info`) as parent `i`: on an asset other than the parents
    /// before it, held by the registrant, active (neither expired nor revoked). A license on the
    /// child itself cannot reach here: it would need an offer on the child ({LineageChildAlreadyOffered}).
    function _checkLicense(
        address registrant,
        uint256 licenseId,
        ILicenseTypes.LicenseInfo memory info,
        ParentLink[] memory earlier,
        uint256 i
    ) private pure returns (bytes memory) {
        uint256 assetId = info.assetId;
        for (uint256 j; j < i; ++j) {
            if (earlier[j].assetId == assetId) return abi.encodeWithSelector(LineageDuplicateParent.selector, assetId);
        }
        if (info.holder != registrant) {
            return abi.encodeWithSelector(LineageNotLicenseHolder.selector, licenseId, info.holder, registrant);
        }
        if (info.status != ILicenseTypes.LicenseStatus.ACTIVE) {
            return abi.encodeWithSelector(LineageLicenseNotActive.selector, licenseId, info.status);
        }
        return "";
    }

    function _commit(
        uint256 childAssetId,
        uint256 childTermsId,
        bytes32 nameHash,
        bytes32 familyHash,
        bytes32 trainingConfigHash,
        ParentLink[] memory parents
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(childAssetId, childTermsId, nameHash, familyHash, trainingConfigHash, parents));
    }

    /// @dev A failed check: only the revert data is set.
    function _fail(bytes memory failure) private pure returns (Checked memory c) {
        c.failure = failure;
    }

    /// @dev Raises `failure`, the ABI-encoded custom error a check returned, byte for byte, so that
    /// {checkDerivative} and {registerDerivative} report the same error. Solidity cannot revert
    /// with given bytes, hence assembly (as Uniswap v4's CustomRevert and OpenZeppelin's Address do).
    function _revertWith(bytes memory failure) private pure {
        // One audited line: revert with the memory bytes `failure` holds.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            revert(add(failure, 0x20), mload(failure))
        }
    }
}
