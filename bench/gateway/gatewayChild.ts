/**
 * Parent side of bench/gateway/gatewayProcess.ts: spawns it under this Node, waits until it
 * listens, asks it for its RPC counters, stops it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, GatewayProcessConfig } from "./gatewayProcess.ts";

export type Counters = Extract<ChildMessage, { type: "counters" }>;

export interface GatewayChild {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  counters(): Promise<Counters>;
  /** Asks it to stop cleanly (server closed, audit log flushed); SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./gatewayProcess.ts", import.meta.url));

export async function spawnGateway(
  config: GatewayProcessConfig,
  { execArgv = [] }: { execArgv?: string[] } = {},
): Promise<GatewayChild> {
  const child = spawn(process.execPath, [...execArgv, SCRIPT], {
    env: { ...process.env, TESSERA_BENCH_GATEWAY: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<Extract<ChildMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the gateway process did not start within 30 s")), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway process exited early (code ${code})`));
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      }
    });
  }).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  const counters = () =>
    new Promise<Counters>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the gateway process did not answer")), 10_000);
      const onMessage = (message: ChildMessage) => {
        if (message.type !== "counters") return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(message);
      };
      child.on("message", onMessage);
      child.send({ type: "counters" });
    });
  const stop = async (timeoutMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: "stop" });
    else child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return { url: `http://127.0.0.1:${ready.port}`, port: ready.port, pid: ready.pid, process: child, counters, stop };
}
