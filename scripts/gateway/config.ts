// The standalone gateway's settings, read from the environment and checked all at once, so a bad
// deployment fails at start with every problem named, one line each, instead of at the first request.

import type { Hex } from "viem";

export interface GatewayEnvConfig {
  rpcUrl: string;
  /** Expected chain id; checked against the RPC at start when given. */
  chainId: number | undefined;
  /** A deployment file to use instead of deployments/<chainId>.json. */
  deploymentFile: string | undefined;
  host: string;
  port: number;
  /** What clients call the gateway (SIWE domain and URI); default http://host:port. */
  publicUrl: string | undefined;
  /** HMAC key for sessions; undefined = random per process (sessions end on restart). */
  sessionSecret: string | undefined;
  /** Private key the gateway signs usage reports with (metering plans' attester); unset: no reports. */
  attesterKey: Hex | undefined;
  /** Local store root; unset when an S3 bucket is configured. */
  storeDir: string | undefined;
  /** S3-compatible store, instead of the local disk. */
  s3:
    | { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; prefix: string }
    | undefined;
  auditLog: string;
  /** X-Accel-Redirect prefix when behind nginx (see nginxConfig.ts); unset: the gateway streams. */
  accelRedirect: string | undefined;
  /** Behind a reverse proxy: client IPs from X-Forwarded-For (default: on with TESSERA_ACCEL_REDIRECT). */
  trustProxy: boolean;
  /** Staging directory for creators' uploads; uploads are off when unset. */
  uploadsDir: string | undefined;
  corsOrigins: string[];
  extraDomains: string[];
  entitlementTtlMs: number;
  eventPollMs: number;
  shutdownGraceMs: number;
  logLevel: string;
}

export type ParsedEnv = { ok: true; config: GatewayEnvConfig } | { ok: false; problems: string[] };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Documentation of every variable, printed by `--help`. */
export const ENV_HELP: readonly [string, string][] = [
  ["TESSERA_RPC_URL", "JSON-RPC endpoint of the chain (required)"],
  ["TESSERA_CHAIN_ID", "expected chain id; start fails if the RPC serves another"],
  ["TESSERA_DEPLOYMENT_FILE", "deployment record to use (default deployments/<chainId>.json)"],
  ["TESSERA_STORE_DIR", "root of the local asset store (required unless TESSERA_S3_BUCKET is set)"],
  ["TESSERA_S3_BUCKET", "serve from this S3-compatible bucket instead of the local disk"],
  ["TESSERA_S3_ENDPOINT", "the S3 endpoint, e.g. https://s3.eu-west-1.amazonaws.com (with TESSERA_S3_BUCKET)"],
  ["TESSERA_S3_REGION", "signing region (default us-east-1)"],
  ["TESSERA_S3_ACCESS_KEY_ID", "S3 access key id (with TESSERA_S3_BUCKET)"],
  ["TESSERA_S3_SECRET_ACCESS_KEY", "S3 secret key (with TESSERA_S3_BUCKET)"],
  ["TESSERA_S3_PREFIX", "key prefix inside the bucket (default none)"],
  ["TESSERA_ACCEL_REDIRECT", "behind nginx: the internal location nginx serves the store from, e.g. /_tessera_store"],
  ["TESSERA_TRUST_PROXY", "1: take client IPs from X-Forwarded-For (default 1 with TESSERA_ACCEL_REDIRECT, else 0)"],
  ["TESSERA_UPLOADS_DIR", "staging directory for creators' uploads (uploads are off when unset)"],
  ["TESSERA_AUDIT_LOG", "path of the hash-chained audit log, created if missing (required)"],
  ["TESSERA_GATEWAY_HOST", "interface to listen on (default 127.0.0.1)"],
  ["TESSERA_GATEWAY_PORT", "port to listen on (default 8787)"],
  ["TESSERA_GATEWAY_PUBLIC_URL", "URL clients use, e.g. https://gateway.example (default http://host:port)"],
  ["TESSERA_SESSION_SECRET", "HMAC key for session tokens, >= 32 bytes (default: random per process)"],
  [
    "TESSERA_ATTESTER_KEY",
    "0x-prefixed private key that signs usage reports, as metering plans' attester (default: none)",
  ],
  ["TESSERA_CORS_ORIGINS", "comma-separated origins allowed from browsers, e.g. the dapp's"],
  ["TESSERA_SIWE_DOMAINS", "comma-separated extra SIWE domains accepted, e.g. the dapp's host"],
  ["TESSERA_ENTITLEMENT_TTL_MS", "longest an entitlement answer is reused (default 15000)"],
  ["TESSERA_EVENT_POLL_MS", "how often contract events are read (default 1000)"],
  ["TESSERA_SHUTDOWN_GRACE_MS", "how long shutdown waits for in-flight downloads (default 30000)"],
  ["TESSERA_LOG_LEVEL", `one of ${LOG_LEVELS.join(", ")} (default info)`],
];

