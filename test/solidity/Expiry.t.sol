// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseMarketErrors, ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Expiry and renewal: a license of duration d bought at t0 entitles up to t0 + d - 1 and
/// not from t0 + d on; renewing n periods costs n * price and extends from the expiry if it has not
/// passed, else from now; perpetual licenses are not renewable.
contract ExpiryTest is TesseraFixture {
    uint256 internal constant MAX_DURATION = 10 * 365 days;
    uint256 internal splitId;
    address internal payee = address(0xFEE00001);

    function setUp() public {
        _setUpMarket();
        splitId = _soloSplit(payee);
    }

    function _expiry(uint256 licenseId) internal view returns (uint256) {
        return market.licenseInfo(licenseId).expiresAt;
    }

    function _assertEntitled(uint256 licenseId, bool expected, string memory when) internal view {
        vm.assertEq(market.isEntitled(buyer, assetId), expected, when);
        vm.assertEq(market.isEntitledToVersion(buyer, assetId, 1), expected, when);
        vm.assertEq(market.accessExpiry(buyer, assetId, 1), expected ? _expiry(licenseId) : 0, when);
        ILicenseTypes.LicenseStatus status = market.licenseInfo(licenseId).status;
        vm.assertEq(
            uint256(status),
            uint256(expected ? ILicenseTypes.LicenseStatus.ACTIVE : ILicenseTypes.LicenseStatus.EXPIRED),
            when
        );
    }

    function _boundDuration(uint256 d) internal pure returns (uint64) {
        return uint64(_bound(d, 1, MAX_DURATION));
    }

    /// @notice Entitled at expiry - 1, not at expiry, not at expiry + 1.
    function testFuzz_expiryBoundaryIsExclusive(uint256 d, uint256 startOffset, uint96 price) public {
        uint64 duration = _boundDuration(d);
        uint256 t0 = T0 + _bound(startOffset, 0, 20 * 365 days);
        vm.warp(t0);
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, duration, splitId, false), price);

        uint256 expiry = t0 + duration;
        vm.assertEq(_expiry(licenseId), expiry, "expiry != purchase time + duration");
        vm.assertEq(market.expiresAt(licenseId), expiry, "ERC-5643 expiresAt disagrees");
        _assertEntitled(licenseId, true, "not entitled right after purchase");
        vm.warp(expiry - 1);
        _assertEntitled(licenseId, true, "not entitled at expiry - 1");
        vm.warp(expiry);
        _assertEntitled(licenseId, false, "still entitled at expiry");
        vm.warp(expiry + 1);
        _assertEntitled(licenseId, false, "entitled after expiry");
    }

    /// @notice Renewing n periods before expiry costs n * price and extends from the old expiry.
    function testFuzz_renewBeforeExpiryExtendsFromExpiry(
        uint256 d,
        uint256 elapsed,
        uint256 periods,
        uint96 price
    ) public {
        uint64 duration = _boundDuration(d);
        uint256 n = _bound(periods, 1, 100);
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, duration, splitId, false), price);
        uint256 expiry = T0 + duration;
        vm.warp(T0 + _bound(elapsed, 0, duration - 1));

        uint256 cost = uint256(price) * n;
        address payer = address(0xCAFE0001); // anyone may pay for anyone's renewal
        vm.deal(payer, cost);
        uint256 poolBefore = _pool(splitId, NATIVE);
        vm.prank(payer);
        market.renew{value: cost}(licenseId, n, cost);

        vm.assertEq(payer.balance, 0, "payer not charged exactly n * price");
        vm.assertEq(address(market).balance, uint256(price) + cost, "market did not receive n * price");
        vm.assertEq(_pool(splitId, NATIVE) - poolBefore, cost, "pool not credited n * price");
        uint256 newExpiry = expiry + uint256(duration) * n;
        vm.assertEq(_expiry(licenseId), newExpiry, "renewal did not extend from the old expiry");
        vm.warp(newExpiry - 1);
        _assertEntitled(licenseId, true, "not entitled just before the renewed expiry");
        vm.warp(newExpiry);
        _assertEntitled(licenseId, false, "entitled at the renewed expiry");
    }

    /// @notice Renewing after expiry extends from now, not from the lapsed expiry.
    function testFuzz_renewAfterExpiryExtendsFromNow(uint256 d, uint256 lateBy, uint256 periods, uint96 price) public {
        uint64 duration = _boundDuration(d);
        uint256 n = _bound(periods, 1, 100);
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, duration, splitId, false), price);
        uint256 renewedAt = T0 + duration + _bound(lateBy, 0, 10 * 365 days);
        vm.warp(renewedAt);
        _assertEntitled(licenseId, false, "entitled after lapse");

        uint256 cost = uint256(price) * n;
        vm.deal(buyer, cost);
        vm.prank(buyer);
        market.renew{value: cost}(licenseId, n, cost);

        uint256 newExpiry = renewedAt + uint256(duration) * n;
        vm.assertEq(_expiry(licenseId), newExpiry, "late renewal did not extend from now");
        _assertEntitled(licenseId, true, "not entitled after late renewal");
        vm.warp(newExpiry);
        _assertEntitled(licenseId, false, "entitled at the renewed expiry");
    }

    /// @notice The ERC-5643 entry point takes whole periods only and charges the same n * price.
    function testFuzz_renewSubscriptionWholePeriods(uint256 d, uint256 periods, uint256 offBy, uint96 price) public {
        uint64 duration = _boundDuration(d);
        uint256 n = _bound(periods, 1, 100);
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, duration, splitId, false), price);

        uint64 bad = uint64(uint256(duration) * n + _bound(offBy, 1, duration > 1 ? duration - 1 : 1));
        if (bad % duration != 0) {
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseMarketErrors.InvalidRenewalDuration.selector, licenseId, bad, duration)
            );
            market.renewSubscription(licenseId, bad);
        }

        uint256 cost = uint256(price) * n;
        vm.deal(buyer, cost);
        vm.prank(buyer);
        market.renewSubscription{value: cost}(licenseId, uint64(uint256(duration) * n));
        vm.assertEq(_expiry(licenseId), T0 + uint256(duration) * (n + 1), "renewSubscription expiry");
        vm.assertEq(address(market).balance, uint256(price) * (n + 1), "renewSubscription cost != n * price");
    }

    /// @notice Renewal must be paid exactly and within the payer's maximum.
    function testFuzz_renewPaymentGuards(uint256 periods, uint96 price, uint256 wrong) public {
        vm.assume(price != 0);
        uint256 n = _bound(periods, 1, 100);
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, 30 days, splitId, false), price);
        uint256 cost = uint256(price) * n;
        uint256 sent = _bound(wrong, 0, cost * 2);
        vm.assume(sent != cost);
        vm.deal(buyer, sent);

        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.IncorrectPayment.selector, cost, sent));
        market.renew{value: sent}(licenseId, n, cost);

        vm.prank(buyer);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarketErrors.PriceAboveMax.selector, licenseId >> 32, cost, cost - 1)
        );
        market.renew{value: sent}(licenseId, n, cost - 1);

        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LicenseNotRenewable.selector, licenseId));
        market.renew(licenseId, 0, type(uint256).max);
        vm.assertEq(_expiry(licenseId), T0 + 30 days, "a failed renewal moved the expiry");
    }

    /// @notice Perpetual licenses never lapse and cannot be renewed by either entry point.
    function testFuzz_perpetualNotRenewable(uint256 periods, uint256 later, uint96 price) public {
        uint256 licenseId = _buyEth(buyer, _offer(price, NATIVE, 0, splitId, false), price);
        vm.assertEq(_expiry(licenseId), type(uint64).max, "perpetual expiresAt != max");
        vm.assertFalse(market.isRenewable(licenseId), "perpetual reported renewable");

        vm.warp(T0 + _bound(later, 0, 1000 * 365 days));
        _assertEntitled(licenseId, true, "perpetual license lapsed");

        uint256 n = _bound(periods, 1, type(uint64).max);
        vm.deal(buyer, price);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LicenseNotRenewable.selector, licenseId));
        market.renew{value: price}(licenseId, n, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LicenseNotRenewable.selector, licenseId));
        market.renewSubscription(licenseId, uint64(n));
    }

    /// @notice Cancelling ends entitlement in the same block; the lapsed license can then be
    /// renewed from now or burned so the holder may buy again.
    function testFuzz_cancelEndsNowThenRenewOrBurn(uint256 d, uint256 elapsed, bool renewIt, uint96 price) public {
        uint64 duration = _boundDuration(d);
        uint256 offerId = _offer(price, NATIVE, duration, splitId, false);
        uint256 licenseId = _buyEth(buyer, offerId, price);
        uint256 at = T0 + _bound(elapsed, 0, duration - 1);
        vm.warp(at);

        vm.prank(buyer);
        market.cancelSubscription(licenseId);
        vm.assertEq(_expiry(licenseId), at, "cancel did not set expiry to now");
        _assertEntitled(licenseId, false, "entitled after cancel");

        if (renewIt) {
            vm.deal(buyer, price);
            vm.prank(buyer);
            market.renew{value: price}(licenseId, 1, price);
            vm.assertEq(_expiry(licenseId), at + duration, "renewal after cancel not from now");
            _assertEntitled(licenseId, true, "not entitled after renewing a cancelled license");
        } else {
            vm.deal(buyer, price);
            vm.prank(buyer);
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.AlreadyLicensed.selector, buyer, assetId));
            market.purchase{value: price}(offerId, buyer, price, lockedTermsHash, bytes2(0));
            vm.prank(buyer);
            market.burnLapsed(licenseId);
            uint256 again = _buyEth(buyer, offerId, price);
            vm.assertEq(_expiry(again), at + duration, "repurchase expiry");
            _assertEntitled(again, true, "not entitled after repurchase");
        }
    }

    /// @notice A revoked license neither entitles nor renews, whatever its expiry.
    function testFuzz_revokedNeverEntitles(uint256 d, uint256 elapsed, uint96 price) public {
        uint64 duration = _boundDuration(d);
        address arbiter = address(0xA4B17E40);
        ILicenseTypes.OfferParams memory p;
        p.assetId = assetId;
        p.termsId = lockedTerms;
        p.price = price;
        p.duration = duration;
        p.splitId = splitId;
        p.arbiter = arbiter;
        vm.prank(creator);
        uint256 offerId = market.createOffer(p);
        bytes32 termsHash = lockedTermsHash;
        vm.deal(buyer, price);
        vm.prank(buyer);
        uint256 licenseId = market.purchase{value: price}(offerId, buyer, price, termsHash, bytes2(0));

        vm.warp(T0 + _bound(elapsed, 0, duration - 1));
        vm.prank(arbiter);
        market.revoke(licenseId, keccak256("ruling"));
        vm.assertFalse(market.isEntitled(buyer, assetId), "revoked license entitles");
        vm.assertEq(
            uint256(market.licenseInfo(licenseId).status),
            uint256(ILicenseTypes.LicenseStatus.REVOKED),
            "status != REVOKED"
        );
        vm.deal(buyer, price);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LicenseIsRevoked.selector, licenseId));
        market.renew{value: price}(licenseId, 1, price);
    }
}
