// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IAccessSource: a contract that can entitle an account to a version of an asset.
/// @notice LicenseMarket (license holders), SeatRegistry (seat users) and each Consortium (members,
/// on pooled assets) answer the same question the same way.
interface IAccessSource {
    /// @notice When `account`'s access to `version` of `assetId` ends.
    /// @param account The wallet.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return expiry 0 if not entitled now; else the end (type(uint64).max = perpetual).
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry);
}

/// @title IAccessRouter: every way to be entitled, in one view for the gateway.
/// @notice An account may read a version of an asset as a license holder, as the user of a seat on
/// an organisation license, or as a member of the consortium that pools the asset. The router asks
/// each source and returns the latest expiry and the route that gives it.
interface IAccessRouter {
    /// @notice How an account is entitled.
    enum Route {
        NONE,
        LICENSE,
        SEAT,
        CONSORTIUM
    }

    /// @notice The latest of the three sources' expiries (0 = not entitled now).
    /// @param account The wallet.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return expiry 0 if not entitled now; else the end (type(uint64).max = perpetual).
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry);

    /// @notice {accessExpiry} and the route that gives it (the first of license, seat, consortium
    /// on a tie).
    /// @param account The wallet.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return expiry As {accessExpiry}.
    /// @return route NONE when `expiry` is 0.
    function access(
        address account,
        uint256 assetId,
        uint256 version
    ) external view returns (uint64 expiry, Route route);
}
