/**
 * Gateway benchmark: the entitlement download gateway under load on loopback, written to
 * bench/gateway.json and the README's gateway table. Run with `npm run bench:gateway` (or
 * `node bench/gateway.ts`). Needs Debian's `nginx` and `wrk` and `curl` on PATH
 * (`apt-get install -y nginx wrk`).
 *
 * Set-up (all by the bench, all torn down at the end, also on failure or Ctrl-C): a Hardhat node
 * (EDR) on 127.0.0.1:48545, a Tessera deployment, one asset whose version 1 is a 1 KiB and a 1 GiB
 * file of random bytes in a LocalAssetStore under a temporary directory, one offer, and a license
 * for each of SESSIONS + 1 accounts with derived keys. The gateway runs in its own process
 * (bench/gateway/gatewayProcess.ts: the same wiring as scripts/gateway/startGateway.ts, audit log
 * on with its default fsync-per-batch durability, event poller on at its default 1 s) on
 * 127.0.0.1:48787; its rate limits are raised (burst and refill 10^9): the per-IP one on sign-in
 * because every bench session comes from 127.0.0.1, the per-address one (default 100 req/s)
 * because one session token drives the cached phase.
 *
 * Measurements:
 *  - cached*: `wrk -t1 -c10 --latency` (keep-alive) GETs of the 1 KiB file with one session token
 *    whose entitlement is cached (2 s warm-up, then 10 s).
 *  - newSessionsPerSec: SESSIONS distinct licensed accounts, 16 at a time; per session GET nonce,
 *    POST verify (EIP-4361 message signed before the clock starts) and the first GET of the 1 KiB
 *    file (an uncached entitlement read on chain). See bench/gateway/sessions.ts.
 *  - rpcCallsPerSession: the gateway's JSON-RPC calls on the request path (everything but the
 *    event poller's head-block and eth_getLogs reads) from after sign-in to the end of the session
 *    phase, which includes 3 more (cached) GETs per session, divided by the sessions; the sign-in's
 *    own calls (SIWE signature check) are reported apart, as are the poller's per second.
 *  - stream* (the production layout): curl downloads (-o /dev/null) of the 1 GiB file, 1 and 4 at
 *    once, through nginx running the site of scripts/gateway/nginxConfig.ts in front of a second
 *    gateway process (same wiring, its own audit log, started with accelRedirect "/_tessera_store"
 *    and trustProxy, SIWE domain = nginx's address): nginx proxies the request, the gateway checks
 *    the token and the license, audits and answers X-Accel-Redirect, nginx sends the stored file
 *    with sendfile. As a ratio to nginx alone serving the same file from the same nginx process (a
 *    second server block; same worker, same http-level settings: sendfile on, tcp_nopush on, no
 *    access log); best of STREAM_ROUNDS rounds each (DIRECT_ROUNDS for the slow direct layout),
 *    the layouts interleaved within a round, every round's figures in details.streamRounds.
 *    Before timing, bench/gateway/accel.ts checks the layout and throws on any failure: one full
 *    download through nginx has the manifest's sha256, a Range request gets exactly those bytes, a
 *    signed-in account without a license gets 403 and no token 401, the internal location is 404
 *    from outside, and every file request is audited (also every timed download, checked after).
 *  - streamRssGrowthMiB: the VmRSS of the gateway behind nginx, sampled every 50 ms during its
 *    4-download run, peak minus the value just before.
 *  - directStream*: the same downloads from the first gateway directly (no nginx), which streams
 *    the file itself (LocalAssetStore, 64 KiB reads); directStreamRssGrowthMiB likewise.
 *  - details.behindNginx.smallFileViaNginx: wrk (1 s warm-up, 5 s) of the 1 KiB file through
 *    nginx → gateway → nginx, for the production layout's small-request cost (no goal), and the
 *    same load on nginx alone (smallFileNginxAlone), a control for how much tail latency is the
 *    machine's own.
 *
 * Env: TESSERA_BENCH_LARGE_MIB (default 1024) shrinks the large file for quick runs;
 * TESSERA_BENCH_CPU_PROF=<dir> runs both gateway processes with `--cpu-prof` into <dir> (one
 * .cpuprofile per pid: the direct gateway's pid is printed first);
 * TESSERA_BENCH_GATEWAY_NODE_FLAGS="--trace-gc …" adds Node flags to both gateway processes;
 * TESSERA_BENCH_PHASES=cached,sessions,streams picks phases (a partial run writes nothing).
 */

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { nginxServerBlock } from "../scripts/gateway/nginxConfig.ts";
import { checkAccelPath, waitForAudit } from "./gateway/accel.ts";
import { buyLicenses, derivedAccounts, listAsset, startBenchChain } from "./gateway/chain.ts";
import { freeBytes, LARGE_FILE, SMALL_FILE, storeBenchFiles } from "./gateway/files.ts";
import { type Counters, type GatewayChild, spawnGateway } from "./gateway/gatewayChild.ts";
import type { GatewayProcessConfig } from "./gateway/gatewayProcess.ts";
import { parallelDownloads, type WrkResult, wrk } from "./gateway/load.ts";
import { type CpuUse, cpuSnapshot, cpuUse } from "./gateway/machine.ts";
import { type Nginx, startNginx, staticServerBlock } from "./gateway/nginx.ts";
import { freePort } from "./gateway/ports.ts";
import { sampleRss } from "./gateway/rss.ts";
import { createClient, followUp, prepare, runSessions, signIn } from "./gateway/sessions.ts";
import { createTeardown, machineInfo, step, writeReadmeSection } from "./lib/harness.ts";

