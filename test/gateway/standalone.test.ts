/**
 * The gateway as its own process (`npm run gateway`, scripts/gateway/main.ts) against a Hardhat node
 * over JSON-RPC: settings checked at start, 20 concurrent slow downloads of a large file without
 * memory growth, a graceful shutdown that finishes an in-flight download, and usage counters that
 * survive a restart (rebuilt from the audit log).
 */
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type Chain, createPublicClient, createWalletClient, http as httpTransport, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { createSiweMessage } from "viem/siwe";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { type LocalChain, startLocalChain } from "../../scripts/dev/localChain.ts";
import { verifyAuditLog } from "../../scripts/gateway/audit/verify.ts";
import { parseGatewayEnv } from "../../scripts/gateway/config.ts";
import { repoRoot } from "../../scripts/lib/artifacts.ts";
import { createOffer } from "../../scripts/sdk/actions/createOffer.ts";
import { createSplit } from "../../scripts/sdk/actions/createSplit.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { registerAsset } from "../../scripts/sdk/actions/registerAsset.ts";
import { registerTerms } from "../../scripts/sdk/actions/registerTerms.ts";
import { createTesseraClient } from "../../scripts/sdk/deployments.ts";
import { encodeTerms, findPreset } from "../../scripts/sdk/terms/codec.ts";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";
import { S3AssetStore } from "../../scripts/storage/s3Store.ts";

const RPC_PORT = 19545;
const S3_KEYS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const S3_FILE = randomBytes(300_000);
type S3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> };
const S3rver = createRequire(import.meta.url)("s3rver") as new (options: Record<string, unknown>) => S3rverInstance;
const BIG = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs scripts/gateway/main.ts with `env` (nothing inherited but PATH and HOME). */
function runGateway(env: Record<string, string>, args: string[] = []): Running {
  const child = spawn(process.execPath, [`${repoRoot}scripts/gateway/main.ts`, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
  });
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, url: "", output: () => out, exited };
}

