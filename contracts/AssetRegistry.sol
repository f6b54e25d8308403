// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketState} from "./MarketState.sol";
import {ILicenseMarket} from "./interfaces/ILicenseMarket.sol";

/// @title AssetRegistry: models and datasets, their versions and their controllers.
/// @notice A version is the sha256 of the asset's canonical file manifest plus the URI of its model
/// card or datasheet. Versions append; old ones stay readable. Control moves in two steps.
/// @dev Its state lives in MarketState, shared with the market's refunds extension.
abstract contract AssetRegistry is ILicenseMarket, MarketState {
    modifier onlyAssetController(uint256 assetId) {
        _checkAssetController(assetId);
        _;
    }

    /// @notice Registers a model or dataset with its first version; the caller controls it.
    /// @param kind MODEL or DATASET.
    /// @param contentHash sha256 of the canonical file manifest of version 1.
    /// @param metadataURI URI of the model card or datasheet of version 1.
    /// @return assetId The new asset's id (sequential from 1).
    function registerAsset(
        AssetKind kind,
        bytes32 contentHash,
        string calldata metadataURI
    ) external returns (uint256 assetId) {
        if (contentHash == bytes32(0)) revert EmptyContentHash();
        assetId = ++_assetCount;
        _assets[assetId] = Asset({controller: msg.sender, kind: kind, versionCount: 1, offerCount: 0});
        _versions[assetId][1] = Version(contentHash, uint64(block.timestamp), metadataURI);
        emit AssetRegistered(assetId, msg.sender, kind, contentHash, metadataURI);
        emit VersionPublished(assetId, 1, contentHash, metadataURI);
    }

    /// @notice Appends a new version to an asset. Only its controller may.
    /// @param assetId The asset.
    /// @param contentHash sha256 of the new version's canonical file manifest.
    /// @param metadataURI URI of the new version's model card or datasheet.
    /// @return version The new version number.
    function publishVersion(
        uint256 assetId,
        bytes32 contentHash,
        string calldata metadataURI
    ) external onlyAssetController(assetId) returns (uint16 version) {
        if (contentHash == bytes32(0)) revert EmptyContentHash();
        Asset storage asset = _assets[assetId];
        if (asset.versionCount == type(uint16).max) revert TooManyVersions(assetId);
        version = ++asset.versionCount;
        _versions[assetId][version] = Version(contentHash, uint64(block.timestamp), metadataURI);
        emit VersionPublished(assetId, version, contentHash, metadataURI);
    }

    /// @notice Starts handing control of an asset to `newController`, who must accept.
    /// @param assetId The asset.
    /// @param newController The proposed controller (zero cancels a pending transfer).
    function nominateAssetController(uint256 assetId, address newController) external onlyAssetController(assetId) {
        _pendingAssetController[assetId] = newController;
        emit AssetControlTransferStarted(assetId, msg.sender, newController);
    }

    /// @notice Accepts control of an asset offered by `nominateAssetController`.
    /// @param assetId The asset.
    function acceptAssetController(uint256 assetId) external {
        if (_pendingAssetController[assetId] != msg.sender || msg.sender == address(0)) {
            revert NotPendingAssetController(assetId, msg.sender);
        }
        address previous = _assets[assetId].controller;
        delete _pendingAssetController[assetId];
        _assets[assetId].controller = msg.sender;
        emit AssetControlTransferred(assetId, previous, msg.sender);
    }

    /// @notice An asset's controller, pending controller, kind, number of versions and of offers.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info) {
        Asset memory asset = _existingAsset(assetId);
        return
            AssetInfo(
                asset.controller,
                _pendingAssetController[assetId],
                asset.kind,
                asset.versionCount,
                asset.offerCount
            );
    }

    /// @notice One version of an asset.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return info Content hash, metadata URI and publication time.
    function assetVersion(uint256 assetId, uint256 version) external view returns (VersionInfo memory info) {
        Version storage v = _versions[assetId][version];
        if (v.contentHash == bytes32(0)) revert VersionNotFound(assetId, version);
        return VersionInfo(v.contentHash, v.metadataURI, v.publishedAt);
    }

    function _existingAsset(uint256 assetId) internal view returns (Asset memory asset) {
        asset = _assets[assetId];
        if (asset.controller == address(0)) revert AssetNotFound(assetId);
    }
}
