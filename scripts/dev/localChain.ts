import { type ChildProcess, spawn } from "node:child_process";
import { createPublicClient, http } from "viem";
import { repoRoot } from "../lib/artifacts.ts";

export interface LocalChain {
  rpcUrl: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts `hardhat node` (EDR) on loopback and waits until it answers JSON-RPC. */
export async function startLocalChain({ port, timeoutMs = 60_000 }: { port: number; timeoutMs?: number }) {
  const rpcUrl = `http://127.0.0.1:${port}`;
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 1_000 }) });
  if (await probe.getChainId().catch(() => undefined)) {
    throw new Error(`Port ${port} already answers JSON-RPC: stop the other node or set TESSERA_RPC_PORT`);
  }
  // Hardhat's CLI under this very Node (>= 22, as EDR needs), not whatever `node` its shebang finds.
  const hardhatCli = `${repoRoot}node_modules/hardhat/dist/src/cli.js`;
  const child = spawn(process.execPath, [hardhatCli, "node", "--hostname", "127.0.0.1", "--port", `${port}`], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk) => {
    log += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    log += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited early:\n${log.slice(-2_000)}`);
    if (await probe.getChainId().catch(() => undefined)) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`hardhat node did not answer on ${rpcUrl} within ${timeoutMs} ms:\n${log.slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  return { rpcUrl, process: child, stop } satisfies LocalChain;
}
