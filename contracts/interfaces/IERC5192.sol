// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC5192
/// @notice ERC-5192: Minimal Soulbound NFTs.
/// @dev Interface id 0xb45a3c0e.
interface IERC5192 {
    /// @notice Emitted when a token is locked (cannot be transferred).
    /// @param tokenId The token.
    event Locked(uint256 tokenId);

    /// @notice Emitted when a token is unlocked.
    /// @param tokenId The token.
    event Unlocked(uint256 tokenId);

    /// @notice Whether `tokenId` is locked.
    /// @param tokenId The token.
    /// @return True if transfers of the token revert.
    function locked(uint256 tokenId) external view returns (bool);
}