export function parseGatewayEnv(env: Record<string, string | undefined>): ParsedEnv {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const required = (name: string): string => {
    const value = get(name);
    if (value === undefined) problems.push(`${name} is required`);
    return value ?? "";
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, value: string | undefined, protocols: string[]): void => {
    if (value === undefined) return;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error();
    } catch {
      problems.push(`${name} must be a ${protocols.map((p) => p.slice(0, -1)).join(" or ")} URL, not ${value}`);
    }
  };
  const list = (name: string) =>
    (get(name) ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");

  const rpcUrl = required("TESSERA_RPC_URL");
  if (rpcUrl !== "") url("TESSERA_RPC_URL", rpcUrl, ["http:", "https:"]);
  const chainIdRaw = get("TESSERA_CHAIN_ID");
  const chainId = chainIdRaw === undefined ? undefined : integer("TESSERA_CHAIN_ID", 0, 1, 2 ** 53 - 1);
  const publicUrl = get("TESSERA_GATEWAY_PUBLIC_URL");
  url("TESSERA_GATEWAY_PUBLIC_URL", publicUrl, ["http:", "https:"]);
  const attesterKey = get("TESSERA_ATTESTER_KEY");
  if (attesterKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(attesterKey)) {
    problems.push("TESSERA_ATTESTER_KEY must be a 0x-prefixed 32-byte hex private key");
  }
  const sessionSecret = get("TESSERA_SESSION_SECRET");
  if (sessionSecret !== undefined && Buffer.byteLength(sessionSecret) < 32) {
    problems.push("TESSERA_SESSION_SECRET must be at least 32 bytes");
  }
  const corsOrigins = list("TESSERA_CORS_ORIGINS");
  for (const origin of corsOrigins) {
    if (origin !== "*") url("TESSERA_CORS_ORIGINS", origin, ["http:", "https:"]);
  }
  const bucket = get("TESSERA_S3_BUCKET");
  const s3 =
    bucket === undefined
      ? undefined
      : {
          bucket,
          endpoint: required("TESSERA_S3_ENDPOINT"),
          region: get("TESSERA_S3_REGION") ?? "us-east-1",
          accessKeyId: required("TESSERA_S3_ACCESS_KEY_ID"),
          secretAccessKey: required("TESSERA_S3_SECRET_ACCESS_KEY"),
          prefix: get("TESSERA_S3_PREFIX") ?? "",
        };
  if (s3 !== undefined) url("TESSERA_S3_ENDPOINT", s3.endpoint || undefined, ["http:", "https:"]);
  const accel = get("TESSERA_ACCEL_REDIRECT");
  if (accel !== undefined && !/^\/[A-Za-z0-9_/-]*[A-Za-z0-9_-]$/.test(accel)) {
    problems.push("TESSERA_ACCEL_REDIRECT must be a location path such as /_tessera_store");
  }
  if (accel !== undefined && bucket !== undefined) {
    problems.push("TESSERA_ACCEL_REDIRECT needs the local store: nginx cannot serve from an S3 bucket");
  }
  const logLevel = get("TESSERA_LOG_LEVEL") ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`TESSERA_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);

  const config: GatewayEnvConfig = {
    rpcUrl,
    chainId,
    deploymentFile: get("TESSERA_DEPLOYMENT_FILE"),
    host: get("TESSERA_GATEWAY_HOST") ?? "127.0.0.1",
    port: integer("TESSERA_GATEWAY_PORT", 8787, 0, 65_535),
    publicUrl,
    sessionSecret,
    attesterKey: attesterKey as Hex | undefined,
    storeDir: s3 === undefined ? required("TESSERA_STORE_DIR") : undefined,
    s3,
    auditLog: required("TESSERA_AUDIT_LOG"),
    uploadsDir: get("TESSERA_UPLOADS_DIR"),
    accelRedirect: accel,
    trustProxy: (get("TESSERA_TRUST_PROXY") ?? (accel === undefined ? "0" : "1")) === "1",
    corsOrigins,
    extraDomains: list("TESSERA_SIWE_DOMAINS"),
    entitlementTtlMs: integer("TESSERA_ENTITLEMENT_TTL_MS", 15_000, 0, 3_600_000),
    eventPollMs: integer("TESSERA_EVENT_POLL_MS", 1000, 0, 3_600_000),
    shutdownGraceMs: integer("TESSERA_SHUTDOWN_GRACE_MS", 30_000, 0, 3_600_000),
    logLevel,
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
