// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";

/// @title ILineageMarket: what the lineage registry reads from the market.
/// @notice The subset of LicenseMarket (and its AssetRegistry) that {ILineageRegistry} calls.
interface ILineageMarket is ILicenseTypes {
    /// @notice The facts of a license token. Reverts with LicenseNotFound if none.
    /// @param licenseId The token id.
    /// @return info Holder, asset, offer, terms, expiry, version covered, status.
    function licenseInfo(uint256 licenseId) external view returns (LicenseInfo memory info);

    /// @notice An asset's controller, pending controller, kind and number of versions.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);

    /// @notice One version of an asset.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return info Content hash, metadata URI and publication time.
    function assetVersion(uint256 assetId, uint256 version) external view returns (VersionInfo memory info);

    /// @notice An offer as stored. Reverts with OfferNotFound if none.
    /// @param offerId The offer.
    /// @return info Its split and royalty among the rest.
    function offers(uint256 offerId) external view returns (OfferInfo memory info);

    /// @notice A derivative's upstream royalties (empty for an asset without lineage or royalties).
    /// @param assetId The asset.
    /// @return shares Each ancestor's split and basis points.
    function upstreamRoyalties(uint256 assetId) external view returns (RoyaltyShare[] memory shares);

    /// @notice Records a derivative's upstream royalties; only the wired LineageRegistry, only before
    /// the asset's first offer.
    /// @param assetId The derivative.
    /// @param shares Each ancestor's split and basis points.
    function writeUpstreamRoyalties(uint256 assetId, RoyaltyShare[] calldata shares) external;
}

/// @title ILineageRegistry: registered derivatives of licensed AI models and datasets.
/// @notice A derivative (a fine-tune, a model trained on a dataset, a model distilled from another's
/// outputs) is registered once by its controller, naming the licenses it holds on its parents. The
/// registry checks that each license is the caller's and active, that the parent's terms allow the
/// relation, and that the child's terms are compatible with them (the "Checks" of the Tessera terms
/// taxonomy); it then records the parent versions used and one commitment over the whole lineage.
/// Each parent license's offer names a royalty (`royaltyBps`, paid to the offer's split); the child
/// owes it and everything its parents owe upstream, at most 50 % in all, on every sale and renewal
/// (Story's LAP: a fixed share per ancestor). The market credits the shares from its pull ledger.
/// @dev The lineage graph is acyclic by construction: an asset's lineage is written once, and only
/// before the asset's first offer ({LineageChildAlreadyOffered}). A parent has sold a license (to
/// the child's controller), so it has an offer: its lineage, depth and royalties are final when a
/// child is registered under it. The same rule means a derivative's sales all pay its royalties, and
/// nobody can freeze someone else's asset without lineage by deriving from it first.
interface ILineageRegistry {
    /// @notice How a child derives from a parent.
    /// @dev FINE_TUNED_FROM is the general derivative rule (a fine-tune, an adapter, a derived
    /// dataset); TRAINED_ON a model trained on a dataset; DISTILLED_FROM a model trained on a model's
    /// outputs, governed by the parent's `outputTraining`.
    enum Relation {
        FINE_TUNED_FROM,
        TRAINED_ON,
        DISTILLED_FROM
    }

    /// @notice One parent as the caller names it.
    /// @param licenseId A license on the parent asset, held by the caller and active.
    /// @param relation How the child derives from that parent.
    struct Parent {
        uint256 licenseId;
        Relation relation;
    }

    /// @notice The child as it will be distributed.
    /// @param termsId The registered terms the child is offered under.
    /// @param name The child's distributed name (checked against parents' name rules).
    /// @param family The child's model family (checked against SAME_FAMILY_ONLY parents).
    /// @param trainingConfigHash Hash of the training configuration (recipe, data mix), or zero.
    struct Child {
        uint256 termsId;
        string name;
        string family;
        bytes32 trainingConfigHash;
    }

    /// @notice One parent as recorded. Field order packs it into three storage slots.
    /// @param licenseId The license the child was made under.
    /// @param contentHash The content hash of the parent version used.
    /// @param assetId The parent asset (a licensed asset's id fits in 32 bits in the market).
    /// @param termsId The parent license's terms.
    /// @param version The parent version used: the license's, or the latest for an all-versions license.
    /// @param relation How the child derives from it.
    /// @param obligations Duties recorded for the child, a bitmap: bit 0 attribution (credit the
    /// parent, "Built with"; ATTRIBUTE_AND_NAME outputs or a brand duty), bit 1 the registrant's
    /// attestation that the child does not compete with the parent (NO_COMPETING outputs).
    struct ParentLink {
        uint256 licenseId;
        bytes32 contentHash;
        uint64 assetId;
        uint64 termsId;
        uint16 version;
        Relation relation;
        uint8 obligations;
    }

