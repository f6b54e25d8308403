// Session tokens: compact `<payload>.<mac>` strings, both base64url. The payload is JSON binding the
// signed-in address, the chain id and the expiry (unix seconds); the mac is HMAC-SHA256 of the
// payload part under the gateway's session secret, compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Address, getAddress, isAddress } from "viem";

export interface SessionClaims {
  address: Address;
  chainId: number;
  /** Unix seconds. */
  expiresAt: number;
}

/** Tokens longer than this are rejected unparsed. */
const MAX_TOKEN_LENGTH = 512;

function mac(secret: string | Uint8Array, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload, "utf8").digest();
}

export function signSessionToken(secret: string | Uint8Array, claims: SessionClaims): string {
  const body = JSON.stringify({ v: 1, sub: claims.address, cid: claims.chainId, exp: claims.expiresAt });
  const payload = Buffer.from(body, "utf8").toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/** The claims of a well-formed, authentic, unexpired token for `chainId`; null otherwise. */
export function verifySessionToken(
  secret: string | Uint8Array,
  token: string,
  { chainId, nowSec }: { chainId: number; nowSec: number },
): SessionClaims | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [payload = "", given = ""] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(given)) return null;
  const expected = mac(secret, payload);
  const actual = Buffer.from(given, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { v, sub, cid, exp } = value as Record<string, unknown>;
  if (v !== 1 || typeof sub !== "string" || !isAddress(sub, { strict: false })) return null;
  if (cid !== chainId || typeof exp !== "number" || !Number.isSafeInteger(exp) || exp <= nowSec) return null;
  return { address: getAddress(sub), chainId: cid, expiresAt: exp };
}
