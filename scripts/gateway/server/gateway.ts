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
//
// Errors are JSON `{ error, message }` and never carry a stack. The gateway fails closed: when the
// chain cannot be asked and no fresh cached answer exists, it answers 503, never the file.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Address, BaseError, ContractFunctionRevertedError, type Hex, isHex, zeroAddress } from "viem";
import { generateSiweNonce, parseSiweMessage, type SiweMessage } from "viem/siwe";
import type { TesseraClient } from "../../sdk/deployments.ts";
import { canonicalManifest, manifestHash } from "../../storage/manifest.ts";
import { checkRelativePath, UnsafePathError } from "../../storage/safePath.ts";
import { type AssetStore, resolveRange, StoreError } from "../../storage/store.ts";
import type { AuditLog } from "../audit/auditLog.ts";
import type { AuditVerdict } from "../audit/entry.ts";
import { EntitlementCache } from "./entitlements.ts";
import { HttpError, parseRange, readBody, sendError, sendJson } from "./http.ts";
import { type RateLimitConfig, TokenBucketLimiter } from "./rateLimit.ts";
import { signSessionToken, verifySessionToken } from "./token.ts";

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
  /** Per-IP token bucket on the auth routes; default burst 10, 1 per second. */
  authRateLimit?: RateLimitConfig;
}

export interface CreateGatewayParameters {
  client: TesseraClient;
  store: AssetStore;
  audit: AuditLog;
  config: GatewayConfig;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Unexpected errors (never sent to clients); default: ignored. */
  onError?: (error: unknown) => void;
}

export interface Gateway {
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Reads new contract events now and invalidates what they touch (the poller does this on its own). */
  refresh(): Promise<void>;
  /** Stops the event poller and waits for pending audit appends. Does not close the audit log. */
  close(): Promise<void>;
}

const MAX_NONCES = 10_000;
const MAX_BODY = 16 * 1024;
const ASSET_ID_RE = /^(0|[1-9][0-9]{0,77})$/;
const VERSION_RE = /^[1-9][0-9]{0,4}$/;
const UINT256_MAX = 2n ** 256n - 1n;
const ROUTE_RE = /^\/v1\/assets\/([^/]*)\/versions\/([^/]*)\/(manifest|files\/(.*))$/s;

type Target = { kind: "manifest" } | { kind: "file"; path: string };

