// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC4906
/// @notice ERC-4906: EIP-721 Metadata Update Extension (events only).
/// @dev Interface id 0x49064906. Declared without IERC721 so that it composes with Solady's ERC721.
interface IERC4906 {
    /// @notice The metadata of `_tokenId` changed.
    /// @param _tokenId The token.
    event MetadataUpdate(uint256 _tokenId);

    /// @notice The metadata of a range of tokens changed.
    /// @param _fromTokenId First token of the range.
    /// @param _toTokenId Last token of the range.
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);
}
