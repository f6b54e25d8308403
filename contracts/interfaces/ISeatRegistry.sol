// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./ILicenseMarket.sol";
import {ITermsRegistry} from "./ITermsRegistry.sol";

/// @title ISeatMarket: what the seat registry reads from the market.
/// @notice The subset of LicenseMarket (its ERC-721 approvals and AssetRegistry included) that
/// {ISeatRegistry} calls.
interface ISeatMarket is ILicenseTypes {
    /// @notice The facts of a license token. Reverts with LicenseNotFound if none.
    /// @param licenseId The token id.
    /// @return info Holder, asset, offer, terms, expiry, version covered, status.
    function licenseInfo(uint256 licenseId) external view returns (LicenseInfo memory info);

    /// @notice An asset's controller, pending controller, kind and number of versions.
    /// @param assetId The asset.
    /// @return info The asset's facts.
    function assetInfo(uint256 assetId) external view returns (AssetInfo memory info);

    /// @notice ERC-721: the account approved for one license.
    /// @param licenseId The token id.
    /// @return The approved account (zero if none).
    function getApproved(uint256 licenseId) external view returns (address);

    /// @notice ERC-721: whether `operator` may manage all of `holder`'s licenses.
    /// @param holder The token holder.
    /// @param operator The operator.
    /// @return Whether it is approved.
    function isApprovedForAll(address holder, address operator) external view returns (bool);
}

/// @title ISeatRegistry: seats on organisation licenses.
/// @notice The holder of a license (or an operator it approved on the market) assigns seats to
/// users, each with an expiry, ERC-4907 style but with several users per token. The number of seats
/// is capped by the license's terms (`caps.seats`; 0 = the terms offer no seats). A seat entitles its
/// user only while (1) the license is ACTIVE (not expired, not revoked), (2) the holder who assigned
/// it still holds the license, and (3) the seat's own expiry has not passed; its effective expiry is
/// the earlier of the seat's and the license's. A user holds a seat on at most one license per
/// asset, so the gateway's lookup is one mapping read.
/// @dev Expiries are exclusive, as the market's: a seat or license expiring at `t` entitles up to
/// `t - 1`. type(uint64).max is perpetual (for a seat: as long as the license lasts).
interface ISeatRegistry {
    /// @notice `caller` is neither the holder `holder` of license `licenseId` nor approved by it.
    error SeatNotLicenseHolder(uint256 licenseId, address holder, address caller);
    /// @notice `user` cannot take a seat on `licenseId`: it is the zero address or the holder itself.
    error SeatInvalidUser(uint256 licenseId, address user);
    /// @notice License `licenseId` is not active (`status`: EXPIRED or REVOKED); no seat can be assigned.
    error SeatLicenseNotActive(uint256 licenseId, ILicenseTypes.LicenseStatus status);
    /// @notice A seat's expiry `expires` is not after the current time `timestamp` (0 frees a seat).
    error SeatInvalidExpiry(uint256 licenseId, uint64 expires, uint256 timestamp);
    /// @notice The terms `termsId` of license `licenseId` offer no seats (`caps.seats` is 0).
    error SeatsNotOffered(uint256 licenseId, uint256 termsId);
    /// @notice Assigning would make `seats` seats on license `licenseId`; its terms allow `cap`.
    error SeatCapExceeded(uint256 licenseId, uint256 seats, uint256 cap);
    /// @notice `user` has no seat on license `licenseId` to free.
    error SeatNotAssigned(uint256 licenseId, address user);
    /// @notice `user` already holds a valid seat on license `licenseId`, on the same asset `assetId`
    /// (its holder may free it, or the user renounce it).
    error SeatUserSeatedElsewhere(address user, uint256 assetId, uint256 licenseId);

    /// @notice ERC-4907: the seat of `user` on license `tokenId` was assigned, updated or freed.
    /// @param tokenId The license.
    /// @param user The seat's user.
    /// @param expires The seat's new expiry (0: freed; type(uint64).max: as long as the license).
    event UpdateUser(uint256 indexed tokenId, address indexed user, uint64 expires);

    /// @notice All seats of license `licenseId` were freed at once by its holder (or an operator).
    /// @param licenseId The license.
    /// @param holder The holder whose seats were freed.
    event SeatsCleared(uint256 indexed licenseId, address indexed holder);

