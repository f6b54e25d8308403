/**
 * Dapp benchmark: what a user of the production build waits for, written to bench/app.json and the
 * README's dapp table. Run with `npm run bench:app` (or `node bench/app.ts`). Needs Debian's
 * chromium (/usr/bin/chromium, or CHROMIUM_PATH) for playwright-core.
 *
 * Set-up (all by the bench, all torn down at the end, also on failure or Ctrl-C): a Hardhat node
 * (EDR) on 127.0.0.1:27545.., a Tessera deployment (its record in a temporary
 * TESSERA_DEPLOYMENTS_DIR), LISTINGS assets each with a small public card in a LocalAssetStore and
 * one offer (bench/app/seed.ts), the gateway (scripts/gateway/startGateway.ts, CORS and SIWE domain
 * for the app's origin), and a production build of the dapp (`vite build`, into a temp dir) served
 * as static files by a plain Node HTTP server — what users get from any static host.
 *
 * Measurements (headless chromium, a fresh browser context per run, so nothing is cached; one
 * warm-up run of each page first, then RUNS runs, median reported):
 *  - bundleGzipKiB: the initial JS of the build — the entry chunk plus every chunk index.html
 *    preloads — gzip level 9, in KiB.
 *  - catalog1000FirstRenderMs: from navigation start to the first animation frame showing the
 *    first page of listing cards (24) of the LISTINGS-listing catalog.
 *  - assetPageMs: from navigation start (`#/asset/<id>`, id in the middle of the catalog) to the
 *    first frame showing both its offers and its rendered card.
 *
 * Env: TESSERA_BENCH_LISTINGS (default 1000), TESSERA_BENCH_RUNS (default 5), CHROMIUM_PATH.
 */

import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Chain, createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { writeDeployment } from "../scripts/deploy/deploymentFile.ts";
import { deployTessera } from "../scripts/deploy/deployTessera.ts";
import { devAccounts } from "../scripts/dev/devAccounts.ts";
import { startLocalChain } from "../scripts/dev/localChain.ts";
import { startGateway } from "../scripts/gateway/startGateway.ts";
import { LocalAssetStore } from "../scripts/storage/localStore.ts";
import { measurePages } from "./app/browser.ts";
import { seedListings } from "./app/seed.ts";
import { serveStatic } from "./app/staticServer.ts";
import { freePort } from "./gateway/ports.ts";
import { createTeardown, machineInfo, step, writeReadmeSection } from "./lib/harness.ts";

