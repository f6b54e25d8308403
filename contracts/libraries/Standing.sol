// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Standing
/// @notice An account's entitlement per asset, packed into the 224 spare bits of its
/// ERC-721 balance slot.
/// @dev An account holds at most one license per asset, so its standing on an asset is one entry:
/// assetId (32 bits, 0 = empty) | effective expiry (40; 0 once revoked) | version covered (16; 0 = all).
/// Two entries live in the balance slot, which every mint and transfer writes anyway, so a purchase
/// pays nothing extra for the index and `isEntitled` reads a single slot. Entries for further
/// assets overflow into a mapping; the count of overflowed entries sits in bits 176..207.
library Standing {
    uint256 internal constant ENTRY_BITS = 88;
    uint256 private constant _ENTRY_MASK = (1 << 88) - 1;
    uint256 private constant _OVERFLOW_SHIFT = 176;
    uint256 private constant _INLINE = 2;

    /// @dev Encodes one entry.
    function entry(uint256 assetId, uint40 expiry, uint16 version) internal pure returns (uint256) {
        return assetId | (uint256(expiry) << 32) | (uint256(version) << 72);
    }

    function expiryOf(uint256 e) internal pure returns (uint40) {
        return uint40(e >> 32);
    }

    function versionOf(uint256 e) internal pure returns (uint16) {
        return uint16(e >> 72);
    }

    /// @dev The inline slot (0 or 1) holding `assetId`, or 2 when not inline. Unrolled: it sits on
    /// the path of `isEntitled`, whose whole budget is one storage read.
    function findInline(uint224 aux, uint256 assetId) internal pure returns (uint256) {
        if (uint256(aux) & type(uint32).max == assetId) return 0;
        if ((uint256(aux) >> ENTRY_BITS) & type(uint32).max == assetId) return 1;
        return _INLINE;
    }

    function inlineAt(uint224 aux, uint256 i) internal pure returns (uint256) {
        return (uint256(aux) >> (i * ENTRY_BITS)) & _ENTRY_MASK;
    }

    function setInline(uint224 aux, uint256 i, uint256 e) internal pure returns (uint224) {
        uint256 shift = i * ENTRY_BITS;
        return uint224((uint256(aux) & ~(_ENTRY_MASK << shift)) | (e << shift));
    }

    function overflowCount(uint224 aux) internal pure returns (uint256) {
        return uint256(aux) >> _OVERFLOW_SHIFT;
    }

    function withOverflowCount(uint224 aux, uint256 count) internal pure returns (uint224) {
        return uint224((uint256(aux) & ((1 << _OVERFLOW_SHIFT) - 1)) | (count << _OVERFLOW_SHIFT));
    }

    /// @dev Whether an entry entitles at `nowTs` (expiry is exclusive).
    function isLive(uint256 e, uint256 nowTs) internal pure returns (bool) {
        return e != 0 && expiryOf(e) > nowTs;
    }

    function isInlineSlot(uint256 i) internal pure returns (bool) {
        return i < _INLINE;
    }
}
