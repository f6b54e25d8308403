// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseTypes} from "./interfaces/ILicenseMarket.sol";
import {ISeatMarket, ISeatRegistry} from "./interfaces/ISeatRegistry.sol";
import {ITermsRegistry} from "./interfaces/ITermsRegistry.sol";

/// @title SeatRegistry: seats on organisation licenses, capped by their terms.
/// @notice The holder of a license assigns its seats to users with expiries (ERC-4907's setUser,
/// several users per token); the gateway entitles a user through {accessExpiry}. The cap is the
/// terms' `caps.seats`, and 0 there means no seat at all: an uncapped seat count would let one
/// license entitle anyone. No owner, no funds: the registry only reads the market and the terms.
/// @dev The market is not told about seats and not changed for them. A transfer must end the seats
/// (as ERC-4907 clears the user), so seats are recorded per holding: a license's current holding is
/// the pair (holder, epoch), and seats live under the epoch. A read checks that the market's holder
/// is the recorded one; a write by a different holder (or {clearSeats}) opens a new epoch, leaving
/// the old seats unreachable without deleting them one by one.
contract SeatRegistry is ISeatRegistry {
    /// @dev Who holds the seats of a license now, and under which epoch they are stored.
    struct Holding {
        address holder;
        uint64 epoch;
    }

    /// @dev One seat: its expiry and its 1-based position in the epoch's user list (0 = no seat).
    struct Seat {
        uint64 expires;
        uint32 position;
    }

    /// @inheritdoc ISeatRegistry
    ISeatMarket public immutable market;
    /// @inheritdoc ISeatRegistry
    ITermsRegistry public immutable termsRegistry;

    mapping(uint256 licenseId => Holding) private _holdings;
    mapping(uint256 licenseId => mapping(uint256 epoch => address[] users)) private _users;
    mapping(uint256 licenseId => mapping(uint256 epoch => mapping(address user => Seat))) private _seats;
    mapping(address user => mapping(uint256 assetId => uint256 licenseId)) private _seatLicense;

    /// @notice Deploys the registry over a market and its terms registry.
    /// @param market_ The LicenseMarket.
    /// @param termsRegistry_ The TermsRegistry the market uses.
    constructor(ISeatMarket market_, ITermsRegistry termsRegistry_) {
        market = market_;
        termsRegistry = termsRegistry_;
    }

    // ---------------------------------------------------------------- writes

    /// @inheritdoc ISeatRegistry
    function setUser(uint256 licenseId, address user, uint64 expires) external {
        ILicenseTypes.LicenseInfo memory info = market.licenseInfo(licenseId);
        _checkAuthorized(licenseId, info.holder);
        if (user == address(0) || user == info.holder) revert SeatInvalidUser(licenseId, user);
        uint256 epoch = _syncHolding(licenseId, info.holder);
        Seat storage seat = _seats[licenseId][epoch][user];

        if (expires == 0) {
            if (seat.position == 0) revert SeatNotAssigned(licenseId, user);
            _free(licenseId, epoch, info.assetId, user);
            return;
        }
        if (info.status != ILicenseTypes.LicenseStatus.ACTIVE) revert SeatLicenseNotActive(licenseId, info.status);
        if (expires <= block.timestamp) revert SeatInvalidExpiry(licenseId, expires, block.timestamp);
        if (seat.position == 0) _addSeat(licenseId, epoch, info, user);
        seat.expires = expires;
        emit UpdateUser(licenseId, user, expires);
    }

    /// @inheritdoc ISeatRegistry
    function renounceSeat(uint256 licenseId) external {
        uint256 epoch = _holdings[licenseId].epoch;
        if (_seats[licenseId][epoch][msg.sender].position == 0) revert SeatNotAssigned(licenseId, msg.sender);
        _free(licenseId, epoch, market.licenseInfo(licenseId).assetId, msg.sender);
    }

    /// @inheritdoc ISeatRegistry
    function clearSeats(uint256 licenseId) external {
        address holder = market.licenseInfo(licenseId).holder;
        _checkAuthorized(licenseId, holder);
        Holding storage h = _holdings[licenseId];
        h.holder = holder;
        ++h.epoch;
        emit SeatsCleared(licenseId, holder);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISeatRegistry
    function seatsOf(uint256 licenseId) external view returns (address[] memory users, uint64[] memory expires) {
        (bool current, uint256 epoch) = _currentEpoch(licenseId, market.licenseInfo(licenseId).holder);
        if (!current) return (users, expires);
        users = _users[licenseId][epoch];
        expires = new uint64[](users.length);
        mapping(address => Seat) storage seats = _seats[licenseId][epoch];
        for (uint256 i; i < users.length; ++i) expires[i] = seats[users[i]].expires;
    }

    /// @inheritdoc ISeatRegistry
    function seatCount(uint256 licenseId) external view returns (uint256) {
        (bool current, uint256 epoch) = _currentEpoch(licenseId, market.licenseInfo(licenseId).holder);
        return current ? _users[licenseId][epoch].length : 0;
    }

    /// @inheritdoc ISeatRegistry
    function seatCap(uint256 licenseId) external view returns (uint256) {
        return _seatCap(market.licenseInfo(licenseId).termsId);
    }

    /// @inheritdoc ISeatRegistry
    function userExpires(uint256 licenseId, address user) external view returns (uint64 expiry) {
        (expiry, ) = _seatExpiry(licenseId, user);
    }

    /// @inheritdoc ISeatRegistry
    function seatLicenseOf(address user, uint256 assetId) external view returns (uint256 licenseId) {
        return _seatLicense[user][assetId];
    }

    /// @inheritdoc ISeatRegistry
    /// @dev Mirrors LicenseMarket's own accessExpiry: a version-bound license covers its version
    /// only, an all-versions license every published version; version 0 is never covered.
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry) {
        uint256 licenseId = _seatLicense[account][assetId];
        if (licenseId == 0 || version == 0) return 0;
        ILicenseTypes.LicenseInfo memory info;
        (expiry, info) = _seatExpiry(licenseId, account);
        if (expiry == 0) return 0;
        bool covered = info.allVersions ? version <= market.assetInfo(assetId).versionCount : version == info.version;
        return covered ? expiry : 0;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Reverts unless the caller is `holder` or approved by it for `licenseId` on the market.
    function _checkAuthorized(uint256 licenseId, address holder) private view {
        if (
            msg.sender != holder &&
            market.getApproved(licenseId) != msg.sender &&
            !market.isApprovedForAll(holder, msg.sender)
        ) {
            revert SeatNotLicenseHolder(licenseId, holder, msg.sender);
        }
    }

    /// @dev The license's current epoch, opening a new one if `holder` is not the recorded holder.
    function _syncHolding(uint256 licenseId, address holder) private returns (uint256) {
        Holding storage h = _holdings[licenseId];
        if (h.holder != holder) {
            h.holder = holder;
            return ++h.epoch;
        }
        return h.epoch;
    }

    /// @dev Whether `holder` is the recorded holder of the license's seats, and their epoch.
    function _currentEpoch(uint256 licenseId, address holder) private view returns (bool current, uint256 epoch) {
        Holding memory h = _holdings[licenseId];
        return (h.holder == holder && holder != address(0), h.epoch);
    }

    /// @dev Takes a new seat for `user`, within the cap and off any lapsed seat on the same asset.
    function _addSeat(uint256 licenseId, uint256 epoch, ILicenseTypes.LicenseInfo memory info, address user) private {
        uint256 cap = _seatCap(info.termsId);
        if (cap == 0) revert SeatsNotOffered(licenseId, info.termsId);
        uint256 other = _seatLicense[user][info.assetId];
        if (other != 0 && other != licenseId) {
            (uint64 otherExpiry, ) = _seatExpiry(other, user);
            if (otherExpiry != 0) revert SeatUserSeatedElsewhere(user, info.assetId, other);
            _evictLapsed(other, user, info.assetId);
        }
        address[] storage users = _users[licenseId][epoch];
        if (users.length >= cap) _reclaimExpired(licenseId, epoch, info.assetId);
        if (users.length >= cap) revert SeatCapExceeded(licenseId, users.length + 1, cap);
        users.push(user);
        _seats[licenseId][epoch][user].position = uint32(users.length); // at most the uint32 cap
        _seatLicense[user][info.assetId] = licenseId;
    }

    /// @dev Frees every seat of the current epoch whose own expiry has passed.
    function _reclaimExpired(uint256 licenseId, uint256 epoch, uint256 assetId) private {
        address[] storage users = _users[licenseId][epoch];
        mapping(address => Seat) storage seats = _seats[licenseId][epoch];
        for (uint256 i = users.length; i > 0; --i) {
            address u = users[i - 1];
            if (seats[u].expires <= block.timestamp) _free(licenseId, epoch, assetId, u);
        }
    }

    /// @dev Frees `user`'s lapsed seat on `licenseId`, if its current holding has one.
    function _evictLapsed(uint256 licenseId, address user, uint256 assetId) private {
        Holding memory h = _holdings[licenseId];
        if (_seats[licenseId][h.epoch][user].position != 0) _free(licenseId, h.epoch, assetId, user);
    }

    /// @dev Removes `user`'s seat from the epoch (swap and pop) and its asset index entry.
    function _free(uint256 licenseId, uint256 epoch, uint256 assetId, address user) private {
        address[] storage users = _users[licenseId][epoch];
        mapping(address => Seat) storage seats = _seats[licenseId][epoch];
        uint256 index = seats[user].position - 1;
        uint256 last = users.length - 1;
        if (index != last) {
            address moved = users[last];
            users[index] = moved;
            seats[moved].position = uint32(index + 1);
        }
        users.pop();
        delete seats[user];
        if (_seatLicense[user][assetId] == licenseId) delete _seatLicense[user][assetId];
        emit UpdateUser(licenseId, user, 0);
    }

    /// @dev The seat's effective expiry now (0 if not valid) and the license's facts. Never reverts
    /// on a missing (burned) license: the gateway path must answer 0, not fail.
    function _seatExpiry(
        uint256 licenseId,
        address user
    ) private view returns (uint64 expiry, ILicenseTypes.LicenseInfo memory info) {
        try market.licenseInfo(licenseId) returns (ILicenseTypes.LicenseInfo memory i) {
            info = i;
        } catch {
            return (0, info);
        }
        if (info.status != ILicenseTypes.LicenseStatus.ACTIVE) return (0, info);
        (bool current, uint256 epoch) = _currentEpoch(licenseId, info.holder);
        if (!current) return (0, info);
        uint64 seatExpiry = _seats[licenseId][epoch][user].expires;
        if (seatExpiry <= block.timestamp) return (0, info);
        expiry = seatExpiry < info.expiresAt ? seatExpiry : info.expiresAt;
    }

    function _seatCap(uint256 termsId) private view returns (uint256) {
        return termsRegistry.getTerms(termsId).caps.seats;
    }
}
