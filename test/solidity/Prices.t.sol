// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseMarketErrors, ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Prices across currency decimals: a purchase moves exactly `price` of the offer's
/// currency, the split's pool holds exactly that, and withdrawing returns all of it. Prices must fit
/// in uint128.
contract PricesTest is TesseraFixture {
    uint8[5] internal DECIMALS = [0, 6, 18, 24, 36];
    MockERC20[5] internal tokens;
    address internal payee = address(0xFEE00001);
    uint256 internal splitId;

    function setUp() public {
        _setUpMarket();
        for (uint256 i; i < 5; ++i) {
            tokens[i] = new MockERC20("Token", "TKN", DECIMALS[i]);
            market.setCurrencyAllowed(address(tokens[i]), true);
        }
        splitId = _soloSplit(payee);
    }

    /// @dev Either a raw uint128 amount or a whole number of units of a token with `decimals`
    /// decimals, capped at uint128.
    function _price(uint256 raw, uint8 decimals) internal pure returns (uint256) {
        if (raw & 1 == 0) return _bound(raw >> 1, 0, type(uint128).max);
        uint256 unit = 10 ** uint256(decimals);
        uint256 maxUnits = type(uint128).max / unit;
        return _bound(raw >> 1, 0, maxUnits) * unit;
    }

    /// @notice A token purchase moves exactly `price`; the pool equals it; withdraw returns it all.
    function testFuzz_tokenPriceMovesExactly(uint256 raw, uint256 tokenSeed, uint256 dust) public {
        MockERC20 token = tokens[tokenSeed % 5];
        uint256 price = _price(raw, token.decimals());
        uint256 offerId = _offer(price, address(token), 30 days, splitId, false);

        // The buyer holds more than the price: only the price may move.
        uint256 extra = _bound(dust, 0, type(uint128).max);
        token.mint(buyer, extra);
        _buyToken(buyer, token, offerId, price);
        vm.assertEq(token.balanceOf(buyer), extra, "buyer charged != price");
        vm.assertEq(token.balanceOf(address(market)), price, "market received != price");
        vm.assertEq(_pool(splitId, address(token)), price, "pool != price");
        vm.assertEq(token.allowance(buyer, address(market)), 0, "allowance not fully used");

        if (price == 0) {
            vm.assertTrue(market.isEntitled(buyer, assetId), "free license not granted");
            return;
        }
        market.distribute(splitId, address(token));
        vm.assertEq(market.withdrawable(payee, address(token)), price, "withdrawable != price");
        vm.prank(payee);
        vm.assertEq(market.withdraw(address(token)), price, "withdraw returned != price");
        vm.assertEq(token.balanceOf(payee), price, "payee received != price");
        vm.assertEq(token.balanceOf(address(market)), 0, "market kept tokens");
        vm.assertEq(market.withdrawable(payee, address(token)), 0, "balance not cleared");
    }

    /// @notice The same for ETH (18 decimals, native), where the price must be sent exactly.
    function testFuzz_ethPriceMovesExactly(uint256 raw, uint256 wrong) public {
        uint256 price = _price(raw, 18);
        uint256 offerId = _offer(price, NATIVE, 0, splitId, false);

        uint256 sent = _bound(wrong, 0, type(uint128).max);
        if (sent != price) {
            vm.deal(buyer, sent);
            vm.prank(buyer);
            vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.IncorrectPayment.selector, price, sent));
            market.purchase{value: sent}(offerId, buyer, price, lockedTermsHash, bytes2(0));
        }
        _buyEth(buyer, offerId, price);
        vm.assertEq(buyer.balance, 0, "buyer charged != price");
        vm.assertEq(address(market).balance, price, "market received != price");
        vm.assertEq(_pool(splitId, NATIVE), price, "pool != price");
        if (price == 0) return;
        market.distribute(splitId, NATIVE);
        vm.prank(payee);
        vm.assertEq(market.withdraw(NATIVE), price, "withdraw returned != price");
        vm.assertEq(payee.balance, price, "payee received != price");
        vm.assertEq(address(market).balance, 0, "market kept ETH");
    }

    /// @notice ERC-20 offers take no ETH.
    function testFuzz_tokenOfferRejectsEth(uint256 raw, uint256 value) public {
        MockERC20 token = tokens[2];
        uint256 price = _price(raw, 18);
        uint256 offerId = _offer(price, address(token), 30 days, splitId, false);
        uint256 v = _bound(value, 1, type(uint128).max);
        token.mint(buyer, price);
        vm.prank(buyer);
        token.approve(address(market), price);
        vm.deal(buyer, v);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.IncorrectPayment.selector, 0, v));
        market.purchase{value: v}(offerId, buyer, price, lockedTermsHash, bytes2(0));
    }

    /// @notice Any price above uint128 is refused when the offer is created; uint128.max is not.
    function testFuzz_priceAboveUint128Reverts(uint256 raw, uint256 tokenSeed) public {
        uint256 price = _bound(raw, uint256(type(uint128).max) + 1, type(uint256).max);
        address currency = tokenSeed % 6 == 5 ? NATIVE : address(tokens[tokenSeed % 6]);
        ILicenseTypes.OfferParams memory p;
        p.assetId = assetId;
        p.termsId = lockedTerms;
        p.price = price;
        p.currency = currency;
        p.duration = 30 days;
        p.splitId = splitId;
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarketErrors.PriceOutOfRange.selector, price));
        market.createOffer(p);

        p.price = type(uint128).max;
        vm.prank(creator);
        uint256 offerId = market.createOffer(p);
        vm.assertEq(_offerInfo(offerId).price, type(uint128).max, "uint128.max price not stored intact");
    }
}
