// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LicenseMarket} from "../../contracts/LicenseMarket.sol";
import {TermsRegistry} from "../../contracts/TermsRegistry.sol";
import {ILicenseTypes} from "../../contracts/interfaces/ILicenseMarket.sol";
import {HandlerLedger} from "../../contracts/mocks/HandlerLedger.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {DeployMarket} from "./utils/DeployMarket.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Ledger invariants under random sequences of offers, ETH and ERC-20 purchases by several
/// actors, renewals, distributions, withdrawals, revocations, cancellations, offer status changes,
/// protocol fee changes, version releases, time warps, transfers, burns and consortium revisions
/// (see contracts/mocks/HandlerLedger.sol, which also checks each action's outcome on the spot).
/// @dev Runs and depth come from the `invariant` section of the Solidity test config; the handler
/// never reverts on purpose, so fail-on-revert makes any revert inside it (a handler bug) fatal.
contract LedgerInvariantTest {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant T0 = 1_700_000_000;

    HandlerLedger internal handler;
    LicenseMarket internal market;

    function setUp() public {
        vm.warp(T0);
        TermsRegistry registry = new TermsRegistry();
        market = DeployMarket.deploy(address(this), registry);
        MockERC20 tokenA = new MockERC20("Token A", "TKA", 18);
        MockERC20 tokenB = new MockERC20("Token B", "TKB", 6);
        handler = new HandlerLedger(market, registry, tokenA, tokenB, address(this));
        require(handler.violations() == 0, handler.firstViolation());
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the actions (the handler's views would waste calls), each equally likely.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](12);
        s[0] = HandlerLedger.createOffer.selector;
        s[1] = HandlerLedger.purchase.selector;
        s[2] = HandlerLedger.renew.selector;
        s[3] = HandlerLedger.distribute.selector;
        s[4] = HandlerLedger.withdraw.selector;
        s[5] = HandlerLedger.revoke.selector;
        s[6] = HandlerLedger.cancel.selector;
        s[7] = HandlerLedger.transfer.selector;
        s[8] = HandlerLedger.burnLapsed.selector;
        s[9] = HandlerLedger.reviseConsortium.selector;
        s[10] = HandlerLedger.govern.selector;
        s[11] = HandlerLedger.warp.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    // ------------------------------------------------------------------ invariants

    /// @notice (a) Per currency, the withdrawable balances of every account that can hold one
    /// (payees and treasuries; not address(0), whose balance no one could claim) plus every split's
    /// pool equal what the market holds.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_a_holdingsEqualBalancesPlusPools() public view {
        _noViolation();
        address[] memory currencies = handler.currencies();
        address[] memory accounts = handler.payeesAndTreasuries();
        uint256 nSplits = handler.splitCount();
        for (uint256 c; c < currencies.length; ++c) {
            uint256 owed;
            for (uint256 i; i < accounts.length; ++i) owed += market.withdrawable(accounts[i], currencies[c]);
            for (uint256 i; i < nSplits; ++i) owed += handler.pool(handler.splitAt(i).id, currencies[c]);
            vm.assertEq(owed, handler.balanceIn(currencies[c], address(market)), "(a) balances + pools != holdings");
        }
    }

    /// @notice (b) Every license was paid for at its offer's price for every period it has run,
    /// and, per currency, everything paid in is either still held or was withdrawn.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_b_everyLicensePaidAtOfferPrice() public view {
        _noViolation();
        uint256 n = handler.licenseCount();
        for (uint256 i; i < n; ++i) {
            HandlerLedger.GhostLicense memory l = handler.licenseAt(i);
            uint256 price = handler.offerAt(l.offerIdx).price;
            vm.assertEq(l.paid, price * l.periods, "(b) license paid != offer price * periods");
        }
        address[] memory currencies = handler.currencies();
        for (uint256 c; c < currencies.length; ++c) {
            vm.assertEq(
                handler.paidIn(currencies[c]),
                handler.balanceIn(currencies[c], address(market)) + handler.withdrawnOut(currencies[c]),
                "(b) paid in != held + withdrawn"
            );
        }
    }

    /// @notice (c) An expired or revoked license never entitles: for every license not burned,
    /// isEntitled(holder, asset) implies that licenseInfo shows it live (not revoked, expiry in
    /// the future); conversely a live license entitles, to the version it covers. An actor holding
    /// no license on an asset is not entitled to it.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_c_entitlementImpliesLive() public view {
        _noViolation();
        uint256 nowTs = vm.getBlockTimestamp();
        address[] memory actors = handler.actors();
        uint256[] memory assets = handler.assetIds();
        bool[][] memory holds = new bool[][](actors.length);
        for (uint256 a; a < actors.length; ++a) holds[a] = new bool[](assets.length);

        uint256 n = handler.licenseCount();
        for (uint256 i; i < n; ++i) {
            HandlerLedger.GhostLicense memory l = handler.licenseAt(i);
            if (l.burned) continue;
            HandlerLedger.GhostOffer memory o = handler.offerAt(l.offerIdx);
            ILicenseTypes.LicenseInfo memory info = market.licenseInfo(l.id);
            vm.assertEq(info.holder, l.holder, "(c) holder differs from the ghost");
            vm.assertEq(market.ownerOf(l.id), l.holder, "(c) ownerOf differs from the ghost");
            vm.assertEq(
                info.expiresAt,
                l.expiry == type(uint40).max ? type(uint64).max : l.expiry,
                "(c) expiry differs from the ghost"
            );

            bool entitled = market.isEntitled(l.holder, o.assetId);
            bool infoLive = info.status == ILicenseTypes.LicenseStatus.ACTIVE && info.expiresAt > nowTs;
            if (entitled) vm.assertTrue(infoLive, "(c) entitled through an expired or revoked license");
            bool ghostLive = !l.revoked && l.expiry > nowTs;
            vm.assertEq(infoLive, ghostLive, "(c) licenseInfo status differs from the ghost");
            vm.assertEq(entitled, ghostLive, "(c) a live license does not entitle");
            uint256 version = o.allVersions ? handler.versionCount(o.assetId) : l.version;
            vm.assertEq(
                market.isEntitledToVersion(l.holder, o.assetId, version),
                ghostLive,
                "(c) version entitlement differs from liveness"
            );

            for (uint256 a; a < actors.length; ++a) {
                if (actors[a] != l.holder) continue;
                for (uint256 s; s < assets.length; ++s) if (assets[s] == o.assetId) holds[a][s] = true;
            }
        }
        for (uint256 a; a < actors.length; ++a) {
            for (uint256 s; s < assets.length; ++s) {
                if (!holds[a][s]) {
                    vm.assertFalse(market.isEntitled(actors[a], assets[s]), "(c) entitled without a license");
                }
            }
        }
    }

    /// @notice (d) Splits, the consortium above all (whose weights are revised at random), neither
    /// lose nor double-count revenue: per currency, everything credited to a split's pool has been
    /// distributed or is still pending.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_d_splitsConserveRevenue() public view {
        _noViolation();
        address[] memory currencies = handler.currencies();
        uint256 nSplits = handler.splitCount();
        for (uint256 i; i < nSplits; ++i) {
            uint256 id = handler.splitAt(i).id;
            for (uint256 c; c < currencies.length; ++c) {
                vm.assertEq(
                    handler.credited(i, currencies[c]),
                    handler.distributedOut(i, currencies[c]) + handler.pool(id, currencies[c]),
                    i == handler.CONSORTIUM()
                        ? "(d) consortium: credited != distributed + pending"
                        : "(d) split: credited != distributed + pending"
                );
            }
        }
    }

    function _noViolation() internal view {
        vm.assertEq(handler.violations(), 0, handler.firstViolation());
    }
}
