// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseMarketErrors, ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {ILicenseRefunds} from "../../contracts/interfaces/ILicenseRefunds.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Refundable offers: a sale's payment is held (in no balance or pool) until its window
/// closes. A refund inside the window pays the holder amount * (expiry - now) / paidSeconds (all of
/// it for a perpetual license) less amount * penalty / 10,000, floored at zero; the rest is credited
/// like a sale. Refund + upstream royalties + protocol fee + split credit = everything paid, to the
/// wei, for any price, fee, royalty route, window, penalty, renewals inside the window and refund
/// time. A release (window closed, or license revoked or burned) credits exactly what a
/// non-refundable sale of the same amount would. The test contract plays the lineage registry.
contract RefundsTest is TesseraFixture {
    uint256 internal constant MAX_SHARES = 16;
    uint256 internal constant MAX_UPSTREAM_BPS = 5_000;
    uint256 internal constant MAX_WINDOW = 365 days;
    uint256 internal constant MAX_DURATION = 400 days;
    address internal constant ARBITER = address(0xA4B10001);

    address internal payee = address(0xFEE00001);
    address internal twinPayee = address(0xFEE00002);
    address internal buyer2 = address(0xB0B00002);
    address internal stranger = address(0x57A40001);
    uint256 internal ownSplit;
    uint256 internal twinSplit;
    MockERC20 internal token;

    /// @dev What the test expects of a refundable license (the market's `Held`, plus the expiry).
    struct Ghost {
        uint256 id;
        uint256 held;
        uint256 paidSeconds;
        uint256 windowEnd;
        uint256 expiry;
        uint16 penaltyBps;
    }

    function setUp() public {
        _setUpMarket();
        market.wireLineageRegistry(address(this));
        ownSplit = _soloSplit(payee);
        twinSplit = _soloSplit(twinPayee);
        token = new MockERC20("Token", "TKN", 6);
        market.setCurrencyAllowed(address(token), true);
    }

    function _refunds() internal view returns (ILicenseRefunds) {
        return ILicenseRefunds(address(market));
    }

    // ---------------------------------------------------------------- helpers

    /// @dev A route of 0..16 ancestors' splits (each a new split) whose shares sum to at most 50 %.
    function _route(uint256 seed) internal returns (ILicenseTypes.RoyaltyShare[] memory shares) {
        uint256 n = seed % (MAX_SHARES + 1);
        shares = new ILicenseTypes.RoyaltyShare[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 room = MAX_UPSTREAM_BPS - total;
            uint256 bps = room == 0 ? 0 : uint256(keccak256(abi.encode(seed, i))) % (room + 1);
            shares[i] = ILicenseTypes.RoyaltyShare(uint32(_soloSplit(address(uint160(0xA11CE000 + i)))), uint16(bps));
            total += bps;
        }
    }

    function _params(
        uint256 price,
        address currency,
        uint64 duration,
        uint256 splitId,
        address arbiter
    ) internal view returns (ILicenseTypes.OfferParams memory p) {
        p.assetId = assetId;
        p.termsId = transferableTerms;
        p.price = price;
        p.currency = currency;
        p.duration = duration;
        p.splitId = splitId;
        p.arbiter = arbiter;
    }

    function _refundableOffer(
        ILicenseTypes.OfferParams memory p,
        uint32 window,
        uint16 penaltyBps
    ) internal returns (uint256 offerId) {
        vm.prank(creator);
        offerId = _refunds().createRefundableOffer(p, ILicenseTypes.RefundPolicy(window, penaltyBps));
    }

    function _plainOffer(ILicenseTypes.OfferParams memory p) internal returns (uint256 offerId) {
        vm.prank(creator);
        offerId = market.createOffer(p);
    }

    /// @dev Buys as `who` in ETH or `token`, funded exactly.
    function _buy(address who, uint256 offerId, address currency, uint256 price) internal returns (uint256 id) {
        if (currency == NATIVE) {
            vm.deal(who, price);
            vm.prank(who);
            return market.purchase{value: price}(offerId, who, price, transferableTermsHash, bytes2(0));
        }
        token.mint(who, price);
        vm.prank(who);
        token.approve(address(market), price);
        vm.prank(who);
        return market.purchase(offerId, who, price, transferableTermsHash, bytes2(0));
    }

    function _renew(address payer, uint256 licenseId, uint256 periods, address currency, uint256 cost) internal {
        if (currency == NATIVE) {
            vm.deal(payer, cost);
            vm.prank(payer);
            market.renew{value: cost}(licenseId, periods, cost);
            return;
        }
        token.mint(payer, cost);
        vm.prank(payer);
        token.approve(address(market), cost);
        vm.prank(payer);
        market.renew(licenseId, periods, cost);
    }

    function _balanceOf(address currency, address account) internal view returns (uint256) {
        return currency == NATIVE ? account.balance : token.balanceOf(account);
    }

    /// @dev The specified refund: unused share (all for perpetual) less the penalty, floored at 0.
    function _expectedRefund(Ghost memory g, uint256 nowTs) internal pure returns (uint256) {
        uint256 unused;
        if (g.expiry == type(uint40).max) unused = g.held;
        else if (g.expiry > nowTs) unused = (g.held * (g.expiry - nowTs)) / g.paidSeconds;
        uint256 penalty = (g.held * g.penaltyBps) / BPS;
        return unused > penalty ? unused - penalty : 0;
    }

    /// @dev Penalties skewed low (so that refunds are often due), sometimes anywhere up to 100 %.
    function _boundPenalty(uint256 raw) internal pure returns (uint16) {
        return uint16(raw % 4 == 0 ? _bound(raw >> 2, 0, BPS) : _bound(raw >> 2, 0, 2_000));
    }

    /// @dev Perpetual one time in eight, else 1 s .. 400 days.
    function _boundDuration(uint256 raw) internal pure returns (uint64) {
        return raw % 8 == 0 ? 0 : uint64(_bound(raw >> 3, 1, MAX_DURATION));
    }

    /// @dev Every credit the ledger can hold for this test's sale: the ancestors' pools, the
    /// treasury's balance and the split's pool (`split`).
    function _credits(
        ILicenseTypes.RoyaltyShare[] memory shares,
        uint256 split,
        address currency
    ) internal view returns (uint256[] memory c) {
        c = new uint256[](shares.length + 2);
        for (uint256 i; i < shares.length; ++i) c[i] = _pool(shares[i].splitId, currency);
        c[shares.length] = market.withdrawable(treasury, currency);
        c[shares.length + 1] = _pool(split, currency);
    }

    function _sum(uint256[] memory xs) internal pure returns (uint256 s) {
        for (uint256 i; i < xs.length; ++i) s += xs[i];
    }

    /// @dev What crediting `amount` like a sale puts in each of `_credits`' places.
    function _expectedCredits(
        ILicenseTypes.RoyaltyShare[] memory shares,
        uint16 feeBps,
        uint256 amount
    ) internal pure returns (uint256[] memory c) {
        c = new uint256[](shares.length + 2);
        uint256 upstream;
        for (uint256 i; i < shares.length; ++i) {
            c[i] = (amount * shares[i].bps) / BPS;
            upstream += c[i];
        }
        c[shares.length] = (amount * feeBps) / BPS;
        c[shares.length + 1] = amount - upstream - c[shares.length];
    }

    function _assertCredits(uint256[] memory got, uint256[] memory expected, string memory what) internal pure {
        vm.assertEq(got.length, expected.length, what);
        for (uint256 i; i < got.length; ++i) vm.assertEq(got[i], expected[i], what);
    }

    // ---------------------------------------------------------------- (a) conservation

    /// @notice refund + Σ upstream royalties + fee + split credit = everything paid (purchase and
    /// renewals inside the window, by anyone), to the wei; the market holds exactly that; every
    /// credit of the retained part is floor(retained * bps / 10,000) as for a sale. When a refund
    /// would pay nothing it reverts with NothingToRefund and the release credits the whole.
    function testFuzz_refundConservesEveryWei(
        uint256 routeSeed,
        uint256 rawPrice,
        uint256 rawDuration,
        uint256 rawWindow,
        uint256 rawPenalty,
        uint256 rawFee,
        uint256 renewSeed,
        uint256 rawRefundAt
    ) public {
        ILicenseTypes.RoyaltyShare[] memory shares = _route(routeSeed);
        market.writeUpstreamRoyalties(assetId, shares);
        uint16 feeBps = uint16(_bound(rawFee, 0, 1_000));
        market.setProtocolFee(feeBps, treasury);
        address currency = (routeSeed >> 128) % 4 == 0 ? address(token) : NATIVE;
        uint256 price = _bound(rawPrice, 1, type(uint96).max);
        Ghost memory g;
        g.penaltyBps = _boundPenalty(rawPenalty);
        uint64 duration = _boundDuration(rawDuration);
        uint32 window = uint32(_bound(rawWindow, 1, MAX_WINDOW));
        uint256 offerId = _refundableOffer(
            _params(price, currency, duration, ownSplit, address(0)),
            window,
            g.penaltyBps
        );

        g.id = _buy(buyer, offerId, currency, price);
        g.held = price;
        g.paidSeconds = duration;
        g.windowEnd = T0 + window;
        g.expiry = duration == 0 ? type(uint40).max : T0 + duration;
        vm.assertEq(_sum(_credits(shares, ownSplit, currency)), 0, "a held sale credited something");

        // Renewals inside the window, by the holder or anyone else: held too.
        uint256 renewals = duration == 0 ? 0 : renewSeed % 4;
        for (uint256 r; r < renewals; ++r) {
            uint256 seed = uint256(keccak256(abi.encode(renewSeed, r)));
            uint256 nowTs = _now();
            vm.warp(nowTs + _bound(seed, 0, g.windowEnd - 1 - nowTs));
            nowTs = _now();
            uint256 periods = _bound(seed >> 64, 1, 3);
            _renew((seed >> 128) & 1 == 0 ? buyer : stranger, g.id, periods, currency, price * periods);
            g.held += price * periods;
            g.paidSeconds += duration * periods;
            g.expiry = (g.expiry > nowTs ? g.expiry : nowTs) + duration * periods;
        }
        vm.assertEq(_sum(_credits(shares, ownSplit, currency)), 0, "a held renewal credited something");
        vm.assertEq(_refunds().refundQuote(g.id).held, g.held, "quote.held != everything paid");

        {
            uint256 nowTs = _now();
            vm.warp(nowTs + _bound(rawRefundAt, 0, g.windowEnd - 1 - nowTs));
        }
        uint256 expected = _expectedRefund(g, _now());
        uint256 refunded;
        if (expected == 0) {
            vm.prank(buyer);
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NothingToRefund.selector, g.id));
            _refunds().refund(g.id);
            vm.warp(g.windowEnd);
            uint256[] memory ids = new uint256[](1);
            ids[0] = g.id;
            vm.assertEq(_refunds().releaseHeld(ids), g.held, "release != held");
        } else {
            vm.prank(buyer);
            refunded = _refunds().refund(g.id);
            vm.assertEq(refunded, expected, "refund != formula");
        }

        vm.assertEq(market.withdrawable(buyer, currency), refunded, "holder's balance != refund");
        uint256[] memory got = _credits(shares, ownSplit, currency);
        _assertCredits(got, _expectedCredits(shares, feeBps, g.held - refunded), "retained not credited as a sale");
        vm.assertEq(refunded + _sum(got), g.held, "refund + royalties + fee + split != paid");
        vm.assertEq(_balanceOf(currency, address(market)), g.held, "market holds other than was paid");
        vm.assertEq(_refunds().refundQuote(g.id).held, 0, "still held after refund or release");
    }

    // ---------------------------------------------------------------- (b) the refund formula

    /// @notice At any time, for the holder (after a transfer, or through an approved operator):
    /// the quote and the refund equal the formula, never exceed what was paid, land in the holder's
    /// balance and end the license in this block; outside the window RefundWindowClosed; a
    /// stranger cannot; a license is refunded at most once.
    function testFuzz_refundIsTheFormulaAndAtMostPaid(
        uint256 rawPrice,
        uint256 rawDuration,
        uint256 rawWindow,
        uint256 rawPenalty,
        uint256 rawAt,
        uint256 mode
    ) public {
        // The whole price range (the penalty is computed in uint256: see the regression test).
        uint256 price = _bound(rawPrice, 1, type(uint128).max);
        Ghost memory g;
        g.penaltyBps = _boundPenalty(rawPenalty);
        uint64 duration = _boundDuration(rawDuration);
        uint32 window = uint32(_bound(rawWindow, 1, MAX_WINDOW));
        uint256 offerId = _refundableOffer(
            _params(price, NATIVE, duration, ownSplit, address(0)),
            window,
            g.penaltyBps
        );
        g.id = _buy(buyer, offerId, NATIVE, price);
        (g.held, g.paidSeconds, g.windowEnd) = (price, duration, T0 + window);
        g.expiry = duration == 0 ? type(uint40).max : T0 + duration;

        address holder = buyer;
        if (mode & 1 == 1) {
            holder = buyer2;
            vm.prank(buyer);
            market.transferFrom(buyer, buyer2, g.id);
        }
        address caller = holder;
        if (mode & 2 == 2) {
            caller = stranger;
            vm.prank(holder);
            market.approve(stranger, g.id);
        }

        // Up to past the window and past the expiry.
        vm.warp(T0 + _bound(rawAt, 0, window + (duration == 0 ? 1 days : duration) + 1));
        uint256 nowTs = _now();
        ILicenseTypes.RefundQuote memory q = _refunds().refundQuote(g.id);
        vm.assertEq(q.held, price, "quote.held");
        vm.assertEq(q.windowEnd, g.windowEnd, "quote.windowEnd");
        vm.assertEq(q.currency, NATIVE, "quote.currency");

        if (nowTs >= g.windowEnd) {
            vm.assertFalse(q.refundable, "refundable after the window");
            vm.assertEq(q.refund, 0, "quote after the window");
            vm.prank(caller);
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseMarketErrors.RefundWindowClosed.selector, g.id, g.windowEnd)
            );
            _refunds().refund(g.id);
            return;
        }
        uint256 expected = _expectedRefund(g, nowTs);
        vm.assertEq(q.refund, expected, "quote != formula");
        vm.assertEq(q.retained, price - expected, "quote.retained != held - refund");
        vm.assertEq(q.refundable, expected != 0, "quote.refundable");
        vm.assertTrue(q.refund + q.retained == q.held, "quote: refund + retained != held");

        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotLicenseHolder.selector, g.id, address(0xBAD)));
        _refunds().refund(g.id);

        if (expected == 0) {
            vm.prank(caller);
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NothingToRefund.selector, g.id));
            _refunds().refund(g.id);
            return;
        }
        vm.prank(caller);
        uint256 refunded = _refunds().refund(g.id);
        vm.assertEq(refunded, expected, "refund != formula");
        vm.assertTrue(refunded <= price, "refund > paid");
        vm.assertEq(market.withdrawable(holder, NATIVE), refunded, "refund not credited to the holder");
        vm.assertEq(market.withdrawable(caller == holder ? stranger : caller, NATIVE), 0, "operator credited");
        vm.assertEq(market.expiresAt(g.id), nowTs, "license not ended in this block");
        vm.assertFalse(market.isEntitled(holder, assetId), "still entitled after a refund");
        vm.assertEq(_pool(ownSplit, NATIVE), price - refunded, "retained not credited");

        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotRefundable.selector, g.id));
        _refunds().refund(g.id);
        uint256[] memory ids = new uint256[](1);
        ids[0] = g.id;
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotRefundable.selector, g.id));
        _refunds().releaseHeld(ids);

        uint256 before = holder.balance;
        vm.prank(holder);
        market.withdraw(NATIVE);
        vm.assertEq(holder.balance - before, refunded, "withdrawn != refund");
    }

    /// @notice Regression: the penalty is computed in uint256. Prices go up to type(uint128).max
    /// (createOffer's bound, and held renewals too), yet `held.amount * penaltyBps` with a uint128
    /// amount and a uint16 penalty is evaluated in uint128 and panics (0x11) once
    /// amount * penaltyBps > 2^128 - 1: refundQuote and refund then revert for any amount above
    /// ~3.4e34 with a 100 % penalty (above ~3.4e35 at 10 %), though the formula is well defined.
    function test_largeHeldAmountDoesNotOverflowThePenalty() public {
        uint256 price = uint256(type(uint128).max) / 1_000 + 1;
        uint256 offerId = _refundableOffer(_params(price, NATIVE, 0, ownSplit, address(0)), 1 days, 1_000);
        uint256 id = _buy(buyer, offerId, NATIVE, price);
        uint256 expected = price - (price * 1_000) / BPS;
        vm.assertEq(_refunds().refundQuote(id).refund, expected, "quote");
        vm.prank(buyer);
        vm.assertEq(_refunds().refund(id), expected, "refund");
    }

    // ---------------------------------------------------------------- (c) release

    /// @notice Once the window closes (or at once when the license is revoked, or revoked and
    /// burned), anyone may release the held payment, which credits exactly what a non-refundable
    /// twin offer's sale at the same price credits: same royalties, same fee, same split credit.
    /// Before that, RefundWindowOpen; after it, NotRefundable; a renewal after the window is
    /// credited at once.
    function testFuzz_releaseCreditsLikeANonRefundableSale(
        uint256 routeSeed,
        uint256 rawPrice,
        uint256 rawDuration,
        uint256 rawWindow,
        uint256 rawFee,
        uint256 rawAt,
        uint256 mode
    ) public {
        ILicenseTypes.RoyaltyShare[] memory shares = _route(routeSeed);
        market.writeUpstreamRoyalties(assetId, shares);
        uint16 feeBps = uint16(_bound(rawFee, 0, 1_000));
        market.setProtocolFee(feeBps, treasury);
        address currency = (routeSeed >> 128) % 4 == 0 ? address(token) : NATIVE;
        uint256 price = _bound(rawPrice, 1, type(uint96).max);
        uint64 duration = _boundDuration(rawDuration);
        uint32 window = uint32(_bound(rawWindow, 1, MAX_WINDOW));
        uint256 how = mode % 3; // 0: window closes; 1: revoked in the window; 2: revoked and burned

        // The twin: same price and route, plain sale, credited at once.
        uint256 twinId = _plainOffer(_params(price, currency, duration, twinSplit, ARBITER));
        uint256[] memory before = _credits(shares, twinSplit, currency);
        _buy(buyer2, twinId, currency, price);
        uint256[] memory twin = _credits(shares, twinSplit, currency);
        for (uint256 i; i < twin.length; ++i) twin[i] -= before[i];
        _assertCredits(twin, _expectedCredits(shares, feeBps, price), "twin's sale");

        uint256 offerId = _refundableOffer(_params(price, currency, duration, ownSplit, ARBITER), window, 0);
        before = _credits(shares, ownSplit, currency);
        uint256 id = _buy(buyer, offerId, currency, price);
        _assertCredits(_credits(shares, ownSplit, currency), before, "held sale credited");
        vm.assertEq(_balanceOf(currency, address(market)), 2 * price, "market holds both payments");

        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        uint256 windowEnd = T0 + window;
        if (how == 0) {
            vm.warp(T0 + _bound(rawAt, 0, window - 1));
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.RefundWindowOpen.selector, id, windowEnd));
            _refunds().releaseHeld(ids);
            vm.warp(windowEnd + _bound(rawAt >> 64, 0, 2 * MAX_WINDOW));
        } else {
            vm.warp(T0 + _bound(rawAt, 0, window - 1));
            vm.prank(ARBITER);
            market.revoke(id, keccak256("ruling"));
            vm.prank(buyer);
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.LicenseIsRevoked.selector, id));
            _refunds().refund(id);
            if (how == 2) {
                vm.prank(buyer);
                market.burnLapsed(id);
            }
        }

        vm.prank(stranger);
        vm.assertEq(_refunds().releaseHeld(ids), price, "release != held");
        uint256[] memory released = _credits(shares, ownSplit, currency);
        for (uint256 i; i < released.length; ++i) released[i] -= before[i];
        _assertCredits(released, twin, "release credited other than the twin's sale");
        vm.assertEq(_pool(ownSplit, currency), _pool(twinSplit, currency), "split credit != twin's");

        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotRefundable.selector, id));
        _refunds().releaseHeld(ids);
        if (how == 2) return;
        vm.assertEq(_refunds().refundQuote(id).held, 0, "still held after release");
        vm.prank(buyer);
        vm.expectRevert(
            abi.encodeWithSelector(
                how == 0 ? ILicenseMarketErrors.NotRefundable.selector : ILicenseMarketErrors.LicenseIsRevoked.selector,
                id
            )
        );
        _refunds().refund(id);

        // A renewal after the window is revenue at once: nothing is held again.
        if (how == 0 && duration != 0) {
            before = _credits(shares, ownSplit, currency);
            _renew(buyer, id, 1, currency, price);
            uint256[] memory renewed = _credits(shares, ownSplit, currency);
            for (uint256 i; i < renewed.length; ++i) renewed[i] -= before[i];
            _assertCredits(renewed, twin, "renewal after the window");
            vm.assertEq(_refunds().refundQuote(id).held, 0, "a renewal after the window was held");
        }
    }

    // ---------------------------------------------------------------- (d) policy bounds

    /// @dev Edge values half the time, anything in uint32 otherwise.
    function _pickWindow(uint256 raw) internal pure returns (uint32) {
        uint256 edge = raw % 8;
        if (edge == 0) return 0;
        if (edge == 1) return 1;
        if (edge == 2) return uint32(MAX_WINDOW);
        if (edge == 3) return uint32(MAX_WINDOW + 1);
        if (edge == 4) return uint32(_bound(raw >> 8, 1, MAX_WINDOW));
        return uint32(raw >> 8);
    }

    function _pickPenalty(uint256 raw) internal pure returns (uint16) {
        uint256 edge = raw % 4;
        if (edge == 0) return BPS;
        if (edge == 1) return BPS + 1;
        if (edge == 2) return uint16(_bound(raw >> 8, 0, BPS));
        return uint16(raw >> 8);
    }

    /// @notice A window outside 1 s .. 365 days reverts RefundWindowOutOfRange(window, 365 days)
    /// (checked first); a penalty above 10,000 bps reverts RefundPenaltyTooHigh(penalty, 10,000);
    /// anything else publishes an offer whose policy reads back as given.
    function testFuzz_policyBounds(uint256 rawWindow, uint256 rawPenalty) public {
        uint32 window = _pickWindow(rawWindow);
        uint16 penalty = _pickPenalty(rawPenalty);
        ILicenseTypes.OfferParams memory p = _params(1 ether, NATIVE, 30 days, ownSplit, address(0));
        if (window == 0 || window > MAX_WINDOW) {
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseMarketErrors.RefundWindowOutOfRange.selector, window, MAX_WINDOW)
            );
        } else if (penalty > BPS) {
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.RefundPenaltyTooHigh.selector, penalty, BPS));
        }
        uint256 offerId = _refundableOffer(p, window, penalty);
        if (window == 0 || window > MAX_WINDOW || penalty > BPS) {
            (, uint256 offerTotal, ) = market.counts();
            vm.assertEq(offerTotal, 0, "a rejected policy published an offer");
            return;
        }
        ILicenseTypes.RefundPolicy memory policy = _refunds().refundPolicy(offerId);
        vm.assertEq(policy.window, window, "policy window");
        vm.assertEq(policy.penaltyBps, penalty, "policy penalty");
    }

    /// @notice Only the asset's controller publishes refundable offers; a plain offer has no policy
    /// and nothing to refund or release; an unknown offer has no policy.
    function test_plainOffersAreNotRefundable() public {
        ILicenseTypes.OfferParams memory p = _params(1 ether, NATIVE, 30 days, ownSplit, address(0));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotAssetController.selector, assetId, stranger));
        _refunds().createRefundableOffer(p, ILicenseTypes.RefundPolicy(1 days, 0));

        uint256 offerId = _plainOffer(p);
        ILicenseTypes.RefundPolicy memory policy = _refunds().refundPolicy(offerId);
        vm.assertEq(policy.window, 0, "plain offer's window");
        vm.assertEq(policy.penaltyBps, 0, "plain offer's penalty");
        uint256 id = _buy(buyer, offerId, NATIVE, 1 ether);
        vm.assertEq(_pool(ownSplit, NATIVE), 1 ether, "plain sale not credited at once");
        ILicenseTypes.RefundQuote memory q = _refunds().refundQuote(id);
        vm.assertFalse(q.refundable, "plain sale refundable");
        vm.assertEq(q.held, 0, "plain sale held");

        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotRefundable.selector, id));
        _refunds().refund(id);
        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.NotRefundable.selector, id));
        _refunds().releaseHeld(ids);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.OfferNotFound.selector, offerId + 1));
        _refunds().refundPolicy(offerId + 1);
    }
}
