// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 whose transfers can be switched to revert (test-only).
contract RevertingERC20 is ERC20 {
    error TransfersDisabled();

    bool public transfersDisabled;

    constructor() ERC20("Reverting", "REV") {}

    /// @notice Mints `amount` to `to`.
    /// @param to The receiver.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Turns reverting transfers on or off.
    /// @param disabled Whether transfers revert.
    function setTransfersDisabled(bool disabled) external {
        transfersDisabled = disabled;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (transfersDisabled && from != address(0)) revert TransfersDisabled();
        super._update(from, to, value);
    }
}
