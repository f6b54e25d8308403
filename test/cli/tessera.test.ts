/**
 * The `tessera` CLI end to end, as a user runs it: a real Hardhat node, the CLI's own `deploy`, the
 * real gateway on a temporary store, and every command spawned as a child process with the dev
 * accounts' keys. Covers the creator and buyer paths (list, offer, buy, licenses, fetch, renew,
 * withdraw, new version, ERC-20 payment), resumed and skipped downloads, a tampered store, and the
 * one-line errors of bad input.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { encryptKeystoreJson } from "ethers";
import { createPublicClient, createWalletClient, http, type PublicClient, parseEther, parseUnits } from "viem";
import { hardhat } from "viem/chains";
import { COMMANDS } from "../../scripts/cli/commands/index.ts";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { type LocalChain, startLocalChain } from "../../scripts/dev/localChain.ts";
import type { AuditEntry } from "../../scripts/gateway/audit/entry.ts";
import { type RunningGateway, startGateway } from "../../scripts/gateway/startGateway.ts";
import { loadArtifact } from "../../scripts/lib/artifacts.ts";
import type { Deployment } from "../../scripts/sdk/deployments.ts";
import { LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";
import { readDeploymentFile } from "../../scripts/sdk/node.ts";
import { buildManifest, canonicalManifest, manifestHash, parseManifest } from "../../scripts/storage/manifest.ts";
import { assertOk, assertOneLineError, type CliResult, captured, devKey, runTessera } from "./helpers.ts";

const PORT = 38545;
const CLOSED_PORT = 38546; // nothing listens here: the unreachable RPC and gateway
const DAY = 86_400n;
const accounts = devAccounts();

let chain: LocalChain;
let publicClient: PublicClient;
let deployment: Deployment;
let gateway: RunningGateway;
let work: string;
let store: string;
let auditPath: string;
/** The model the creator lists: a 3 MB file (progress, resume) and two small ones, one in a subdirectory. */
let modelDir: string;
const model = { "weights.bin": randomBytes(3_000_000), "README.md": Buffer.from("# tiny\n"), "cfg/config.json": "{}" };
const ids = { asset: "", offer: "", license: "" };

/** `tessera` against this test's chain, gateway and store, signed by `role` (or unsigned). */
function tessera(args: readonly string[], role?: keyof typeof accounts, env: Record<string, string> = {}) {
  return runTessera(args, {
    TESSERA_RPC_URL: chain.rpcUrl,
    TESSERA_GATEWAY_URL: gateway?.url ?? `http://127.0.0.1:${CLOSED_PORT}`,
    TESSERA_STORE: store,
    TESSERA_DEPLOYMENTS_DIR: path.join(work, "deployments"),
    ...(role && { TESSERA_PRIVATE_KEY: devKey(role) }),
    ...env,
  });
}

const read = <F extends "assetVersion" | "expiresAt" | "withdrawable" | "offers">(
  functionName: F,
  args: readonly unknown[],
) =>
  publicClient.readContract({
    address: deployment.contracts.LicenseMarket.address,
    abi: LicenseMarketAbi,
    functionName,
    args,
  } as never) as Promise<never>;

async function auditEntries(): Promise<AuditEntry[]> {
  const text = await readFile(auditPath, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as AuditEntry);
}

