// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @notice An attacker (test-only): re-enters the market from `onERC721Received` and from its
/// ETH receive hook with whatever call it was armed with, and records whether that succeeded.
contract ReentrantReceiver is IERC721Receiver {
    address public immutable market;
    bytes public attack;
    bool public attempted;
    bool public succeeded;
    bytes public failure;

    constructor(address market_) {
        market = market_;
    }

    /// @notice Sets the call to make on re-entry.
    /// @param data Calldata for the market.
    function arm(bytes calldata data) external {
        attack = data;
    }

    /// @notice Forwards a call to the market (to buy, withdraw, etc. as this contract).
    /// @param data Calldata.
    function call(bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = market.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return IERC721Receiver.onERC721Received.selector;
    }

    receive() external payable {
        _reenter();
    }

    function _reenter() private {
        if (attack.length == 0 || attempted) return;
        attempted = true;
        (bool ok, bytes memory ret) = market.call(attack);
        succeeded = ok;
        failure = ret;
    }
}
