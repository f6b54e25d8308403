/**
 * The download gateway end to end: a Tessera deployment on Hardhat's in-process EDR chain, a version
 * in a temporary LocalAssetStore whose manifest hash is the asset's on-chain content hash, the
 * gateway on a real HTTP server, and real SIWE sign-ins signed by Hardhat wallets.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Contract, HDNodeWallet, type InterfaceAbi } from "ethers";
import { network } from "hardhat";
import { SiweMessage } from "siwe";
import {
  type Account,
  type Chain,
  createPublicClient,
  custom,
  encodeFunctionData,
  getAddress,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import { createSiweMessage } from "viem/siwe";
import { deployTessera } from "../../scripts/deploy/deployTessera.ts";
import { DEV_MNEMONIC } from "../../scripts/dev/devAccounts.ts";
import { AuditLog } from "../../scripts/gateway/audit/auditLog.ts";
import { createGateway, type Gateway, type GatewayConfig } from "../../scripts/gateway/server/gateway.ts";
import { purchase } from "../../scripts/sdk/actions/purchase.ts";
import { createTesseraClient } from "../../scripts/sdk/deployments.ts";
import { encodeTerms, findPreset, termsHash } from "../../scripts/sdk/terms/codec.ts";
import { LocalAssetStore } from "../../scripts/storage/localStore.ts";
import { manifestHash } from "../../scripts/storage/manifest.ts";

const DOMAIN = "gateway.tessera.test";
const URI = "https://gateway.tessera.test";
const SECRET = "test-session-secret-0123456789abcdef";
const DAY = 24n * 3600n;
const FILE = randomBytes(1000);
const README = Buffer.from("# tiny model\n", "utf8");
const CARD = Buffer.from("# Tiny model\n\nA model card anyone may read.\n", "utf8");

type Wallet = WalletClient<Transport, Chain, Account>;

/** The status of a response, its body read (an unread body keeps the connection busy). */
async function statusOf(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.arrayBuffer();
  return res.status;
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

/** A raw request: the path goes out exactly as given (fetch would normalise `..`). */
function rawGet(
  base: string,
  rawPath: string,
  token: string,
  method = "GET",
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("gateway server", { timeout: 20_000 }, () => {
  let gateway: Gateway;
  let server: http.Server;
  let base: string;
  let dir: string;
  let audit: AuditLog;
  let chainId: number;
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  let ctx: Awaited<ReturnType<typeof setup>>;
  const opened: { gateway: Gateway; server: http.Server }[] = [];

  async function setup() {
    const { viem, networkHelpers, ethers } = await network.create();
    const publicClient = await viem.getPublicClient();
    const [admin, creator, buyer, stranger, arbiter] = await viem.getWalletClients();
    if (!admin || !creator || !buyer || !stranger || !arbiter) throw new Error("five hardhat accounts");
    const deployment = await deployTessera({ publicClient, walletClient: admin });
    const market = await viem.getContractAt("LicenseMarket", deployment.contracts.LicenseMarket.address);
    const registry = await viem.getContractAt("TermsRegistry", deployment.contracts.TermsRegistry.address);
    const struct = encodeTerms(findPreset("apache-2.0"));
    await registry.write.registerTerms([struct]);
    const termsId = await registry.read.termsIdOf([termsHash(struct)]);

    const store = new LocalAssetStore(path.join(dir, "store"));
    const manifest = await store.putVersion("1", "1", [
      { path: "weights/model.bin", data: FILE },
      { path: "README.md", data: README },
      { path: "public/README.md", data: CARD },
    ]);
    await market.write.registerAsset([0, manifestHash(manifest), "ipfs://tiny/v1"], { account: creator.account });
    await market.write.createSplit([[creator.account.address], [10_000], zeroAddress], { account: creator.account });
    await market.write.createOffer(
      [
        {
          assetId: 1n,
          termsId,
          price: 10n ** 15n,
          currency: zeroAddress,
          duration: 30n * DAY,
          maxSupply: 0,
          allVersions: false,
          splitId: 1n,
          arbiter: arbiter.account.address,
          royaltyBps: 0,
        },
      ],
      { account: creator.account },
    );
    const client = createTesseraClient({ publicClient, deployment });
    const bought = await purchase(createTesseraClient({ publicClient, walletClient: buyer, deployment }), {
      offerId: 1n,
    });
    return {
      viem,
      ethers,
      networkHelpers,
      publicClient,
      deployment,
      market,
      store,
      manifest,
      client,
      buyer,
      stranger,
      arbiter,
      creator,
      bought,
    };
  }

  async function start(overrides: Partial<GatewayConfig> = {}, client = ctx.client) {
    const config: GatewayConfig = {
      domain: DOMAIN,
      uri: URI,
      chainId,
      sessionSecret: SECRET,
      sessionTtlSec: 3600,
      entitlementTtlMs: 15_000,
      clockSkewSec: 60,
      eventPollMs: 100,
      authRateLimit: { burst: 100, refillPerSec: 100 },
      signInAddressRateLimit: { burst: 100, refillPerSec: 100 },
      ...overrides,
    };
    const gw = createGateway({ client, store: ctx.store, audit, config, now });
    const { server: srv, base: url } = await listen(gw.handler);
    opened.push({ gateway: gw, server: srv });
    return { gateway: gw, base: url };
  }

  async function nonce(url = base): Promise<string> {
    const res = await fetch(`${url}/v1/auth/nonce`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { nonce: string }).nonce;
  }

  async function siwe(wallet: Wallet, fields: Partial<Parameters<typeof createSiweMessage>[0]> = {}, url = base) {
    const message = createSiweMessage({
      address: wallet.account.address,
      chainId,
      domain: DOMAIN,
      uri: URI,
      version: "1",
      nonce: await nonce(url),
      issuedAt: new Date(now()),
      statement: "Sign in to the Tessera gateway.",
      ...fields,
    });
    const signature = await wallet.signMessage({ message });
    return { message, signature };
  }

  async function verify(body: unknown, url = base) {
    const res = await fetch(`${url}/v1/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  async function signIn(wallet: Wallet): Promise<string> {
    const { status, json } = await verify(await siwe(wallet));
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(typeof json.token, "string");
    return json.token as string;
  }

  const fileUrl = (p = "weights/model.bin", version = "1") => `${base}/v1/assets/1/versions/${version}/files/${p}`;
  const get = (url: string, token?: string, headers: Record<string, string> = {}, method = "GET") =>
    fetch(url, { method, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tessera-gateway-"));
    audit = await AuditLog.open(path.join(dir, "audit.log"));
    ctx = await setup();
    chainId = await ctx.publicClient.getChainId();
    ({ gateway, base } = await start());
    server = opened[0]?.server as http.Server;
  });

  after(async () => {
    for (const o of opened) {
      o.server.closeAllConnections();
      await new Promise<void>((resolve) => o.server.close(() => resolve()));
      await o.gateway.close();
    }
    await audit.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers /healthz and unknown routes as JSON", async () => {
    const ok = await fetch(`${base}/healthz`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { ok: true });
    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: string }).error, "not_found");
    const wrongMethod = await fetch(`${base}/v1/auth/verify`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get("allow"), "POST");
    assert.equal(((await wrongMethod.json()) as { error: string }).error, "method_not_allowed");
  });

  it("serves a licensed holder the exact bytes with the manifest's sha256 as ETag", async () => {
    const token = await signIn(ctx.buyer);
    const res = await get(fileUrl(), token);
    assert.equal(res.status, 200);
    const entry = ctx.manifest.files.find((f) => f.path === "weights/model.bin");
    assert.equal(res.headers.get("etag"), `"${entry?.sha256}"`);
    assert.equal(res.headers.get("content-length"), String(FILE.length));
    assert.equal(res.headers.get("accept-ranges"), "bytes");
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), FILE);

    const manifest = await get(`${base}/v1/assets/1/versions/latest/manifest`, token);
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get("etag"), `"${manifestHash(ctx.manifest)}"`);
    const manifestBytes = Buffer.from(await manifest.arrayBuffer());
    assert.deepEqual(JSON.parse(manifestBytes.toString("utf8")), ctx.manifest);
    assert.equal(`0x${createHash("sha256").update(manifestBytes).digest("hex")}`, manifestHash(ctx.manifest));

    const head = await get(fileUrl("README.md", "latest"), token, {}, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(README.length));
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    assert.equal(await statusOf(get(fileUrl("weights/other.bin"), token)), 404);
    assert.equal(await statusOf(get(`${base}/v1/assets/1/versions/2/manifest`, token)), 403);
    assert.equal(await statusOf(get(fileUrl(), token, {}, "DELETE")), 405);
  });

  it("refuses a replayed nonce, another domain, another chain and an expired message", async () => {
    const signed = await siwe(ctx.buyer);
    assert.equal((await verify(signed)).status, 200);
    const replay = await verify(signed);
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error, "unauthorized");
    assert.equal(typeof replay.json.message, "string");
    assert.equal("stack" in replay.json, false);

    assert.equal((await verify(await siwe(ctx.buyer, { domain: "evil.example" }))).status, 401);
    assert.equal((await verify(await siwe(ctx.buyer, { uri: "https://evil.example" }))).status, 401);
    assert.equal((await verify(await siwe(ctx.buyer, { chainId: chainId + 1 }))).status, 401);
    const t = now();
    const expired = await siwe(ctx.buyer, { issuedAt: new Date(t - 180_000), expirationTime: new Date(t - 120_000) });
    assert.equal((await verify(expired)).status, 401);
    const stale = await siwe(ctx.buyer, { issuedAt: new Date(t - 10 * 60_000) });
    assert.equal((await verify(stale)).status, 401);
    const early = await siwe(ctx.buyer, { notBefore: new Date(t + 5 * 60_000) });
    assert.equal((await verify(early)).status, 401);
    // Within the 60 s skew: a message that expired 30 s ago, one valid from 30 s on.
    const skewed = await siwe(ctx.buyer, { issuedAt: new Date(t - 60_000), expirationTime: new Date(t - 30_000) });
    const accepted = await verify(skewed);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    const sessionEnd = accepted.json.expiresAt as number;
    assert.ok(sessionEnd > Math.floor(t / 1000) && sessionEnd <= Math.floor((t + 30_000) / 1000), String(sessionEnd));
    assert.equal((await verify(await siwe(ctx.buyer, { notBefore: new Date(t + 30_000) }))).status, 200);
    const future = await siwe(ctx.buyer, { issuedAt: new Date(now() + 5 * 60_000) });
    assert.equal((await verify(future)).status, 401);

    // Signed by someone else than the message's address.
    const forged = await siwe(ctx.buyer);
    const other = await ctx.stranger.signMessage({ message: forged.message });
    assert.equal((await verify({ message: forged.message, signature: other })).status, 401);
    // An invented nonce.
    const invented = createSiweMessage({
      address: ctx.buyer.account.address,
      chainId,
      domain: DOMAIN,
      uri: URI,
      version: "1",
      nonce: "abcdefgh12345678",
      issuedAt: new Date(now()),
    });
    const sig = await ctx.buyer.signMessage({ message: invented });
    assert.equal((await verify({ message: invented, signature: sig })).status, 401);
    assert.equal((await verify({ nope: 1 })).status, 400);
  });

  it("works with an independent client: ethers v6 signs a hand-written EIP-4361 message", async () => {
    // Nothing of ours on the client side: ethers derives the buyer's key from Hardhat's mnemonic,
    // reads entitlement through a Contract built from the compiler's ABI, and signs a SIWE message
    // written out by hand from the EIP-4361 grammar.
    const wallet = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0/2");
    assert.equal(wallet.address.toLowerCase(), ctx.buyer.account.address.toLowerCase());
    const artifact = new URL("../../artifacts/contracts/LicenseMarket.sol/LicenseMarket.json", import.meta.url);
    const { abi } = JSON.parse(await readFile(artifact, "utf8")) as { abi: InterfaceAbi };
    const market = new Contract(ctx.deployment.contracts.LicenseMarket.address, abi, ctx.ethers.provider);
    assert.equal(await market.getFunction("isEntitledToVersion")(wallet.address, 1n, 1n), true);
    const message = [
      `${DOMAIN} wants you to sign in with your Ethereum account:`,
      wallet.address,
      "",
      "Sign in with ethers.",
      "",
      `URI: ${URI}`,
      "Version: 1",
      `Chain ID: ${chainId}`,
      `Nonce: ${await nonce()}`,
      `Issued At: ${new Date(now()).toISOString()}`,
    ].join("\n");
    const { status, json } = await verify({ message, signature: await wallet.signMessage(message) });
    assert.equal(status, 200, JSON.stringify(json));
    const res = await get(fileUrl(), json.token as string);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), FILE);
  });

  it("works with the `siwe` package's messages, unchanged", async () => {
    const wallet = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0/2");
    const message = new SiweMessage({
      domain: DOMAIN,
      address: wallet.address,
      statement: "Sign in with the siwe package.",
      uri: URI,
      version: "1",
      chainId,
      nonce: await nonce(),
      issuedAt: new Date(now()).toISOString(),
      expirationTime: new Date(now() + 600_000).toISOString(),
    }).prepareMessage();
    const { status, json } = await verify({ message, signature: await wallet.signMessage(message) });
    assert.equal(status, 200, JSON.stringify(json));
    // The session ends with the message's expiry (plus the accepted skew), not an hour later.
    assert.ok((json.expiresAt as number) <= Math.floor((now() + 600_000 + 60_000) / 1000));
    assert.equal(await statusOf(get(fileUrl(), json.token as string)), 200);
  });

  it("requires a valid token", async () => {
    const none = await get(fileUrl());
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: string }).error, "unauthorized");
    const token = await signIn(ctx.buyer);
    const [payload = "", mac = ""] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: ctx.stranger.account.address })).toString(
      "base64url",
    );
    assert.equal(await statusOf(get(fileUrl(), `${forgedPayload}.${mac}`)), 401);
    const flipped = `${payload}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
    assert.equal(await statusOf(get(fileUrl(), flipped)), 401);
    assert.equal(await statusOf(get(fileUrl(), "garbage")), 401);
  });

  it("refuses a signed-in address without a license", async () => {
    const token = await signIn(ctx.stranger);
    const res = await get(fileUrl(), token);
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: string }).error, "forbidden");
    assert.equal(await statusOf(get(`${base}/v1/assets/1/versions/1/manifest`, token)), 403);
  });

  it("answers single ranges with 206, and 416 for unsatisfiable ones", async () => {
    const token = await signIn(ctx.buyer);
    const normal = await get(fileUrl(), token, { range: "bytes=10-19" });
    assert.equal(normal.status, 206);
    assert.equal(normal.headers.get("content-range"), `bytes 10-19/${FILE.length}`);
    assert.equal(normal.headers.get("content-length"), "10");
    assert.deepEqual(Buffer.from(await normal.arrayBuffer()), FILE.subarray(10, 20));

    const suffix = await get(fileUrl(), token, { range: "bytes=-5" });
    assert.equal(suffix.status, 206);
    assert.equal(suffix.headers.get("content-range"), `bytes 995-999/${FILE.length}`);
    assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), FILE.subarray(995));

    const open = await get(fileUrl(), token, { range: "bytes=990-" });
    assert.equal(open.status, 206);
    assert.deepEqual(Buffer.from(await open.arrayBuffer()), FILE.subarray(990));

    const beyond = await get(fileUrl(), token, { range: "bytes=1000-" });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get("content-range"), `bytes */${FILE.length}`);
    assert.equal(((await beyond.json()) as { error: string }).error, "range_not_satisfiable");

    const headRange = await get(fileUrl(), token, { range: "bytes=0-99" }, "HEAD");
    assert.equal(headRange.status, 206);
    assert.equal(headRange.headers.get("content-length"), "100");
  });

  it("rejects traversal, encoded dots and absolute paths with 400", async () => {
    const token = await signIn(ctx.buyer);
    const prefix = "/v1/assets/1/versions/1/files/";
    for (const p of [
      "../../../../etc/passwd",
      "weights/../../manifest.json",
      "%2e%2e/%2e%2e/etc/passwd",
      "%252e%252e/etc/passwd",
      "..%2f..%2fetc%2fpasswd",
      "/etc/passwd",
      "weights%5c..%5c..%5cx",
      "a%00b",
    ]) {
      const res = await rawGet(base, prefix + p, token);
      assert.equal(res.status, 400, `${p}: ${res.body}`);
      const body = JSON.parse(res.body) as { error: string; message: string };
      assert.equal(body.error, "bad_request");
      assert.doesNotMatch(body.message, /\n\s+at /);
    }
    assert.equal((await rawGet(base, "/v1/assets/..%2f1/versions/1/manifest", token)).status, 400);
    assert.equal((await rawGet(base, "/v1/assets/1/versions/0/manifest", token)).status, 400);
  });

  it("serves public/ files (the model card) without sign-in, and nothing else", async () => {
    const card = await get(fileUrl("public/README.md"));
    assert.equal(card.status, 200);
    assert.equal(card.headers.get("content-type"), "text/markdown; charset=utf-8");
    assert.deepEqual(Buffer.from(await card.arrayBuffer()), CARD);
    assert.equal(await statusOf(get(fileUrl("public/README.md", "latest"))), 200);
    assert.equal(await statusOf(get(fileUrl())), 401);
    assert.equal(await statusOf(get(`${base}/v1/assets/1/versions/1/manifest`)), 401);
    assert.equal(await statusOf(get(fileUrl("public/../weights/model.bin"))), 401); // fetch normalises `..`
    assert.equal(
      (await rawGet(base, "/v1/assets/1/versions/1/files/public/%2e%2e/weights/model.bin", "x")).status,
      400,
    );
    assert.equal(await statusOf(get(fileUrl("public/missing.md"))), 404);
  });

  it("says publicly that it signs no usage reports when it has no attester key", async () => {
    const res = await fetch(`${base}/v1/attester`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { attester: null });
    assert.equal(await statusOf(fetch(`${base}/v1/attester`, { method: "POST" })), 405);
  });

  it("answers catalog cards for many assets in one public call", async () => {
    const res = await fetch(`${base}/v1/cards?ids=1,999`);
    assert.equal(res.status, 200);
    const { cards } = (await res.json()) as { cards: Record<string, unknown> };
    assert.deepEqual(cards["999"], null);
    assert.deepEqual(cards["1"], {
      version: 1,
      contentHash: manifestHash(ctx.manifest),
      title: "Tiny model",
      summary: "A model card anyone may read.",
    });
    assert.equal(await statusOf(fetch(`${base}/v1/cards`)), 400);
    assert.equal(await statusOf(fetch(`${base}/v1/cards?ids=1,x`)), 400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => i + 1).join(",");
    assert.equal(await statusOf(fetch(`${base}/v1/cards?ids=${tooMany}`)), 400);
  });

  it("answers If-None-Match with 304 once entitled, and only then", async () => {
    const entry = ctx.manifest.files.find((f) => f.path === "weights/model.bin");
    const etag = `"${entry?.sha256}"`;
    const token = await signIn(ctx.buyer);
    const res = await get(fileUrl(), token, { "if-none-match": etag });
    assert.equal(res.status, 304);
    assert.equal(res.headers.get("etag"), etag);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
    assert.equal(await statusOf(get(fileUrl(), token, { "if-none-match": '"other"' })), 200);
    const manifestTag = `"${manifestHash(ctx.manifest)}"`;
    assert.equal(
      await statusOf(get(`${base}/v1/assets/1/versions/1/manifest`, token, { "if-none-match": manifestTag })),
      304,
    );
    const stranger = await signIn(ctx.stranger);
    assert.equal(await statusOf(get(fileUrl(), stranger, { "if-none-match": etag })), 403);
  });

  it("meters requests and bytes per license and day, for the holder and the licensor only", async () => {
    const { licenseId } = ctx.bought;
    const usageUrl = `${base}/v1/licenses/${licenseId}/usage`;
    const holder = await signIn(ctx.buyer);
    const read = async (token: string, url = usageUrl) => {
      const res = await get(url, token);
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const before = (await read(holder)).json as { total: { requests: number; bytes: number } };
    assert.equal(await statusOf(get(fileUrl(), holder)), 200);
    assert.equal(await statusOf(get(fileUrl(), holder, { range: "bytes=0-99" })), 206);
    await new Promise((r) => setTimeout(r, 20)); // the counters are updated as responses end
    const after = await read(holder);
    assert.equal(after.status, 200);
    const json = after.json as {
      licenseId: string;
      assetId: string;
      holder: string;
      licensor: string;
      periodUnit: string;
      periods: { period: string; requests: number; bytes: number }[];
      total: { requests: number; bytes: number };
    };
    assert.equal(json.licenseId, licenseId.toString());
    assert.equal(json.assetId, "1");
    assert.equal(getAddress(json.holder), getAddress(ctx.buyer.account.address));
    assert.equal(getAddress(json.licensor), getAddress(ctx.creator.account.address));
    assert.equal(json.periodUnit, "utc-day");
    assert.equal(json.total.requests - before.total.requests, 2);
    assert.equal(json.total.bytes - before.total.bytes, FILE.length + 100);
    const today = new Date(now()).toISOString().slice(0, 10);
    assert.equal(json.periods.at(-1)?.period, today);
    // The licensor sees the same; a day range outside the usage is empty.
    const licensor = await read(await signIn(ctx.creator));
    assert.deepEqual(licensor.json.total, json.total);
    const empty = await read(holder, `${usageUrl}?from=2001-01-01&to=2001-01-31`);
    assert.deepEqual(empty.json.total, { requests: 0, bytes: 0 });
    // The audit log attributes the download to the license.
    await new Promise((r) => setTimeout(r, 20));
    const lines = (await readFile(audit.path, "utf8")).trim().split("\n");
    const last = lines.map((l) => JSON.parse(l) as Record<string, unknown>).findLast((e) => e.bytes === 100);
    assert.equal(last?.licenseId, licenseId.toString());
    // Anyone else: 403; no such license: 404; a malformed id or day: 400; no token: 401.
    assert.equal((await read(await signIn(ctx.stranger))).status, 403);
    assert.equal((await read(holder, `${base}/v1/licenses/${(99n << 32n) | 1n}/usage`)).status, 404);
    assert.equal((await read(holder, `${base}/v1/licenses/abc/usage`)).status, 400);
    assert.equal((await read(holder, `${usageUrl}?from=yesterday`)).status, 400);
    assert.equal(await statusOf(get(usageUrl)), 401);
  });

  it("behind nginx, authorises and audits a download and hands the bytes to nginx (X-Accel-Redirect)", async () => {
    const accel = await start({
      accelRedirect: "/_store",
      trustProxy: true,
      authRateLimit: { burst: 2, refillPerSec: 0.01 },
    });
    const token = await signIn(ctx.buyer); // on the main gateway: sessions are the same HMAC tokens
    const entry = ctx.manifest.files.find((f) => f.path === "weights/model.bin");
    const res = await get(`${accel.base}/v1/assets/1/versions/1/files/weights/model.bin`, token, {
      range: "bytes=0-9",
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-accel-redirect"), "/_store/1/1/files/weights/model.bin");
    assert.equal(res.headers.get("etag"), `"${entry?.sha256}"`);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
    await new Promise((r) => setTimeout(r, 20));
    const lines = (await readFile(audit.path, "utf8")).trim().split("\n");
    const last = JSON.parse(lines.at(-1) as string) as { verdict: string; bytes: number; path: string };
    assert.deepEqual([last.verdict, last.bytes, last.path], ["served", 10, "weights/model.bin"]);
    // No license: no redirect.
    const denied = await get(`${accel.base}/v1/assets/1/versions/1/files/weights/model.bin`, await signIn(ctx.creator));
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get("x-accel-redirect"), null);
    await denied.arrayBuffer();
    // Per-IP limits use the client's address from nginx, not nginx's own.
    const nonceFrom = (ip: string) =>
      statusOf(fetch(`${accel.base}/v1/auth/nonce`, { headers: { "x-forwarded-for": ip } }));
    assert.deepEqual(
      [await nonceFrom("10.0.0.1"), await nonceFrom("10.0.0.1"), await nonceFrom("10.0.0.1")],
      [200, 200, 429],
    );
    assert.equal(await nonceFrom("10.0.0.2"), 200);
  });

  it("rate-limits each signed-in address, with Retry-After", async () => {
    const limited = await start({ addressRateLimit: { burst: 2, refillPerSec: 0.01 } });
    const token = await signIn(ctx.buyer);
    const url = `${limited.base}/v1/assets/1/versions/1/files/README.md`;
    assert.equal(await statusOf(get(url, token)), 200);
    assert.equal(await statusOf(get(url, token)), 200);
    const refused = await get(url, token);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    assert.equal(((await refused.json()) as { error: string }).error, "rate_limited");
    // Another address is not held back by the first one's bucket.
    assert.equal(await statusOf(get(url, await signIn(ctx.stranger))), 403);
  });

  it("rate-limits sign-ins per claimed address before checking the signature", async () => {
    const limited = await start({ signInAddressRateLimit: { burst: 2, refillPerSec: 0.01 } });
    const forged = async () => {
      const { message } = await siwe(ctx.buyer, {}, limited.base);
      return (await verify({ message, signature: `0x${"11".repeat(65)}` }, limited.base)).status;
    };
    assert.equal(await forged(), 401);
    assert.equal(await forged(), 401);
    assert.equal(await forged(), 429); // refused before any signature recovery
    const { message, signature } = await siwe(ctx.stranger, {}, limited.base);
    assert.equal((await verify({ message, signature }, limited.base)).status, 200);
  });

  it("lets the dapp's origin call it (CORS) and accepts the dapp's host as SIWE domain", async () => {
    const dapp = "http://127.0.0.1:5173";
    const cors = await start({ corsOrigins: [dapp], extraDomains: ["127.0.0.1:5173"] });
    const preflight = await fetch(`${cors.base}/v1/assets/1/versions/1/files/README.md`, {
      method: "OPTIONS",
      headers: {
        origin: dapp,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), dapp);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Authorization/);
    const other = await fetch(`${cors.base}/healthz`, { method: "OPTIONS", headers: { origin: "http://evil.test" } });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get("access-control-allow-origin"), null);

    const { message, signature } = await siwe(ctx.buyer, { domain: "127.0.0.1:5173" }, cors.base);
    const res = await fetch(`${cors.base}/v1/auth/verify`, {
      method: "POST",
      headers: { origin: dapp, "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), dapp);
    const { token } = (await res.json()) as { token: string };
    const file = await get(`${cors.base}/v1/assets/1/versions/1/files/weights/model.bin`, token, { origin: dapp });
    assert.equal(file.status, 200);
    assert.match(file.headers.get("access-control-expose-headers") ?? "", /ETag/);
    await file.arrayBuffer();
    // The main gateway accepts only its own domain.
    assert.equal((await verify(await siwe(ctx.buyer, { domain: "127.0.0.1:5173" }))).status, 401);
  });

  it("signs in a smart-contract wallet (ERC-1271) and serves its license", async () => {
    const owner = ctx.stranger;
    const wallet = await ctx.viem.deployContract("MockSmartWallet", [owner.account.address], { value: 10n ** 18n });
    const offer = await ctx.market.read.offers([1n]);
    const data = encodeFunctionData({
      abi: ctx.market.abi,
      functionName: "purchase",
      args: [1n, wallet.address, offer.price, offer.termsHash, "0x0000"],
    });
    await wallet.write.execute([ctx.market.address, offer.price, data], { account: owner.account });
    assert.equal(await ctx.market.read.isEntitled([wallet.address, 1n]), true);
    await gateway.refresh();
    const fields = { address: wallet.address };
    const message = (await siwe(owner, fields)).message;
    const signature = await owner.signMessage({ message }); // the owner key signs for the wallet
    const { status, json } = await verify({ message, signature });
    assert.equal(status, 200, JSON.stringify(json));
    const latest = await get(`${base}/v1/assets/1/versions/latest/manifest`, json.token as string);
    assert.equal(latest.status, 200);
    await latest.arrayBuffer();
    // Someone else's signature for the wallet is refused.
    const forged = (await siwe(owner, fields)).message;
    const bad = await verify({ message: forged, signature: await ctx.buyer.signMessage({ message: forged }) });
    assert.equal(bad.status, 401);
  });

  it("stages a creator's upload and publishes it once the chain records its content hash", async () => {
    const up = await start({ uploadsDir: path.join(dir, "uploads"), uploadLimits: { maxBytes: 4096 } });
    const creator = await signIn(ctx.creator);
    const call = (
      method: string,
      route: string,
      token = creator,
      body?: string | Uint8Array,
      headers: Record<string, string> = {},
    ) => fetch(`${up.base}${route}`, { method, body, headers: { ...headers, authorization: `Bearer ${token}` } });
    const opened = await call("POST", "/v1/uploads");
    assert.equal(opened.status, 201);
    const { uploadId } = (await opened.json()) as { uploadId: string };
    const weights = randomBytes(2000);
    const put = await call("PUT", `/v1/uploads/${uploadId}/files/weights/w.bin`, creator, weights);
    assert.equal(put.status, 201);
    assert.deepEqual(await put.json(), {
      path: "weights/w.bin",
      size: 2000,
      sha256: createHash("sha256").update(weights).digest("hex"),
    });
    assert.equal(
      (await call("PUT", `/v1/uploads/${uploadId}/files/public/README.md`, creator, "# New model\n")).status,
      201,
    );
    // Unsafe paths, too much data, someone else's upload, no session.
    assert.equal((await rawGet(up.base, `/v1/uploads/${uploadId}/files/%2e%2e/x`, creator)).status, 405); // GET
    const traversal = await rawGet(up.base, `/v1/uploads/${uploadId}/files/a/%2e%2e/%2e%2e/x`, creator, "PUT", "x");
    assert.equal(traversal.status, 400);
    assert.equal((await rawGet(up.base, `/v1/uploads/${uploadId}/files/a/../../x`, creator, "PUT", "x")).status, 400);
    assert.equal((await call("PUT", `/v1/uploads/${uploadId}/files/big.bin`, creator, randomBytes(3000))).status, 413);
    const stranger = await signIn(ctx.stranger);
    assert.equal((await call("GET", `/v1/uploads/${uploadId}`, stranger)).status, 403);
    assert.equal((await fetch(`${up.base}/v1/uploads`, { method: "POST" })).status, 401);

    const staged = await call("GET", `/v1/uploads/${uploadId}`);
    const { manifest, contentHash } = (await staged.json()) as { manifest: { files: unknown[] }; contentHash: string };
    assert.equal(manifest.files.length, 2);
    const publish = (body: unknown, id = uploadId, token = creator) =>
      call("POST", `/v1/uploads/${id}/publish`, token, JSON.stringify(body), { "content-type": "application/json" });
    const [assetCount] = await ctx.market.read.counts();
    const assetId = assetCount + 1n;
    assert.equal((await publish({ assetId: assetId.toString(), version: 1 })).status, 404); // not on chain yet
    await ctx.market.write.registerAsset([0, contentHash as `0x${string}`, "public/README.md"], {
      account: ctx.creator.account,
    });
    assert.equal((await publish({ assetId: "x", version: 1 })).status, 400);
    await up.gateway.refresh();
    const cardOf = async () =>
      ((await (await fetch(`${up.base}/v1/cards?ids=${assetId}`)).json()) as { cards: Record<string, unknown> }).cards[
        assetId.toString()
      ];
    assert.equal(await cardOf(), null); // on chain, files not published yet: no card, and none remembered
    const done = await publish({ assetId: assetId.toString(), version: 1 });
    assert.equal(done.status, 201, await done.clone().text());
    assert.equal(((await done.json()) as { contentHash: string }).contentHash, contentHash);
    assert.equal(await ctx.store.hasVersion(assetId.toString(), "1"), true);
    assert.equal((await call("GET", `/v1/uploads/${uploadId}`)).status, 404); // the upload is gone
    const card = await get(`${up.base}/v1/assets/${assetId}/versions/1/files/public/README.md`);
    assert.equal(await card.text(), "# New model\n");
    assert.equal(((await cardOf()) as { title: string }).title, "New model");

    // Other content for a version the chain records differently: 409, nothing stored.
    const other = ((await (await call("POST", "/v1/uploads")).json()) as { uploadId: string }).uploadId;
    await call("PUT", `/v1/uploads/${other}/files/w.bin`, creator, "other bytes");
    assert.equal((await publish({ assetId: assetId.toString(), version: 1 }, other)).status, 409);
    // Only the asset's controller may publish into it.
    const theirs = ((await (await call("POST", "/v1/uploads", stranger)).json()) as { uploadId: string }).uploadId;
    await call("PUT", `/v1/uploads/${theirs}/files/w.bin`, stranger, "stranger bytes");
    assert.equal((await publish({ assetId: "1", version: 1 }, theirs, stranger)).status, 403);
    assert.equal((await call("DELETE", `/v1/uploads/${theirs}`, stranger)).status, 204);
  });

  it("rate-limits the auth routes per IP before verifying anything", async () => {
    const limited = await start({ authRateLimit: { burst: 2, refillPerSec: 0.01 } });
    assert.equal(await statusOf(fetch(`${limited.base}/v1/auth/nonce`)), 200);
    assert.equal((await verify({ message: "x", signature: "0x00" }, limited.base)).status, 401);
    const refused = await verify({ message: "x", signature: "0x00" }, limited.base);
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error, "rate_limited");
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    assert.equal(await statusOf(fetch(`${limited.base}/v1/auth/nonce`)), 429);
  });

  it("fails closed with 503 when the chain cannot be reached", async () => {
    const token = await signIn(ctx.buyer);
    const down = createPublicClient({
      transport: custom(
        {
          request: async () => {
            throw new Error("connection refused");
          },
        },
        { retryCount: 0 },
      ),
    }) as unknown as PublicClient;
    const dead = await start(
      { eventPollMs: 0 },
      createTesseraClient({ publicClient: down, deployment: ctx.deployment }),
    );
    const res = await get(`${dead.base}/v1/assets/1/versions/1/files/weights/model.bin`, token);
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: string }).error, "unavailable");
    assert.equal(await statusOf(get(`${dead.base}/v1/assets/1/versions/latest/manifest`, token)), 503);
  });

  it("resolves `latest` from the chain and serves only the versions a license covers", async () => {
    const token = await signIn(ctx.buyer);
    const v2 = await ctx.store.putVersion("1", "2", [{ path: "weights/model.bin", data: "v2 weights" }]);
    await ctx.market.write.publishVersion([1n, manifestHash(v2), "ipfs://tiny/v2"], { account: ctx.creator.account });
    await gateway.refresh();
    // The buyer's license covers version 1 only.
    assert.equal(await statusOf(get(`${base}/v1/assets/1/versions/latest/manifest`, token)), 403);
    assert.equal(await statusOf(get(fileUrl("weights/model.bin", "latest"), token)), 403);
    assert.equal(await statusOf(get(fileUrl(), token)), 200);
    assert.equal(await statusOf(get(`${base}/v1/assets/9/versions/latest/manifest`, token)), 404);
  });

  it("reflects a revocation within 2 s", async () => {
    // A second buyer with their own license (pinned to version 2, the current one), so the main
    // buyer's stays for the expiry test. The poller, not a manual refresh, must see the revocation.
    const token = await signIn(ctx.stranger);
    const strangerClient = createTesseraClient({
      publicClient: ctx.publicClient,
      walletClient: ctx.stranger,
      deployment: ctx.deployment,
    });
    const { licenseId } = await purchase(strangerClient, { offerId: 1n });
    await gateway.refresh();
    const latest = fileUrl("weights/model.bin", "latest");
    assert.equal(await statusOf(get(latest, token)), 200);
    await ctx.market.write.revoke([licenseId, `0x${"ab".repeat(32)}`], { account: ctx.arbiter.account });
    const deadline = Date.now() + 2000;
    let status = 200;
    while (Date.now() < deadline) {
      status = await statusOf(get(latest, token));
      if (status === 403) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 403);
  });

  it("agrees with the contract at expiry - 1, expiry and expiry + 1, cached answer or not", async () => {
    const token = await signIn(ctx.buyer);
    const expiry = ctx.bought.expiresAt;
    const buyer = ctx.buyer.account.address;
    await ctx.networkHelpers.time.increaseTo(expiry - 10n);
    await gateway.refresh();
    assert.equal(await statusOf(get(fileUrl(), token)), 200); // cached now, with the license's expiry
    for (const [at, entitled] of [
      [expiry - 1n, true],
      [expiry, false],
      [expiry + 1n, false],
    ] as const) {
      await ctx.networkHelpers.time.increaseTo(at);
      assert.equal(await ctx.market.read.isEntitledToVersion([buyer, 1n, 1n]), entitled, `contract at ${at}`);
      // No event marks an expiry: the gateway sees the chain's clock pass it, well inside the TTL.
      await gateway.refresh();
      assert.equal(await statusOf(get(fileUrl(), token)), entitled ? 200 : 403, `gateway at ${at}`);
    }
  });

  it("refuses a session token once it has expired", async () => {
    const token = await signIn(ctx.stranger);
    assert.equal(await statusOf(get(fileUrl(), token)), 403);
    clockOffset += 3601_000;
    assert.equal(await statusOf(get(fileUrl(), token)), 401);
  });

  it("records every file and manifest request in the audit log", async () => {
    await new Promise((r) => setTimeout(r, 50));
    const lines = (await readFile(audit.path, "utf8")).trim().split("\n");
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const served = entries.find((e) => e.verdict === "served" && e.path === "weights/model.bin" && e.bytes === 1000);
    assert.ok(served, "a full download");
    assert.equal(getAddress(String(served.address)), getAddress(ctx.buyer.account.address));
    assert.equal(served.assetId, "1");
    assert.equal(served.version, 1);
    assert.ok(entries.some((e) => e.verdict === "served" && e.bytes === 10));
    const stranger = getAddress(ctx.stranger.account.address);
    assert.ok(entries.some((e) => e.verdict === "denied" && getAddress(String(e.address)) === stranger));
    assert.ok(entries.some((e) => e.verdict === "denied" && e.address === zeroAddress));
    assert.ok(entries.some((e) => e.path === "manifest.json"));
    assert.ok(server.listening);
  });
});
