/**
 * Talking to the download gateway: Sign-In with Ethereum (nonce, EIP-4361 message signed by the
 * key, session token), then authenticated GETs of manifests and files. Every failure becomes one
 * sentence: unreachable, refused sign-in, no license (403), missing, unavailable (503).
 */
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { CliError, networkCode } from "./errors.ts";

/** How often a rate-limited request (429) is retried, and the longest wait honoured. */
const RATE_LIMIT_RETRIES = 2;
const MAX_RETRY_AFTER_SEC = 10;

/** The gateway's JSON error body, when it sent one. */
async function errorBody(res: Response): Promise<{ error?: string; message?: string }> {
  try {
    return (await res.json()) as { error?: string; message?: string };
  } catch {
    return {};
  }
}

export class GatewayClient {
  readonly base: URL;
  #token: string | undefined;

  constructor(base: URL) {
    this.base = base;
  }

  #url(pathname: string): URL {
    return new URL(`${this.base.pathname.replace(/\/$/, "")}${pathname}`, this.base);
  }

  /** fetch with one clear line when the gateway cannot be reached, and 429s waited out. */
  async #fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.#url(pathname), init);
      } catch (err) {
        const why = networkCode(err) ?? (err instanceof Error ? err.message : String(err));
        throw new CliError(
          `cannot reach the gateway at ${this.base.origin} (${why}): is it running? (TESSERA_GATEWAY_URL)`,
          { cause: err },
        );
      }
      if (res.status !== 429 || attempt >= RATE_LIMIT_RETRIES) return res;
      await res.body?.cancel();
      const wait = Math.min(Number(res.headers.get("retry-after")) || 1, MAX_RETRY_AFTER_SEC);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }

  /** The sentence for a refused request about `what` ("asset 1 version 2", "weights.bin"). */
  async #refusal(res: Response, what: string): Promise<CliError> {
    const { message = res.statusText } = await errorBody(res);
    switch (res.status) {
      case 401:
        return new CliError(`the gateway refused the sign-in: ${message}`);
      case 403:
        return new CliError(`no license: the gateway refused ${what} (${message}); buy a license with "tessera buy"`);
      case 404:
        return new CliError(`the gateway has no ${what} (${message})`);
      case 503:
        return new CliError(`the gateway cannot serve ${what} (${message})`);
      default:
        return new CliError(`the gateway answered ${res.status} for ${what} (${message})`);
    }
  }

  /** Signs in as `account` on `chainId`; later requests carry the session token. */
  async signIn(account: LocalAccount, chainId: number): Promise<void> {
    const nonceRes = await this.#fetch("/v1/auth/nonce");
    if (!nonceRes.ok) throw await this.#refusal(nonceRes, "a sign-in nonce");
    const { nonce } = (await nonceRes.json()) as { nonce: string };
    const message = createSiweMessage({
      domain: this.base.host,
      uri: this.base.origin,
      address: account.address,
      chainId,
      nonce,
      version: "1",
      issuedAt: new Date(),
      statement: "Sign in to the Tessera download gateway.",
    });
    const signature = await account.signMessage({ message });
    const res = await this.#fetch("/v1/auth/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    });
    if (!res.ok) throw await this.#refusal(res, "the sign-in");
    this.#token = ((await res.json()) as { token: string }).token;
  }

  /** An authenticated GET; a non-2xx answer becomes a {@link CliError} about `what`. */
  async get(pathname: string, what: string, headers: Record<string, string> = {}): Promise<Response> {
    if (this.#token === undefined) throw new Error("signIn first");
    const res = await this.#fetch(pathname, { headers: { ...headers, authorization: `Bearer ${this.#token}` } });
    if (!res.ok) throw await this.#refusal(res, what);
    return res;
  }

  /** The raw bytes of a version's manifest (their sha256 is the on-chain content hash). */
  async manifestBytes(assetId: bigint, version: number): Promise<Buffer> {
    const res = await this.get(
      `/v1/assets/${assetId}/versions/${version}/manifest`,
      `asset ${assetId} version ${version}`,
    );
    return Buffer.from(await res.arrayBuffer());
  }

  /** A file of a version, from byte `start` on (a Range request when start > 0). */
  file(assetId: bigint, version: number, relPath: string, start: number): Promise<Response> {
    const encoded = relPath.split("/").map(encodeURIComponent).join("/");
    return this.get(
      `/v1/assets/${assetId}/versions/${version}/files/${encoded}`,
      `${relPath} of asset ${assetId} version ${version}`,
      start > 0 ? { range: `bytes=${start}-` } : {},
    );
  }
}
