// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A split recipient that reverts or burns all gas when paid (test-only). Sales to its
/// splits must still go through; only its own withdrawals fail.
contract HostilePayee {
    enum Mode {
        REVERT,
        BURN_GAS
    }

    Mode public immutable mode;

    constructor(Mode mode_) {
        mode = mode_;
    }

    /// @notice Withdraws from `market` (calls `withdraw(currency)`).
    /// @param market The market.
    /// @param currency The currency.
    function withdrawFrom(address market, address currency) external {
        (bool ok, bytes memory ret) = market.call(abi.encodeWithSignature("withdraw(address)", currency));
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    /// @notice Withdraws from `market` to another address (calls `withdrawBalanceTo(currency, to)`).
    /// @param market The market.
    /// @param currency The currency.
    /// @param to Where the market should send the balance.
    function withdrawTo(address market, address currency, address to) external {
        (bool ok, bytes memory ret) = market.call(
            abi.encodeWithSignature("withdrawBalanceTo(address,address)", currency, to)
        );
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        if (mode == Mode.REVERT) revert("no ETH");
        while (true) {}
    }
}
