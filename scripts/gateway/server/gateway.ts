// The download gateway: Sign-In with Ethereum (EIP-4361) for a short session token, then manifests
// and files of asset versions for holders of a live license, checked on chain (cached briefly and
// invalidated by contract events), streamed from an AssetStore with HTTP Range support, each
// request recorded in the audit log.
//
// Routes:
//   GET  /healthz
//   GET  /v1/auth/nonce                                   → { nonce }
//   POST /v1/auth/verify { message, signature }           → { token, expiresAt }
//   GET|HEAD /v1/assets/:assetId/versions/:version/manifest
//   GET|HEAD /v1/assets/:assetId/versions/:version/files/*path      (version: 1-based, or `latest`)
//            files under `public/` (model cards, datasheets) need no sign-in
//   GET  /v1/cards?ids=1,2,…   → { cards: { <id>: { version, contentHash, title, summary } | null } }
//   GET  /v1/attester → { attester: address | null }: the address this gateway signs usage reports
//        with, for creators to name in metering plans (public)
//   GET  /v1/licenses/:licenseId/usage[?from=YYYY-MM-DD&to=YYYY-MM-DD]  (holder or licensor)
//   GET  /v1/licenses/:licenseId/usage-report → { report, signature }: the license's use in its
//        metering plan's current period, signed by the gateway as the plan's attester (EIP-712), for
//        anyone to submit to the UsageMeter (holder or licensor)
//   POST /v1/uploads → { uploadId }; PUT /v1/uploads/:id/files/*path (raw body) → { path, size, sha256 };
//   GET  /v1/uploads/:id → { manifest, contentHash }; DELETE /v1/uploads/:id;
//   POST /v1/uploads/:id/publish { assetId, version } → into the store, once the chain records
//        that content hash for that version and the uploader controls the asset
//
// Errors are JSON `{ error, message }` and never carry a stack. The gateway fails closed: when the
// chain cannot be asked and no fresh cached answer exists, it answers 503, never the file.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  hashMessage,
  isHex,
  type LocalAccount,
  zeroAddress,
} from "viem";
import { generateSiweNonce, parseSiweMessage, type SiweMessage } from "viem/siwe";
import type { TesseraClient } from "../../sdk/deployments.ts";
import { canonicalManifest, type Manifest, manifestHash } from "../../storage/manifest.ts";
import { checkRelativePath, UnsafePathError } from "../../storage/safePath.ts";
import { type AssetStore, resolveRange, StoreError } from "../../storage/store.ts";
import type { AuditLog } from "../audit/auditLog.ts";
import type { AuditVerdict } from "../audit/entry.ts";
import { CardReader } from "./cards.ts";
import { handleCors } from "./cors.ts";
import { EntitlementCache } from "./entitlements.ts";
import { HttpError, parseRange, readBody, sendError, sendJson } from "./http.ts";
import { LicenseIndex } from "./licenseIndex.ts";
import { MarketEvents } from "./marketEvents.ts";
import { Metering } from "./metering.ts";
import { type RateLimitConfig, TokenBucketLimiter } from "./rateLimit.ts";
import { type SessionClaims, signSessionToken, verifySessionToken } from "./token.ts";
import { type UploadLimits, UploadStaging } from "./uploads.ts";
import { UsageMeter } from "./usageMeter.ts";

export interface GatewayConfig {
  /** The SIWE domain (RFC 3986 authority) messages must name, e.g. `gateway.tessera.example`. */
  domain: string;
  /** The SIWE URI messages must name, e.g. `https://gateway.tessera.example`. */
  uri: string;
  chainId: number;
  /** HMAC key for session tokens: at least 32 bytes. */
  sessionSecret: string | Uint8Array;
  /** Session lifetime, at most 3600 s; default 3600. */
  sessionTtlSec?: number;
  /** How long an entitlement answer is reused; default 15 000 ms. */
  entitlementTtlMs?: number;
  /** Tolerance on SIWE issuedAt / notBefore / expirationTime; default 60 s. */
  clockSkewSec?: number;
  /** How long an issued nonce stays usable; default 300 s. */
  nonceTtlSec?: number;
  /** Event poll period for cache invalidation; default 1000 ms, 0 disables it. */
  eventPollMs?: number;
  /** Token bucket per IP on the auth routes; default burst 10, 1 per second. */
  authRateLimit?: RateLimitConfig;
  /** Token bucket per claimed address on sign-in, checked before the signature; default burst 5, 1 per 5 s. */
  signInAddressRateLimit?: RateLimitConfig;
  /** Token bucket per signed-in address on the asset and usage routes; default burst 200, 100/s. */
  addressRateLimit?: RateLimitConfig;
  /** Further SIWE domains accepted besides `domain` (e.g. the dapp's host, which wallets sign for). */
  extraDomains?: readonly string[];
  /** Origins allowed to call from a browser (CORS), e.g. the dapp's; `*` allows any. Default none. */
  corsOrigins?: readonly string[];
  /**
   * Behind nginx with a LocalAssetStore: answer authorised file requests with `X-Accel-Redirect:
   * <prefix>/<assetId>/<version>/files/<path>` and let nginx stream the bytes from an `internal`
   * location aliased to the store root (see nginxConfig.ts). Unset: the gateway streams itself.
   */
  accelRedirect?: string;
  /** Behind a reverse proxy: take the client's IP from the last X-Forwarded-For hop (rate limits). */
  trustProxy?: boolean;
  /** The key the gateway signs usage reports with, as metering plans' attester; none: no reports. */
  attester?: LocalAccount | undefined;
  /** Where creators' uploads are staged before publishing; uploads are off without it. */
  uploadsDir?: string;
  uploadLimits?: Partial<UploadLimits>;
}

