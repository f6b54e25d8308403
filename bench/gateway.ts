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
 *  - stream*: curl downloads (-o /dev/null) of the 1 GiB file, 1 and 4 at once, from the gateway
 *    and from nginx (one worker, sendfile on) serving the same stored file; best of 2 rounds each.
 *  - streamRssGrowthMiB: the gateway's VmRSS sampled every 50 ms during its 4-download run, peak
 *    minus the value just before.
 *
 * Env: TESSERA_BENCH_LARGE_MIB (default 1024) shrinks the large file for quick runs;
 * TESSERA_BENCH_CPU_PROF=<dir> runs the gateway with `--cpu-prof` into <dir>;
 * TESSERA_BENCH_PHASES=cached,sessions,streams picks phases (a partial run writes nothing).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buyLicenses, derivedAccounts, listAsset, startBenchChain } from "./gateway/chain.ts";
import { freeBytes, LARGE_FILE, SMALL_FILE, storeBenchFiles } from "./gateway/files.ts";
import { type Counters, type GatewayChild, spawnGateway } from "./gateway/gatewayChild.ts";
import { parallelDownloads, type WrkResult, wrk } from "./gateway/load.ts";
import { type Nginx, startNginx } from "./gateway/nginx.ts";
import { freePort } from "./gateway/ports.ts";
import { sampleRss } from "./gateway/rss.ts";
import { createClient, followUp, prepare, runSessions, signIn } from "./gateway/sessions.ts";

const SESSIONS = 1500;
const SESSION_CONCURRENCY = 16;
const FOLLOW_UPS = 3;
const WRK_CONNECTIONS = 10;
const WRK_SECONDS = 10;
const LARGE_SIZE = Number(process.env.TESSERA_BENCH_LARGE_MIB ?? 1024) * 2 ** 20;
const ALL_PHASES = ["cached", "sessions", "streams"];
const PHASES = new Set((process.env.TESSERA_BENCH_PHASES ?? ALL_PHASES.join(",")).split(","));
const PARTIAL = ALL_PHASES.some((phase) => !PHASES.has(phase));
/** What the event poller asks (head block, logs); everything else is on the request path. */
const POLLER_METHODS = new Set(["eth_blockNumber", "eth_getBlockByNumber", "eth_getLogs"]);

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s`;
const step = (message: string) => console.log(`[${elapsed()}] ${message}`);
const round = (n: number, digits: number) => Number(n.toFixed(digits));

for (const [tool, args] of [
  ["wrk", ["-v"]],
  ["curl", ["--version"]],
] as const) {
  const probe = spawnSync(tool, args);
  if (probe.error) throw new Error(`${tool} is not installed: apt-get update && apt-get install -y nginx wrk curl`);
}

// ---- teardown: every child and the temp dir, also on failure or Ctrl-C ----
const cleanups: [string, () => Promise<void>][] = [];
let cleaning: Promise<void> | null = null;
const cleanup = () => {
  cleaning ??= (async () => {
    for (const [what, fn] of cleanups.reverse()) {
      const started = performance.now();
      await fn().catch((error: unknown) => console.error(error));
      const ms = performance.now() - started;
      if (ms > 1000) step(`  (stopping ${what} took ${(ms / 1000).toFixed(1)} s)`);
    }
  })();
  return cleaning;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench's processes and deleting its files …`);
    void cleanup().finally(() => process.exit(130));
  });
}

