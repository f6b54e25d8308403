// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only: a contract that controls an asset and claims everyone is entitled, as a
/// consortium would for its members, without having been created by the ConsortiumFactory.
contract LookalikeConsortium {
    /// @notice Accepts control of an asset the market nominated it for.
    function acceptControl(address market, uint256 assetId) external {
        (bool ok, ) = market.call(abi.encodeWithSignature("acceptAssetController(uint256)", assetId));
        require(ok, "accept failed");
    }

    /// @notice Everyone, forever.
    function accessExpiry(address, uint256, uint256) external pure returns (uint64) {
        return type(uint64).max;
    }
}
