import { mkdir, readFile, writeFile } from "node:fs/promises";
import { repoRoot } from "../lib/artifacts.ts";
import type { Deployment } from "./deployTessera.ts";

/**
 * The folder of deployment records: deployments/ in the repository, or TESSERA_DEPLOYMENTS_DIR
 * (tests that start their own chain use a folder of their own, so they never overwrite each other's).
 */
export const deploymentsDir = () => process.env.TESSERA_DEPLOYMENTS_DIR ?? `${repoRoot}deployments`;

/** Path of the deployment record for a chain. */
export const deploymentPath = (chainId: number) => `${deploymentsDir()}/${chainId}.json`;

/** Writes `deployments/<chainId>.json`. Only the deploy script calls this. */
export async function writeDeployment(deployment: Deployment): Promise<string> {
  const path = deploymentPath(deployment.chainId);
  await mkdir(deploymentsDir(), { recursive: true });
  await writeFile(path, `${JSON.stringify(deployment, null, 2)}\n`);
  return path;
}

/** Reads `deployments/<chainId>.json`, with a clear error when the chain has no deployment. */
export async function readDeployment(chainId: number): Promise<Deployment> {
  const path = deploymentPath(chainId);
  try {
    return JSON.parse(await readFile(path, "utf8")) as Deployment;
  } catch (cause) {
    throw new Error(`No Tessera deployment for chain ${chainId} (${path}): deploy first`, { cause });
  }
}