/** Audit entries appear when the gateway finishes a response, a moment after the client has it. */
async function auditEntriesAfter(count: number, predicate: (e: AuditEntry) => boolean): Promise<AuditEntry[]> {
  for (let i = 0; i < 40; i++) {
    const fresh = (await auditEntries()).slice(count).filter(predicate);
    if (fresh.length > 0) return fresh;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}

async function assertSameFiles(dir: string): Promise<void> {
  for (const [name, content] of Object.entries(model)) {
    assert.deepEqual(await readFile(path.join(dir, name)), Buffer.from(content), `${name} is byte-equal`);
  }
}

describe("tessera CLI", { timeout: 180_000 }, () => {
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "tessera-cli-test-"));
    store = path.join(work, "store");
    auditPath = path.join(work, "audit.jsonl");
    modelDir = path.join(work, "model");
    for (const [name, content] of Object.entries(model)) {
      await mkdir(path.dirname(path.join(modelDir, name)), { recursive: true });
      await writeFile(path.join(modelDir, name), content);
    }
    chain = await startLocalChain({ port: PORT });
    publicClient = createPublicClient({ transport: http(chain.rpcUrl) });
  });

  after(async () => {
    await gateway?.stop();
    await chain?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it("prints help for the tool and for every command", async () => {
    const results = await Promise.all([runTessera(["--help"]), ...COMMANDS.map((c) => runTessera([c.name, "--help"]))]);
    const [main, ...perCommand] = results as [CliResult, ...CliResult[]];
    assertOk(main, "tessera --help");
    for (const c of COMMANDS) assert.match(main.stdout, new RegExp(`^  ${c.name} `, "m"), `${c.name} is listed`);
    COMMANDS.forEach((c, i) => {
      const help = perCommand[i] as CliResult;
      assertOk(help, `tessera ${c.name} --help`);
      assert.match(help.stdout, new RegExp(`^Usage: tessera ${c.name} `), c.name);
      assert.match(help.stdout, /^Examples?:\n {2}(\w+=\S+ )*tessera /m, `${c.name} has an example`);
      for (const o of c.options) assert.match(help.stdout, new RegExp(`--${o.name}\\b`), `${c.name} --${o.name}`);
      if (c.shared.includes("rpc")) assert.match(help.stdout, /TESSERA_RPC_URL/, `${c.name} names its env`);
      assert.equal(help.stderr, "");
    });
  });

  it("before deployment, a command names the chain that has no (live) deployment", async () => {
    const result = await tessera(["licenses", accounts.buyer.address]);
    assertOneLineError(result, 1, /chain 31337/, "licenses before deploy");
    assert.match(result.stderr, /tessera deploy/);
  });

  it("deploys with the admin key and writes <deployments>/31337.json", async () => {
    const result = await tessera(["deploy"], "admin");
    assertOk(result, "deploy");
    deployment = await readDeploymentFile(path.join(work, "deployments", "31337.json"));
    const market = deployment.contracts.LicenseMarket.address;
    assert.match(result.stdout, new RegExp(`LicenseMarket\\s+${market}`, "i"));
    assert.notEqual(await publicClient.getCode({ address: market }), undefined, "the market is on this chain");
    gateway = await startGateway({ publicClient, deployment, storeRoot: store, auditPath, port: 0 });
  });

  it("lists an asset, sells it, and the buyer fetches, renews; the creator withdraws", async () => {
    const listed = await tessera(["list-asset", modelDir, "--kind", "model", "--uri", "ipfs://card"], "creator");
    assertOk(listed, "list-asset");
    ids.asset = captured(listed.stdout, /^asset (\d+) registered/m, "asset id");
    const contentHash = captured(listed.stdout, /^content hash (0x[0-9a-f]{64})$/m, "content hash");
    assert.equal(contentHash, manifestHash(await buildManifest(modelDir)), "the manifest of the directory");
    const onChain: { contentHash: string } = await read("assetVersion", [BigInt(ids.asset), 1n]);
    assert.equal(onChain.contentHash, contentHash, "registered on chain");
    assert.match(listed.stderr, /hashing: 100%/, "hashing progress");

    const offered = await tessera(
      ["create-offer", ids.asset, "--preset", "apache-2.0", "--price", "0.01", "--duration", "30d"],
      "creator",
    );
    assertOk(offered, "create-offer");
    ids.offer = captured(offered.stdout, /^offer (\d+) on asset/m, "offer id");
    const offer: { price: bigint; duration: bigint } = await read("offers", [BigInt(ids.offer)]);
    assert.deepEqual([offer.price, BigInt(offer.duration)], [parseEther("0.01"), 30n * DAY]);

    const bought = await tessera(["buy", ids.offer, "--max-price", "0.01"], "buyer");
    assertOk(bought, "buy");
    ids.license = captured(bought.stdout, /^license (\d+) on asset/m, "license id");

    const listing = await tessera(["licenses"], "buyer");
    assertOk(listing, "licenses");
    assert.match(listing.stdout, new RegExp(`^${ids.license}\\s+${ids.asset}\\s+1\\s+${ids.offer}\\s+active\\s`, "m"));

    const out = path.join(work, "fetched");
    const fetched = await tessera(["fetch", ids.asset, "--out", out], "buyer");
    assertOk(fetched, "fetch");
    await assertSameFiles(out);
    assert.match(fetched.stdout, /3 files .* verified/);
    assert.match(fetched.stderr, /fetching: 100%/, "download progress");

    const before: bigint = await read("expiresAt", [BigInt(ids.license)]);
    const renewed = await tessera(["renew", ids.license, "--periods", "2"], "buyer");
    assertOk(renewed, "renew");
    assert.equal(await read("expiresAt", [BigInt(ids.license)]), before + 60n * DAY);

    const withdrawn = await tessera(["withdraw"], "creator");
    assertOk(withdrawn, "withdraw");
    assert.match(withdrawn.stdout, /^withdrew 0\.03 ETH to /m, "one sale and two periods");
    assert.equal(
      await read("withdrawable", [accounts.creator.address, "0x0000000000000000000000000000000000000000"]),
      0n,
    );
  });

  it("fetch resumes a partial file with a Range request, then skips files already present", async () => {
    const out = path.join(work, "resumed");
    const weights = model["weights.bin"];
    const kept = 1_000_000;
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, "weights.bin.part"), weights.subarray(0, kept));
    const seen = (await auditEntries()).length;

    const resumed = await tessera(["fetch", ids.asset, "--out", out], "buyer");
    assertOk(resumed, "resumed fetch");
    await assertSameFiles(out);
    await assert.rejects(stat(path.join(out, "weights.bin.part")), "the .part is gone");
    assert.match(resumed.stdout, /2 downloaded, 1 resumed, 0 already present/);
    const served = await auditEntriesAfter(seen, (e) => e.path === "weights.bin" && e.verdict === "served");
    assert.deepEqual(
      served.map((e) => e.bytes),
      [weights.length - kept],
      "only the missing bytes were served",
    );

    const again = (await auditEntries()).length;
    const skipped = await tessera(["fetch", ids.asset, "--out", out], "buyer");
    assertOk(skipped, "repeated fetch");
    assert.match(skipped.stdout, /0 downloaded, 0 resumed, 3 already present/);
    await auditEntriesAfter(again, (e) => e.path === "manifest.json");
    assert.deepEqual(
      (await auditEntries()).slice(again).filter((e) => e.path !== "manifest.json"),
      [],
      "no file was downloaded again",
    );
  });

  it("fetch without a license says so in one line", async () => {
    const result = await tessera(["fetch", ids.asset, "--out", path.join(work, "denied")], "buyer2");
    assertOneLineError(result, 1, /no license/, "fetch without a license");
  });

  it("publishes a new version, sells all versions, and fetch detects a tampered stored file", async () => {
    const v2 = path.join(work, "model-v2");
    await mkdir(v2, { recursive: true });
    const data = randomBytes(200_000);
    await writeFile(path.join(v2, "data.bin"), data);
    const published = await tessera(["new-version", ids.asset, v2], "creator");
    assertOk(published, "new-version");
    assert.match(published.stdout, new RegExp(`^asset ${ids.asset} version 2 published`, "m"));

    const offered = await tessera(
      ["create-offer", ids.asset, "--preset", "apache-2.0", "--price", "0.02", "--all-versions", "--max-supply", "5"],
      "creator",
    );
    assertOk(offered, "create-offer --all-versions");
    assert.match(offered.stderr, /already registered as terms/, "the terms are reused");
    const offerId = captured(offered.stdout, /^offer (\d+) on asset/m, "offer id");
    assertOk(await tessera(["buy", offerId], "buyer2"), "buy all versions");

    // Same size, one byte changed: only a hash can tell.
    const stored = path.join(store, ids.asset, "2", "files", "data.bin");
    const tampered = Buffer.from(data);
    tampered[1234] = (tampered[1234] ?? 0) ^ 0xff;
    await writeFile(stored, tampered);
    const out = path.join(work, "tampered");
    const result = await tessera(["fetch", ids.asset, "--version", "2", "--out", out], "buyer2");
    assertOneLineError(result, 1, /data\.bin.*(sha256 mismatch|integrity)/, "fetch of a tampered file");
    await assert.rejects(stat(path.join(out, "data.bin.part")), "the bad .part is deleted");
    await assert.rejects(stat(path.join(out, "data.bin")), "no bad file is left in place");

    // Now the store is made self-consistent: its manifest lists the tampered file's hash. Only the
    // content hash on chain can tell. A gateway that already verified this version's manifest keeps
    // serving that one (versions are immutable), so fetch then catches the file itself; otherwise
    // the gateway answers 503, or serves the forged manifest and fetch refuses it.
    const manifestFile = path.join(store, ids.asset, "2", "manifest.json");
    const manifest = parseManifest(await readFile(manifestFile));
    const forged = manifest.files.map((f) => ({ ...f, sha256: createHash("sha256").update(tampered).digest("hex") }));
    await writeFile(manifestFile, canonicalManifest({ version: 1, files: forged }));
    const forgedFetch = await tessera(["fetch", ids.asset, "--version", "2", "--out", out], "buyer2");
    assertOneLineError(
      forgedFetch,
      1,
      /manifest .*does not match the content hash on chain|integrity|data\.bin .*sha256 mismatch/,
      "fetch with a forged manifest",
    );
    await assert.rejects(stat(path.join(out, "data.bin")), "nothing was downloaded");
  });

  it("buys with an ERC-20 by approving first", async () => {
    const admin = createWalletClient({ account: accounts.admin, chain: hardhat, transport: http(chain.rpcUrl) });
    const token = await loadArtifact("MockERC20", "mocks/MockERC20.sol");
    const deployed = await publicClient.waitForTransactionReceipt({
      hash: await admin.deployContract({ abi: token.abi, bytecode: token.bytecode, args: ["USD Coin", "USDC", 6] }),
    });
    const usdc = deployed.contractAddress as `0x${string}`;
    for (const [address, abi, functionName, args] of [
      [deployment.contracts.LicenseMarket.address, LicenseMarketAbi, "setCurrencyAllowed", [usdc, true]],
      [usdc, token.abi, "mint", [accounts.buyer2.address, parseUnits("100", 6)]],
    ] as const) {
      const hash = await admin.writeContract({ address, abi, functionName, args } as never);
      await publicClient.waitForTransactionReceipt({ hash });
    }
    const listed = await tessera(
      ["list-asset", path.join(work, "model-v2"), "--kind", "dataset", "--uri", "x"],
      "creator",
    );
    assertOk(listed, "list-asset dataset");
    const assetId = captured(listed.stdout, /^asset (\d+) registered \(dataset\)/m, "asset id");
    const offered = await tessera(
      ["create-offer", assetId, "--preset", "cdla-permissive-2.0", "--price", "25", "--currency", usdc],
      "creator",
    );
    assertOk(offered, "create-offer in USDC");
    assert.match(offered.stdout, /25 USDC perpetual license/);
    const offerId = captured(offered.stdout, /^offer (\d+) on asset/m, "offer id");
    const bought = await tessera(["buy", offerId, "--max-price", "25"], "buyer2");
    assertOk(bought, "buy in USDC");
    assert.match(bought.stderr, /approving the market to take 25 USDC/);
    assert.match(bought.stdout, /paid 25 USDC; expires never/);
  });

  it("verify-audit checks the gateway's log with verify-audit's exit statuses", async () => {
    const ok = await tessera(["verify-audit", auditPath]);
    assertOk(ok, "verify-audit");
    assert.match(ok.stdout, /^OK .* entries/);
    const lines = (await readFile(auditPath, "utf8")).split("\n");
    lines[1] = (lines[1] ?? "").replace(/"bytes":\d+/, '"bytes":1');
    const edited = path.join(work, "edited.jsonl");
    await writeFile(edited, lines.join("\n"));
    assertOneLineError(await tessera(["verify-audit", edited]), 1, /broken at entry seq 2/, "edited log");
    assertOneLineError(await tessera(["verify-audit", path.join(work, "none.jsonl")]), 2, /no such file/, "no log");
  });

  it("reports bad input in one line with exit 2 (usage) or 1 (failure)", async () => {
    const keystore = path.join(work, "buyer.keystore.json");
    const json = await encryptKeystoreJson(
      { address: accounts.buyer.address, privateKey: devKey("buyer") },
      "correct horse",
      { scrypt: { N: 1024 } },
    );
    await writeFile(keystore, json);
    const closed = `http://127.0.0.1:${CLOSED_PORT}`;
    const malformedKey = { TESSERA_PRIVATE_KEY: "0x1234" };
    const cases: [string, Promise<CliResult>, number, RegExp][] = [
      ["unknown command", tessera(["frobnicate"]), 2, /unknown command "frobnicate"/],
      ["unknown option", tessera(["buy", "1", "--frob"], "buyer"), 2, /unknown option --frob/],
      ["bad id", tessera(["buy", "one"], "buyer"), 2, /offerId must be a whole number/],
      ["missing key", tessera(["buy", ids.offer]), 2, /no signing key.*TESSERA_PRIVATE_KEY/],
      ["malformed key", tessera(["buy", ids.offer], undefined, malformedKey), 2, /TESSERA_PRIVATE_KEY is malformed/],
      [
        "missing store",
        tessera(["list-asset", modelDir, "--kind", "model", "--uri", "u"], "creator", { TESSERA_STORE: "" }),
        2,
        /TESSERA_STORE/,
      ],
      [
        "bad duration",
        tessera(["create-offer", "1", "--preset", "apache-2.0", "--price", "1", "--duration", "soon"], "creator"),
        2,
        /--duration/,
      ],
      [
        "unknown preset",
        tessera(["create-offer", "1", "--preset", "nope", "--price", "1"], "creator"),
        2,
        /unknown preset "nope"/,
      ],
      [
        "wrong keystore password",
        tessera(["licenses", "--keystore", keystore], undefined, { TESSERA_KEYSTORE_PASSWORD: "wrong" }),
        2,
        /cannot decrypt/,
      ],
      [
        "unreachable RPC",
        tessera(["licenses"], "buyer", { TESSERA_RPC_URL: closed }),
        1,
        /cannot reach the RPC at .*38546/,
      ],
      [
        "unreachable gateway",
        tessera(["fetch", ids.asset], "buyer", { TESSERA_GATEWAY_URL: closed }),
        1,
        /cannot reach the gateway/,
      ],
      ["contract revert", tessera(["buy", "999"], "buyer"), 1, /Offer 999 does not exist/],
      ["not the controller", tessera(["new-version", ids.asset, modelDir], "buyer"), 1, /does not control asset/],
      ["nothing to withdraw", tessera(["withdraw"], "buyer"), 1, /no ETH to withdraw/],
    ];
    const keystoreOk = tessera(["licenses", "--keystore", keystore, "--json"], undefined, {
      TESSERA_KEYSTORE_PASSWORD: "correct horse",
    });
    for (const [what, result, code, pattern] of cases) assertOneLineError(await result, code, pattern, what);
    const viaKeystore = await keystoreOk;
    assertOk(viaKeystore, "licenses via keystore");
    const listed = JSON.parse(viaKeystore.stdout) as { account: string; licenses: { licenseId: string }[] };
    assert.equal(listed.account, accounts.buyer.address, "the keystore holds the buyer's key");
    assert.deepEqual(
      listed.licenses.map((l) => l.licenseId),
      [ids.license],
    );
  });
});
