// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseMarketErrors, ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Upstream royalties conserve value: on every sale and renewal of a derivative, the
/// ancestors' royalties + the derivative's split + the protocol fee = the price paid, to the wei,
/// whatever the price, the fee and the shares (up to 16 ancestors, at most 50 % in all). The test
/// contract plays the wired lineage registry, so it can write any route the registry could.
contract RoyaltiesTest is TesseraFixture {
    uint256 internal constant MAX_SHARES = 16;
    uint256 internal constant MAX_UPSTREAM_BPS = 5_000;
    address internal payee = address(0xFEE00001);
    uint256 internal ownSplit;

    function setUp() public {
        _setUpMarket();
        market.wireLineageRegistry(address(this));
        ownSplit = _soloSplit(payee);
    }

    /// @dev A route of 0..16 ancestors' splits (each a new split) whose shares sum to at most 50 %.
    function _route(uint256 seed) internal returns (ILicenseTypes.RoyaltyShare[] memory shares, uint256 total) {
        uint256 n = seed % (MAX_SHARES + 1);
        shares = new ILicenseTypes.RoyaltyShare[](n);
        for (uint256 i; i < n; ++i) {
            uint256 room = MAX_UPSTREAM_BPS - total;
            uint256 bps = room == 0 ? 0 : uint256(keccak256(abi.encode(seed, i))) % (room + 1);
            shares[i] = ILicenseTypes.RoyaltyShare(uint32(_soloSplit(address(uint160(0xA11CE000 + i)))), uint16(bps));
            total += bps;
        }
    }

    /// @notice royalties + split + fee = price on a purchase and on a renewal of several periods.
    function testFuzz_royaltiesSplitAndFeeSumToThePrice(
        uint256 routeSeed,
        uint256 rawPrice,
        uint256 rawFee,
        uint256 rawPeriods
    ) public {
        (ILicenseTypes.RoyaltyShare[] memory shares, ) = _route(routeSeed);
        market.writeUpstreamRoyalties(assetId, shares);
        uint16 feeBps = uint16(_bound(rawFee, 0, 1_000));
        market.setProtocolFee(feeBps, treasury);
        uint256 price = _bound(rawPrice, 0, type(uint96).max);
        uint256 offerId = _offer(price, NATIVE, 30 days, ownSplit, false);

        uint256 licenseId = _buyEth(buyer, offerId, price);
        _assertConserved(shares, price, price, feeBps);

        uint256 periods = _bound(rawPeriods, 1, 12);
        vm.deal(buyer, price * periods);
        vm.prank(buyer);
        market.renew{value: price * periods}(licenseId, periods, price * periods);
        _assertConserved(shares, price * (periods + 1), price * periods, feeBps);
    }

    /// @dev Every ancestor's pool holds floor(paid * bps / 10,000) of each payment; the pools, the
    /// derivative's split and the treasury together hold everything paid.
    function _assertConserved(
        ILicenseTypes.RoyaltyShare[] memory shares,
        uint256 paidInAll,
        uint256 lastPayment,
        uint16 feeBps
    ) internal view {
        uint256 firstPayment = paidInAll - lastPayment;
        uint256 sum = _pool(ownSplit, NATIVE) + market.withdrawable(treasury, NATIVE);
        for (uint256 i; i < shares.length; ++i) {
            uint256 pool = _pool(shares[i].splitId, NATIVE);
            uint256 expected = (firstPayment * shares[i].bps) / 10_000 + (lastPayment * shares[i].bps) / 10_000;
            vm.assertEq(pool, expected, "ancestor's royalty");
            sum += pool;
        }
        vm.assertEq(sum, paidInAll, "royalties + split + fee != price");
        vm.assertEq(address(market).balance, paidInAll, "market holds what was paid");
        uint256 fees = (firstPayment * feeBps) / 10_000 + (lastPayment * feeBps) / 10_000;
        vm.assertEq(market.withdrawable(treasury, NATIVE), fees, "protocol fee");
    }

    /// @notice Only the wired registry writes routes, once wired it cannot be rewired, and a route
    /// cannot be written once the asset has an offer (its sales so far paid none).
    function test_onlyTheWiredRegistryWritesRoutesBeforeTheFirstOffer() public {
        ILicenseTypes.RoyaltyShare[] memory none;
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotLineageRegistry.selector, buyer));
        market.writeUpstreamRoyalties(assetId, none);

        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LineageRegistryAlreadySet.selector, address(this)));
        market.wireLineageRegistry(buyer);

        _offer(1 ether, NATIVE, 0, ownSplit, false);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.AssetAlreadyOffered.selector, assetId, 1));
        market.writeUpstreamRoyalties(assetId, none);
    }
}
