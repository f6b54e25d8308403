// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UsageMeter} from "../../contracts/UsageMeter.sol";
import {IUsageMarket, IUsageMeter} from "../../contracts/interfaces/IUsageMeter.sol";
import {TesseraFixture} from "./utils/Fixture.sol";
import {VM_ADDRESS, vm} from "./utils/Vm.sol";

/// @dev The signing cheatcodes (served by EDR as in Foundry) that utils/Vm.sol does not declare.
interface VmSigner {
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @notice UsageMeter over random sequences: a license's stored count for a period never goes down
/// and only an attester-signed, higher count for a past or current period raises it; top-ups are
/// accounted exactly: what the controllers may withdraw plus what they withdrew equals what was
/// paid, and the meter holds exactly what is owed.
contract UsageTest is TesseraFixture {
    uint256 internal constant ATTESTER_KEY = 0xA77E57;
    uint256 internal constant IMPOSTOR_KEY = 0xBAD;
    uint32 internal constant PERIOD = 1 days;
    uint64 internal constant INCLUDED = 50;
    uint128 internal constant PRICE = 1e9;
    uint256 internal constant STEPS = 24;

    VmSigner internal constant SIGNER = VmSigner(VM_ADDRESS);

    UsageMeter internal meter;
    address internal attester;
    uint256 internal licenseId;
    uint256 internal offerId;
    address internal payee = address(0xFEE00001);
    address internal otherController = address(0xC0DE0002);

    /// @dev The highest count accepted so far per period (the model the meter must agree with).
    mapping(uint64 period => uint64) internal _accepted;

    function setUp() public {
        _setUpMarket();
        meter = new UsageMeter(IUsageMarket(address(market)));
        attester = SIGNER.addr(ATTESTER_KEY);
        offerId = _offer(0, NATIVE, 0, _soloSplit(payee), false);
        vm.prank(creator);
        meter.setPlan(
            offerId,
            IUsageMeter.Plan({
                attester: attester,
                includedUnits: INCLUDED,
                periodSeconds: PERIOD,
                pricePerUnit: PRICE,
                onExceed: 3 // SUSPEND
            })
        );
        licenseId = _buyEth(buyer, offerId, 0);
    }

    function _sign(uint256 key, IUsageMeter.UsageReport memory report) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = SIGNER.sign(key, meter.hashReport(report));
        return abi.encodePacked(r, s, v);
    }

    function _current() internal view returns (uint64) {
        return uint64(_now() / PERIOD);
    }

    /// @notice Random reports (random counts, periods around the current one, sometimes signed by
    /// an impostor) and time steps: an accepted report always raises the count to its units; a
    /// refused one changes nothing; a count never decreases; isSuspended agrees with the counts.
    function testFuzz_countsNeverDecrease(uint256 seed) public {
        for (uint256 step; step < STEPS; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            if (r % 5 == 0) {
                vm.warp(_now() + ((r >> 8) % (2 * PERIOD)));
                continue;
            }
            uint64 current = _current();
            uint64 period = current + 1 - uint64((r >> 16) % 3); // next, current or previous
            IUsageMeter.UsageReport memory report = IUsageMeter.UsageReport({
                licenseId: licenseId,
                period: period,
                units: uint64((r >> 32) % 120),
                issuedAt: uint64(_now())
            });
            bool forged = (r >> 64) % 7 == 0;
            bytes memory signature = _sign(forged ? IMPOSTOR_KEY : ATTESTER_KEY, report);
            (uint64 before, ) = meter.periodUsage(licenseId, period);
            bool valid = !forged && period <= current && report.units > before;
            try meter.submitReport(report, signature) {
                vm.assertTrue(valid, "accepted a report that should be refused");
                _accepted[period] = report.units;
            } catch {
                vm.assertFalse(valid, "refused a valid report");
            }
            (uint64 stored, ) = meter.periodUsage(licenseId, period);
            vm.assertTrue(stored >= before, "a count went down");
            vm.assertEq(stored, _accepted[period], "the count is not the highest accepted");
            (, uint64 units, uint256 allowance, ) = meter.usage(licenseId);
            vm.assertEq(meter.isSuspended(licenseId), units >= allowance, "isSuspended disagrees with the counts");
        }
    }

    /// @notice Random top-ups by random payers, changes of the asset's controller and withdrawals:
    /// every wei paid is owed to the controller of the time or was withdrawn by it; the meter's
    /// balance is exactly what is owed; the allowance is the included units plus the units bought.
    function testFuzz_topUpsAccountedExactly(uint256 seed) public {
        address[2] memory controllers = [creator, otherController];
        uint256 paid;
        uint256 withdrawn;
        uint256 bought;
        uint64 period = _current();
        for (uint256 step; step < STEPS; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = r % 4;
            if (action == 0) {
                _handOver(controllers, r);
            } else if (action == 1) {
                address who = controllers[(r >> 8) % 2];
                uint256 owed = meter.withdrawable(who, NATIVE);
                if (owed == 0) continue;
                uint256 balanceBefore = who.balance;
                vm.prank(who);
                meter.withdraw(NATIVE);
                vm.assertEq(who.balance - balanceBefore, owed, "withdrew another amount than owed");
                withdrawn += owed;
            } else {
                uint64 units = uint64(1 + ((r >> 8) % 1_000));
                uint256 cost = uint256(units) * PRICE;
                address payer = address(uint160(uint256(keccak256(abi.encode("payer", r % 3)))));
                address controller = market.assetInfo(assetId).controller;
                uint256 owedBefore = meter.withdrawable(controller, NATIVE);
                vm.deal(payer, cost);
                vm.prank(payer);
                meter.topUp{value: cost}(licenseId, units);
                vm.assertEq(
                    meter.withdrawable(controller, NATIVE) - owedBefore,
                    cost,
                    "not credited to the controller"
                );
                paid += cost;
                if (_current() == period) bought += units;
            }
            uint256 owedTotal = meter.withdrawable(creator, NATIVE) + meter.withdrawable(otherController, NATIVE);
            vm.assertEq(owedTotal + withdrawn, paid, "paid != owed + withdrawn");
            vm.assertEq(address(meter).balance, owedTotal, "the meter holds more or less than it owes");
            (, uint64 toppedUp) = meter.periodUsage(licenseId, period);
            vm.assertEq(toppedUp, bought, "units bought not recorded");
            (, , uint256 allowance, ) = meter.usage(licenseId);
            vm.assertEq(allowance, INCLUDED + bought, "allowance != included + bought");
        }
    }

    /// @dev Hands the asset to the other controller (nominate, then accept).
    function _handOver(address[2] memory controllers, uint256 r) internal {
        address from = market.assetInfo(assetId).controller;
        address to = from == controllers[0] ? controllers[1] : controllers[0];
        if ((r >> 8) % 2 == 0) return;
        vm.prank(from);
        market.nominateAssetController(assetId, to);
        vm.prank(to);
        market.acceptAssetController(assetId);
    }
}
