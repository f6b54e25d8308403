// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LicenseMarket} from "../../../contracts/LicenseMarket.sol";
import {ITermsRegistry} from "../../../contracts/interfaces/ITermsRegistry.sol";
import {vm} from "./Vm.sol";

/// @notice Deploys a LicenseMarket and its extension from the compiler's artifacts (`vm.getCode`),
/// not with `new`: a test contract that says `new LicenseMarket` embeds the market's creation code,
/// and via-IR optimises it again inside every such test, which had come to double the build time.
library DeployMarket {
    /// @dev Deploys the extension over `registry`, then the market owned by `owner` that runs it.
    function deploy(address owner, ITermsRegistry registry) internal returns (LicenseMarket) {
        address extension = _create(
            abi.encodePacked(vm.getCode("LicenseMarketExtension.sol:LicenseMarketExtension"), abi.encode(registry))
        );
        return
            LicenseMarket(
                _create(
                    abi.encodePacked(
                        vm.getCode("LicenseMarket.sol:LicenseMarket"),
                        abi.encode(owner, registry, extension)
                    )
                )
            );
    }

    function _create(bytes memory code) private returns (address deployed) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), "DeployMarket: deployment failed");
    }
}
