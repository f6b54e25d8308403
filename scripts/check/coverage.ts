// Runs `hardhat test --coverage` (all tests, Solidity and TypeScript) and fails when the contracts'
// line or statement coverage is below MIN_PERCENT. Hardhat prints its report and writes
// coverage/lcov.info and coverage/html/, but has no threshold of its own.
//
// Counted: every .sol file under contracts/ except contracts/mocks/ (test-only contracts).
// Lines come from coverage/lcov.info. Statements: Hardhat prints a per-file statement percentage
// but no counts, and lcov has no statements; the count of statements per file is what EDR's
// instrumenter (the one Hardhat uses for --coverage) finds in the source, so executed statements =
// percentage × count, exact at the two decimals Hardhat prints for any file under 10,000
// statements.
//
// Extra arguments are passed to `hardhat test`, e.g. `npm run coverage -- --grep Offer`.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

const MIN_PERCENT = 95;

const root = path.resolve(import.meta.dirname, "../..");
const counted = (file: string) => file.startsWith("contracts/") && !file.startsWith("contracts/mocks/");

interface FileCoverage {
  file: string;
  linesHit: number;
  lines: number;
  statementsHit: number;
  statements: number;
}

function fail(message: string): never {
  console.error(`coverage: ${message}`);
  process.exit(1);
}

/** Runs Hardhat, echoing its output, and returns what it printed on stdout. */
async function runHardhat(args: string[]): Promise<string> {
  const hardhat = path.join(root, "node_modules", ".bin", "hardhat");
  const env = { ...process.env };
  if (process.stdout.isTTY && env.NO_COLOR === undefined) env.FORCE_COLOR ??= "1";
  // This very Node (>= 22), not whichever `node` the bin's shebang would find on PATH.
  const child = spawn(process.execPath, [hardhat, "test", "--coverage", ...args], {
    cwd: root,
    env,
    stdio: ["inherit", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
    process.stdout.write(chunk);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  if (code !== 0) {
    console.error(`coverage: hardhat test --coverage exited with ${code}`);
    process.exit(code);
  }
  return out;
}

/** Per file: [lines hit, lines found], from lcov's LH/LF. */
function readLcov(): Map<string, [number, number]> {
  const lcov = readFileSync(path.join(root, "coverage", "lcov.info"), "utf8");
  const files = new Map<string, [number, number]>();
  let file = "";
  let hit = 0;
  for (const line of lcov.split("\n")) {
    if (line.startsWith("SF:")) file = line.slice(3).split(path.sep).join("/");
    else if (line.startsWith("LH:")) hit = Number(line.slice(3));
    else if (line.startsWith("LF:")) files.set(file, [hit, Number(line.slice(3))]);
  }
  return files;
}

/** Per file path as printed (long paths are cut at the front with "…"): statement percentage. */
function readStatementPercents(output: string): Map<string, number> {
  const rows = new Map<string, number>();
  const row = /^║\s*(\S+\.sol)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│/;
  for (const line of stripVTControlCharacters(output).split("\n")) {
    const m = row.exec(line.trim());
    if (m?.[1] !== undefined && m[3] !== undefined) rows.set(m[1], Number(m[3]));
  }
  return rows;
}

function statementPercentOf(file: string, printed: Map<string, number>): number | undefined {
  const exact = printed.get(file);
  if (exact !== undefined) return exact;
  for (const [shown, percent] of printed) {
    if (shown.startsWith("…") && file.endsWith(shown.slice(1))) return percent;
  }
  return undefined;
}

/** How many statements EDR's coverage instrumenter finds in a source file. */
function statementCount(file: string): number {
  // EDR as Hardhat itself resolves it, so both always agree on the instrumenter's version.
  const fromHardhat = createRequire(import.meta.resolve("hardhat"));
  const edr = fromHardhat("@nomicfoundation/edr") as {
    addStatementCoverageInstrumentation(
      source: string,
      sourceId: string,
      solidityVersion: string,
    ): { metadata: { tag: Uint8Array; kind: string; startUtf16: number; endUtf16: number }[] };
    latestSupportedSolidityVersion(): string;
  };
  const solc = (createRequire(import.meta.url)("solc/package.json") as { version: string }).version;
  const latest = edr.latestSupportedSolidityVersion();
  const version = compareVersions(solc, latest) <= 0 ? solc : latest;
  const source = readFileSync(path.join(root, file), "utf8");
  const { metadata } = edr.addStatementCoverageInstrumentation(source, file, version);
  const keys = new Set(
    metadata
      .filter((m) => m.kind === "statement")
      .map((m) => `${Buffer.from(m.tag).toString("hex")}-${m.startUtf16}-${m.endUtf16}`),
  );
  return keys.size;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const pct = (hit: number, total: number) => (total === 0 ? 100 : (hit * 100) / total);
const fmt = (hit: number, total: number) => `${pct(hit, total).toFixed(2)}% (${hit}/${total})`;

const output = await runHardhat(process.argv.slice(2));
const lcov = readLcov();
const printed = readStatementPercents(output);
if (printed.size === 0 && lcov.size > 0) {
  fail("could not find the per-file table in Hardhat's coverage report (has its format changed?)");
}

const files: FileCoverage[] = [];
for (const [file, [linesHit, lines]] of [...lcov].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!counted(file)) continue;
  const statements = statementCount(file);
  const percent = statementPercentOf(file, printed);
  if (percent === undefined) fail(`${file} is in lcov.info but not in Hardhat's printed report`);
  const exact = (percent * statements) / 100;
  const statementsHit = Math.round(exact);
  if (Math.abs(exact - statementsHit) > 0.05) {
    fail(`${file}: ${percent}% of ${statements} statements is not a whole number of statements`);
  }
  files.push({ file, linesHit, lines, statementsHit, statements });
}

const sum = (pick: (f: FileCoverage) => number) => files.reduce((n, f) => n + pick(f), 0);
const linesHit = sum((f) => f.linesHit);
const lines = sum((f) => f.lines);
const statementsHit = sum((f) => f.statementsHit);
const statements = sum((f) => f.statements);

console.log(`coverage of contracts/ (excluding contracts/mocks/), minimum ${MIN_PERCENT}%:`);
for (const f of files) {
  console.log(
    `  ${f.file.padEnd(44)} lines ${fmt(f.linesHit, f.lines).padEnd(20)} statements ${fmt(f.statementsHit, f.statements)}`,
  );
}
console.log(
  `  ${"total".padEnd(44)} lines ${fmt(linesHit, lines).padEnd(20)} statements ${fmt(statementsHit, statements)}`,
);

if (files.length === 0) fail("no contract was instrumented: nothing to measure");
const low = [
  pct(linesHit, lines) < MIN_PERCENT ? `lines ${fmt(linesHit, lines)}` : "",
  pct(statementsHit, statements) < MIN_PERCENT ? `statements ${fmt(statementsHit, statements)}` : "",
].filter(Boolean);
if (low.length > 0) fail(`below ${MIN_PERCENT}%: ${low.join(", ")}`);
console.log(`coverage: ok (lines and statements >= ${MIN_PERCENT}%)`);
