// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice An asset controller that misbehaves when paid ETH (test-only): it either refuses the
/// payment or re-enters a target with the call it was armed with, recording the outcome. Anyone may
/// make it call anything (to register an asset, publish an offer, set a plan, withdraw).
contract UsageHostileController {
    bool public rejectEth;
    address public target;
    bytes public attack;
    bool public attempted;
    bool public succeeded;
    bytes public failure;

    error Refused();

    /// @notice Calls `to` with `value` and `data`, bubbling up a revert.
    function execute(address to, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    /// @notice Whether receiving ETH reverts.
    function setRejectEth(bool reject) external {
        rejectEth = reject;
    }

    /// @notice Sets the call to make on receiving ETH.
    function arm(address to, bytes calldata data) external {
        target = to;
        attack = data;
    }

    receive() external payable {
        if (rejectEth) revert Refused();
        if (attack.length == 0 || attempted) return;
        attempted = true;
        (bool ok, bytes memory ret) = target.call(attack);
        succeeded = ok;
        failure = ret;
    }
}