    /// @notice A child's lineage as recorded. Field order packs the scalars into one slot.
    /// @param parents The parents, in the order given.
    /// @param nameHash keccak256 of the child's name.
    /// @param familyHash keccak256 of the child's family.
    /// @param trainingConfigHash As given.
    /// @param commitment {lineageCommitment} over the child's asset id, terms and all of the above.
    /// @param childTermsId The child's terms.
    /// @param depth 1 + the largest depth of a parent (an asset without lineage has depth 0).
    /// @param registeredAt The block timestamp of registration (zero: no lineage).
    struct Lineage {
        ParentLink[] parents;
        bytes32 nameHash;
        bytes32 familyHash;
        bytes32 trainingConfigHash;
        bytes32 commitment;
        uint64 childTermsId;
        uint8 depth;
        uint64 registeredAt;
    }

    /// @notice `caller` does not control `childAssetId`.
    error LineageNotChildController(uint256 childAssetId, address caller);
    /// @notice `childAssetId` already has a lineage: it is written once.
    error LineageAlreadyRegistered(uint256 childAssetId);
    /// @notice `childAssetId` already has `offerCount` offers; its lineage had to be registered before
    /// the first (so every sale pays its royalties, and the graph stays acyclic).
    error LineageChildAlreadyOffered(uint256 childAssetId, uint256 offerCount);
    /// @notice The child's ancestors would take `totalBps` of its revenue; at most `maxBps` are allowed.
    error LineageRoyaltyCapExceeded(uint256 childAssetId, uint256 totalBps, uint256 maxBps);
    /// @notice The child would owe royalties to more than `max` ancestors' splits.
    error LineageTooManyRoyaltyShares(uint256 childAssetId, uint256 max);
    /// @notice `count` parents given; between `min` and `max` are allowed.
    error LineageInvalidParentCount(uint256 count, uint256 min, uint256 max);
    /// @notice `parentAssetId` is named twice.
    error LineageDuplicateParent(uint256 parentAssetId);
    /// @notice The child would sit `depth` levels deep; at most `maxDepth` are allowed.
    error LineageTooDeep(uint256 childAssetId, uint256 depth, uint256 maxDepth);
    /// @notice License `licenseId` is held by `holder`, not by `caller`.
    error LineageNotLicenseHolder(uint256 licenseId, address holder, address caller);
    /// @notice License `licenseId` is not active (`status`: EXPIRED or REVOKED).
    error LineageLicenseNotActive(uint256 licenseId, ILicenseTypes.LicenseStatus status);
    /// @notice The parent's terms forbid derivatives (`derivatives` NOT_ALLOWED).
    error LineageDerivativesNotAllowed(uint256 parentAssetId, uint256 parentTermsId);
    /// @notice The parent's terms lack grants `missing` (of the `required` bitmap) for the relation.
    error LineageGrantMissing(uint256 parentAssetId, uint256 required, uint256 missing);
    /// @notice The parent's terms are SAME_LICENSE, but the child uses other terms.
    error LineageTermsNotSame(uint256 parentAssetId, uint256 parentTermsId, uint256 childTermsId);
    /// @notice The child's scope `childScope` is wider than the parent's `parentScope`.
    error LineageScopeExceedsParent(uint256 parentAssetId, uint8 childScope, uint8 parentScope);
    /// @notice A model trained on a dataset that does not grant commercialiseModel has scope
    /// `childScope`; at most `maxScope` (INTERNAL) is allowed.
    error LineageCommercialModelNotGranted(uint256 parentAssetId, uint8 childScope, uint8 maxScope);
    /// @notice The parent's outputs may train internal models only; the child's scope is `childScope`.
    error LineageOutputsInternalOnly(uint256 parentAssetId, uint8 childScope, uint8 maxScope);
    /// @notice The parent's terms forbid training on its outputs (`outputTraining` PROHIBITED).
    error LineageOutputTrainingProhibited(uint256 parentAssetId, uint256 parentTermsId);
    /// @notice The child's territory is not within the parent's.
    error LineageTerritoryNotSubset(uint256 parentAssetId, uint256 parentTermsId, uint256 childTermsId);
    /// @notice The child's cap `field` (`childValue`, 0 = none) is looser than the parent's `parentValue`.
    /// For "caps.periodSeconds" a shorter period is the looser cap.
    error LineageCapExceeded(uint256 parentAssetId, string field, uint256 childValue, uint256 parentValue);
    /// @notice The child's terms drop the parent's bans `dropped` (PASS_THROUGH or SAME_LICENSE).
    error LineageBannedUseDropped(uint256 parentAssetId, uint256 dropped);
    /// @notice The child's `name` does not start with the parent's required `prefix`.
    error LineageNamePrefixMissing(uint256 parentAssetId, string prefix, string name);
    /// @notice The child's `family` is not the parent's `required` family (SAME_FAMILY_ONLY).
    error LineageFamilyMismatch(uint256 parentAssetId, string required, string family);

