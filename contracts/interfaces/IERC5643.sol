// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC5643
/// @notice ERC-5643: Subscription NFTs.
/// @dev Interface id 0x8c65f84d.
interface IERC5643 {
    /// @notice Emitted when a subscription's expiration changes.
    /// @param tokenId The subscription token.
    /// @param expiration Its new expiry.
    event SubscriptionUpdate(uint256 indexed tokenId, uint64 expiration);

    /// @notice Renews the subscription of `tokenId` by `duration` seconds.
    /// @param tokenId The subscription (license) token.
    /// @param duration Seconds to add; a whole number of the offer's periods.
    function renewSubscription(uint256 tokenId, uint64 duration) external payable;

    /// @notice Ends the subscription of `tokenId` now.
    /// @param tokenId The subscription (license) token.
    function cancelSubscription(uint256 tokenId) external payable;

    /// @notice The expiry of `tokenId` (type(uint64).max for perpetual licenses).
    /// @param tokenId The subscription (license) token.
    /// @return The unix time at which it expires.
    function expiresAt(uint256 tokenId) external view returns (uint64);

    /// @notice Whether `tokenId` can be renewed.
    /// @param tokenId The subscription (license) token.
    /// @return True if renewable.
    function isRenewable(uint256 tokenId) external view returns (bool);
}
