// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ILicenseMetadata
/// @notice Renders a license token's on-chain JSON.
interface ILicenseMetadata {
    /// @notice The data URI of a license's metadata JSON.
    /// @param licenseId The license token.
    /// @return A `data:application/json;base64,` URI.
    function tokenURI(uint256 licenseId) external view returns (string memory);
}
