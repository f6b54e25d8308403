// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title LicenseData
/// @notice Packing of a license's facts into the 96 spare bits of its ownership slot.
/// @dev Layout: expiry (40 bits, type(uint40).max = perpetual) | version at purchase (16) | revoked (1).
/// The offer is not stored: a license id is `offerId << 32 | serial`.
library LicenseData {
    uint40 internal constant PERPETUAL = type(uint40).max;
    uint256 private constant _VERSION_SHIFT = 40;
    uint256 private constant _REVOKED_BIT = 1 << 56;

    /// @dev Packs a fresh, unrevoked license.
    function pack(uint40 expiry_, uint16 version_) internal pure returns (uint96) {
        return uint96(uint256(expiry_) | (uint256(version_) << _VERSION_SHIFT));
    }

    function expiry(uint96 data) internal pure returns (uint40) {
        return uint40(data);
    }

    function version(uint96 data) internal pure returns (uint16) {
        return uint16(data >> _VERSION_SHIFT);
    }

    function isRevoked(uint96 data) internal pure returns (bool) {
        return uint256(data) & _REVOKED_BIT != 0;
    }

    function withExpiry(uint96 data, uint40 newExpiry) internal pure returns (uint96) {
        return (data & ~uint96(type(uint40).max)) | newExpiry;
    }

    function withRevoked(uint96 data) internal pure returns (uint96) {
        return uint96(uint256(data) | _REVOKED_BIT);
    }

    /// @dev The expiry that decides entitlement: zero once revoked.
    function effectiveExpiry(uint96 data) internal pure returns (uint40) {
        return isRevoked(data) ? 0 : expiry(data);
    }

    /// @dev The offer a license was sold under.
    function offerOf(uint256 licenseId) internal pure returns (uint256) {
        return licenseId >> 32;
    }
}
