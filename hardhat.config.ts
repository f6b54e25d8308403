import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import { configVariable, defineConfig } from "hardhat/config";

// Hardhat cannot download solc here (and need not anywhere): the npm package `solc` ships the
// compiler as soljson.js. Hardhat wants an absolute path to it.
const soljson = createRequire(import.meta.url).resolve("solc/soljson.js");

export const SOLC_VERSION = "0.8.37";
export const OPTIMIZER = { enabled: true, runs: 800 } as const;

export default defineConfig({
  plugins: [
    hardhatViem,
    hardhatViemAssertions,
    hardhatEthers,
    hardhatNetworkHelpers,
    hardhatNodeTestRunner,
    hardhatKeystore,
  ],
  solidity: {
    version: SOLC_VERSION,
    path: soljson,
    settings: { optimizer: OPTIMIZER, viaIR: true, evmVersion: "prague" },
  },
  paths: { tests: { nodejs: "test", solidity: "test/solidity" } },
  // Fuzz: 256 runs a test; invariants: 256 runs of 50 calls each (the CI floor the issue sets).
  test: {
    solidity: {
      profiles: {
        default: { fuzz: { runs: 256 }, invariant: { runs: 256, depth: 50 } },
      },
    },
  },
  // Test-only contracts are not part of the product: keep them out of the coverage figures.
  coverage: { skipFiles: ["contracts/mocks/**"] },
  networks: {
    // A real network: `TESSERA_RPC_URL` and `TESSERA_DEPLOYER_KEY` come from the environment or
    // from Hardhat's encrypted keystore (`npx hardhat keystore set TESSERA_DEPLOYER_KEY`).
    live: {
      type: "http",
      chainType: "l1",
      url: configVariable("TESSERA_RPC_URL"),
      accounts: [configVariable("TESSERA_DEPLOYER_KEY")],
    },
  },
});
