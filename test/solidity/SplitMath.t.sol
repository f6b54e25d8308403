// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseMarketErrors} from "../../contracts/interfaces/ILicenseMarket.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Split arithmetic: a pool credited by a real purchase is distributed to the wei under the
/// remainder rule (every recipient but the first gets floor(amount * bps / 10,000), the first the
/// rest), for any amount in uint128 and any valid vector of 1..50 recipients; the protocol fee and
/// the recipients' shares add up to the price.
contract SplitMathTest is TesseraFixture {
    MockERC20 internal token;

    function setUp() public {
        _setUpMarket();
        token = new MockERC20("Test USD", "TUSD", 18);
        market.setCurrencyAllowed(address(token), true);
    }

    /// @dev Checks that `recipients` were credited exactly `amount` under the remainder rule, given
    /// their balances before; returns the sum credited.
    function _assertRemainderRule(
        address[] memory recipients,
        uint16[] memory bps,
        uint256[] memory before,
        address currency,
        uint256 amount
    ) internal view returns (uint256 credited) {
        uint256 expectedFirst = amount;
        for (uint256 i = 1; i < recipients.length; ++i) {
            uint256 got = market.withdrawable(recipients[i], currency) - before[i];
            uint256 expected = (amount * bps[i]) / BPS;
            vm.assertEq(got, expected, "non-first recipient != floor(amount * bps / 10000)");
            expectedFirst -= expected;
            credited += got;
        }
        uint256 gotFirst = market.withdrawable(recipients[0], currency) - before[0];
        vm.assertEq(gotFirst, expectedFirst, "first recipient != amount - sum(others)");
        credited += gotFirst;
        vm.assertEq(credited, amount, "sum credited != amount");
    }

    function _balances(address[] memory who, address currency) internal view returns (uint256[] memory b) {
        b = new uint256[](who.length);
        for (uint256 i; i < who.length; ++i) b[i] = market.withdrawable(who[i], currency);
    }

    /// @notice Any uint128 amount over any valid 1..50-recipient vector is distributed exactly.
    function testFuzz_distributeIsExact(uint128 amount, uint256 nSeed, uint256 bpsSeed) public {
        uint256 n = 1 + (nSeed % 50);
        address[] memory recipients = _recipients(n, nSeed);
        uint16[] memory bps = _bpsVector(n, bpsSeed);
        uint256 splitId = market.createSplit(recipients, bps, address(0));
        uint256 offerId = _offer(amount, address(token), 30 days, splitId, false);

        _buyToken(buyer, token, offerId, amount);
        vm.assertEq(_pool(splitId, address(token)), amount, "pool != price (no fee)");

        uint256[] memory before = _balances(recipients, address(token));
        if (amount == 0) {
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseMarketErrors.NothingToDistribute.selector, splitId, address(token))
            );
            market.distribute(splitId, address(token));
            return;
        }
        market.distribute(splitId, address(token));
        vm.assertEq(_pool(splitId, address(token)), 0, "pool not emptied");
        _assertRemainderRule(recipients, bps, before, address(token), amount);

        // Every recipient can take out exactly what it was credited; the market ends empty.
        uint256 paidOut;
        for (uint256 i; i < n; ++i) {
            uint256 due = market.withdrawable(recipients[i], address(token));
            if (due == 0) continue;
            vm.prank(recipients[i]);
            vm.assertEq(market.withdraw(address(token)), due, "withdraw returned != withdrawable");
            vm.assertEq(token.balanceOf(recipients[i]), due, "recipient token balance != due");
            paidOut += due;
        }
        vm.assertEq(paidOut, amount, "paid out != amount");
        vm.assertEq(token.balanceOf(address(market)), 0, "market kept dust");
    }

    /// @notice fee + sum(recipients) == price for any fee 0..1000 bps, and an offer keeps the fee it
    /// was created with when the protocol fee changes later.
    function testFuzz_feePlusSharesEqualsPrice(uint128 price, uint256 feeSeed, uint256 nSeed, uint256 bpsSeed) public {
        uint16 feeBps = uint16(feeSeed % 1001);
        uint16 laterFeeBps = uint16((feeSeed >> 16) % 1001);
        market.setProtocolFee(feeBps, treasury);

        uint256 n = 1 + (nSeed % 50);
        address[] memory recipients = _recipients(n, nSeed);
        uint16[] memory bps = _bpsVector(n, bpsSeed);
        uint256 splitId = market.createSplit(recipients, bps, address(0));
        uint256 offerId = _offer(price, NATIVE, 30 days, splitId, false);

        // A later fee change applies to new offers only.
        market.setProtocolFee(laterFeeBps, treasury);
        _buyEth(buyer, offerId, price);
        _buyEth(address(0xB0B00002), offerId, price);

        uint256 total = uint256(price) * 2;
        uint256 fee = 2 * ((uint256(price) * feeBps) / BPS);
        vm.assertEq(
            market.withdrawable(treasury, NATIVE),
            fee,
            "treasury fee != floor(price * feeBps / 10000) per sale"
        );
        vm.assertEq(_pool(splitId, NATIVE), total - fee, "pool != price - fee");
        vm.assertEq(address(market).balance, total, "market ETH != sum of prices");

        uint256[] memory before = _balances(recipients, NATIVE);
        if (total - fee == 0) return;
        market.distribute(splitId, NATIVE);
        uint256 shares = _assertRemainderRule(recipients, bps, before, NATIVE, total - fee);
        vm.assertEq(shares + market.withdrawable(treasury, NATIVE), total, "fee + shares != price");
    }

    /// @notice A split can be another split's recipient: its share lands in that split's pool, and
    /// distributing both still accounts for every wei.
    function testFuzz_nestedSplitIsExact(uint128 amount, uint256 nSeed, uint256 bpsSeed, uint256 childSeed) public {
        vm.assume(amount != 0);
        uint256 nChild = 1 + (childSeed % 10);
        address[] memory childRecipients = _recipients(nChild, ~childSeed);
        uint16[] memory childBps = _bpsVector(nChild, childSeed >> 16);
        uint256 child = market.createSplit(childRecipients, childBps, address(0));

        uint256 n = 2 + (nSeed % 49);
        address[] memory recipients = _recipients(n, nSeed);
        uint256 at = (nSeed >> 8) % n;
        recipients[at] = _splitAccount(child);
        uint16[] memory bps = _bpsVector(n, bpsSeed);
        uint256 parent = market.createSplit(recipients, bps, address(0));

        _buyEth(buyer, _offer(amount, NATIVE, 0, parent, false), amount);
        market.distribute(parent, NATIVE);

        uint256 expectedChild = at == 0 ? amount : (uint256(amount) * bps[at]) / BPS;
        if (at == 0) {
            for (uint256 i = 1; i < n; ++i) expectedChild -= (uint256(amount) * bps[i]) / BPS;
        }
        vm.assertEq(_pool(child, NATIVE), expectedChild, "child pool != parent share");
        vm.assertEq(market.withdrawable(recipients[at], NATIVE), 0, "split account got a balance");

        uint256 sum;
        for (uint256 i; i < n; ++i) if (i != at) sum += market.withdrawable(recipients[i], NATIVE);
        if (expectedChild != 0) {
            uint256[] memory before = _balances(childRecipients, NATIVE);
            market.distribute(child, NATIVE);
            sum += _assertRemainderRule(childRecipients, childBps, before, NATIVE, expectedChild);
        }
        vm.assertEq(sum, amount, "nested: sum credited != amount");
    }

    /// @notice A consortium's weight update first distributes every pending pool under the old
    /// weights; later revenue follows the new ones. Nothing is lost or counted twice.
    function testFuzz_consortiumUpdateUsesOldWeightsFirst(
        uint128 ethAmount,
        uint128 tokenAmount,
        uint128 laterAmount,
        uint256 seed
    ) public {
        address controller = address(0xC0450001);
        uint256 n1 = 1 + (seed % 50);
        uint256 n2 = 1 + ((seed >> 8) % 50);
        address[] memory oldR = _recipients(n1, seed);
        uint16[] memory oldBps = _bpsVector(n1, seed >> 16);
        address[] memory newR = _recipients(n2, uint256(keccak256(abi.encode(seed, "new members"))));
        uint16[] memory newBps = _bpsVector(n2, seed >> 32);
        uint256 splitId = market.createSplit(oldR, oldBps, controller);

        _buyEth(buyer, _offer(ethAmount, NATIVE, 0, splitId, false), ethAmount);
        uint256 tokenOffer = _offer(tokenAmount, address(token), 1 days, splitId, false);
        _buyToken(address(0xB0B00003), token, tokenOffer, tokenAmount);

        uint256[] memory ethBefore = _balances(oldR, NATIVE);
        uint256[] memory tokenBefore = _balances(oldR, address(token));
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarketErrors.NotSplitController.selector, splitId, address(this))
        );
        _reviseSplit(splitId, newR, newBps);
        vm.prank(controller);
        _reviseSplit(splitId, newR, newBps);

        vm.assertEq(_pool(splitId, NATIVE), 0, "ETH pool not settled before update");
        vm.assertEq(_pool(splitId, address(token)), 0, "token pool not settled before update");
        // The two member sets are disjoint (distinct salts), so each check sees one vector only.
        _assertRemainderRule(oldR, oldBps, ethBefore, NATIVE, ethAmount);
        _assertRemainderRule(oldR, oldBps, tokenBefore, address(token), tokenAmount);

        vm.assume(laterAmount != 0);
        uint256 laterOffer = _offer(laterAmount, address(token), 1 days, splitId, false);
        _buyToken(address(0xB0B00002), token, laterOffer, laterAmount);
        uint256[] memory newBefore = _balances(newR, address(token));
        uint256[] memory oldAfter = _balances(oldR, address(token));
        market.distribute(splitId, address(token));
        _assertRemainderRule(newR, newBps, newBefore, address(token), laterAmount);
        for (uint256 i; i < n1; ++i) {
            vm.assertEq(market.withdrawable(oldR[i], address(token)), oldAfter[i], "old member paid after removal");
        }
    }
}
