/**
 * What the gateway and dapp benchmarks share: timestamped progress lines, a teardown that stops
 * every child process and deletes temp files (also on failure or Ctrl-C), the machine block of the
 * JSON, and rewriting the README's table between its markers.
 */
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s`;

/** Prints a progress line with the seconds since the bench started. */
export const step = (message: string) => console.log(`[${elapsed()}] ${message}`);

/** Teardown steps run last-registered first, once, on completion, failure or SIGINT / SIGTERM. */
export function createTeardown() {
  const cleanups: [string, () => Promise<void>][] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      for (const [what, fn] of cleanups.reverse()) {
        const started = performance.now();
        await fn().catch((error: unknown) => console.error(`stopping ${what}:`, error));
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
  return { cleanups, cleanup };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The machine a result was measured on. */
export function machineInfo(loadAvg1mAtStart: number) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    loadAvg1mAtStart: round(loadAvg1mAtStart, 2),
  };
}

/** Replaces the README's `<!-- <name>:start -->` … `<!-- <name>:end -->` region with `table`. */
export async function writeReadmeSection(name: string, table: string, what: string): Promise<void> {
  const readmeFile = new URL("../../README.md", import.meta.url);
  const readme = await readFile(readmeFile, "utf8");
  const section = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  if (section.test(readme)) {
    await writeFile(readmeFile, readme.replace(section, `<!-- ${name}:start -->\n${table}\n<!-- ${name}:end -->`));
    step(`updated the README's ${what}`);
  } else {
    console.log(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> section: skipped the README table`);
  }
}