const SESSIONS = 1500;
const SESSION_CONCURRENCY = 16;
const FOLLOW_UPS = 3;
const WRK_CONNECTIONS = 10;
const WRK_SECONDS = 10;
/** Rounds of the nginx and nginx → gateway downloads (best of), and of the slower direct ones. */
const STREAM_ROUNDS = 5;
const DIRECT_ROUNDS = 3;
interface StreamRound {
  round: number;
  nginx1?: number;
  behindNginx1?: number;
  direct1?: number;
  nginx4?: number;
  behindNginx4?: number;
  direct4?: number;
  behindNginxRssGrowthMiB?: number;
  directRssGrowthMiB?: number;
}
/** The gateway's accelRedirect and the production site's internal location. */
const ACCEL_PREFIX = "/_tessera_store";
const LARGE_SIZE = Number(process.env.TESSERA_BENCH_LARGE_MIB ?? 1024) * 2 ** 20;
const ALL_PHASES = ["cached", "sessions", "streams"];
const PHASES = new Set((process.env.TESSERA_BENCH_PHASES ?? ALL_PHASES.join(",")).split(","));
const PARTIAL = ALL_PHASES.some((phase) => !PHASES.has(phase));
/** What the event poller asks (head block, logs); everything else is on the request path. */
const POLLER_METHODS = new Set(["eth_blockNumber", "eth_getBlockByNumber", "eth_getLogs"]);

const round = (n: number, digits: number) => Number(n.toFixed(digits));
const round1 = (n: number) => round(n, 1);

for (const [tool, args] of [
  ["wrk", ["-v"]],
  ["curl", ["--version"]],
] as const) {
  const probe = spawnSync(tool, args);
  if (probe.error) throw new Error(`${tool} is not installed: apt-get update && apt-get install -y nginx wrk curl`);
}

// ---- teardown: every child and the temp dir, also on failure or Ctrl-C ----
const { cleanups, cleanup } = createTeardown();

