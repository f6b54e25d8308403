// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice A plain OpenZeppelin ERC-721: the gas floor that a license mint is compared against.
contract ReferenceERC721 is ERC721 {
    uint256 private _next;

    constructor() ERC721("Reference", "REF") {}

    /// @notice Mints the next token id to `to`.
    /// @param to The receiver.
    function mint(address to) external {
        _mint(to, ++_next);
    }
}