    /// @notice Assigns, updates or frees the seat of `user` on license `licenseId`. Only the license's
    /// holder or an operator it approved on the market (getApproved / isApprovedForAll).
    /// @dev Assigning or updating needs an ACTIVE license, `expires` after now, a user other than
    /// zero and the holder, and, for a new seat, room under the terms' cap (seats whose own expiry
    /// has passed are reclaimed first when the cap is reached) and no valid seat of `user` on another
    /// license of the same asset (a seat there that is no longer valid is freed). An expiry beyond the
    /// license's is accepted and capped at read time, so a renewal carries the seats with it.
    /// Freeing (`expires` 0) works whatever the license's status. Reverts with the market's
    /// LicenseNotFound if the license does not exist. Emits {UpdateUser}.
    /// @param licenseId The license.
    /// @param user The seat's user.
    /// @param expires The seat's expiry (type(uint64).max: as long as the license), or 0 to free it.
    function setUser(uint256 licenseId, address user, uint64 expires) external;

    /// @notice Gives up the caller's own seat on license `licenseId`. A user is never asked before
    /// being seated, and a valid seat keeps it off every other license of the asset
    /// ({SeatUserSeatedElsewhere}): this is how it gets free of a seat it did not want. Emits
    /// {UpdateUser} with expiry 0. Reverts with {SeatNotAssigned} if the caller has no seat there
    /// (under the license's current holder), and with the market's LicenseNotFound if it was burned.
    /// @param licenseId The license.
    function renounceSeat(uint256 licenseId) external;

    /// @notice Frees every seat of license `licenseId` at once. Only its holder or an approved
    /// operator. Also what a new holder may call to make sure no seat of a previous holder of the
    /// license can ever come back (see {seatsOf}). Emits {SeatsCleared}.
    /// @param licenseId The license.
    function clearSeats(uint256 licenseId) external;

    /// @notice The seats the license's current holder has assigned (stored expiries, including ones
    /// that have passed and were not yet reclaimed). Empty once the license has changed hands.
    /// @dev The seats are recorded with the holder who assigned them. They are void while anyone else
    /// holds the license, and again valid if it returns to that holder before the new holder wrote
    /// here ({setUser} or {clearSeats} by any later holder voids them for good).
    /// @param licenseId The license (reverts with the market's LicenseNotFound if none).
    /// @return users The seats' users, in no particular order.
    /// @return expires Their stored expiries, in the same order.
    function seatsOf(uint256 licenseId) external view returns (address[] memory users, uint64[] memory expires);

    /// @notice How many seats of license `licenseId` are taken (the length of {seatsOf}).
    /// @param licenseId The license (reverts with the market's LicenseNotFound if none).
    /// @return The number of seats taken.
    function seatCount(uint256 licenseId) external view returns (uint256);

    /// @notice The most seats license `licenseId` may have: its terms' `caps.seats` (0: none).
    /// @param licenseId The license (reverts with the market's LicenseNotFound if none).
    /// @return The seat cap.
    function seatCap(uint256 licenseId) external view returns (uint256);

    /// @notice Until when the seat of `user` on license `licenseId` entitles it, as of now.
    /// @param licenseId The license (0 is returned if it does not exist).
    /// @param user The seat's user.
    /// @return expiry 0 if the seat is not valid now; else the earlier of the seat's and the
    /// license's expiry (type(uint64).max = perpetual).
    function userExpires(uint256 licenseId, address user) external view returns (uint64 expiry);

    /// @notice The license on `assetId` that `user` was last given a seat on (0 if none). The seat may
    /// since have lapsed: {userExpires} tells.
    /// @param user The user.
    /// @param assetId The asset.
    /// @return licenseId The license.
    function seatLicenseOf(address user, uint256 assetId) external view returns (uint256 licenseId);

    /// @notice When `account`'s seat access to `version` of `assetId` ends, as LicenseMarket's
    /// accessExpiry does for holders: for a router that gives the gateway the later of the two.
    /// @param account The user.
    /// @param assetId The asset.
    /// @param version The 1-based version number.
    /// @return expiry 0 if `account` has no valid seat on a license covering `version` now; else the
    /// seat's effective expiry (type(uint64).max = perpetual).
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry);

    /// @notice The market whose licenses carry the seats.
    /// @return The LicenseMarket.
    function market() external view returns (ISeatMarket);

    /// @notice The registry holding the licenses' terms (and their seat caps).
    /// @return The TermsRegistry.
    function termsRegistry() external view returns (ITermsRegistry);
}