export interface CreateGatewayParameters {
  client: TesseraClient;
  store: AssetStore;
  audit: AuditLog;
  config: GatewayConfig;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Usage counters, already replayed from the audit log by the caller; default: empty. */
  usage?: UsageMeter;
  /** Unexpected errors (never sent to clients); default: ignored. */
  onError?: (error: unknown) => void;
}

export interface Gateway {
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Reads new contract events now and invalidates what they touch (the poller does this on its own). */
  refresh(): Promise<void>;
  /** Stops the event poller and waits for pending audit appends. Does not close the audit log. */
  close(): Promise<void>;
  /** RPC requests made so far: entitlement reads, and the event poller's (for the benchmark). */
  rpcCalls(): { entitlement: number; poller: number };
}

const MAX_NONCES = 10_000;
const MAX_VERIFIED_TOKENS = 50_000;
const MAX_BODY = 16 * 1024;
const ASSET_ID_RE = /^(0|[1-9][0-9]{0,77})$/;
const VERSION_RE = /^[1-9][0-9]{0,4}$/;
const UINT256_MAX = 2n ** 256n - 1n;
const ROUTE_RE = /^\/v1\/assets\/([^/]*)\/versions\/([^/]*)\/(manifest|files\/(.*))$/s;
const USAGE_RE = /^\/v1\/licenses\/([^/]*)\/usage(-report)?$/;
const UPLOAD_RE = /^\/v1\/uploads(?:\/([^/]+)(?:\/(publish|files\/(.+)))?)?$/s;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Files under this prefix are public: the model card or datasheet a buyer reads before buying. */
const PUBLIC_PREFIX = "public/";

type Target = { kind: "manifest" } | { kind: "file"; path: string };

