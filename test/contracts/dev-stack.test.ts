/**
 * The product command, for real: `scripts/dev.ts` (what `npm start` runs after bootstrapping) starts
 * a local chain, deploys, seeds, and stops cleanly on SIGINT. Checked over JSON-RPC with viem.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { repoRoot } from "../../scripts/lib/artifacts.ts";
import { LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";

const PORT = 18545;

describe("npm start (scripts/dev.ts)", () => {
  it("runs chain + deployment + demo catalog, then stops on Ctrl-C", { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [`${repoRoot}node_modules/tsx/dist/cli.mjs`, "scripts/dev.ts"], {
      cwd: repoRoot,
      env: { ...process.env, TESSERA_RPC_PORT: `${PORT}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const deadline = Date.now() + 150_000;
      while (!out.includes("Press Ctrl-C to stop.")) {
        assert.equal(child.exitCode, null, `dev exited early:\n${out}`);
        assert.ok(Date.now() < deadline, `dev did not come up:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }

      const deployment = JSON.parse(await readFile(`${repoRoot}deployments/31337.json`, "utf8"));
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${PORT}`) });
      const market = deployment.contracts.LicenseMarket.address;
      const { buyer, buyer2, creator } = devAccounts();
      const read = (functionName: "isEntitled", args: readonly [`0x${string}`, bigint]) =>
        client.readContract({ address: market, abi: LicenseMarketAbi, functionName, args });

      const [assets, offers] = await client.readContract({
        address: market,
        abi: LicenseMarketAbi,
        functionName: "counts",
      });
      assert.ok(assets >= 4n && offers >= 9n, `catalog too small: ${assets} assets, ${offers} offers`);
      assert.equal(await read("isEntitled", [buyer.address, 1n]), true, "the research licence is active");
      assert.equal(await read("isEntitled", [buyer.address, 2n]), false, "the trial licence has expired");
      assert.equal(await read("isEntitled", [buyer2.address, 1n]), true, "the commercial licence is active");
      assert.equal(await read("isEntitled", [creator.address, 1n]), false, "the creator holds no licence");
      assert.match(out, /LicenseMarket\s+0x[0-9a-f]{40}/i);
      assert.match(out, /buyer\s+0x[0-9a-fA-F]{40}/);
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0, `dev did not exit cleanly:\n${out}`);
    const client = createPublicClient({
      transport: http(`http://127.0.0.1:${PORT}`, { retryCount: 0, timeout: 1_000 }),
    });
    await assert.rejects(client.getChainId(), "the local chain is gone after Ctrl-C");
  });
});
