/**
 * Correctness checks of the production layout (nginx → gateway with X-Accel-Redirect → nginx
 * sendfile from the store) before it is timed; each failure throws, so the bench fails loudly:
 *  - sign-in (nonce, SIWE verify) works through nginx, with nginx's address as the SIWE domain;
 *  - one full download of the large file through nginx is byte-exact (its sha256 is the manifest's)
 *    and does not leak the X-Accel-Redirect header;
 *  - a Range request through nginx gets 206 and exactly those bytes;
 *  - a signed-in account without a license gets the gateway's 403 (JSON, no file bytes), and a
 *    request without a token gets 401;
 *  - the store's internal location cannot be fetched directly through nginx (404);
 *  - the gateway audited each of those file requests (one entry each).
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { PrivateKeyAccount } from "viem/accounts";
import { derivedAccounts } from "./chain.ts";
import type { GatewayChild } from "./gatewayChild.ts";
import { hashedDownload } from "./load.ts";
import { createClient, prepare, signIn } from "./sessions.ts";

/** Polls the gateway's audit head until it reaches `expected` or `timeoutMs` passes; returns it. */
export async function waitForAudit(gateway: GatewayChild, expected: number, timeoutMs = 3_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seq = (await gateway.counters()).auditSeq;
    if (seq >= expected || Date.now() > deadline) return seq;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function fileSlice(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

export async function checkAccelPath({
  proxyUrl,
  gateway,
  chainId,
  licensed,
  largePath,
  largeSha256,
  largeFile,
  prefix,
}: {
  /** nginx's production site. */
  proxyUrl: string;
  /** The gateway behind it. */
  gateway: GatewayChild;
  chainId: number;
  /** An account holding a license on asset 1. */
  licensed: PrivateKeyAccount;
  /** `/v1/assets/1/versions/1/files/<large file>`. */
  largePath: string;
  largeSha256: string;
  /** The stored large file on disk (for the Range check). */
  largeFile: string;
  /** The internal location (must not be reachable from outside). */
  prefix: string;
}): Promise<{ token: string; headers: Record<string, string>; checks: string[] }> {
  const checks: string[] = [];
  const fail = (what: string): never => {
    throw new Error(`production layout (nginx → gateway → X-Accel-Redirect): ${what}`);
  };
  const client = createClient(proxyUrl, 2);
  try {
    const siwe = { domain: new URL(proxyUrl).host, uri: proxyUrl, chainId };
    const [unlicensedAccount] = derivedAccounts(1, "tessera-gateway-bench/unlicensed");
    if (unlicensedAccount === undefined) return fail("no unlicensed account");
    const [licensedSigned, unlicensedSigned] = await prepare(client, [licensed, unlicensedAccount], siwe);
    if (licensedSigned === undefined || unlicensedSigned === undefined) return fail("could not sign in");
    const token = await signIn(client, licensedSigned);
    const stranger = await signIn(client, unlicensedSigned);
    checks.push("sign-in through nginx (SIWE domain = nginx's address)");
    const auditBefore = (await gateway.counters()).auditSeq;
    const url = `${proxyUrl}${largePath}`;

    const full = await hashedDownload(url, { authorization: `Bearer ${token}` });
    if (full.status !== 200) fail(`full download: HTTP ${full.status} ${full.head.toString("utf8").slice(0, 200)}`);
    if (full.sha256 !== largeSha256) {
      fail(`full download: ${full.bytes} bytes with sha256 ${full.sha256}, the manifest says ${largeSha256}`);
    }
    if (full.headers["x-accel-redirect"] !== undefined) fail("X-Accel-Redirect reached the client");
    if (full.headers.etag !== `"${largeSha256}"`) fail(`ETag ${full.headers.etag} is not the file's sha256`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(full.headers)) {
      if (name !== "date" && value !== undefined) headers[name] = String(value);
    }
    checks.push(`full download through nginx: HTTP 200, ${full.bytes} bytes, sha256 and ETag = the manifest's`);

    const start = 1_000_003;
    const length = 65_536 + 7;
    const ranged = await hashedDownload(url, {
      authorization: `Bearer ${token}`,
      range: `bytes=${start}-${start + length - 1}`,
    });
    const expected = await fileSlice(largeFile, start, length);
    if (ranged.status !== 206 || ranged.bytes !== length || ranged.sha256 !== sha256(expected)) {
      fail(
        `Range bytes=${start}-${start + length - 1}: HTTP ${ranged.status}, ${ranged.bytes} bytes ` +
          `(content-range ${ranged.headers["content-range"]}), ${ranged.sha256 === sha256(expected) ? "same" : "other"} bytes`,
      );
    }
    checks.push(`Range through nginx: HTTP 206, ${length} bytes, the file's own (${ranged.headers["content-range"]})`);

    const denied = await hashedDownload(url, { authorization: `Bearer ${stranger}` });
    const deniedBody = denied.head.toString("utf8");
    if (denied.status !== 403 || denied.bytes > 4096 || !deniedBody.includes('"forbidden"')) {
      fail(`signed in without a license: HTTP ${denied.status}, ${denied.bytes} bytes: ${deniedBody.slice(0, 200)}`);
    }
    checks.push(`signed in without a license, through nginx: HTTP 403 ${deniedBody.slice(0, 120)}`);

    const anonymous = await hashedDownload(url);
    if (anonymous.status !== 401 || anonymous.bytes > 4096) {
      fail(`no token: HTTP ${anonymous.status}, ${anonymous.bytes} bytes`);
    }
    checks.push("no token, through nginx: HTTP 401");

    const internal = await hashedDownload(`${proxyUrl}${prefix}/1/1/files/${largePath.split("/").at(-1)}`, {
      authorization: `Bearer ${token}`,
    });
    if (internal.status !== 404 || internal.bytes > 4096) {
      fail(`the internal location ${prefix}/ answered HTTP ${internal.status} with ${internal.bytes} bytes`);
    }
    checks.push(`the internal location ${prefix}/ requested directly: HTTP 404`);

    const audited = (await waitForAudit(gateway, auditBefore + 4)) - auditBefore;
    if (audited !== 4) fail(`4 file requests reached the gateway, it audited ${audited}`);
    checks.push("the gateway audited each of those 4 file requests");
    return { token, headers, checks };
  } finally {
    client.close();
  }
}
