// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ILineageMarket, ILineageRegistry} from "./interfaces/ILineageRegistry.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
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

    /// @notice The market whose assets and licenses lineage refers to.
    ILineageMarket public immutable market;
    /// @notice The registry holding the parents' and children's terms.
    ITermsRegistry public immutable termsRegistry;

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
        (bytes memory failure, bytes32 c, ParentLink[] memory links, uint8 depth) = _check(
            msg.sender,
            childAssetId,
            parents,
            child
        );
        if (failure.length != 0) _revertWith(failure);
        commitment = c;

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
        lineage.depth = depth;
        lineage.registeredAt = uint64(block.timestamp);
        emit DerivativeRegistered(childAssetId, parentAssetIds, commitment);
    }

    /// @inheritdoc ILineageRegistry
    function checkDerivative(
        address registrant,
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    ) external view returns (bytes memory failure, bytes32 commitment, ParentLink[] memory links) {
        (failure, commitment, links, ) = _check(registrant, childAssetId, parents, child);
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
    /// the first failing rule (empty if none) and, on success, the commitment, the links and the
    /// child's depth. Reads only the market and the terms registry (view calls).
    function _check(
        address registrant,
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    ) private view returns (bytes memory failure, bytes32 commitment, ParentLink[] memory links, uint8 depth) {
        if (market.assetInfo(childAssetId).controller != registrant) {
            return (_fail(abi.encodeWithSelector(LineageNotChildController.selector, childAssetId, registrant)));
        }
        if (_lineage[childAssetId].registeredAt != 0) {
            return (_fail(abi.encodeWithSelector(LineageAlreadyRegistered.selector, childAssetId)));
        }
        uint256 n = parents.length;
        if (n == 0 || n > MAX_PARENTS) {
            return (_fail(abi.encodeWithSelector(LineageInvalidParentCount.selector, n, 1, MAX_PARENTS)));
        }
        uint256 descendants = _children[childAssetId].length;
        if (descendants != 0) {
            return (_fail(abi.encodeWithSelector(LineageChildIsAlreadyParent.selector, childAssetId, descendants)));
        }

        TermsCompat.Side memory childSide = TermsCompat.Side({
            assetId: childAssetId,
            termsId: child.termsId,
            terms: termsRegistry.getTerms(child.termsId)
        });
        string memory name = child.name;
        string memory family = child.family;
        links = new ParentLink[](n);
        for (uint256 i; i < n; ++i) {
            uint8 parentDepth;
            (failure, links[i], parentDepth) = _checkParent(registrant, parents[i], childSide, name, family, links, i);
            if (failure.length != 0) return _fail(failure);
            if (parentDepth >= depth) depth = parentDepth + 1;
        }
        commitment = _commit(
            childAssetId,
            child.termsId,
            keccak256(bytes(name)),
            keccak256(bytes(family)),
            child.trainingConfigHash,
            links
        );
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
        failure = _checkLicense(registrant, parent.licenseId, info, child.assetId, earlier, i);
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

    /// @dev License `licenseId` (facts `info`) as parent `i`: on an asset other than the child and
    /// the parents before it, held by the registrant, active (neither expired nor revoked).
    function _checkLicense(
        address registrant,
        uint256 licenseId,
        ILicenseTypes.LicenseInfo memory info,
        uint256 childAssetId,
        ParentLink[] memory earlier,
        uint256 i
    ) private pure returns (bytes memory) {
        uint256 assetId = info.assetId;
        if (assetId == childAssetId) return abi.encodeWithSelector(LineageSelfParent.selector, assetId, licenseId);
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

    /// @dev A failed check's return values: only the revert data is set.
    function _fail(
        bytes memory failure
    ) private pure returns (bytes memory, bytes32 commitment, ParentLink[] memory links, uint8 depth) {
        return (failure, commitment, links, depth);
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