const diff = (after: Counters, before: Counters) => {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(after.rpc)) {
    const d = n - (before.rpc[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
};
const cpuText = (use: CpuUse | undefined) =>
  use === undefined
    ? ""
    : `CPU meanwhile: machine ${use.machineCores} of ${os.cpus().length} cores busy, the bench's processes ` +
      `${use.benchCores}, others ${use.otherCores} ${JSON.stringify(use.topOthers)}`;
const sum = (counts: Record<string, number>, keep: (key: string) => boolean) =>
  Object.entries(counts).reduce((total, [key, n]) => (keep(key) ? total + n : total), 0);

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-gateway-bench-"));
  cleanups.push(["the temp dir", () => rm(dir, { recursive: true, force: true })]);
  const free = await freeBytes(dir);
  step(`temp dir ${dir} (${(free / 2 ** 30).toFixed(1)} GiB free)`);
  if (free < LARGE_SIZE * 1.5 + 2 ** 30) {
    throw new Error(
      `not enough free disk in ${dir}: ${(free / 2 ** 30).toFixed(1)} GiB, need ~${LARGE_SIZE / 2 ** 30 + 1.5} GiB`,
    );
  }

  const rpcPort = await freePort(48545);
  step(`starting a Hardhat node on 127.0.0.1:${rpcPort} and writing the files …`);
  const [chain, files] = await Promise.all([
    startBenchChain(rpcPort).then((c) => {
      cleanups.push(["the chain", () => c.chain.stop()]);
      step(`chain up, Tessera deployed (market ${c.deployment.contracts.LicenseMarket.address})`);
      return c;
    }),
    storeBenchFiles(dir, LARGE_SIZE, step),
  ]);
  const offer = await listAsset(chain, files.contentHash);
  step("listed asset 1 (version 1 = the stored files) with a 30-day Apache-2.0 offer");
  const accounts = derivedAccounts(SESSIONS + 1);
  await buyLicenses(
    chain,
    offer,
    accounts.map((a) => a.address),
    (done) => step(`bought ${done} / ${accounts.length} licenses`),
  );

  const gatewayPort = await freePort(48787);
  const cpuProfDir = process.env.TESSERA_BENCH_CPU_PROF;
  const cpuProfArgs = [
    ...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : []),
    ...(process.env.TESSERA_BENCH_GATEWAY_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== ""),
  ];
  const gatewayConfig: GatewayProcessConfig = {
    rpcUrl: chain.chain.rpcUrl,
    deployment: chain.deployment,
    storeRoot: files.storeRoot,
    auditPath: path.join(dir, "audit.jsonl"),
    port: gatewayPort,
    sessionSecret: randomBytes(32).toString("hex"),
    authRateLimit: { burst: 1e9, refillPerSec: 1e9 },
    addressRateLimit: { burst: 1e9, refillPerSec: 1e9 },
  };
  const gateway: GatewayChild = await spawnGateway(gatewayConfig, { execArgv: cpuProfArgs });
  cleanups.push(["the gateway", () => gateway.stop()]);
  step(`gateway process pid ${gateway.pid} on ${gateway.url}${cpuProfDir ? ` (--cpu-prof into ${cpuProfDir})` : ""}`);
  const siwe = { domain: `127.0.0.1:${gateway.port}`, uri: gateway.url, chainId: chain.deployment.chainId };
  const smallPath = `/v1/assets/1/versions/1/files/${SMALL_FILE}`;
  const largePath = `/v1/assets/1/versions/1/files/${LARGE_FILE}`;

  // ---- 1. cached GETs of the small file ----
  const client = createClient(gateway.url, SESSION_CONCURRENCY);
  cleanups.push(["the client", async () => client.close()]);
  const benchAccount = accounts[SESSIONS];
  if (benchAccount === undefined) throw new Error("no account for the cached phase");
  const [benchSigned] = await prepare(client, [benchAccount], siwe);
  if (benchSigned === undefined) throw new Error("could not sign in");
  const token = await signIn(client, benchSigned);
  const auth = { authorization: `Bearer ${token}` };
  const first = await client.request("GET", smallPath, auth);
  if (first.status !== 200) throw new Error(`GET ${smallPath}: HTTP ${first.status} ${first.body}`);
  const beforeWrk = await gateway.counters();
  let afterWrk = beforeWrk;
  let cached: WrkResult = {
    p50Ms: NaN,
    p75Ms: NaN,
    p90Ms: NaN,
    p99Ms: NaN,
    reqPerSec: NaN,
    requests: 0,
    non2xx: 0,
    socketErrors: 0,
  };
  const cpu: { cached?: CpuUse; sessions?: CpuUse; streams?: CpuUse } = {};
  if (PHASES.has("cached")) {
    step(`cached GETs: wrk -t1 -c${WRK_CONNECTIONS}, 2 s warm-up then ${WRK_SECONDS} s …`);
    await wrk({ url: `${gateway.url}${smallPath}`, connections: WRK_CONNECTIONS, seconds: 2, headers: auth });
    const before = await gateway.counters();
    const cpuBefore = cpuSnapshot();
    cached = await wrk({
      url: `${gateway.url}${smallPath}`,
      connections: WRK_CONNECTIONS,
      seconds: WRK_SECONDS,
      headers: auth,
    });
    cpu.cached = cpuUse(cpuBefore);
    afterWrk = await gateway.counters();
    Object.assign(beforeWrk, before);
    if (cached.non2xx > 0 || cached.socketErrors > 0) {
      const probe = await client.request("GET", smallPath, auth);
      throw new Error(
        `wrk saw ${cached.non2xx} non-2xx responses and ${cached.socketErrors} socket errors ` +
          `(a request now: HTTP ${probe.status} ${probe.body.toString("utf8").slice(0, 200)})`,
      );
    }
    step(
      `  ${cached.reqPerSec.toFixed(0)} req/s, p50 ${cached.p50Ms} ms, p99 ${cached.p99Ms} ms ` +
        `(${cached.requests} requests; RPC calls meanwhile: ${JSON.stringify(diff(afterWrk, beforeWrk))})`,
    );
    step(`  ${cpuText(cpu.cached)}`);
  }

  // ---- 2. new sessions ----
  let sessions = { tokens: [] as string[], sessionsPerSec: NaN, seconds: NaN, p50Ms: NaN, p99Ms: NaN };
  let sessionCalls: Record<string, number> = {};
  let timedCalls: Record<string, number> = {};
  let sessionsSeconds = NaN;
  if (PHASES.has("sessions")) {
    step(`signing ${SESSIONS} SIWE messages (untimed; one nonce fetched for each) …`);
    const signed = await prepare(client, accounts.slice(0, SESSIONS), siwe);
    const beforeSessions = await gateway.counters();
    const sessionsStart = performance.now();
    const cpuBefore = cpuSnapshot();
    step(`new sessions: ${SESSIONS} accounts, ${SESSION_CONCURRENCY} at a time …`);
    sessions = await runSessions(client, signed, { filePath: smallPath, concurrency: SESSION_CONCURRENCY });
    cpu.sessions = cpuUse(cpuBefore);
    const afterTimed = await gateway.counters();
    timedCalls = diff(afterTimed, beforeSessions);
    await followUp(client, sessions.tokens, {
      filePath: smallPath,
      perToken: FOLLOW_UPS,
      concurrency: SESSION_CONCURRENCY,
    });
    const afterSessions = await gateway.counters();
    sessionsSeconds = (performance.now() - sessionsStart) / 1000;
    sessionCalls = diff(afterSessions, beforeSessions);
    step(
      `  ${sessions.sessionsPerSec.toFixed(0)} sessions/s (${sessions.seconds.toFixed(2)} s; per session ` +
        `p50 ${sessions.p50Ms.toFixed(1)} ms, p99 ${sessions.p99Ms.toFixed(1)} ms); RPC calls ${JSON.stringify(sessionCalls)}`,
    );
    step(`  ${cpuText(cpu.sessions)}`);
  }
  const signInCalls = sum(sessionCalls, (key) => key === "eth_call:signatureVerifier");
  const requestCalls = sum(sessionCalls, (key) => !POLLER_METHODS.has(key) && key !== "eth_call:signatureVerifier");
  const pollerCalls = sum(sessionCalls, (key) => POLLER_METHODS.has(key));

  // ---- 3. large downloads: nginx alone vs nginx → gateway (X-Accel-Redirect) vs the gateway alone ----
  const best = { nginx1: NaN, direct1: NaN, accel1: NaN, nginx4: NaN, direct4: NaN, accel4: NaN };
  let directRss = { growthKiB: NaN, baseKiB: NaN };
  let accelRss = { growthKiB: NaN, baseKiB: NaN };
  let nginxInfo = "";
  let accelChecked: string[] = [];
  let viaNginxSmall: WrkResult | null = null;
  let nginxSmall: WrkResult | null = null;
  let accelFinal: Counters | null = null;
  let accelPid = 0;
  const streamRounds: StreamRound[] = [];
  let accelHeaders: Record<string, string> = {};
  if (PHASES.has("streams")) {
    const storeRoot = await realpath(files.storeRoot); // nginx's disable_symlinks checks every component
    const staticPort = await freePort(48080);
    const proxyPort = await freePort(48090);
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const accelGateway = await spawnGateway(
      {
        ...gatewayConfig,
        auditPath: path.join(dir, "audit-behind-nginx.jsonl"),
        port: await freePort(48800),
        accelRedirect: ACCEL_PREFIX,
        trustProxy: true,
        publicUrl: proxyUrl,
      },
      { execArgv: cpuProfArgs },
    );
    cleanups.push(["the gateway behind nginx", () => accelGateway.stop()]);
    accelPid = accelGateway.pid;
    const nginx: Nginx = await startNginx({
      dir: path.join(dir, "nginx"),
      servers: [
        staticServerBlock({ port: staticPort, root: path.join(storeRoot, "1", "1", "files") }),
        nginxServerBlock({
          listen: `127.0.0.1:${proxyPort}`,
          gateway: `127.0.0.1:${accelGateway.port}`,
          storeRoot,
          prefix: ACCEL_PREFIX,
        }),
      ],
      ready: [`http://127.0.0.1:${staticPort}/`, `${proxyUrl}/healthz`],
    });
    cleanups.push(["nginx", () => nginx.stop()]);
    nginxInfo = `${nginx.version}, ${nginx.settings}`;
    step(
      `nginx ${nginx.version} pid ${nginx.pid} (${nginx.settings}): static on 127.0.0.1:${staticPort}; ` +
        `production site (scripts/gateway/nginxConfig.ts) on ${proxyUrl} → gateway pid ${accelGateway.pid} ` +
        `on 127.0.0.1:${accelGateway.port} (accelRedirect ${ACCEL_PREFIX}, trustProxy)`,
    );

    const checked = await checkAccelPath({
      proxyUrl,
      gateway: accelGateway,
      chainId: chain.deployment.chainId,
      licensed: benchAccount,
      largePath,
      largeSha256: files.sha256[LARGE_FILE] ?? "",
      largeFile: path.join(storeRoot, "1", "1", "files", LARGE_FILE),
      prefix: ACCEL_PREFIX,
    });
    accelChecked = checked.checks;
    accelHeaders = checked.headers;
    for (const line of checked.checks) step(`  ok: ${line}`);
    const accelAuth = { authorization: `Bearer ${checked.token}` };

    const nginxLarge = `http://127.0.0.1:${staticPort}/${LARGE_FILE}`;
    const directLarge = `${gateway.url}${largePath}`;
    const accelLarge = `${proxyUrl}${largePath}`;
    for (const key of Object.keys(best) as (keyof typeof best)[]) best[key] = 0;
    directRss = { growthKiB: 0, baseKiB: 0 };
    accelRss = { growthKiB: 0, baseKiB: 0 };
    const withRss = async (pid: number, into: { growthKiB: number; baseKiB: number }, run: () => Promise<number>) => {
      const rss = sampleRss(pid, 50);
      const mibPerSec = await run();
      const { baseKiB, maxKiB } = rss.stop();
      if (maxKiB - baseKiB >= into.growthKiB) Object.assign(into, { growthKiB: maxKiB - baseKiB, baseKiB });
      return { mibPerSec, growthKiB: maxKiB - baseKiB };
    };
    const auditBefore = (await accelGateway.counters()).auditSeq;
    const cpuBefore = cpuSnapshot();
    const f = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(0));
    for (let round = 1; round <= STREAM_ROUNDS; round++) {
      // nginx alone and nginx → gateway every round; the slow direct layout in the first DIRECT_ROUNDS.
      const direct = round <= DIRECT_ROUNDS;
      const r: StreamRound = { round };
      r.nginx1 = (await parallelDownloads(nginxLarge, 1, LARGE_SIZE)).mibPerSec;
      r.behindNginx1 = (await parallelDownloads(accelLarge, 1, LARGE_SIZE, accelAuth)).mibPerSec;
      if (direct) r.direct1 = (await parallelDownloads(directLarge, 1, LARGE_SIZE, auth)).mibPerSec;
      r.nginx4 = (await parallelDownloads(nginxLarge, 4, LARGE_SIZE)).mibPerSec;
      const a4 = await withRss(
        accelGateway.pid,
        accelRss,
        async () => (await parallelDownloads(accelLarge, 4, LARGE_SIZE, accelAuth)).mibPerSec,
      );
      r.behindNginx4 = a4.mibPerSec;
      r.behindNginxRssGrowthMiB = round1(a4.growthKiB / 1024);
      if (direct) {
        const d4 = await withRss(
          gateway.pid,
          directRss,
          async () => (await parallelDownloads(directLarge, 4, LARGE_SIZE, auth)).mibPerSec,
        );
        r.direct4 = d4.mibPerSec;
        r.directRssGrowthMiB = round1(d4.growthKiB / 1024);
      }
      best.nginx1 = Math.max(best.nginx1, r.nginx1);
      best.accel1 = Math.max(best.accel1, r.behindNginx1);
      best.direct1 = Math.max(best.direct1, r.direct1 ?? 0);
      best.nginx4 = Math.max(best.nginx4, r.nginx4);
      best.accel4 = Math.max(best.accel4, r.behindNginx4);
      best.direct4 = Math.max(best.direct4, r.direct4 ?? 0);
      step(
        `  round ${round} MiB/s — 1 stream: nginx ${f(r.nginx1)}, nginx→gateway ${f(r.behindNginx1)}, ` +
          `gateway alone ${f(r.direct1)}; 4 streams: nginx ${f(r.nginx4)}, nginx→gateway ${f(r.behindNginx4)} ` +
          `(gateway RSS +${r.behindNginxRssGrowthMiB} MiB), gateway alone ${f(r.direct4)}` +
          (direct ? ` (RSS +${r.directRssGrowthMiB} MiB)` : ""),
      );
      for (const key of ["nginx1", "behindNginx1", "direct1", "nginx4", "behindNginx4", "direct4"] as const) {
        const v = r[key];
        if (v !== undefined) r[key] = Math.round(v);
      }
      streamRounds.push(r);
    }
    cpu.streams = cpuUse(cpuBefore);
    step(`  ${cpuText(cpu.streams)}`);
    // Every download through nginx was decided and audited by the gateway: one entry each.
    const expected = auditBefore + STREAM_ROUNDS * 5;
    const audited = await waitForAudit(accelGateway, expected);
    if (audited !== expected) {
      throw new Error(
        `the gateway behind nginx audited ${audited - auditBefore} entries for ${STREAM_ROUNDS * 5} downloads`,
      );
    }
    accelChecked.push(`each of the ${STREAM_ROUNDS * 5} timed downloads through nginx left one audit entry`);

    step(`small cached file through nginx → gateway → nginx: wrk -t1 -c${WRK_CONNECTIONS}, 1 s warm-up then 5 s …`);
    const smallViaNginx = `${proxyUrl}${smallPath}`;
    await wrk({ url: smallViaNginx, connections: WRK_CONNECTIONS, seconds: 1, headers: accelAuth });
    viaNginxSmall = await wrk({ url: smallViaNginx, connections: WRK_CONNECTIONS, seconds: 5, headers: accelAuth });
    if (viaNginxSmall.non2xx > 0 || viaNginxSmall.socketErrors > 0) {
      throw new Error(
        `wrk through nginx saw ${viaNginxSmall.non2xx} non-2xx and ${viaNginxSmall.socketErrors} socket errors`,
      );
    }
    step(`  ${viaNginxSmall.reqPerSec.toFixed(0)} req/s, p50 ${viaNginxSmall.p50Ms} ms, p99 ${viaNginxSmall.p99Ms} ms`);
    // Control: the same load on nginx alone (static 1 KiB file): how much of the tail is the machine's.
    const smallNginx = `http://127.0.0.1:${staticPort}/${SMALL_FILE}`;
    await wrk({ url: smallNginx, connections: WRK_CONNECTIONS, seconds: 1 });
    nginxSmall = await wrk({ url: smallNginx, connections: WRK_CONNECTIONS, seconds: 5 });
    step(
      `  control, nginx alone: ${nginxSmall.reqPerSec.toFixed(0)} req/s, p50 ${nginxSmall.p50Ms} ms, p99 ${nginxSmall.p99Ms} ms`,
    );
    accelFinal = await accelGateway.counters();
  }

  const final = await gateway.counters();

  const results = {
    cachedP50Ms: round(cached.p50Ms, 3),
    cachedP99Ms: round(cached.p99Ms, 3),
    cachedReqPerSec: Math.round(cached.reqPerSec),
    newSessionsPerSec: Math.round(sessions.sessionsPerSec),
    rpcCallsPerSession: round(requestCalls / SESSIONS, 3),
    pollerRpcCallsPerSec: round(pollerCalls / sessionsSeconds, 2),
    signInRpcCallsPerSession: round(signInCalls / SESSIONS, 3),
    // Production layout: nginx → gateway (auth, audit, X-Accel-Redirect) → nginx sendfile.
    stream1VsNginx: round(best.accel1 / best.nginx1, 3),
    stream4VsNginx: round(best.accel4 / best.nginx4, 3),
    stream1MiBps: { behindNginx: Math.round(best.accel1), nginx: Math.round(best.nginx1) },
    stream4MiBps: { behindNginx: Math.round(best.accel4), nginx: Math.round(best.nginx4) },
    streamRssGrowthMiB: round(accelRss.growthKiB / 1024, 1),
    // The gateway alone, streaming the file itself (Node, 64 KiB reads).
    directStream1VsNginx: round(best.direct1 / best.nginx1, 3),
    directStream4VsNginx: round(best.direct4 / best.nginx4, 3),
    directStream1MiBps: { gateway: Math.round(best.direct1), nginx: Math.round(best.nginx1) },
    directStream4MiBps: { gateway: Math.round(best.direct4), nginx: Math.round(best.nginx4) },
    directStreamRssGrowthMiB: round(directRss.growthKiB / 1024, 1),
  };
  const goals = {
    cachedP50Ms: { max: 1 },
    cachedP99Ms: { max: 5 },
    cachedReqPerSec: { min: 10_000 },
    newSessionsPerSec: { min: 400 },
    rpcCallsPerSession: { max: 1 },
    stream1VsNginx: { min: 0.9 },
    stream4VsNginx: { min: 0.9 },
    streamRssGrowthMiB: { max: 64 },
  } as const;
  const met = Object.fromEntries(
    Object.entries(goals).map(([key, goal]) => {
      const value = results[key as keyof typeof goals];
      return [key, "max" in goal ? value <= goal.max : value >= goal.min];
    }),
  ) as Record<keyof typeof goals, boolean>;

  const output = {
    machine: machineInfo(loadAtStart),
    node: process.version,
    date: new Date().toISOString(),
    ...results,
    goals,
    met,
    details: {
      largeFileBytes: LARGE_SIZE,
      smallFileBytes: 1024,
      wrk: { threads: 1, connections: WRK_CONNECTIONS, seconds: WRK_SECONDS, ...cached },
      sessions: {
        count: SESSIONS,
        concurrency: SESSION_CONCURRENCY,
        seconds: round(sessions.seconds, 3),
        p50Ms: round(sessions.p50Ms, 2),
        p99Ms: round(sessions.p99Ms, 2),
        followUpGetsPerSession: FOLLOW_UPS,
      },
      rpcCallsDuringWrk: diff(afterWrk, beforeWrk),
      rpcCallsDuringSessions: sessionCalls,
      rpcCallsDuringTimedSessions: timedCalls,
      rpcCallsTotal: final.rpc,
      streamRounds,
      streamRssBaseMiB: round(accelRss.baseKiB / 1024, 1),
      directStreamRssBaseMiB: round(directRss.baseKiB / 1024, 1),
      gatewayPid: gateway.pid,
      auditEntries: final.auditSeq,
      gatewayErrors: final.errors,
      behindNginx: {
        gatewayPid: accelPid,
        accelRedirect: ACCEL_PREFIX,
        nginxSite: "scripts/gateway/nginxConfig.ts nginxServerBlock()",
        checks: accelChecked,
        headersOfAFullDownload: accelHeaders,
        smallFileViaNginx: viaNginxSmall && {
          connections: WRK_CONNECTIONS,
          seconds: 5,
          ...viaNginxSmall,
        },
        smallFileNginxAlone: nginxSmall && { connections: WRK_CONNECTIONS, seconds: 5, ...nginxSmall },
        rpcCallsTotal: accelFinal?.rpc ?? {},
        auditEntries: accelFinal?.auditSeq ?? 0,
        gatewayErrors: accelFinal?.errors ?? 0,
      },
      nginx: nginxInfo,
      cpuDuringPhases: cpu,
      authRateLimit:
        "raised to burst 1e9 / refill 1e9 per s in the bench's gateway process (all sessions come from 127.0.0.1)",
      auditLog: "on (AuditLog.open default: fsync per batch)",
    },
  };

  console.log("");
  console.table(
    Object.fromEntries(Object.entries(results).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : v])),
  );
  const units: Partial<Record<keyof typeof goals, string>> = {
    cachedP50Ms: " ms",
    cachedP99Ms: " ms",
    cachedReqPerSec: " req/s",
    newSessionsPerSec: " /s",
    streamRssGrowthMiB: " MiB",
  };
  const goalText = (key: keyof typeof goals) => {
    const goal = goals[key];
    const bound = "max" in goal ? `≤ ${goal.max.toLocaleString("en-US")}` : `≥ ${goal.min.toLocaleString("en-US")}`;
    return `${bound}${units[key] ?? ""}`;
  };
  for (const key of Object.keys(goals) as (keyof typeof goals)[]) {
    console.log(`${met[key] ? "met   " : "MISSED"} ${key} ${goalText(key)} (got ${results[key]})`);
  }

  if (PARTIAL) {
    step(`partial run (TESSERA_BENCH_PHASES=${[...PHASES].join(",")}): bench/gateway.json and the README not written`);
    return;
  }
  await writeFile(new URL("./gateway.json", import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
  step("wrote bench/gateway.json");

  // ---- README table, between its markers ----
  const DIRECT = "gateway alone (Node)";
  const PROD = "nginx → gateway → nginx sendfile";
  const rows: [string, string, string, string | null][] = [
    ["cachedP50Ms", DIRECT, `${results.cachedP50Ms} ms`, goalText("cachedP50Ms")],
    ["cachedP99Ms", DIRECT, `${results.cachedP99Ms} ms`, goalText("cachedP99Ms")],
    ["cachedReqPerSec", DIRECT, results.cachedReqPerSec.toLocaleString("en-US"), goalText("cachedReqPerSec")],
    ["newSessionsPerSec", DIRECT, results.newSessionsPerSec.toLocaleString("en-US"), goalText("newSessionsPerSec")],
    ["rpcCallsPerSession", DIRECT, `${results.rpcCallsPerSession}`, goalText("rpcCallsPerSession")],
    ["stream1VsNginx", PROD, `${results.stream1VsNginx}`, goalText("stream1VsNginx")],
    ["stream4VsNginx", PROD, `${results.stream4VsNginx}`, goalText("stream4VsNginx")],
    ["streamRssGrowthMiB", PROD, `${results.streamRssGrowthMiB} MiB`, goalText("streamRssGrowthMiB")],
    ["directStream1VsNginx", DIRECT, `${results.directStream1VsNginx}`, null],
    ["directStream4VsNginx", DIRECT, `${results.directStream4VsNginx}`, null],
    ["directStreamRssGrowthMiB", DIRECT, `${results.directStreamRssGrowthMiB} MiB`, null],
  ];
  const small = output.details.behindNginx.smallFileViaNginx;
  const table = [
    "| metric | layout | value | goal | |",
    "|---|---|---:|---|---|",
    ...rows.map(([key, layout, value, goal]) =>
      goal === null
        ? `| \`${key}\` | ${layout} | ${value} | — | (for comparison) |`
        : `| \`${key}\` | ${layout} | ${value} | ${goal} | ${met[key as keyof typeof met] ? "met" : "**missed**"} |`,
    ),
    "",
    `Layouts: *${DIRECT}* — clients talk to the gateway process directly and it streams files itself ` +
      `(64 KiB reads); *${PROD}* — the production site from \`scripts/gateway/nginxConfig.ts\`: nginx proxies ` +
      "to the gateway (started with `accelRedirect` and `trustProxy`), which signs in, checks the license, " +
      "audits and answers `X-Accel-Redirect`; nginx then sends the stored file with sendfile. Both are compared " +
      "with nginx alone serving the same file in the same run, from the same nginx process. " +
      `Downloads of the 1 GiB file, MiB/s (best of ${STREAM_ROUNDS} rounds, ${DIRECT_ROUNDS} for the gateway alone): 1 stream — nginx ${results.stream1MiBps.nginx}, ` +
      `nginx → gateway ${results.stream1MiBps.behindNginx}, gateway alone ${results.directStream1MiBps.gateway}; ` +
      `4 streams — nginx ${results.stream4MiBps.nginx}, nginx → gateway ${results.stream4MiBps.behindNginx}, ` +
      `gateway alone ${results.directStream4MiBps.gateway}. RSS growth is the gateway process's in each layout. ` +
      (small
        ? `The 1 KiB file through nginx → gateway → nginx (wrk -c${small.connections}): ` +
          `${Math.round(small.reqPerSec).toLocaleString("en-US")} req/s, p50 ${small.p50Ms} ms, p99 ${small.p99Ms} ms` +
          (nginxSmall
            ? ` (nginx alone, same load: ${Math.round(nginxSmall.reqPerSec).toLocaleString("en-US")} req/s, ` +
              `p50 ${nginxSmall.p50Ms} ms, p99 ${nginxSmall.p99Ms} ms). `
            : ". ")
        : "") +
      `Sign-in RPC calls per session (SIWE signature check): ${results.signInRpcCallsPerSession}; ` +
      `event poller: ${results.pollerRpcCallsPerSec} calls/s. ` +
      `${output.machine.cpus} × ${output.machine.cpuModel}, Node ${output.node}, ${output.date.slice(0, 10)}.`,
  ].join("\n");
  await writeReadmeSection("gateway-bench", table, "gateway table");
}

const loadAtStart = os.loadavg()[0] ?? 0;
try {
  await main();
} catch (error) {
  console.error(`\ngateway bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  step("stopping the gateway, nginx and the chain; deleting the temp dir …");
  await cleanup();
  step("done");
}