export function createGateway({
  client,
  store,
  audit,
  config,
  now = Date.now,
  usage = new UsageMeter(),
  onError = () => {},
}: CreateGatewayParameters): Gateway {
  const sessionTtlSec = config.sessionTtlSec ?? 3600;
  const clockSkewMs = (config.clockSkewSec ?? 60) * 1000;
  const nonceTtlMs = (config.nonceTtlSec ?? 300) * 1000;
  if (!(sessionTtlSec > 0 && sessionTtlSec <= 3600)) throw new RangeError("sessionTtlSec must be in (0, 3600]");
  if (Buffer.byteLength(config.sessionSecret) < 32) throw new RangeError("sessionSecret must be at least 32 bytes");
  if (!Number.isSafeInteger(config.chainId) || config.chainId <= 0) throw new RangeError("chainId must be positive");

  const events = new MarketEvents(client, { pollIntervalMs: config.eventPollMs ?? 1000, now, onError });
  const index = new LicenseIndex();
  events.subscribe((batch) => index.apply(batch)); // first: the cache maps license events through it
  const entitlements = new EntitlementCache(client, {
    ttlMs: config.entitlementTtlMs ?? 15_000,
    now,
    events,
    index,
  });
  const metering = new Metering(client, {
    events,
    usage,
    attester: config.attester,
    chainId: config.chainId,
    ttlMs: config.entitlementTtlMs ?? 15_000,
    now,
  });
  events.start();
  const domains = new Set([config.domain, ...(config.extraDomains ?? [])]);
  const corsOrigins = new Set(config.corsOrigins ?? []);
  const cards = new CardReader(store);
  const uploads =
    config.uploadsDir === undefined ? null : new UploadStaging(config.uploadsDir, config.uploadLimits ?? {}, now);
  const limiter = new TokenBucketLimiter(config.authRateLimit ?? { burst: 10, refillPerSec: 1 }, now);
  const signInLimiter = new TokenBucketLimiter(config.signInAddressRateLimit ?? { burst: 5, refillPerSec: 0.2 }, now);
  const addressLimiter = new TokenBucketLimiter(config.addressRateLimit ?? { burst: 200, refillPerSec: 100 }, now);
  /** nonce → expiry (ms). */
  const nonces = new Map<string, number>();
  /** token → its verified claims (HMAC checked once per token). */
  const verifiedTokens = new Map<string, SessionClaims>();
  /** `assetId/version` → its stored manifest, checked once against the on-chain content hash. */
  const verifiedManifests = new Map<string, Manifest>();
  const pending = new Set<Promise<unknown>>();
  const { market } = client.contracts;

  const track = (promise: Promise<unknown>): void => {
    const p = promise.catch(onError).finally(() => pending.delete(p));
    pending.add(p);
  };

  // ---- auth ----

  function rateLimit(req: IncomingMessage): void {
    limited(limiter.take(clientIp(req)), "too many sign-in requests; slow down");
  }

  function clientIp(req: IncomingMessage): string {
    const forwarded = config.trustProxy ? req.headers["x-forwarded-for"] : undefined;
    const last = typeof forwarded === "string" ? forwarded.split(",").at(-1)?.trim() : undefined;
    return last || req.socket.remoteAddress || "unknown";
  }

  function limited(verdict: { ok: true } | { ok: false; retryAfterSec: number }, message: string): void {
    if (!verdict.ok) throw new HttpError("rate_limited", message, { "Retry-After": String(verdict.retryAfterSec) });
  }

  function issueNonce(): string {
    const t = now();
    for (const [nonce, expires] of nonces) {
      if (expires > t && nonces.size < MAX_NONCES) break;
      nonces.delete(nonce); // oldest first: expired ones, or the oldest when full
    }
    const nonce = generateSiweNonce();
    nonces.set(nonce, t + nonceTtlMs);
    return nonce;
  }

  /** Removes the nonce; true when it was issued here and had not expired. */
  function consumeNonce(nonce: string): boolean {
    const expires = nonces.get(nonce);
    nonces.delete(nonce);
    return expires !== undefined && expires > now();
  }

  async function verify(req: IncomingMessage): Promise<{ token: string; expiresAt: number }> {
    const raw = await readBody(req, MAX_BODY);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      throw new HttpError("bad_request", "body is not JSON");
    }
    const { message, signature } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof message !== "string" || message.length === 0 || message.length > 8192) {
      throw new HttpError("bad_request", "message must be an EIP-4361 string");
    }
    if (typeof signature !== "string" || !isHex(signature) || signature.length < 4) {
      throw new HttpError("bad_request", "signature must be 0x-prefixed hex");
    }
    const unauthorized = (why: string) => new HttpError("unauthorized", why);
    let parsed: Partial<SiweMessage>;
    try {
      parsed = parseSiweMessage(message);
    } catch {
      throw unauthorized("message is not an EIP-4361 message");
    }
    if (!parsed.address || !parsed.nonce || parsed.version !== "1") {
      throw unauthorized("message lacks address, nonce or version 1");
    }
    // Per claimed address too, still before the costly signature check.
    limited(signInLimiter.take(parsed.address.toLowerCase()), "too many sign-ins for this address; slow down");
    // The nonce is spent by any attempt that names it, whatever the outcome.
    if (!consumeNonce(parsed.nonce)) throw unauthorized("unknown, expired or already used nonce");
    if (parsed.domain === undefined || !domains.has(parsed.domain)) throw unauthorized("message is for another domain");
    if (parsed.uri !== config.uri) throw unauthorized("message is for another URI");
    if (parsed.chainId !== config.chainId) throw unauthorized("message is for another chain");
    const t = now();
    const { issuedAt, notBefore, expirationTime } = parsed;
    if (!issuedAt || Number.isNaN(issuedAt.getTime())) throw unauthorized("message lacks issuedAt");
    if (issuedAt.getTime() > t + clockSkewMs) throw unauthorized("message is issued in the future");
    if (issuedAt.getTime() < t - nonceTtlMs - clockSkewMs) throw unauthorized("message is too old");
    if (notBefore && notBefore.getTime() > t + clockSkewMs) throw unauthorized("message is not valid yet");
    if (expirationTime && expirationTime.getTime() <= t - clockSkewMs) throw unauthorized("message has expired");
    if (notBefore && expirationTime && notBefore.getTime() >= expirationTime.getTime()) {
      throw unauthorized("message validity window is empty");
    }
    let valid: boolean;
    try {
      // Every field of the message was checked above (with the clock skew viem's own check lacks):
      // only the signature is left. mode "eoa": a plain account's signature is checked by local
      // ecrecover, no RPC; anything else (ERC-1271 / ERC-6492 smart wallets, or a mismatch) still
      // goes to the chain.
      valid = await client.public.verifyHash({
        address: parsed.address,
        hash: hashMessage(message),
        signature: signature as Hex,
        mode: "eoa",
      });
    } catch (error) {
      if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError)) valid = false;
      else throw new HttpError("unavailable", "cannot verify the signature now");
    }
    if (!valid) throw unauthorized("signature does not match the message");
    let expiresAtSec = Math.floor(t / 1000) + sessionTtlSec;
    // The session ends with the message's own expiry (plus the skew it was accepted within).
    if (expirationTime) {
      expiresAtSec = Math.min(expiresAtSec, Math.floor((expirationTime.getTime() + clockSkewMs) / 1000));
    }
    const token = signSessionToken(config.sessionSecret, {
      address: parsed.address,
      chainId: config.chainId,
      expiresAt: expiresAtSec,
    });
    return { token, expiresAt: expiresAtSec };
  }

  function authenticate(req: IncomingMessage): Address {
    const header = req.headers.authorization;
    const m = header === undefined ? null : /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (m?.[1] === undefined) {
      throw new HttpError("unauthorized", "Authorization: Bearer <token> required", { "WWW-Authenticate": "Bearer" });
    }
    const nowSec = Math.floor(now() / 1000);
    // A token is immutable: once its MAC checked out, its claims are reused (until they expire).
    let claims: SessionClaims | null | undefined = verifiedTokens.get(m[1]);
    if (claims === undefined || claims.expiresAt <= nowSec) {
      claims = verifySessionToken(config.sessionSecret, m[1], { chainId: config.chainId, nowSec });
      if (claims !== null) {
        if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) verifiedTokens.clear();
        verifiedTokens.set(m[1], claims);
      }
    }
    if (claims === null) {
      throw new HttpError("unauthorized", "invalid or expired token", {
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      });
    }
    limited(addressLimiter.take(claims.address), "too many requests for this address; slow down");
    return claims.address;
  }

  // ---- chain ----

  const isRevert = (error: unknown) =>
    error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError) !== null;

  async function latestVersion(assetId: bigint): Promise<bigint> {
    try {
      const info = await client.public.readContract({ ...market, functionName: "assetInfo", args: [assetId] });
      if (info.versionCount === 0) throw new HttpError("not_found", `asset ${assetId} has no versions`);
      return BigInt(info.versionCount);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (isRevert(error)) throw new HttpError("not_found", `no asset ${assetId}`);
      throw new HttpError("unavailable", "the chain cannot be reached");
    }
  }

  async function checkEntitled(address: Address, assetId: bigint, version: bigint): Promise<void> {
    let entitled: boolean;
    try {
      entitled = await entitlements.check(address, assetId, version);
    } catch {
      throw new HttpError("unavailable", "cannot check the license on chain now");
    }
    if (!entitled) throw new HttpError("forbidden", `no live license for asset ${assetId} version ${version}`);
  }

  /** The stored manifest, checked once against the version's on-chain content hash. */
  async function loadManifest(assetId: bigint, version: bigint): Promise<Manifest> {
    const key = `${assetId}/${version}`;
    const known = verifiedManifests.get(key);
    if (known !== undefined) return known; // versions are immutable: read and checked once, kept
    const manifest = await store.getManifest(assetId.toString(), version.toString());
    let onChain: Hex;
    try {
      const v = await client.public.readContract({
        ...market,
        functionName: "assetVersion",
        args: [assetId, version],
      });
      onChain = v.contentHash;
    } catch (error) {
      if (isRevert(error)) throw new HttpError("not_found", `no version ${version} of asset ${assetId}`);
      throw new HttpError("unavailable", "the chain cannot be reached");
    }
    if (manifestHash(manifest).toLowerCase() !== onChain.toLowerCase()) {
      throw new StoreError("INTEGRITY", `stored manifest of ${key} does not match the on-chain content hash`);
    }
    verifiedManifests.set(key, manifest);
    return manifest;
  }

  /** The license `address` holds on `assetId`, from the event index (polled once more if it lags). */
  async function licenseOf(address: Address, assetId: bigint): Promise<bigint | undefined> {
    const known = index.licenseOf(address, assetId);
    if (known !== undefined) return known;
    await events.poll().catch(onError);
    return index.licenseOf(address, assetId);
  }

  /** A license over its cap under a plan that suspends it serves nothing until topped up. */
  async function checkNotSuspended(licenseId: bigint): Promise<void> {
    let suspended: boolean;
    try {
      suspended = await metering.isSuspended(licenseId);
    } catch (error) {
      onError(error);
      throw new HttpError("unavailable", "the chain cannot be reached to check the license's usage cap");
    }
    if (suspended) {
      throw new HttpError(
        "forbidden",
        `license ${licenseId} is over its usage cap for this period: top it up to continue`,
      );
    }
  }

  // ---- usage ----

  /** The license `rawId` names, its holder, asset and licensor — if the signed-in caller is one of the two. */
  async function licenseForReader(req: IncomingMessage, rawId: string) {
    if (req.method !== "GET") throw new HttpError("method_not_allowed", "use GET", { Allow: "GET" });
    const address = authenticate(req);
    if (!/^[0-9]{1,78}$/.test(rawId) || BigInt(rawId) > UINT256_MAX) {
      throw new HttpError("bad_request", "licenseId must be a decimal uint256");
    }
    const licenseId = BigInt(rawId);
    let holder: Address;
    let licensor: Address;
    let assetId: bigint;
    try {
      const info = await client.public.readContract({ ...market, functionName: "licenseInfo", args: [licenseId] });
      holder = info.holder;
      assetId = info.assetId;
      licensor = (await client.public.readContract({ ...market, functionName: "assetInfo", args: [assetId] }))
        .controller;
    } catch (error) {
      if (isRevert(error)) throw new HttpError("not_found", `no license ${licenseId}`);
      throw new HttpError("unavailable", "the chain cannot be reached");
    }
    const me = address.toLowerCase();
    if (me !== holder.toLowerCase() && me !== licensor.toLowerCase()) {
      throw new HttpError("forbidden", "only the license's holder and the asset's licensor may see its usage");
    }
    return { licenseId, holder, licensor, assetId };
  }

  async function serveUsageReport(req: IncomingMessage, res: ServerResponse, rawId: string) {
    const { licenseId } = await licenseForReader(req, rawId);
    const signed = await metering.report(licenseId);
    if (signed === "unmetered") {
      throw new HttpError("not_found", `license ${licenseId} has no metering plan with this gateway as its attester`);
    }
    if (signed === "nothing served yet") {
      throw new HttpError("not_found", `nothing was served under license ${licenseId} in its current period yet`);
    }
    const { report, signature, window } = signed;
    sendJson(res, 200, {
      report: {
        licenseId: report.licenseId.toString(),
        period: report.period.toString(),
        units: report.units.toString(),
        issuedAt: report.issuedAt.toString(),
      },
      signature,
      period: { from: window.from, to: window.to },
    });
  }

  async function serveUsage(req: IncomingMessage, res: ServerResponse, rawId: string, query: URLSearchParams) {
    const { licenseId, holder, licensor, assetId } = await licenseForReader(req, rawId);
    const from = query.get("from") ?? undefined;
    const to = query.get("to") ?? undefined;
    for (const day of [from, to]) {
      if (day !== undefined && (!DAY_RE.test(day) || Number.isNaN(Date.parse(day)))) {
        throw new HttpError("bad_request", "from and to must be UTC days, YYYY-MM-DD");
      }
    }
    const counted = usage.usage(licenseId.toString(), {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    sendJson(res, 200, {
      licenseId: licenseId.toString(),
      assetId: assetId.toString(),
      holder,
      licensor,
      periodUnit: "utc-day",
      ...counted,
    });
  }

  // ---- cards ----

  async function serveCards(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (req.method !== "GET") throw new HttpError("method_not_allowed", "use GET", { Allow: "GET" });
    const ids = (query.get("ids") ?? "").split(",").filter((id) => id !== "");
    if (ids.length === 0 || ids.length > 1000 || !ids.every((id) => ASSET_ID_RE.test(id) && id.length <= 20)) {
      throw new HttpError("bad_request", "ids must be 1 to 1000 comma-separated asset ids");
    }
    if (!events.synced) await events.poll().catch(() => {});
    if (!events.synced) throw new HttpError("unavailable", "the chain cannot be reached");
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const latest = index.latestVersion(BigInt(id));
      out[id] = latest === undefined ? null : await cards.read(BigInt(id), latest.version, latest.contentHash);
    }
    sendJson(res, 200, { cards: out }, { "Cache-Control": "public, max-age=5" });
  }

  // ---- uploads ----

  async function serveUpload(req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> {
    if (uploads === null) throw new HttpError("not_found", "uploads are not enabled on this gateway");
    const address = authenticate(req);
    const [, id, action, rawPath] = m;
    const method = req.method ?? "";
    if (id === undefined) {
      if (method !== "POST") throw new HttpError("method_not_allowed", "use POST", { Allow: "POST" });
      sendJson(res, 201, await uploads.create(address));
    } else if (action === undefined) {
      if (method === "GET") {
        const manifest = await uploads.manifest(id, address);
        sendJson(res, 200, { uploadId: id, manifest, contentHash: manifestHash(manifest) });
      } else if (method === "DELETE") {
        await uploads.delete(id, address);
        res.writeHead(204).end();
      } else throw new HttpError("method_not_allowed", "use GET or DELETE", { Allow: "GET, DELETE" });
    } else if (action === "publish") {
      if (method !== "POST") throw new HttpError("method_not_allowed", "use POST", { Allow: "POST" });
      const { assetId, version } = await publishTarget(req);
      const published = await uploads.publish(id, address, async (filesDir, manifest) => {
        const contentHash = manifestHash(manifest);
        await checkPublishable(address, assetId, version, contentHash);
        await store.putVersion(assetId.toString(), version.toString(), filesDir, { expected: manifest });
        return { assetId: assetId.toString(), version: Number(version), contentHash, manifest };
      });
      track(
        audit.append({
          address,
          licenseId: null,
          assetId: published.assetId,
          version: published.version,
          path: "publish",
          bytes: published.manifest.files.reduce((sum, f) => sum + f.size, 0),
          verdict: "served",
        }),
      );
      sendJson(res, 201, published);
    } else {
      if (method !== "PUT") throw new HttpError("method_not_allowed", "use PUT", { Allow: "PUT" });
      const declared = req.headers["content-length"];
      sendJson(
        res,
        201,
        await uploads.putFile(id, address, rawPath ?? "", req, declared === undefined ? undefined : Number(declared)),
      );
    }
  }

  async function publishTarget(req: IncomingMessage): Promise<{ assetId: bigint; version: bigint }> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req, MAX_BODY)).toString("utf8")) as Record<string, unknown>;
    } catch {
      throw new HttpError("bad_request", "body must be JSON { assetId, version }");
    }
    const assetId = String(body?.assetId ?? "");
    const version = String(body?.version ?? "");
    if (!ASSET_ID_RE.test(assetId) || !VERSION_RE.test(version) || Number(version) > 65_535) {
      throw new HttpError("bad_request", "assetId must be a decimal uint256 and version a positive integer");
    }
    return { assetId: BigInt(assetId), version: BigInt(version) };
  }

  /** The uploader controls the asset and the chain records exactly this content for the version. */
  async function checkPublishable(address: Address, assetId: bigint, version: bigint, contentHash: Hex) {
    let controller: Address;
    let onChain: Hex;
    try {
      controller = (await client.public.readContract({ ...market, functionName: "assetInfo", args: [assetId] }))
        .controller;
      onChain = (
        await client.public.readContract({ ...market, functionName: "assetVersion", args: [assetId, version] })
      ).contentHash;
    } catch (error) {
      if (isRevert(error)) throw new HttpError("not_found", `no version ${version} of asset ${assetId} on chain yet`);
      throw new HttpError("unavailable", "the chain cannot be reached");
    }
    if (controller.toLowerCase() !== address.toLowerCase()) {
      throw new HttpError("forbidden", `asset ${assetId} is controlled by another address`);
    }
    if (onChain.toLowerCase() !== contentHash.toLowerCase()) {
      throw new HttpError(
        "conflict",
        `the chain records another content hash for version ${version} of asset ${assetId}`,
      );
    }
  }

  // ---- assets ----

  function parseTarget(pathname: string): { assetId: string; version: string; target: Target } | null {
    const m = ROUTE_RE.exec(pathname);
    if (m === null) return null;
    const [, assetId = "", version = "", what = "", rawPath] = m;
    if (what === "manifest") return { assetId, version, target: { kind: "manifest" } };
    return { assetId, version, target: { kind: "file", path: rawPath ?? "" } };
  }

  /** The file path of a request, percent-decoded, after the storage module's lexical checks. */
  function filePath(raw: string): string {
    try {
      checkRelativePath(raw); // catches `..`, encoded dots (any depth), absolute paths, NUL, backslashes
      const decoded = raw
        .split("/")
        .map((segment) => decodeURIComponent(segment))
        .join("/");
      return checkRelativePath(decoded);
    } catch (error) {
      if (error instanceof UnsafePathError) throw new HttpError("bad_request", `unsafe path: ${error.message}`);
      throw new HttpError("bad_request", "malformed path encoding");
    }
  }

  async function serveAsset(
    req: IncomingMessage,
    res: ServerResponse,
    route: { assetId: string; version: string; target: Target },
  ): Promise<void> {
    const head = req.method === "HEAD";
    const record = {
      address: zeroAddress as string,
      licenseId: null as string | null,
      assetId: ASSET_ID_RE.test(route.assetId) ? route.assetId : "0",
      version: VERSION_RE.test(route.version) ? Number(route.version) : 0,
      path: route.target.kind === "manifest" ? "manifest.json" : route.target.path.slice(0, 1024),
    };
    const log = (verdict: AuditVerdict, bytes: number, reason?: string) => {
      if (verdict === "served" && record.licenseId !== null) usage.record(record.licenseId, now(), bytes);
      track(
        audit.append({
          ...record,
          bytes,
          verdict,
          ...(reason === undefined ? {} : { reason: reason.slice(0, 512) }),
        }),
      );
    };
    try {
      if (req.method !== "GET" && !head)
        throw new HttpError("method_not_allowed", "use GET or HEAD", { Allow: "GET, HEAD" });
      const isPublic = route.target.kind === "file" && route.target.path.startsWith(PUBLIC_PREFIX);
      const address = isPublic ? zeroAddress : authenticate(req);
      record.address = address;
      if (!ASSET_ID_RE.test(route.assetId) || BigInt(route.assetId) > UINT256_MAX) {
        throw new HttpError("bad_request", "assetId must be a decimal uint256");
      }
      const assetId = BigInt(route.assetId);
      record.assetId = assetId.toString();
      if (route.version !== "latest" && !VERSION_RE.test(route.version)) {
        throw new HttpError("bad_request", "version must be a positive integer or `latest`");
      }
      if (route.version !== "latest" && Number(route.version) > 65_535)
        throw new HttpError("not_found", "no such version");
      const relPath = route.target.kind === "file" ? filePath(route.target.path) : null;
      if (relPath !== null) record.path = relPath;
      const version = route.version === "latest" ? await latestVersion(assetId) : BigInt(route.version);
      record.version = Number(version);
      if (!isPublic) {
        await checkEntitled(address, assetId, version);
        const licenseId = await licenseOf(address, assetId);
        record.licenseId = licenseId?.toString() ?? null;
        if (licenseId !== undefined) await checkNotSuspended(licenseId);
      }
      const manifest = await loadManifest(assetId, version);

      if (relPath === null) {
        const body = canonicalManifest(manifest); // the bytes whose sha256 is the on-chain content hash
        const etag = `"${manifestHash(manifest)}"`;
        if (notModified(req, res, etag)) return log("served", 0);
        res.writeHead(200, {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": String(body.length),
          ETag: etag,
          "Cache-Control": "private, no-cache",
        });
        res.end(head ? undefined : body);
        log("served", head ? 0 : body.length);
        return;
      }

      const entry = manifest.files.find((f) => f.path === relPath);
      if (entry === undefined) throw new HttpError("not_found", `no file ${JSON.stringify(relPath)} in this version`);
      if (notModified(req, res, `"${entry.sha256}"`)) return log("served", 0);
      const range = parseRange(req.headers.range);
      let bounds: { start: number; end: number } | null;
      try {
        bounds = resolveRange(entry.size, range);
      } catch (error) {
        if (range !== undefined && error instanceof StoreError && error.code === "RANGE") {
          throw new HttpError("range_not_satisfiable", "requested range is outside the file", {
            "Content-Range": `bytes */${entry.size}`,
          });
        }
        throw error;
      }
      const length = bounds === null ? 0 : bounds.end - bounds.start + 1;
      const headers: Record<string, string> = {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(length),
        ETag: `"${entry.sha256}"`,
        "Accept-Ranges": "bytes",
        "Cache-Control": isPublic ? "public, max-age=60" : "private, no-cache",
      };
      if (isPublic) headers["Content-Type"] = contentTypeOf(relPath);
      const partial = range !== undefined ? bounds : null;
      if (partial !== null) headers["Content-Range"] = `bytes ${partial.start}-${partial.end}/${entry.size}`;
      if (head) {
        res.writeHead(partial !== null ? 206 : 200, headers);
        res.end();
        log("served", 0);
        return;
      }
      if (config.accelRedirect !== undefined) {
        // Behind nginx: the decision and the audit are ours, the bytes are nginx's (sendfile, with
        // the client's Range honoured by nginx itself from the original request).
        const target = `${config.accelRedirect}/${assetId}/${version}/files/${relPath.split("/").map(encodeURIComponent).join("/")}`;
        res.writeHead(200, {
          "X-Accel-Redirect": target,
          "Content-Type": headers["Content-Type"] as string,
          ETag: headers.ETag as string,
          "Cache-Control": headers["Cache-Control"] as string,
        });
        res.end();
        log("served", length);
        return;
      }
      const stream = await store.createReadStream(
        assetId.toString(),
        version.toString(),
        relPath,
        partial !== null ? { start: partial.start, end: partial.end } : undefined,
      );
      if (res.destroyed) {
        // The client went away while the file was being opened: no "close" event will come, and
        // the stream below would wait for "drain" forever (a leaked fd, and close() never returns).
        stream.destroy();
        log("error", 0, "client went away");
        return;
      }
      res.writeHead(partial !== null ? 206 : 200, headers);
      let sent = 0;
      await new Promise<void>((resolve) => {
        stream.on("data", (chunk: Buffer) => {
          sent += chunk.length;
          if (!res.write(chunk)) {
            stream.pause();
            res.once("drain", () => stream.resume());
          }
        });
        stream.once("end", () => {
          res.end();
          log("served", sent);
          resolve();
        });
        stream.once("error", (error) => {
          res.destroy();
          log("error", sent, error instanceof Error ? error.message : "stream failed");
          resolve();
        });
        res.once("close", () => {
          if (!res.writableFinished) {
            stream.destroy();
            log("error", sent, "client went away");
            resolve();
          }
        });
      });
    } catch (error) {
      const httpError = toHttpError(error, onError);
      log(httpError.status === 403 || httpError.status === 401 ? "denied" : "error", 0, httpError.message);
      sendError(res, httpError, head);
    }
  }

  // ---- dispatch ----

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const pathname = rawUrl.split("?", 1)[0] ?? "/";
    const head = req.method === "HEAD";
    try {
      if (handleCors(req, res, corsOrigins)) return;
      if (pathname === "/healthz") {
        if (req.method !== "GET" && !head) throw new HttpError("method_not_allowed", "use GET", { Allow: "GET, HEAD" });
        sendJson(res, 200, { ok: true }, {}, head);
        return;
      }
      if (pathname === "/v1/auth/nonce") {
        if (req.method !== "GET") throw new HttpError("method_not_allowed", "use GET", { Allow: "GET" });
        rateLimit(req);
        sendJson(res, 200, { nonce: issueNonce() });
        return;
      }
      if (pathname === "/v1/auth/verify") {
        if (req.method !== "POST") throw new HttpError("method_not_allowed", "use POST", { Allow: "POST" });
        rateLimit(req);
        sendJson(res, 200, await verify(req));
        return;
      }
      if (pathname === "/v1/attester") {
        if (req.method !== "GET" && !head) throw new HttpError("method_not_allowed", "use GET", { Allow: "GET, HEAD" });
        sendJson(res, 200, { attester: config.attester?.address ?? null }, {}, head);
        return;
      }
      if (pathname === "/v1/cards") {
        await serveCards(req, res, new URLSearchParams(rawUrl.slice(pathname.length + 1)));
        return;
      }
      const uploadRoute = UPLOAD_RE.exec(pathname);
      if (uploadRoute !== null) {
        await serveUpload(req, res, uploadRoute);
        return;
      }
      const usageRoute = USAGE_RE.exec(pathname);
      if (usageRoute?.[2] !== undefined) {
        await serveUsageReport(req, res, usageRoute[1] ?? "");
        return;
      }
      if (usageRoute !== null) {
        await serveUsage(req, res, usageRoute[1] ?? "", new URLSearchParams(rawUrl.slice(pathname.length + 1)));
        return;
      }
      const route = parseTarget(pathname);
      if (route !== null) {
        await serveAsset(req, res, route);
        return;
      }
      throw new HttpError("not_found", "no such route");
    } catch (error) {
      sendError(res, toHttpError(error, onError), head);
    }
  }

  return {
    handler(req, res) {
      track(handle(req, res));
    },
    refresh: () => events.poll(),
    async close() {
      await events.close();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    rpcCalls: () => ({ entitlement: entitlements.rpcCalls, poller: events.rpcCalls }),
  };
}

/** Answers 304 when the client's If-None-Match names this ETag (or `*`); true if it did. */
function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  const header = req.headers["if-none-match"];
  if (header === undefined) return false;
  const tags = header.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (!tags.includes(etag) && !tags.includes("*")) return false;
  res.writeHead(304, { ETag: etag, "Cache-Control": "private, no-cache" });
  res.end();
  return true;
}

const CONTENT_TYPES: Record<string, string> = {
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  json: "application/json; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  csv: "text/csv; charset=utf-8",
};

/** A content type for public files (private ones are always octet streams). */
function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

function toHttpError(error: unknown, onError: (error: unknown) => void): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof UnsafePathError) return new HttpError("bad_request", "unsafe path");
  if (error instanceof StoreError) {
    if (error.code === "NOT_FOUND") return new HttpError("not_found", "no such asset version or file");
    if (error.code === "RANGE") return new HttpError("range_not_satisfiable", "range not satisfiable");
    if (error.code === "CONFLICT")
      return new HttpError("conflict", "that version is already stored with other content");
    onError(error);
    return new HttpError("unavailable", "the stored copy failed an integrity check");
  }
  onError(error);
  return new HttpError("internal", "internal error");
}
