// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LicenseMarket} from "../../../contracts/LicenseMarket.sol";
import {TermsRegistry} from "../../../contracts/TermsRegistry.sol";
import {ILicenseMarket, ILicenseTypes} from "../../../contracts/interfaces/ILicenseMarket.sol";
import {ITermsRegistry, TermsBits} from "../../../contracts/interfaces/ITermsRegistry.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {DeployMarket} from "./DeployMarket.sol";
import {vm} from "./Vm.sol";

/// @notice Shared set-up for the Tessera Solidity tests: a terms registry, a market owned by the
/// test contract, one registered asset, WORLDWIDE terms (locked and transferable), and helpers to
/// build splits, offers and purchases. Buyers and payees are code-less addresses, so no
/// onERC721Received hook runs.
abstract contract TesseraFixture {
    uint256 internal constant T0 = 1_700_000_000;
    uint16 internal constant BPS = 10_000;
    address internal constant NATIVE = address(0);

    TermsRegistry internal registry;
    LicenseMarket internal market;

    address internal creator = address(0xC0DE0001);
    address internal buyer = address(0xB0B00001);
    address internal treasury = address(0x7EA50001);

    uint256 internal assetId;
    uint256 internal lockedTerms;
    bytes32 internal lockedTermsHash;
    uint256 internal transferableTerms;
    bytes32 internal transferableTermsHash;
    mapping(uint256 offerId => bytes32) private _offerTermsHash;

    function _setUpMarket() internal {
        vm.warp(T0);
        registry = new TermsRegistry();
        market = DeployMarket.deploy(address(this), registry);
        lockedTerms = registry.registerTerms(_worldwideTerms(false, keccak256("locked legal text")));
        transferableTerms = registry.registerTerms(_worldwideTerms(true, keccak256("transferable legal text")));
        lockedTermsHash = registry.termsHashOf(lockedTerms);
        transferableTermsHash = registry.termsHashOf(transferableTerms);
        vm.prank(creator);
        assetId = market.registerAsset(ILicenseTypes.AssetKind.MODEL, keccak256("manifest v1"), "ipfs://card-v1");
    }

    /// @dev The smallest valid terms: strings empty, enums at ordinal 0, WORLDWIDE with no codes,
    /// no optional field present. `transferable` sets TermsBits.TRANSFER_TRANSFERABLE (bit 0).
    function _worldwideTerms(
        bool transferable,
        bytes32 legalTextHash
    ) internal pure returns (ITermsRegistry.Terms memory t) {
        t.grants = uint16(TermsBits.GRANT_USE);
        t.transfer = transferable ? uint8(TermsBits.TRANSFER_TRANSFERABLE) : 0;
        t.legalTextHash = legalTextHash;
    }

    // ---------------------------------------------------------------- splits

    /// @dev A valid bps vector of length n (1..50), each > 0, summing to 10,000, derived from `seed`.
    /// Four shapes before the leftover is handed out: proportional to random weights, one bp each
    /// (so one index ends up with almost everything), the first recipient at a single bp and the
    /// rest even, and an even split.
    function _bpsVector(uint256 n, uint256 seed) internal pure returns (uint16[] memory bps) {
        require(n >= 1 && n <= 50, "bad n");
        bps = new uint16[](n);
        uint256 shape = seed % 4;
        uint256 sum;
        if (shape == 0) {
            uint256[] memory w = new uint256[](n);
            uint256 total;
            for (uint256 i; i < n; ++i) {
                w[i] = 1 + (uint256(keccak256(abi.encode(seed, i))) % 65_536);
                total += w[i];
            }
            for (uint256 i; i < n; ++i) {
                bps[i] = uint16(1 + (w[i] * (BPS - n)) / total);
                sum += bps[i];
            }
        } else if (shape == 1) {
            for (uint256 i; i < n; ++i) bps[i] = 1;
            sum = n;
        } else if (shape == 2) {
            for (uint256 i; i < n; ++i) bps[i] = uint16(n == 1 ? BPS : (i == 0 ? 1 : (BPS - 1) / (n - 1)));
            for (uint256 i; i < n; ++i) sum += bps[i];
        } else {
            for (uint256 i; i < n; ++i) bps[i] = uint16(BPS / n);
            sum = (BPS / n) * n;
        }
        // Hand the leftover to a seed-chosen index (any index, the first included).
        uint256 j = (seed >> 8) % n;
        bps[j] += uint16(BPS - sum);
    }

    /// @dev n distinct code-less recipients, distinct per `salt`.
    function _recipients(uint256 n, uint256 salt) internal pure returns (address[] memory r) {
        r = new address[](n);
        for (uint256 i; i < n; ++i) r[i] = address(uint160(uint256(keccak256(abi.encode("payee", salt, i)))));
    }

    function _soloSplit(address payee) internal returns (uint256) {
        address[] memory r = new address[](1);
        r[0] = payee;
        uint16[] memory b = new uint16[](1);
        b[0] = BPS;
        return market.createSplit(r, b, address(0));
    }

    // ---------------------------------------------------------------- offers and purchases

    function _offer(
        uint256 price,
        address currency,
        uint64 duration,
        uint256 splitId,
        bool transferable
    ) internal returns (uint256 offerId) {
        ILicenseTypes.OfferParams memory p;
        p.assetId = assetId;
        p.termsId = transferable ? transferableTerms : lockedTerms;
        p.price = price;
        p.currency = currency;
        p.duration = duration;
        p.splitId = splitId;
        vm.prank(creator);
        offerId = market.createOffer(p);
        _offerTermsHash[offerId] = transferable ? transferableTermsHash : lockedTermsHash;
    }

    function _termsHashOf(uint256 offerId) internal view returns (bytes32) {
        return _offerTermsHash[offerId];
    }

    // ---------------------------------------------------------------- ledger views
    // The market's view names are still moving; every test reads them through these.

    function _pool(uint256 splitId, address currency) internal view returns (uint256) {
        return market.pendingRevenue(splitId, currency);
    }

    function _splitAccount(uint256 splitId) internal view returns (address) {
        return market.splitAddress(splitId);
    }

    function _offerInfo(uint256 offerId) internal view returns (ILicenseTypes.OfferInfo memory) {
        return market.offers(offerId);
    }

    function _reviseSplit(uint256 splitId, address[] memory recipients, uint16[] memory bps) internal {
        market.reviseSplit(splitId, recipients, bps);
    }

    /// @dev Buys under an ETH offer as `who` (dealt exactly `price`).
    function _buyEth(address who, uint256 offerId, uint256 price) internal returns (uint256 licenseId) {
        bytes32 termsHash = _termsHashOf(offerId); // before the prank: it is an external call
        vm.deal(who, price);
        vm.prank(who);
        licenseId = market.purchase{value: price}(offerId, who, price, termsHash, bytes2(0));
    }

    /// @dev Buys under an ERC-20 offer as `who` (minted and approved exactly `price`).
    function _buyToken(
        address who,
        MockERC20 token,
        uint256 offerId,
        uint256 price
    ) internal returns (uint256 licenseId) {
        bytes32 termsHash = _termsHashOf(offerId); // before the prank: it is an external call
        token.mint(who, price);
        vm.prank(who);
        token.approve(address(market), price);
        vm.prank(who);
        licenseId = market.purchase(offerId, who, price, termsHash, bytes2(0));
    }

    // ---------------------------------------------------------------- fuzz helpers

    /// @dev Maps x uniformly-ish into [lo, hi] (forge-std's bound is not available).
    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        require(lo <= hi, "bound: lo > hi");
        if (lo == 0 && hi == type(uint256).max) return x;
        return lo + (x % (hi - lo + 1));
    }

    function _now() internal view returns (uint256) {
        // Under viaIR the optimizer may reuse one TIMESTAMP read across a vm.warp; ask the VM.
        return vm.getBlockTimestamp();
    }
}
