// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Consortium} from "../../contracts/Consortium.sol";
import {ConsortiumFactory} from "../../contracts/ConsortiumFactory.sol";
import {LicenseMarket} from "../../contracts/LicenseMarket.sol";
import {TermsRegistry} from "../../contracts/TermsRegistry.sol";
import {IConsortiumErrors, IConsortiumTypes} from "../../contracts/interfaces/IConsortium.sol";
import {ConsortiumHandler} from "../../contracts/mocks/ConsortiumHandler.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {DeployMarket} from "./utils/DeployMarket.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Consortium revenue invariants under random sequences of sales (ETH and an ERC-20, at
/// prices from 1 wei up), syncs, claims by members, former members and strangers, admissions,
/// removals and reweights (see contracts/mocks/ConsortiumHandler.sol); and the flash-join attack
/// fuzzed over weights.
contract ConsortiumInvariantTest {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant SCALE = 1e18;

    ConsortiumHandler internal handler;
    Consortium internal consortium;

    function setUp() public {
        vm.warp(1_700_000_000);
        TermsRegistry registry = new TermsRegistry();
        LicenseMarket market = DeployMarket.deploy(address(this), registry);
        MockERC20 token = new MockERC20("Token", "TKN", 6);
        market.setCurrencyAllowed(address(token), true);
        handler = new ConsortiumHandler(market, registry, token, new ConsortiumFactory());
        require(handler.violations() == 0, handler.firstViolation());
        consortium = handler.consortium();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the actions, each equally likely.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](6);
        s[0] = ConsortiumHandler.sell.selector;
        s[1] = ConsortiumHandler.sync.selector;
        s[2] = ConsortiumHandler.claim.selector;
        s[3] = ConsortiumHandler.admit.selector;
        s[4] = ConsortiumHandler.remove.selector;
        s[5] = ConsortiumHandler.reweight.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    /// @notice (a) Per currency: everything claimed, plus what every member and former member is owed,
    /// plus the undistributed dust, equals what reached the consortium, to the wei; and the
    /// consortium holds exactly what it owes plus the dust.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_a_revenueConserved() public view {
        _noViolation();
        address[] memory actors = handler.actors();
        address[2] memory currencies = handler.currencies();
        for (uint256 c; c < 2; ++c) {
            address currency = currencies[c];
            uint256 owedSum;
            for (uint256 i; i < actors.length; ++i) owedSum += consortium.owed(actors[i], currency);
            uint256 dust = consortium.undistributed(currency);
            vm.assertEq(
                handler.claimed(currency) + owedSum + dust,
                handler.received(currency),
                "(a) claimed + owed + dust != received"
            );
            vm.assertEq(
                handler.balanceOf(currency, address(consortium)),
                owedSum + dust,
                "(a) holdings != owed + dust"
            );
            vm.assertEq(
                handler.received(currency) + consortium.unsynced(currency),
                handler.credited(currency),
                "(a) received + unsynced != credited by sales"
            );
        }
    }

    /// @notice (b) Nobody is paid more than it accrued: what each actor claimed plus what it is owed
    /// never exceeds its exact share of every arrival by the weights it arrived under, but for
    /// carried rounding dust (at most 1 wei for each event that can move dust).
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_b_nobodyPaidMoreThanAccrued() public view {
        _noViolation();
        address[] memory actors = handler.actors();
        address[2] memory currencies = handler.currencies();
        uint256 allowance = handler.dustEvents() * SCALE;
        for (uint256 c; c < 2; ++c) {
            for (uint256 i; i < actors.length; ++i) {
                uint256 got = handler.claimedBy(actors[i], currencies[c]) + consortium.owed(actors[i], currencies[c]);
                vm.assertTrue(
                    got * SCALE <= handler.fairScaled(actors[i], currencies[c]) + allowance,
                    "(b) paid or owed more than accrued"
                );
            }
        }
    }

    /// @notice The flash-join attack, fuzzed: whatever weight a member is admitted with, or raised to,
    /// after a proposal's creation, it never counts on that proposal.
    function testFuzz_weightGainedAfterAProposalNeverVotesOnIt(uint256 a, uint256 weight, uint256 raised) public {
        address[] memory actors = handler.actors();
        uint256 newcomerIdx = 3 + (a % 5);
        address newcomer = actors[newcomerIdx];
        vm.prank(actors[0]);
        uint256 id = consortium.propose(IConsortiumTypes.ProposalKind.ADD_ASSET, abi.encode(uint256(1)));
        handler.admit(newcomerIdx, weight);
        handler.reweight(1, raised);
        vm.assertTrue(consortium.isMember(newcomer), "admitted");

        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IConsortiumErrors.ConsortiumNoWeightAtSnapshot.selector, id, newcomer));
        consortium.vote(id, true);
        vm.prank(actors[1]);
        consortium.vote(id, true);
        IConsortiumTypes.ProposalInfo memory info = consortium.proposal(id);
        vm.assertEq(info.yesWeight, 8, "the reweighted member votes with its weight at the snapshot");
        vm.assertEq(info.totalWeight, 24, "the threshold is of the snapshot's total");
        _noViolation();
    }

    function _noViolation() internal view {
        vm.assertEq(handler.violations(), 0, handler.firstViolation());
    }
}