const LISTINGS = Number(process.env.TESSERA_BENCH_LISTINGS ?? 1000);
const RUNS = Number(process.env.TESSERA_BENCH_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const repoRoot = path.resolve(import.meta.dirname, "..");

const round = (n: number, digits: number) => Number(n.toFixed(digits));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

// ---- teardown: every child and the temp dir, also on failure or Ctrl-C ----
const { cleanups, cleanup } = createTeardown();

/** `vite build` of the dapp into `outDir`, configured for this chain and gateway. */
function buildApp(outDir: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(repoRoot, "node_modules/.bin/vite"),
      ["build", "--config", "app/vite.config.ts", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
      { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout?.on("data", (d) => {
      log += d;
    });
    child.stderr?.on("data", (d) => {
      log += d;
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed:\n${log.slice(-3000)}`)),
    );
  });
}

/** The entry chunk and the chunks index.html preloads, gzip level 9. */
async function initialJs(outDir: string): Promise<{ kib: number; files: { file: string; gzipBytes: number }[] }> {
  const html = await readFile(path.join(outDir, "index.html"), "utf8");
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] ?? "");
  const files = await Promise.all(
    [...new Set(refs)].map(async (ref) => {
      const bytes = await readFile(path.join(outDir, ref));
      return { file: ref.replace(/^\.\//, ""), gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
  if (files.length === 0) throw new Error("index.html references no script");
  return { kib: files.reduce((n, f) => n + f.gzipBytes, 0) / 1024, files };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tessera-app-bench-"));
  cleanups.push(["the temp dir", () => rm(dir, { recursive: true, force: true })]);
  const deploymentsDir = path.join(dir, "deployments");
  process.env.TESSERA_DEPLOYMENTS_DIR = deploymentsDir;
  step(`temp dir ${dir}`);

  const rpcPort = await freePort(27545);
  step(`starting a Hardhat node on 127.0.0.1:${rpcPort} …`);
  const chain = await startLocalChain({ port: rpcPort });
  cleanups.push(["the chain", () => chain.stop()]);
  const localChain: Chain = { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } };
  const transport = http(chain.rpcUrl);
  const publicClient = createPublicClient({ chain: localChain, transport }) as PublicClient;
  const admin = createWalletClient({ account: devAccounts().admin, chain: localChain, transport });
  const deployment = await deployTessera({ publicClient, walletClient: admin });
  step(`deployed (market ${deployment.contracts.LicenseMarket.address}); wrote ${await writeDeployment(deployment)}`);

  step(`seeding ${LISTINGS} listings (asset + card + offer each) …`);
  const storeRoot = path.join(dir, "store");
  const seeded = await seedListings({
    rpcUrl: chain.rpcUrl,
    publicClient,
    deployment,
    store: new LocalAssetStore(storeRoot),
    count: LISTINGS,
    onStep: step,
  });
  step(`seeded ${seeded.count} listings in ${seeded.seconds.toFixed(1)} s`);

  const appPort = await freePort(27173);
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const gatewayPort = await freePort(27787);
  const gateway = await startGateway({
    publicClient,
    deployment,
    storeRoot,
    auditPath: path.join(dir, "audit.jsonl"),
    port: gatewayPort,
    config: { extraDomains: [new URL(appOrigin).host], corsOrigins: [appOrigin] },
    onError: (error) => console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`),
  });
  cleanups.push(["the gateway", () => gateway.stop()]);
  step(`gateway on ${gateway.url}`);

  const outDir = path.join(dir, "dist");
  step("building the dapp for production (vite build) …");
  await buildApp(outDir, {
    TESSERA_GATEWAY_URL: gateway.url,
    TESSERA_RPC_URL: chain.rpcUrl,
    TESSERA_DEPLOYMENTS_DIR: deploymentsDir,
  });
  const bundle = await initialJs(outDir);
  step(`initial JS: ${bundle.kib.toFixed(1)} KiB gzip in ${bundle.files.length} files`);

  const server = await serveStatic(outDir, appPort);
  cleanups.push(["the static server", () => server.close()]);
  step(`serving the build on ${appOrigin}/`);

  const assetId = BigInt(Math.ceil(LISTINGS / 2));
  const pages = await measurePages({
    chromiumPath: CHROMIUM,
    appUrl: `${appOrigin}/`,
    assetId,
    runs: RUNS,
    expectListings: LISTINGS,
    onStep: step,
    onCleanup: (what, fn) => cleanups.push([what, fn]),
  });

  const results = {
    bundleGzipKiB: round(bundle.kib, 1),
    catalog1000FirstRenderMs: Math.round(median(pages.catalogMs)),
    assetPageMs: Math.round(median(pages.assetMs)),
  };
  const goals = {
    bundleGzipKiB: { max: 300 },
    catalog1000FirstRenderMs: { max: 1500 },
    assetPageMs: null,
  } as const;
  const met = {
    bundleGzipKiB: results.bundleGzipKiB <= goals.bundleGzipKiB.max,
    catalog1000FirstRenderMs: results.catalog1000FirstRenderMs <= goals.catalog1000FirstRenderMs.max,
  };
  const output = {
    machine: machineInfo(loadAtStart),
    node: process.version,
    chromium: pages.browserVersion,
    date: new Date().toISOString(),
    ...results,
    goals,
    met,
    details: {
      listings: LISTINGS,
      served: "production build (vite build), static files from a Node HTTP server on loopback, no compression",
      runs: RUNS,
      warmUpRuns: 1,
      catalogMsRuns: pages.catalogMs.map(Math.round),
      assetMsRuns: pages.assetMs.map(Math.round),
      assetId: assetId.toString(),
      catalogCardsAnswerMs: pages.cardsMs.map(Math.round),
      initialJsFiles: bundle.files,
      seedSeconds: round(seeded.seconds, 1),
      measure:
        "performance.now() in the page (0 = navigation start) at the first requestAnimationFrame after the DOM holds the elements; a fresh browser context per run",
    },
  };

  console.log("");
  console.table(results);
  for (const key of ["bundleGzipKiB", "catalog1000FirstRenderMs"] as const) {
    console.log(`${met[key] ? "met   " : "MISSED"} ${key} ≤ ${goals[key].max} (got ${results[key]})`);
  }

  const jsonFile = path.join(repoRoot, "bench/app.json");
  await writeFile(jsonFile, `${JSON.stringify(output, null, 2)}\n`);
  // In the repository's style (biome ci checks it): short arrays on one line.
  spawnSync(path.join(repoRoot, "node_modules/.bin/biome"), ["format", "--write", jsonFile], { stdio: "ignore" });
  step("wrote bench/app.json");

  // ---- README table, between its markers ----
  const rows: [string, string, string, boolean | null][] = [
    ["bundleGzipKiB", `${results.bundleGzipKiB} KiB`, "≤ 300 KiB", met.bundleGzipKiB],
    [
      "catalog1000FirstRenderMs",
      `${results.catalog1000FirstRenderMs.toLocaleString("en-US")} ms`,
      "≤ 1,500 ms",
      met.catalog1000FirstRenderMs,
    ],
    ["assetPageMs", `${results.assetPageMs.toLocaleString("en-US")} ms`, "—", null],
  ];
  const table = [
    "| metric | value | goal | |",
    "|---|---:|---|---|",
    ...rows.map(
      ([key, value, goal, ok]) =>
        `| \`${key}\` | ${value} | ${goal} | ${ok === null ? "" : ok ? "met" : "**missed**"} |`,
    ),
    "",
    `Production build served statically; ${LISTINGS.toLocaleString("en-US")} seeded listings on a local Hardhat node; ` +
      `headless ${pages.browserVersion}, a fresh context per run, median of ${RUNS} after a warm-up ` +
      `(catalog runs ${pages.catalogMs.map(Math.round).join(", ")} ms; asset page runs ${pages.assetMs.map(Math.round).join(", ")} ms). ` +
      `${output.machine.cpus} × ${output.machine.cpuModel}, Node ${output.node}, ${output.date.slice(0, 10)}.`,
  ].join("\n");
  await writeReadmeSection("app-bench", table, "dapp table");
}

const loadAtStart = os.loadavg()[0] ?? 0;
try {
  await main();
} catch (error) {
  console.error(`\ndapp bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  step("stopping the browser, the servers and the chain; deleting the temp dir …");
  await cleanup();
  step("done");
}