async function untilListening(run: Running): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = run
      .output()
      .split("\n")
      .find((l) => l.includes('"gateway listening"'));
    if (line !== undefined) return (JSON.parse(line) as { url: string }).url;
    assert.equal(run.child.exitCode, null, `gateway exited:\n${run.output()}`);
    assert.ok(Date.now() < deadline, `gateway did not start:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rssMiB(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, "utf8").then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024);
}

/** GET with a slow reader (a pause per chunk), so a gateway that ignored backpressure would buffer. */
function slowDownload(url: string, token: string, onFirstChunk?: (res: http.IncomingMessage) => void) {
  return new Promise<{ status: number; sha256: string; bytes: number }>((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        const hash = createHash("sha256");
        let bytes = 0;
        let first = true;
        res.on("data", (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
          if (first) {
            first = false;
            onFirstChunk?.(res);
          }
          if (!res.isPaused()) {
            res.pause();
            setTimeout(() => res.resume(), 1);
          }
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sha256: hash.digest("hex"), bytes }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("standalone gateway (npm run gateway)", { timeout: 240_000 }, () => {
  let chain: LocalChain;
  let dir: string;
  let env: Record<string, string>;
  let bigSha: string;
  let licenseId: bigint;
  let s3: S3rverInstance | undefined;
  let s3Endpoint: string;
  const { admin, creator, buyer } = devAccounts();

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tessera-standalone-"));
    chain = await startLocalChain({ port: RPC_PORT });
    const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } };
    const transport = httpTransport(chain.rpcUrl);
    const publicClient = createPublicClient({ chain: localChain, transport }) as PublicClient;
    const wallet = (account: typeof admin) => createWalletClient({ account, chain: localChain, transport });
    const deployment = await deployTessera({ publicClient, walletClient: wallet(admin) });
    const deploymentFile = path.join(dir, "deployment.json");
    await writeFile(deploymentFile, JSON.stringify(deployment));

    const big = randomBytes(BIG);
    bigSha = createHash("sha256").update(big).digest("hex");
    const store = new LocalAssetStore(path.join(dir, "store"));
    const manifest = await store.putVersion("1", "1", [
      { path: "weights/big.bin", data: big },
      { path: "public/README.md", data: "# Big model\n" },
    ]);
    const asCreator = createTesseraClient({ publicClient, walletClient: wallet(creator), deployment });
    const { termsId } = await registerTerms(asCreator, { terms: encodeTerms(findPreset("apache-2.0")) });
    const { assetId } = await registerAsset(asCreator, {
      kind: "MODEL",
      contentHash: manifestHash(manifest),
      metadataURI: "tessera:public/README.md",
    });
    const { splitId } = await createSplit(asCreator, { recipients: [creator.address], bps: [10_000] });
    const { offerId } = await createOffer(asCreator, {
      assetId,
      termsId,
      price: 10n ** 15n,
      duration: 30n * 86_400n,
      splitId,
    });
    const asBuyer = createTesseraClient({ publicClient, walletClient: wallet(buyer), deployment });
    ({ licenseId } = await purchase(asBuyer, { offerId }));

    // A second asset whose files live in an S3-compatible bucket (s3rver) instead of on disk.
    s3 = new S3rver({
      port: 0,
      address: "127.0.0.1",
      silent: true,
      directory: path.join(dir, "s3rver"),
      configureBuckets: [{ name: "tessera" }],
    });
    s3Endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
    const bucket = new S3AssetStore({ endpoint: s3Endpoint, bucket: "tessera", ...S3_KEYS, prefix: "assets/" });
    const s3Manifest = await bucket.putVersion("2", "1", [{ path: "weights/small.bin", data: S3_FILE }]);
    const s3Asset = await registerAsset(asCreator, {
      kind: "DATASET",
      contentHash: manifestHash(s3Manifest),
      metadataURI: "",
    });
    assert.equal(s3Asset.assetId, 2n);
    const s3Offer = await createOffer(asCreator, { assetId: 2n, termsId, price: 1n, duration: 86_400n, splitId });
    await purchase(asBuyer, { offerId: s3Offer.offerId });
    env = {
      TESSERA_RPC_URL: chain.rpcUrl,
      TESSERA_DEPLOYMENT_FILE: deploymentFile,
      TESSERA_STORE_DIR: path.join(dir, "store"),
      TESSERA_AUDIT_LOG: path.join(dir, "audit.jsonl"),
      TESSERA_GATEWAY_PORT: "0",
      TESSERA_SESSION_SECRET: "standalone-test-secret-0123456789abcdef",
    };
  });

  after(async () => {
    await s3?.close();
    await chain?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function signIn(url: string): Promise<string> {
    const { nonce } = (await (await fetch(`${url}/v1/auth/nonce`)).json()) as { nonce: string };
    const message = createSiweMessage({
      address: buyer.address,
      chainId: 31337,
      domain: new URL(url).host,
      uri: url,
      version: "1",
      nonce,
      issuedAt: new Date(),
    });
    const signature = await buyer.signMessage({ message });
    const res = await fetch(`${url}/v1/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { token: string }).token;
  }

  it("checks its settings at start: every problem on its own line, exit 2", async () => {
    const parsed = parseGatewayEnv({ TESSERA_GATEWAY_PORT: "80000", TESSERA_SESSION_SECRET: "short" });
    assert.equal(parsed.ok, false);
    const problems = parsed.ok ? [] : parsed.problems;
    assert.deepEqual(problems, [
      "TESSERA_RPC_URL is required",
      "TESSERA_SESSION_SECRET must be at least 32 bytes",
      'TESSERA_GATEWAY_PORT must be an integer from 0 to 65535, not "80000"',
      "TESSERA_STORE_DIR is required",
      "TESSERA_AUDIT_LOG is required",
    ]);
    const bad = runGateway({ TESSERA_RPC_URL: "ftp://x", TESSERA_CORS_ORIGINS: "nope", TESSERA_LOG_LEVEL: "loud" });
    assert.equal(await bad.exited, 2);
    const lines = bad.output().trim().split("\n");
    assert.equal(lines.length, 5, bad.output());
    assert.ok(lines.every((l) => l.startsWith("tessera-gateway: ")));
    assert.doesNotMatch(bad.output(), /\n\s+at /);

    const help = runGateway({}, ["--help"]);
    assert.equal(await help.exited, 0);
    assert.match(help.output(), /TESSERA_RPC_URL/);

    const cases: [Record<string, string>, RegExp][] = [
      [{ TESSERA_RPC_URL: "http://127.0.0.1:9" }, /cannot reach the chain at http:\/\/127.0.0.1:9/],
      [{ TESSERA_CHAIN_ID: "1" }, /TESSERA_CHAIN_ID is 1 but .* serves chain 31337/],
      [{ TESSERA_STORE_DIR: path.join(dir, "missing") }, /TESSERA_STORE_DIR .*missing is not a directory/],
      [{ TESSERA_DEPLOYMENT_FILE: path.join(dir, "nope.json") }, /cannot read the deployment record/],
    ];
    for (const [override, expected] of cases) {
      const run = runGateway({ ...env, ...override });
      assert.equal(await run.exited, 1, run.output());
      assert.match(run.output().trim(), expected);
      assert.equal(run.output().trim().split("\n").length, 1, run.output());
    }
  });

  it("streams 20 concurrent slow downloads of a 64 MiB file without memory growth", async (t) => {
    const run = runGateway(env);
    try {
      const url = await untilListening(run);
      const token = await signIn(url);
      const fileUrl = `${url}/v1/assets/1/versions/1/files/weights/big.bin`;
      const pid = run.child.pid as number;
      // RSS sampled every 50 ms through a round of 20 concurrent downloads: its highest value.
      const round = async () => {
        let peak = await rssMiB(pid);
        const sampler = setInterval(() => {
          void rssMiB(pid).then((v) => {
            peak = Math.max(peak, v);
          });
        }, 50);
        const results = await Promise.all(Array.from({ length: 20 }, () => slowDownload(fileUrl, token)));
        clearInterval(sampler);
        for (const r of results) assert.deepEqual(r, { status: 200, sha256: bigSha, bytes: BIG });
        return peak;
      };
      const idle = await rssMiB(pid);
      // First round: the heap and socket buffers size themselves for 20 streams. Holding files in
      // memory would take 20 × 64 MiB = 1,280 MiB; streaming takes a small, fixed amount.
      const first = await round();
      // Second round at the same concurrency: what it adds on top of the first round's peak is
      // growth (buffering that accumulates, or a leak). Measured peak to peak, because a single RSS
      // sample between the rounds lands anywhere between the heap's trough after a GC and its peak.
      const second = await round();
      t.diagnostic(
        `gateway RSS idle ${idle.toFixed(1)} MiB, first round peak ${first.toFixed(1)}, second ${second.toFixed(1)}`,
      );
      assert.ok(first - idle <= 128, `RSS rose ${(first - idle).toFixed(1)} MiB for 20 streams of ${BIG / MiB} MiB`);
      assert.ok(
        second - first <= 64,
        `RSS grew ${(second - first).toFixed(1)} MiB in a second round of 20 × ${BIG / MiB} MiB`,
      );
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
    }
  });

  it("finishes an in-flight download on SIGTERM, refuses new connections, and keeps usage across restarts", async () => {
    const run = runGateway(env);
    const url = await untilListening(run);
    const token = await signIn(url);
    const fileUrl = `${url}/v1/assets/1/versions/1/files/weights/big.bin`;
    const usageUrl = `${url}/v1/licenses/${licenseId}/usage`;
    const usageOf = async (base: string, t: string) =>
      (
        (await (await fetch(usageUrl.replace(url, base), { headers: { authorization: `Bearer ${t}` } })).json()) as {
          total: { requests: number; bytes: number };
        }
      ).total;
    const before = await usageOf(url, token);

    let stopped: Promise<number | null> | undefined;
    const download = slowDownload(fileUrl, token, () => {
      run.child.kill("SIGTERM"); // mid-download
      stopped = run.exited;
    });
    const result = await download;
    assert.deepEqual(result, { status: 200, sha256: bigSha, bytes: BIG });
    assert.equal(await stopped, 0);
    assert.match(run.output(), /"shutting down: finishing in-flight requests"/);
    assert.match(run.output(), /"inFlight":1/);
    await assert.rejects(fetch(`${url}/healthz`)); // nothing listens any more

    const audit = await verifyAuditLog(env.TESSERA_AUDIT_LOG as string);
    assert.equal(audit.ok, true, JSON.stringify(audit));
    const lines = (await readFile(env.TESSERA_AUDIT_LOG as string, "utf8")).trim().split("\n");
    const last = JSON.parse(lines.at(-1) as string) as { bytes: number; verdict: string; licenseId: string };
    assert.deepEqual([last.bytes, last.verdict, last.licenseId], [BIG, "served", licenseId.toString()]);

    const again = runGateway(env);
    try {
      const url2 = await untilListening(again);
      const after = await usageOf(url2, await signIn(url2));
      assert.deepEqual(after, { requests: before.requests + 1, bytes: before.bytes + BIG });
    } finally {
      again.child.kill("SIGTERM");
      await again.exited;
    }
  });

  it("serves from an S3-compatible bucket when TESSERA_S3_* is set (no local store needed)", async () => {
    const { TESSERA_STORE_DIR: _local, ...rest } = env;
    const run = runGateway({
      ...rest,
      TESSERA_S3_BUCKET: "tessera",
      TESSERA_S3_ENDPOINT: s3Endpoint,
      TESSERA_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
      TESSERA_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
      TESSERA_S3_PREFIX: "assets/",
    });
    try {
      const url = await untilListening(run);
      const token = await signIn(url);
      const res = await fetch(`${url}/v1/assets/2/versions/1/files/weights/small.bin`, {
        headers: { authorization: `Bearer ${token}`, range: "bytes=1000-" },
      });
      assert.equal(res.status, 206);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), S3_FILE.subarray(1000));
      const full = await fetch(`${url}/v1/assets/2/versions/1/files/weights/small.bin`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.deepEqual(Buffer.from(await full.arrayBuffer()), S3_FILE);
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
    }
  });
});