const diff = (after: Counters, before: Counters) => {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(after.rpc)) {
    const d = n - (before.rpc[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
};
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
  const gateway: GatewayChild = await spawnGateway(
    {
      rpcUrl: chain.chain.rpcUrl,
      deployment: chain.deployment,
      storeRoot: files.storeRoot,
      auditPath: path.join(dir, "audit.jsonl"),
      port: gatewayPort,
      sessionSecret: randomBytes(32).toString("hex"),
      authRateLimit: { burst: 1e9, refillPerSec: 1e9 },
      addressRateLimit: { burst: 1e9, refillPerSec: 1e9 },
    },
    { execArgv: cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : [] },
  );
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
  if (PHASES.has("cached")) {
    step(`cached GETs: wrk -t1 -c${WRK_CONNECTIONS}, 2 s warm-up then ${WRK_SECONDS} s …`);
    await wrk({ url: `${gateway.url}${smallPath}`, connections: WRK_CONNECTIONS, seconds: 2, headers: auth });
    const before = await gateway.counters();
    cached = await wrk({
      url: `${gateway.url}${smallPath}`,
      connections: WRK_CONNECTIONS,
      seconds: WRK_SECONDS,
      headers: auth,
    });
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
    step(`new sessions: ${SESSIONS} accounts, ${SESSION_CONCURRENCY} at a time …`);
    sessions = await runSessions(client, signed, { filePath: smallPath, concurrency: SESSION_CONCURRENCY });
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
  }
  const signInCalls = sum(sessionCalls, (key) => key === "eth_call:signatureVerifier");
  const requestCalls = sum(sessionCalls, (key) => !POLLER_METHODS.has(key) && key !== "eth_call:signatureVerifier");
  const pollerCalls = sum(sessionCalls, (key) => POLLER_METHODS.has(key));

  // ---- 3. large downloads, gateway vs nginx ----
  const best = { nginx1: NaN, gateway1: NaN, nginx4: NaN, gateway4: NaN };
  let rssGrowthKiB = NaN;
  let rssBaseKiB = NaN;
  let nginxVersion = "";
  if (PHASES.has("streams")) {
    const nginxPort = await freePort(48080);
    const nginx: Nginx = await startNginx({ root: files.filesDir, port: nginxPort, dir: path.join(dir, "nginx") });
    cleanups.push(["nginx", () => nginx.stop()]);
    step(`nginx ${nginx.version} pid ${nginx.pid} on ${nginx.url} (1 worker, sendfile on) serving ${files.filesDir}`);
    const gatewayLarge = `${gateway.url}${largePath}`;
    const nginxLarge = `${nginx.url}/${LARGE_FILE}`;
    nginxVersion = nginx.version;
    Object.assign(best, { nginx1: 0, gateway1: 0, nginx4: 0, gateway4: 0 });
    rssGrowthKiB = 0;
    rssBaseKiB = 0;
    for (let round = 1; round <= 2; round++) {
      best.nginx1 = Math.max(best.nginx1, (await parallelDownloads(nginxLarge, 1, LARGE_SIZE)).mibPerSec);
      best.gateway1 = Math.max(best.gateway1, (await parallelDownloads(gatewayLarge, 1, LARGE_SIZE, auth)).mibPerSec);
      best.nginx4 = Math.max(best.nginx4, (await parallelDownloads(nginxLarge, 4, LARGE_SIZE)).mibPerSec);
      const rss = sampleRss(gateway.pid, 50);
      const g4 = await parallelDownloads(gatewayLarge, 4, LARGE_SIZE, auth);
      const { baseKiB, maxKiB } = rss.stop();
      best.gateway4 = Math.max(best.gateway4, g4.mibPerSec);
      if (maxKiB - baseKiB >= rssGrowthKiB) {
        rssGrowthKiB = maxKiB - baseKiB;
        rssBaseKiB = baseKiB;
      }
      step(
        `  round ${round}: best so far MiB/s — 1 stream: gateway ${best.gateway1.toFixed(0)}, nginx ${best.nginx1.toFixed(0)}; ` +
          `4 streams: gateway ${best.gateway4.toFixed(0)}, nginx ${best.nginx4.toFixed(0)}; ` +
          `gateway RSS +${((maxKiB - baseKiB) / 1024).toFixed(1)} MiB over ${(baseKiB / 1024).toFixed(0)} MiB`,
      );
    }
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
    stream1VsNginx: round(best.gateway1 / best.nginx1, 3),
    stream4VsNginx: round(best.gateway4 / best.nginx4, 3),
    stream1MiBps: { gateway: Math.round(best.gateway1), nginx: Math.round(best.nginx1) },
    stream4MiBps: { gateway: Math.round(best.gateway4), nginx: Math.round(best.nginx4) },
    streamRssGrowthMiB: round(rssGrowthKiB / 1024, 1),
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

  const cpus = os.cpus();
  const output = {
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      memGiB: round(os.totalmem() / 2 ** 30, 1),
      kernel: `${os.type()} ${os.release()}`,
      loadAvg1mAtStart: round(loadAtStart, 2),
    },
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
      streamRssBaseMiB: round(rssBaseKiB / 1024, 1),
      gatewayPid: gateway.pid,
      auditEntries: final.auditSeq,
      gatewayErrors: final.errors,
      nginx: `${nginxVersion}, 1 worker, sendfile on, tcp_nopush on`,
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
  const rows: [string, string, string][] = [
    ["cachedP50Ms", `${results.cachedP50Ms} ms`, goalText("cachedP50Ms")],
    ["cachedP99Ms", `${results.cachedP99Ms} ms`, goalText("cachedP99Ms")],
    ["cachedReqPerSec", results.cachedReqPerSec.toLocaleString("en-US"), goalText("cachedReqPerSec")],
    ["newSessionsPerSec", results.newSessionsPerSec.toLocaleString("en-US"), goalText("newSessionsPerSec")],
    ["rpcCallsPerSession", `${results.rpcCallsPerSession}`, goalText("rpcCallsPerSession")],
    ["stream1VsNginx", `${results.stream1VsNginx}`, goalText("stream1VsNginx")],
    ["stream4VsNginx", `${results.stream4VsNginx}`, goalText("stream4VsNginx")],
    ["streamRssGrowthMiB", `${results.streamRssGrowthMiB} MiB`, goalText("streamRssGrowthMiB")],
  ];
  const table = [
    "| metric | value | goal | |",
    "|---|---:|---|---|",
    ...rows.map(
      ([key, value, goal]) =>
        `| \`${key}\` | ${value} | ${goal} | ${met[key as keyof typeof met] ? "met" : "**missed**"} |`,
    ),
    "",
    `Downloads of the 1 GiB file, MiB/s: 1 stream gateway ${results.stream1MiBps.gateway} / nginx ${results.stream1MiBps.nginx}; ` +
      `4 streams gateway ${results.stream4MiBps.gateway} / nginx ${results.stream4MiBps.nginx}. ` +
      `Sign-in RPC calls per session (SIWE signature check): ${results.signInRpcCallsPerSession}; ` +
      `event poller: ${results.pollerRpcCallsPerSec} calls/s. ` +
      `${output.machine.cpus} × ${output.machine.cpuModel}, Node ${output.node}, ${output.date.slice(0, 10)}.`,
  ].join("\n");
  const readmeFile = new URL("../README.md", import.meta.url);
  const readme = await readFile(readmeFile, "utf8");
  const section = /<!-- gateway-bench:start -->[\s\S]*<!-- gateway-bench:end -->/;
  if (section.test(readme)) {
    await writeFile(
      readmeFile,
      readme.replace(section, `<!-- gateway-bench:start -->\n${table}\n<!-- gateway-bench:end -->`),
    );
    step("updated the README's gateway table");
  } else {
    console.log(
      "README.md has no <!-- gateway-bench:start --> … <!-- gateway-bench:end --> section: skipped the README table",
    );
  }
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
