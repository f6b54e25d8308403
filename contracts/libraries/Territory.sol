// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Territory: ISO 3166-1 alpha-2 territory codes packed as `bytes2`.
/// @notice Well-formedness and EU membership of territory codes.
/// @dev A code is two uppercase ASCII letters; `bytes2(0)` means "undeclared". "EU" is a pseudo-code
/// standing for the European Union's 27 member states.
library Territory {
    /// @dev The pseudo-code that stands for every EU member state.
    bytes2 internal constant EU = "EU";

    /// @dev EU membership as a 676-bit set indexed by (first - 'A') * 26 + (second - 'A'), split over
    /// two words (the highest member index, "SK", is 478). Members: AT BE BG HR CY CZ DK EE FI FR DE
    /// GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE. Greece is "GR" (the EU itself writes "EL").
    uint256 private constant _EU_LOW = 0x800100480000020000008040004001000010430000000000140080000;
    uint256 private constant _EU_HIGH = 0x5100010000000000020200000000000020000800000e000000000000;

    /// @dev Whether `code` is two uppercase ASCII letters.
    function isWellFormed(bytes2 code) internal pure returns (bool) {
        return _isUpper(uint8(code[0])) && _isUpper(uint8(code[1]));
    }

    /// @dev Whether `code` is an EU member state: two shifts and a mask, no loop.
    function isEUMember(bytes2 code) internal pure returns (bool) {
        if (!isWellFormed(code)) return false;
        uint256 index = (uint256(uint8(code[0])) - 0x41) * 26 + (uint256(uint8(code[1])) - 0x41);
        if (index >= 512) return false;
        uint256 word = index < 256 ? _EU_LOW : _EU_HIGH;
        return (word >> (index & 0xff)) & 1 == 1;
    }

    function _isUpper(uint8 c) private pure returns (bool) {
        return c >= 0x41 && c <= 0x5a;
    }
}
