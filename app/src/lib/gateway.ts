/**
 * The entitlement gateway from the browser, called directly (it allows the dapp's origin with CORS
 * and accepts the dapp's host as SIWE domain): public files (model cards) without sign-in; SIWE
 * (EIP-4361) sign-in for a session token (kept for the tab's session, per account); manifests
 * checked against the on-chain content hash; files streamed with progress and sha256-verified.
 * Creators' uploads (staging, publishing) are in uploads.ts.
 */
import type { Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";
import { appConfig } from "../config.ts";
import { GatewayError } from "./errors.ts";
import { type Manifest, type ManifestEntry, parseManifest, sha256Hex } from "./manifest.ts";

export const gatewayBase = () => appConfig.gatewayUrl;
const base = gatewayBase;

function fileUrl(assetId: bigint, version: number | "latest", path: string): string {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return `${base()}/v1/assets/${assetId}/versions/${version}/files/${encoded}`;
}

export async function gatewayError(res: Response): Promise<GatewayError> {
  let code = "http_error";
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    code = body.error ?? code;
    message = body.message ?? message;
  } catch {
    // Not JSON (e.g. a proxy's page): keep the status line.
  }
  return new GatewayError(res.status, code, message);
}

/**
 * The address the gateway signs usage reports with (the attester metering plans name), or null when
 * it signs none. Public: no sign-in. Null too for a gateway too old to answer.
 */
export async function fetchGatewayAttester(): Promise<Address | null> {
  const res = await fetch(`${base()}/v1/attester`);
  if (res.status === 404) return null;
  if (!res.ok) throw await gatewayError(res);
  const { attester } = (await res.json()) as { attester: Address | null };
  return attester;
}

/**
 * A public file of a version (e.g. `public/README.md`, the model card), or null when the gateway has
 * none or does not serve public files without sign-in.
 */
export async function fetchPublicText(
  assetId: bigint,
  version: number | "latest",
  path = "public/README.md",
): Promise<string | null> {
  const res = await fetch(fileUrl(assetId, version, path));
  if (res.status === 401 || res.status === 403 || res.status === 404) return null;
  if (!res.ok) throw await gatewayError(res);
  return res.text();
}

// ---------------------------------------------------------------- sessions

export interface Session {
  address: Address;
  token: string;
  /** Unix seconds. */
  expiresAt: number;
}

const SESSION_KEY = "tessera.gatewaySession";

export function storedSession(address: Address | undefined): Session | null {
  if (!address) return null;
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as Session | null;
    if (s && s.address.toLowerCase() === address.toLowerCase() && s.expiresAt > Date.now() / 1000 + 30) return s;
  } catch {
    // Unreadable: sign in again.
  }
  return null;
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await gatewayError(res);
  return (await res.json()) as T;
}

/**
 * Signs in with SIWE: the message names this page's host as domain (the gateway accepts the dapp's
 * host) and the gateway URL as uri. The session is kept for the tab.
 */
export async function signIn(
  address: Address,
  chainId: number,
  sign: (message: string) => Promise<Hex>,
): Promise<Session> {
  const { nonce } = await postJson<{ nonce: string }>("/v1/auth/nonce");
  const now = new Date();
  const message = createSiweMessage({
    domain: window.location.host,
    address,
    statement: "Sign in to the Tessera gateway to download the files you hold licenses for and upload your own.",
    uri: appConfig.gatewayUrl,
    version: "1",
    chainId,
    nonce,
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 3_600_000),
  });
  const signature = await sign(message);
  const { token, expiresAt } = await postJson<{ token: string; expiresAt: number }>("/v1/auth/verify", {
    message,
    signature,
  });
  const session = { address, token, expiresAt };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

// ---------------------------------------------------------------- downloads

export interface VerifiedManifest {
  manifest: Manifest;
  /** sha256 of the bytes served. */
  hash: Hex;
  /** Whether `hash` equals the version's on-chain content hash. */
  matchesChain: boolean;
}

export async function fetchManifest(
  session: Session,
  assetId: bigint,
  version: number,
  onChainHash: Hex,
): Promise<VerifiedManifest> {
  const res = await fetch(`${base()}/v1/assets/${assetId}/versions/${version}/manifest`, {
    headers: { Authorization: `Bearer ${session.token}` },
  });
  if (!res.ok) throw await gatewayError(res);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const hash = await sha256Hex(bytes);
  return {
    manifest: parseManifest(new TextDecoder().decode(bytes)),
    hash,
    matchesChain: hash.toLowerCase() === onChainHash.toLowerCase(),
  };
}

export interface DownloadedFile {
  blob: Blob;
  sha256: Hex;
  verified: boolean;
}

/** Streams one file, reporting bytes received, then checks its sha256 against the manifest. */
export async function downloadFile(
  session: Session,
  assetId: bigint,
  version: number,
  entry: ManifestEntry,
  onProgress: (received: number, total: number) => void,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const res = await fetch(fileUrl(assetId, version, entry.path), {
    headers: { Authorization: `Bearer ${session.token}` },
    signal: signal ?? null,
  });
  if (!res.ok) throw await gatewayError(res);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received, entry.size);
    }
  } else {
    const buf = new Uint8Array(await res.arrayBuffer());
    chunks.push(buf);
    received = buf.length;
    onProgress(received, entry.size);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  const sha256 = await sha256Hex(bytes);
  return {
    blob: new Blob([bytes], { type: "application/octet-stream" }),
    sha256,
    verified: sha256.slice(2) === entry.sha256 && received === entry.size,
  };
}

// ---------------------------------------------------------------- usage

/** `GET /v1/licenses/:id/usage`: requests and bytes the gateway served under a license, per UTC day. */
export interface LicenseUsage {
  licenseId: string;
  assetId: string;
  periodUnit: "utc-day";
  /** Oldest first; days without requests are absent. */
  periods: { period: string; requests: number; bytes: number }[];
  total: { requests: number; bytes: number };
}

/** The license's usage within [from, to] (inclusive UTC days, `YYYY-MM-DD`); holder or licensor only. */
export async function fetchUsage(
  session: Session,
  licenseId: bigint,
  { from, to }: { from?: string; to?: string } = {},
): Promise<LicenseUsage> {
  const query = new URLSearchParams({ ...(from && { from }), ...(to && { to }) }).toString();
  const res = await fetch(`${base()}/v1/licenses/${licenseId}/usage${query ? `?${query}` : ""}`, {
    headers: { Authorization: `Bearer ${session.token}` },
  });
  if (!res.ok) throw await gatewayError(res);
  return (await res.json()) as LicenseUsage;
}
