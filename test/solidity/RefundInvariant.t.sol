// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LicenseMarket} from "../../contracts/LicenseMarket.sol";
import {TermsRegistry} from "../../contracts/TermsRegistry.sol";
import {ILicenseRefunds} from "../../contracts/interfaces/ILicenseRefunds.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {RefundHandler} from "../../contracts/mocks/RefundHandler.sol";
import {DeployMarket} from "./utils/DeployMarket.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Refund invariants under random sequences of ETH and ERC-20 purchases of refundable
/// (and plain) offers, renewals by anyone, refunds, releases, revocations, burns, transfers,
/// distributions, withdrawals by payees and holders, and time warps
/// (see contracts/mocks/RefundHandler.sol, which also checks each action's outcome on the spot).
/// @dev Runs and depth come from the `invariant` section of the Solidity test config. The handler
/// swallows the reverts it expects and counts every other outcome as a violation.
contract RefundInvariantTest {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant T0 = 1_700_000_000;

    RefundHandler internal handler;
    LicenseMarket internal market;
    MockERC20 internal token;

    function setUp() public {
        vm.warp(T0);
        TermsRegistry registry = new TermsRegistry();
        market = DeployMarket.deploy(address(this), registry);
        token = new MockERC20("Token", "TKN", 6);
        handler = new RefundHandler(market, registry, token, address(this));
        require(handler.violations() == 0, handler.firstViolation());
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the actions (the handler's views would waste calls); purchases, refunds and
    /// releases twice as likely as the rest.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](13);
        s[0] = RefundHandler.purchase.selector;
        s[1] = RefundHandler.purchase.selector;
        s[2] = RefundHandler.renew.selector;
        s[3] = RefundHandler.refund.selector;
        s[4] = RefundHandler.refund.selector;
        s[5] = RefundHandler.releaseHeld.selector;
        s[6] = RefundHandler.releaseHeld.selector;
        s[7] = RefundHandler.revoke.selector;
        s[8] = RefundHandler.burnLapsed.selector;
        s[9] = RefundHandler.transfer.selector;
        s[10] = RefundHandler.distribute.selector;
        s[11] = RefundHandler.withdraw.selector;
        s[12] = RefundHandler.warp.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    // ------------------------------------------------------------------ invariants

    /// @notice No license was ever refunded more than was paid for it (purchase and renewals), and
    /// what is refunded, released and still held never exceeds it either.
    function invariant_refundsNeverExceedPaid() public view {
        uint256 n = handler.licenseCount();
        for (uint256 i; i < n; ++i) {
            RefundHandler.GhostLicense memory l = handler.licenseAt(i);
            vm.assertTrue(l.refunded <= l.paid, "refunded > paid");
            vm.assertTrue(l.refunded + l.released + l.held <= l.paid, "refunded + released + held > paid");
        }
    }

    /// @notice Per currency, the market holds at least (in fact exactly) every account's
    /// withdrawable balance + every split's pool + every payment still held; and its holdings are
    /// everything paid in less everything withdrawn.
    function invariant_marketSolvent() public view {
        address[] memory currencies = handler.currencies();
        address[] memory accounts = handler.accounts();
        uint256[] memory splits = handler.splitIds();
        for (uint256 c; c < currencies.length; ++c) {
            address currency = currencies[c];
            uint256 owed = handler.heldOutstanding(currency);
            for (uint256 i; i < accounts.length; ++i) owed += market.withdrawable(accounts[i], currency);
            for (uint256 i; i < splits.length; ++i) owed += market.pendingRevenue(splits[i], currency);
            uint256 holdings =
                currency == address(0) ? address(market).balance : IERC20(currency).balanceOf(address(market));
            vm.assertTrue(holdings >= owed, "market insolvent: holdings < balances + pools + held");
            vm.assertEq(holdings, owed, "holdings != balances + pools + held (value lost or unaccounted)");
            vm.assertEq(
                holdings,
                handler.paidIn(currency) - handler.withdrawnOut(currency),
                "holdings != paid in - withdrawn"
            );
        }
    }

    /// @notice Σ refundQuote(id).held over live (unburned) licenses equals the ghosts' Σ held, per
    /// currency and per license; the ghosts' per-currency totals (burned licenses' holds included)
    /// agree with their per-license values.
    function invariant_heldMatchesGhost() public view {
        ILicenseRefunds refunds = ILicenseRefunds(address(market));
        uint256 n = handler.licenseCount();
        uint256[2] memory quoted;
        uint256[2] memory ghostLive;
        uint256[2] memory ghostAll;
        for (uint256 i; i < n; ++i) {
            RefundHandler.GhostLicense memory l = handler.licenseAt(i);
            uint256 c = handler.currencyOf(i) == address(0) ? 0 : 1;
            ghostAll[c] += l.held;
            if (l.burned) continue;
            uint256 held = refunds.refundQuote(l.id).held;
            vm.assertEq(held, l.held, "a license's quote.held != its ghost");
            quoted[c] += held;
            ghostLive[c] += l.held;
        }
        for (uint256 c; c < 2; ++c) {
            vm.assertEq(quoted[c], ghostLive[c], "sum of quote.held != ghost");
            vm.assertEq(ghostAll[c], handler.heldOutstanding(handler.currencies()[c]), "ghost totals disagree");
        }
    }

    /// @notice Every call had the outcome the handler expected: success, or one of the errors that
    /// applied (an unexpected revert, success or amount is a violation).
    function invariant_noUnexpectedOutcome() public view {
        vm.assertEq(handler.violations(), 0, handler.firstViolation());
    }
}
