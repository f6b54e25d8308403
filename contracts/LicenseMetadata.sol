// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ILicenseMetadata} from "./interfaces/ILicenseMetadata.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";
import {LicenseMarket} from "./LicenseMarket.sol";
import {TermsRenderer} from "./TermsRenderer.sol";

/// @title LicenseMetadata: a license token's on-chain JSON, built from what the chain stores.
/// @notice Asset, version (with its content hash), offer, status, expiry, and the terms in plain
/// words as rendered by TermsRenderer from the registered terms. Nothing is written by hand.
contract LicenseMetadata is ILicenseMetadata {
    using Strings for uint256;

    /// @notice The market whose licenses this renders.
    LicenseMarket public immutable market;
    /// @notice The registry holding the licenses' terms.
    ITermsRegistry public immutable termsRegistry;
    /// @notice The contract that renders terms in plain words.
    TermsRenderer public immutable renderer;

    /// @notice Wires the renderer to a market, its terms registry and the terms renderer.
    /// @param market_ The license market.
    /// @param termsRegistry_ The terms registry.
    /// @param renderer_ The terms renderer.
    constructor(LicenseMarket market_, ITermsRegistry termsRegistry_, TermsRenderer renderer_) {
        market = market_;
        termsRegistry = termsRegistry_;
        renderer = renderer_;
    }

    /// @inheritdoc ILicenseMetadata
    function tokenURI(uint256 licenseId) external view returns (string memory) {
        ILicenseTypes.LicenseInfo memory info = market.licenseInfo(licenseId);
        string memory json = string.concat(
            '{"name":"Tessera License #',
            licenseId.toString(),
            '","description":"A license to ',
            _assetDescription(info),
            '.",',
            _attributes(info),
            ',"terms":',
            renderer.renderTermsById(termsRegistry, info.termsId),
            "}"
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    function _assetDescription(ILicenseTypes.LicenseInfo memory info) private view returns (string memory) {
        ILicenseTypes.AssetInfo memory asset = market.assetInfo(info.assetId);
        string memory kind = asset.kind == ILicenseTypes.AssetKind.MODEL ? "model" : "dataset";
        string memory coverage =
            info.allVersions ? "all versions" : string.concat("version ", uint256(info.version).toString());
        return string.concat(kind, " #", info.assetId.toString(), ", ", coverage);
    }

    function _attributes(ILicenseTypes.LicenseInfo memory info) private view returns (string memory) {
        uint256 version = info.allVersions ? market.assetInfo(info.assetId).versionCount : info.version;
        ILicenseTypes.VersionInfo memory v = market.assetVersion(info.assetId, version);
        ILicenseTypes.OfferInfo memory offer = market.offers(info.offerId);
        return
            string.concat(
                '"attributes":[',
                _trait("Asset", info.assetId.toString(), true),
                _trait("Version", info.allVersions ? "all" : version.toString(), false),
                _trait("Offer", info.offerId.toString(), true),
                _trait("Status", _status(info.status), false),
                _trait("Transferable", offer.transferable ? "yes" : "no", false),
                _expiry(info.expiresAt),
                '],"contentHash":"',
                uint256(v.contentHash).toHexString(32),
                '","metadataURI":"',
                _escape(v.metadataURI),
                '","termsHash":"',
                uint256(offer.termsHash).toHexString(32),
                '"'
            );
    }

    function _trait(string memory trait, string memory value, bool numeric) private pure returns (string memory) {
        return
            numeric
                ? string.concat('{"trait_type":"', trait, '","value":', value, "},")
                : string.concat('{"trait_type":"', trait, '","value":"', value, '"},');
    }

    function _expiry(uint64 expiresAt) private pure returns (string memory) {
        if (expiresAt == type(uint64).max) return '{"trait_type":"Expires","value":"never"}';
        return
            string.concat('{"display_type":"date","trait_type":"Expires","value":', uint256(expiresAt).toString(), "}");
    }

    function _status(ILicenseTypes.LicenseStatus status) private pure returns (string memory) {
        if (status == ILicenseTypes.LicenseStatus.ACTIVE) return "active";
        if (status == ILicenseTypes.LicenseStatus.EXPIRED) return "expired";
        return "revoked";
    }

    /// @dev Escapes a creator-supplied string for a JSON string literal.
    function _escape(string memory s) private pure returns (string memory) {
        return Strings.escapeJSON(s);
    }
}
