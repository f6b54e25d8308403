/** Every deployable contract fits the EIP-170 code size limit, so it deploys on mainnet. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre from "hardhat";
import { TESSERA_CONTRACTS } from "../../scripts/deploy/deployTessera.ts";
import { loadArtifact } from "../../scripts/lib/artifacts.ts";

const EIP170_LIMIT = 24_576;
// Under --coverage the artifacts hold instrumented bytecode, larger by design.
const skip = hre.globalOptions.coverage ? "coverage instruments the bytecode" : false;

describe("contract sizes", () => {
  for (const name of TESSERA_CONTRACTS) {
    it(`${name} fits in ${EIP170_LIMIT} bytes`, { skip }, async () => {
      const { deployedBytecode } = await loadArtifact(name);
      const size = (deployedBytecode.length - 2) / 2;
      assert.ok(size > 0, `${name} has no code`);
      assert.ok(size <= EIP170_LIMIT, `${name} is ${size} bytes`);
    });
  }
});
