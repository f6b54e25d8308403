// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessRouter, IAccessSource} from "./interfaces/IAccessRouter.sol";
import {IConsortiumFactory} from "./interfaces/IConsortium.sol";
import {ILicenseMarket, ILicenseTypes} from "./interfaces/ILicenseMarket.sol";

/// @title AccessRouter: license, seat or consortium membership — one view answers for all three.
/// @notice The gateway asks this router, in one call, whether an account may read a version of an
/// asset now and until when: as the holder of a license (LicenseMarket), as the user of a seat on
/// an organisation license (SeatRegistry), or as a member of the consortium that controls the asset
/// (a Consortium created by the ConsortiumFactory: cross-licensing, no token needed).
/// @dev Views only, no owner, no state: the sources it reads are fixed at deployment.
contract AccessRouter is IAccessRouter {
    /// @notice The market (licenses, and who controls each asset).
    ILicenseMarket public immutable market;
    /// @notice The seat registry over the market.
    IAccessSource public immutable seats;
    /// @notice The factory whose consortia may cross-license the assets they control.
    IConsortiumFactory public immutable consortia;

    /// @notice Deploys the router over its three sources.
    /// @param market_ The LicenseMarket.
    /// @param seats_ The SeatRegistry.
    /// @param consortia_ The ConsortiumFactory.
    constructor(ILicenseMarket market_, IAccessSource seats_, IConsortiumFactory consortia_) {
        market = market_;
        seats = seats_;
        consortia = consortia_;
    }

    /// @inheritdoc IAccessRouter
    function accessExpiry(address account, uint256 assetId, uint256 version) external view returns (uint64 expiry) {
        (expiry, ) = access(account, assetId, version);
    }

    /// @inheritdoc IAccessRouter
    function access(
        address account,
        uint256 assetId,
        uint256 version
    ) public view returns (uint64 expiry, Route route) {
        expiry = market.accessExpiry(account, assetId, version);
        if (expiry != 0) route = Route.LICENSE;
        if (expiry == type(uint64).max) return (expiry, route); // perpetual: nothing lasts longer

        uint64 seat = seats.accessExpiry(account, assetId, version);
        if (seat > expiry) (expiry, route) = (seat, Route.SEAT);

        address controller = _controllerOf(assetId);
        if (controller != address(0) && consortia.isConsortium(controller)) {
            uint64 membership = IAccessSource(controller).accessExpiry(account, assetId, version);
            if (membership > expiry) (expiry, route) = (membership, Route.CONSORTIUM);
        }
    }

    /// @dev The asset's controller, or zero for an asset that does not exist (the market reverts).
    function _controllerOf(uint256 assetId) private view returns (address) {
        try market.assetInfo(assetId) returns (ILicenseTypes.AssetInfo memory info) {
            return info.controller;
        } catch {
            return address(0);
        }
    }
}