    /// @notice A derivative was registered.
    /// @param childAssetId The child.
    /// @param parentAssetIds Its parents, in the order given.
    /// @param lineageCommitment {lineageCommitment} of the recorded lineage.
    event DerivativeRegistered(uint256 indexed childAssetId, uint256[] parentAssetIds, bytes32 lineageCommitment);

    /// @notice One parent of a registered derivative (one event per parent, for indexers).
    /// @param childAssetId The child.
    /// @param parentAssetId The parent.
    /// @param licenseId The license the child was made under.
    /// @param version The parent version used.
    /// @param contentHash Its content hash.
    /// @param relation How the child derives from it.
    /// @param obligations Recorded duties (attribution, non-competing attestation).
    event ParentLinked(
        uint256 indexed childAssetId,
        uint256 indexed parentAssetId,
        uint256 indexed licenseId,
        uint16 version,
        bytes32 contentHash,
        Relation relation,
        uint8 obligations
    );

    /// @notice Registers `childAssetId` as a derivative of the assets licensed by `parents`, and its
    /// upstream royalties with the market. Only the child's controller, holding every parent license,
    /// active; once per child, before its first offer. Reverts with the first failing rule (see
    /// {checkDerivative}).
    /// @param childAssetId The derivative asset.
    /// @param parents 1 to 16 licenses on distinct parent assets, each with its relation.
    /// @param child The child's terms, name, family and training configuration hash.
    /// @return commitment The recorded {lineageCommitment}.
    function registerDerivative(
        uint256 childAssetId,
        Parent[] calldata parents,
        Child calldata child
    ) external returns (bytes32 commitment);

    /// @notice What {registerDerivative} would do if `registrant` sent it now, without writing.
    /// @dev Still reverts where registerDerivative would revert with another contract's error
    /// (AssetNotFound, LicenseNotFound, TermsNotFound, VersionNotFound).
    /// @param registrant The would-be caller.
    /// @param childAssetId The derivative asset.
    /// @param parents The parents.
    /// @param child The child.
    /// @return failure Empty if registration would succeed; else the revert data registerDerivative
    /// would revert with (one of this interface's errors: decode it with the ABI).
    /// @return commitment The commitment that would be recorded (zero on failure).
    /// @return links The parents as they would be recorded (empty on failure).
    /// @return royalties The upstream royalties the child would owe (empty on failure).
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
        );

    /// @notice The parent asset ids of `assetId` (empty without lineage).
    /// @param assetId The asset.
    /// @return parentAssetIds Its parents, in registration order.
    function parentsOf(uint256 assetId) external view returns (uint256[] memory parentAssetIds);

    /// @notice The assets registered as derivatives of `assetId` (append-only).
    /// @param assetId The asset.
    /// @return childAssetIds Its children, in registration order.
    function childrenOf(uint256 assetId) external view returns (uint256[] memory childAssetIds);

    /// @notice How many assets are registered as derivatives of `assetId`.
    /// @param assetId The asset.
    /// @return The number of children.
    function childCount(uint256 assetId) external view returns (uint256);

    /// @notice The recorded lineage of `assetId` (`registeredAt` zero if none).
    /// @param assetId The asset.
    /// @return The lineage.
    function lineageOf(uint256 assetId) external view returns (Lineage memory);

    /// @notice The number of derivation levels above `assetId`: 0 without lineage, else 1 + the
    /// largest of its parents'. Final once recorded (see the contract's acyclicity rule).
    /// @param assetId The asset.
    /// @return The depth.
    function ancestryDepth(uint256 assetId) external view returns (uint256);

    /// @notice The commitment of a lineage: keccak256(abi.encode(childAssetId, childTermsId,
    /// nameHash, familyHash, trainingConfigHash, parents)), `parents` the recorded ParentLink[].
    /// @param childAssetId The child.
    /// @param childTermsId The child's terms.
    /// @param nameHash keccak256 of the child's name.
    /// @param familyHash keccak256 of the child's family.
    /// @param trainingConfigHash The training configuration hash.
    /// @param parents The parent links.
    /// @return The commitment.
    function lineageCommitment(
        uint256 childAssetId,
        uint256 childTermsId,
        bytes32 nameHash,
        bytes32 familyHash,
        bytes32 trainingConfigHash,
        ParentLink[] calldata parents
    ) external pure returns (bytes32);
}
