// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A consortium member (test-only) that re-enters the consortium from its ETH receive hook
/// with whatever call it was armed with, and records whether that succeeded.
contract ConsortiumReentrantMember {
    address public consortium;
    bytes public attack;
    bool public attempted;
    bool public succeeded;
    bytes public failure;

    /// @notice Sets the consortium to call (known only after the member is listed at its creation).
    function setConsortium(address consortium_) external {
        consortium = consortium_;
    }

    /// @notice Sets the call to make on re-entry.
    function arm(bytes calldata data) external {
        attack = data;
    }

    /// @notice Forwards a call to the consortium (to propose, vote or claim as this member).
    function call(bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = consortium.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    receive() external payable {
        if (attack.length == 0 || attempted) return;
        attempted = true;
        (bool ok, bytes memory ret) = consortium.call(attack);
        succeeded = ok;
        failure = ret;
    }
}
