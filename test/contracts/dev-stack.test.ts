/**
 * The product command, for real: `scripts/dev.ts` (what `npm start` runs after bootstrapping) starts
 * a local chain, deploys, seeds, starts the gateway, and stops cleanly on SIGINT. Checked over
 * JSON-RPC with viem, and over HTTP as a licensee: SIWE sign-in, then a verified download.
 */

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { createSiweMessage } from "viem/siwe";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { repoRoot } from "../../scripts/lib/artifacts.ts";
import { LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";

const PORT = 18545;
const GATEWAY_PORT = 18787;
const APP_PORT = 18173;

describe("npm start (scripts/dev.ts)", () => {
  it("runs chain + deployment + demo catalog, then stops on Ctrl-C", { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "tessera-dev-test-"));
    const deploymentsDir = await mkdtemp(join(tmpdir(), "tessera-dev-test-deployments-"));
    const child = spawn(process.execPath, ["scripts/dev.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        TESSERA_RPC_PORT: `${PORT}`,
        TESSERA_GATEWAY_PORT: `${GATEWAY_PORT}`,
        TESSERA_APP_PORT: `${APP_PORT}`,
        TESSERA_DATA_DIR: dataDir,
        TESSERA_DEPLOYMENTS_DIR: deploymentsDir,
      },
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

      const deployment = JSON.parse(await readFile(join(deploymentsDir, "31337.json"), "utf8"));
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
      assert.ok(assets >= 10n && offers >= 18n, `catalog too small: ${assets} assets, ${offers} offers`);
      assert.equal(await read("isEntitled", [buyer.address, 1n]), true, "the research licence is active");
      assert.equal(await read("isEntitled", [buyer.address, 2n]), false, "the trial licence has expired");
      assert.equal(await read("isEntitled", [buyer2.address, 1n]), true, "the commercial licence is active");
      assert.equal(await read("isEntitled", [creator.address, 1n]), false, "the creator holds no licence");
      assert.match(out, /LicenseMarket\s+0x[0-9a-f]{40}/i);
      assert.match(out, /buyer\s+0x[0-9a-fA-F]{40}/);
      // The dapp is served, with the deployment handed to it (the module the app reads its config from).
      assert.match(out, new RegExp(`Dapp\\s+http://127.0.0.1:${APP_PORT}/`));
      const page = await fetch(`http://127.0.0.1:${APP_PORT}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);

      // The buyer signs in to the gateway with a standard SIWE message and downloads Aurora-7B.
      const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
      const { nonce } = (await (await fetch(`${gateway}/v1/auth/nonce`)).json()) as { nonce: string };
      const message = createSiweMessage({
        domain: `127.0.0.1:${GATEWAY_PORT}`,
        uri: gateway,
        address: buyer.address,
        chainId: deployment.chainId,
        nonce,
        version: "1",
        issuedAt: new Date(),
      });
      const signature = await buyer.signMessage({ message });
      const verify = await fetch(`${gateway}/v1/auth/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, signature }),
      });
      assert.equal(verify.status, 200, await verify.clone().text());
      const { token } = (await verify.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const manifestRes = await fetch(`${gateway}/v1/assets/1/versions/latest/manifest`, { headers: auth });
      assert.equal(manifestRes.status, 200);
      const manifestBytes = Buffer.from(await manifestRes.arrayBuffer());
      const { versionCount } = await client.readContract({
        address: market,
        abi: LicenseMarketAbi,
        functionName: "assetInfo",
        args: [1n],
      });
      const onChain = await client.readContract({
        address: market,
        abi: LicenseMarketAbi,
        functionName: "assetVersion",
        args: [1n, BigInt(versionCount)],
      });
      assert.equal(`0x${createHash("sha256").update(manifestBytes).digest("hex")}`, onChain.contentHash);
      const manifest = JSON.parse(manifestBytes.toString("utf8")) as { files: { path: string; sha256: string }[] };
      for (const file of manifest.files) {
        const res = await fetch(`${gateway}/v1/assets/1/versions/latest/files/${file.path}`, { headers: auth });
        assert.equal(res.status, 200, file.path);
        const digest = createHash("sha256")
          .update(Buffer.from(await res.arrayBuffer()))
          .digest("hex");
        assert.equal(digest, file.sha256, `${file.path} matches its manifest entry`);
      }
      // Without a session, only the public model card is served.
      const card = await fetch(`${gateway}/v1/assets/1/versions/latest/files/public/README.md`);
      assert.equal(card.status, 200);
      assert.match(await card.text(), /^# Aurora-7B/);
      const weights = manifest.files.find((f) => !f.path.startsWith("public/"));
      const refused = await fetch(`${gateway}/v1/assets/1/versions/latest/files/${weights?.path}`);
      assert.equal(refused.status, 401);
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0, `dev did not exit cleanly:\n${out}`);
    const client = createPublicClient({
      transport: http(`http://127.0.0.1:${PORT}`, { retryCount: 0, timeout: 1_000 }),
    });
    await assert.rejects(client.getChainId(), "the local chain is gone after Ctrl-C");
    await assert.rejects(fetch(`http://127.0.0.1:${GATEWAY_PORT}/healthz`), "the gateway is gone after Ctrl-C");
    await assert.rejects(fetch(`http://127.0.0.1:${APP_PORT}/`), "the dapp is gone after Ctrl-C");
    await rm(dataDir, { recursive: true, force: true });
    await rm(deploymentsDir, { recursive: true, force: true });
  });
});
