// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Consortium} from "./Consortium.sol";
import {IConsortiumFactory, IConsortiumMarket} from "./interfaces/IConsortium.sol";

/// @title ConsortiumFactory: creates consortia and vouches for them.
/// @notice Anyone may create a consortium; the factory records it, so that a router or the gateway
/// can tell a real consortium (whose `accessExpiry` follows its own rules) from a look-alike.
/// No owner: the factory holds no funds and no powers over the consortia it creates.
contract ConsortiumFactory is IConsortiumFactory {
    mapping(address account => bool) private _isConsortium;
    address[] private _consortia;

    /// @inheritdoc IConsortiumFactory
    function createConsortium(
        IConsortiumMarket market,
        address[] calldata accounts,
        uint96[] calldata weights,
        uint16 thresholdBps,
        uint64 lifetime
    ) external returns (address consortium) {
        Consortium created = new Consortium(market, accounts, weights, thresholdBps, lifetime);
        consortium = address(created);
        _isConsortium[consortium] = true;
        _consortia.push(consortium);
        emit ConsortiumCreated(consortium, address(market), msg.sender, created.splitId());
    }

    /// @inheritdoc IConsortiumFactory
    function isConsortium(address account) external view returns (bool) {
        return _isConsortium[account];
    }

    /// @inheritdoc IConsortiumFactory
    function consortiumCount() external view returns (uint256) {
        return _consortia.length;
    }

    /// @inheritdoc IConsortiumFactory
    function consortiumAt(uint256 index) external view returns (address) {
        return _consortia[index];
    }
}
