/**
 * SIWE session driver: new sessions as a wallet would open them (GET nonce, POST verify with a
 * signed EIP-4361 message, then the first entitled request), over keep-alive connections.
 *
 * Signing is the client's cost, not the gateway's, so messages are signed before the clock starts:
 * `prepare` fetches one nonce per account and signs its message; the timed `run` then does, per
 * session, GET /v1/auth/nonce (the gateway issues a nonce exactly as in a real sign-in; the driver
 * discards it), POST /v1/auth/verify with the pre-signed message, and GET of a file.
 */
import http from "node:http";
import type { PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

export interface HttpResult {
  status: number;
  body: Buffer;
}

export function createClient(base: string, maxSockets: number) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<HttpResult>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method, path, agent, headers },
        (res: http.IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof createClient>;

export interface SignedIn {
  message: string;
  signature: `0x${string}`;
}

async function nonce(client: Client): Promise<string> {
  const res = await client.request("GET", "/v1/auth/nonce");
  if (res.status !== 200) throw new Error(`GET /v1/auth/nonce: HTTP ${res.status} ${res.body.toString("utf8")}`);
  return (JSON.parse(res.body.toString("utf8")) as { nonce: string }).nonce;
}

export async function signIn(client: Client, signed: SignedIn): Promise<string> {
  const res = await client.request(
    "POST",
    "/v1/auth/verify",
    { "content-type": "application/json" },
    JSON.stringify(signed),
  );
  if (res.status !== 200) throw new Error(`POST /v1/auth/verify: HTTP ${res.status} ${res.body.toString("utf8")}`);
  return (JSON.parse(res.body.toString("utf8")) as { token: string }).token;
}

/** A nonce from the gateway and a signed message for each account (untimed). */
export async function prepare(
  client: Client,
  accounts: readonly PrivateKeyAccount[],
  { domain, uri, chainId }: { domain: string; uri: string; chainId: number },
): Promise<SignedIn[]> {
  const signed: SignedIn[] = [];
  for (const account of accounts) {
    const message = createSiweMessage({
      address: account.address,
      chainId,
      domain,
      uri,
      version: "1",
      nonce: await nonce(client),
      issuedAt: new Date(),
      statement: "Sign in to the Tessera gateway.",
    });
    signed.push({ message, signature: await account.signMessage({ message }) });
  }
  return signed;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * The timed part: every pre-signed session, `concurrency` at a time. Returns the tokens (for
 * follow-up requests) and the rate of completed sessions.
 */
export async function runSessions(
  client: Client,
  signed: readonly SignedIn[],
  { filePath, concurrency }: { filePath: string; concurrency: number },
): Promise<{ tokens: string[]; sessionsPerSec: number; seconds: number; p50Ms: number; p99Ms: number }> {
  const tokens: string[] = new Array(signed.length);
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < signed.length; i = next++) {
      const t0 = performance.now();
      await nonce(client);
      const token = await signIn(client, signed[i] as SignedIn);
      const res = await client.request("GET", filePath, { authorization: `Bearer ${token}` });
      if (res.status !== 200) throw new Error(`first request of a session: HTTP ${res.status} ${res.body}`);
      latencies.push(performance.now() - t0);
      tokens[i] = token;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    tokens,
    sessionsPerSec: signed.length / seconds,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * `perToken` more requests of `filePath` with each token (served from the entitlement cache), the
 * newest sessions first, so that entries only age past the cache's TTL when the timed phase itself
 * took longer than that.
 */
export async function followUp(
  client: Client,
  tokens: readonly string[],
  { filePath, perToken, concurrency }: { filePath: string; perToken: number; concurrency: number },
): Promise<void> {
  let next = 0;
  const total = tokens.length * perToken;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const token = tokens[tokens.length - 1 - (i % tokens.length)];
      const res = await client.request("GET", filePath, { authorization: `Bearer ${token}` });
      if (res.status !== 200) throw new Error(`follow-up request: HTTP ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
