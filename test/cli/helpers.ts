/**
 * Helpers of the CLI tests: run `tessera` as a real child process with a chosen environment, the
 * dev accounts' private keys, and the assertion every failure must pass (exactly one line,
 * `tessera: …`, no stack frame, the expected exit status).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { bytesToHex } from "viem";
import { type DevRole, devAccounts } from "../../scripts/dev/devAccounts.ts";
import { repoRoot } from "../../scripts/lib/artifacts.ts";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = `${repoRoot}scripts/cli/tessera.ts`;

/** The environment without any TESSERA_* variable of the developer's shell. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TESSERA_")));
}

/** Runs `tessera <args>` with `env` (added to a clean environment) and collects its output. */
export function runTessera(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    env: { ...cleanEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The 0x private key of a dev account. */
export function devKey(role: DevRole): `0x${string}` {
  const key = devAccounts()[role].getHdKey().privateKey;
  if (!key) throw new Error(`no private key for ${role}`);
  return bytesToHex(key);
}

/** Success: exit 0, and the output shown if not. */
export function assertOk(result: CliResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed:\n${result.stderr}${result.stdout}`);
}

/** A progress line of a non-terminal stderr, e.g. "fetching: 50% (1.4 MB / 2.9 MB)". */
const PROGRESS_LINE = /^[a-z]+: \d{1,3}% \([^)]*\)$/;

/**
 * A failure as users must see it: the exit status, one `tessera: …` line on stderr (after any
 * progress lines of the work done before the failure), no stack.
 */
export function assertOneLineError(result: CliResult, code: number, pattern: RegExp, what: string): void {
  const shown = `${what}: exit ${result.code}\nstderr: ${result.stderr}\nstdout: ${result.stdout}`;
  assert.equal(result.code, code, shown);
  const lines = result.stderr.split("\n").filter((l) => l.trim() !== "" && !PROGRESS_LINE.test(l));
  assert.equal(lines.length, 1, `${shown}\n(expected exactly one line on stderr besides progress)`);
  assert.ok(result.stderr.trimEnd().endsWith(lines[0] ?? ""), `${shown}\n(the error is the last line)`);
  const [line = ""] = lines;
  assert.match(line, /^tessera: \S/, shown);
  assert.doesNotMatch(result.stderr, /\n\s+at /, shown);
  assert.match(line, pattern, shown);
}

/** A field of the CLI's output, e.g. the `<n>` of "asset <n> registered". */
export function captured(text: string, pattern: RegExp, what: string): string {
  const m = pattern.exec(text);
  assert.ok(m?.[1], `${what} not found in:\n${text}`);
  return m[1];
}