export function createGateway({
  client,
  store,
  audit,
  config,
  now = Date.now,
  onError = () => {},
}: CreateGatewayParameters): Gateway {
  const sessionTtlSec = config.sessionTtlSec ?? 3600;
  const clockSkewMs = (config.clockSkewSec ?? 60) * 1000;
  const nonceTtlMs = (config.nonceTtlSec ?? 300) * 1000;
  if (!(sessionTtlSec > 0 && sessionTtlSec <= 3600)) throw new RangeError("sessionTtlSec must be in (0, 3600]");
  if (Buffer.byteLength(config.sessionSecret) < 32) throw new RangeError("sessionSecret must be at least 32 bytes");
  if (!Number.isSafeInteger(config.chainId) || config.chainId <= 0) throw new RangeError("chainId must be positive");

  const entitlements = new EntitlementCache(client, {
    ttlMs: config.entitlementTtlMs ?? 15_000,
    pollIntervalMs: config.eventPollMs ?? 1000,
    now,
    onError,
  });
  const limiter = new TokenBucketLimiter(config.authRateLimit ?? { burst: 10, refillPerSec: 1 }, now);
  /** nonce → expiry (ms). */
  const nonces = new Map<string, number>();
  /** `assetId/version` whose stored manifest was checked against the on-chain content hash. */
  const verifiedManifests = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const { market } = client.contracts;

  const track = (promise: Promise<unknown>): void => {
    const p = promise.catch(onError).finally(() => pending.delete(p));
    pending.add(p);
  };

  // ---- auth ----

  function rateLimit(req: IncomingMessage): void {
    const verdict = limiter.take(req.socket.remoteAddress ?? "unknown");
    if (!verdict.ok) {
      throw new HttpError("rate_limited", "too many sign-in requests; slow down", {
        "Retry-After": String(verdict.retryAfterSec),
      });
    }
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
    // The nonce is spent by any attempt that names it, whatever the outcome.
    if (!consumeNonce(parsed.nonce)) throw unauthorized("unknown, expired or already used nonce");
    if (parsed.domain !== config.domain) throw unauthorized("message is for another domain");
    if (parsed.uri !== config.uri) throw unauthorized("message is for another URI");
    if (parsed.chainId !== config.chainId) throw unauthorized("message is for another chain");
    const t = now();
    const { issuedAt, notBefore, expirationTime } = parsed;
    if (!issuedAt || Number.isNaN(issuedAt.getTime())) throw unauthorized("message lacks issuedAt");
    if (issuedAt.getTime() > t + clockSkewMs) throw unauthorized("message is issued in the future");
    if (issuedAt.getTime() < t - nonceTtlMs - clockSkewMs) throw unauthorized("message is too old");
    if (notBefore && notBefore.getTime() > t + clockSkewMs) throw unauthorized("message is not valid yet");
    if (expirationTime && expirationTime.getTime() <= t - clockSkewMs) throw unauthorized("message has expired");
    // viem's check has no skew: hand it a time inside the message's window, which the checks above
    // guarantee lies within the skew of now.
    let at = t;
    if (notBefore && notBefore.getTime() > at) at = notBefore.getTime();
    if (expirationTime && expirationTime.getTime() <= at) at = expirationTime.getTime() - 1;
    if (notBefore && expirationTime && notBefore.getTime() >= expirationTime.getTime()) {
      throw unauthorized("message validity window is empty");
    }
    let valid: boolean;
    try {
      valid = await client.public.verifySiweMessage({
        message,
        signature: signature as Hex,
        domain: config.domain,
        nonce: parsed.nonce,
        time: new Date(at),
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
    const claims = verifySessionToken(config.sessionSecret, m[1], {
      chainId: config.chainId,
      nowSec: Math.floor(now() / 1000),
    });
    if (claims === null) {
      throw new HttpError("unauthorized", "invalid or expired token", {
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      });
    }
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
  async function loadManifest(assetId: bigint, version: bigint) {
    const manifest = await store.getManifest(assetId.toString(), version.toString());
    const key = `${assetId}/${version}`;
    if (!verifiedManifests.has(key)) {
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
      verifiedManifests.add(key);
    }
    return manifest;
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
      assetId: ASSET_ID_RE.test(route.assetId) ? route.assetId : "0",
      version: VERSION_RE.test(route.version) ? Number(route.version) : 0,
      path: route.target.kind === "manifest" ? "manifest.json" : route.target.path.slice(0, 1024),
    };
    const log = (verdict: AuditVerdict, bytes: number, reason?: string) =>
      track(
        audit.append({
          ...record,
          licenseId: null,
          bytes,
          verdict,
          ...(reason === undefined ? {} : { reason: reason.slice(0, 512) }),
        }),
      );
    try {
      if (req.method !== "GET" && !head)
        throw new HttpError("method_not_allowed", "use GET or HEAD", { Allow: "GET, HEAD" });
      const address = authenticate(req);
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
      await checkEntitled(address, assetId, version);
      const manifest = await loadManifest(assetId, version);

      if (relPath === null) {
        const body = canonicalManifest(manifest); // the bytes whose sha256 is the on-chain content hash
        res.writeHead(200, {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": String(body.length),
          ETag: `"${manifestHash(manifest)}"`,
          "Cache-Control": "private, no-cache",
        });
        res.end(head ? undefined : body);
        log("served", head ? 0 : body.length);
        return;
      }

      const entry = manifest.files.find((f) => f.path === relPath);
      if (entry === undefined) throw new HttpError("not_found", `no file ${JSON.stringify(relPath)} in this version`);
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
        "Cache-Control": "private, no-cache",
      };
      const partial = range !== undefined ? bounds : null;
      if (partial !== null) headers["Content-Range"] = `bytes ${partial.start}-${partial.end}/${entry.size}`;
      if (head) {
        res.writeHead(partial !== null ? 206 : 200, headers);
        res.end();
        log("served", 0);
        return;
      }
      const stream = await store.createReadStream(
        assetId.toString(),
        version.toString(),
        relPath,
        partial !== null ? { start: partial.start, end: partial.end } : undefined,
      );
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
    refresh: () => entitlements.poll(),
    async close() {
      await entitlements.close();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

function toHttpError(error: unknown, onError: (error: unknown) => void): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof UnsafePathError) return new HttpError("bad_request", "unsafe path");
  if (error instanceof StoreError) {
    if (error.code === "NOT_FOUND") return new HttpError("not_found", "no such asset version or file");
    if (error.code === "RANGE") return new HttpError("range_not_satisfiable", "range not satisfiable");
    onError(error);
    return new HttpError("unavailable", "the stored copy failed an integrity check");
  }
  onError(error);
  return new HttpError("internal", "internal error");
}
