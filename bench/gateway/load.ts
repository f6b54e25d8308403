/**
 * Load generators: wrk (keep-alive request rate and latency) and curl (bulk downloads); a hashing
 * download with Node's client for byte-exactness checks.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} exited with ${code}: ${err.trim() || out.trim()}`));
    });
  });
}

export interface WrkResult {
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  reqPerSec: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
}

const toMs = (value: string, unit: string) =>
  Number((Number(value) * ({ us: 1e-3, ms: 1, s: 1000 }[unit] ?? Number.NaN)).toFixed(3));

export function parseWrk(output: string): WrkResult {
  const pct = (p: number) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
    if (!m?.[1] || !m[2]) throw new Error(`wrk output has no ${p}% latency:\n${output}`);
    return toMs(m[1], m[2]);
  };
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const total = /^\s*(\d+) requests in/m.exec(output);
  if (!rate?.[1] || !total?.[1]) throw new Error(`cannot parse wrk output:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    p50Ms: pct(50),
    p75Ms: pct(75),
    p90Ms: pct(90),
    p99Ms: pct(99),
    reqPerSec: Number(rate[1]),
    requests: Number(total[1]),
    non2xx,
    socketErrors,
  };
}

/** `wrk --latency` with one thread (the gateway gets the other core) and keep-alive connections. */
export async function wrk({
  url,
  connections,
  seconds,
  headers = {},
}: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}): Promise<WrkResult> {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  return parseWrk(await run("wrk", [...args, url]));
}

export interface Download {
  bytes: number;
  seconds: number;
  status: number;
}

/** One download with curl, bytes discarded. */
export async function curlDownload(url: string, headers: Record<string, string> = {}): Promise<Download> {
  const args = ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  const [status = "0", bytes = "0", seconds = "0"] = (await run("curl", [...args, url])).trim().split(" ");
  return { status: Number(status), bytes: Number(bytes), seconds: Number(seconds) };
}

/**
 * `parallel` simultaneous downloads; the throughput is all bytes over the longest transfer time
 * curl reports (process start-up excluded, so a fast server is not penalised by it).
 */
export async function parallelDownloads(
  url: string,
  parallel: number,
  expectedBytes: number,
  headers: Record<string, string> = {},
): Promise<{ mibPerSec: number; seconds: number }> {
  const results = await Promise.all(Array.from({ length: parallel }, () => curlDownload(url, headers)));
  const seconds = Math.max(...results.map((r) => r.seconds));
  for (const r of results) {
    if (r.status !== 200 || r.bytes !== expectedBytes) {
      throw new Error(`download of ${url} failed: HTTP ${r.status}, ${r.bytes} of ${expectedBytes} bytes`);
    }
  }
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  return { mibPerSec: bytes / 2 ** 20 / seconds, seconds };
}

export interface HashedDownload {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  sha256: string;
  /** The first 64 KiB of the body, for error messages and small checks. */
  head: Buffer;
}

/** One GET with Node's http client, the body hashed (sha256) as it arrives, not kept. */
export function hashedDownload(url: string, headers: Record<string, string> = {}): Promise<HashedDownload> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const hash = createHash("sha256");
      const head: Buffer[] = [];
      let headBytes = 0;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (headBytes < 65_536) {
          head.push(chunk.subarray(0, 65_536 - headBytes));
          headBytes += Math.min(chunk.length, 65_536 - headBytes);
        }
      });
      res.once("error", reject);
      res.once("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          sha256: hash.digest("hex"),
          head: Buffer.concat(head),
        }),
      );
    });
    req.once("error", reject);
  });
}
