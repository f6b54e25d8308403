/** Node-only SDK helpers: what needs the file system. */
import { readFile } from "node:fs/promises";
import { readDeployment } from "../deploy/deploymentFile.ts";
import type { Deployment } from "./deployments.ts";

/** Reads `deployments/<chainId>.json`; throws a clear error when the chain has no deployment. */
export function loadDeployment(chainId: number): Promise<Deployment> {
  return readDeployment(chainId);
}

/** Reads a deployment record from any path, with a clear error when it is missing or malformed. */
export async function readDeploymentFile(path: string): Promise<Deployment> {
  let value: Partial<Deployment>;
  try {
    value = JSON.parse(await readFile(path, "utf8")) as Partial<Deployment>;
  } catch (cause) {
    throw new Error(`cannot read the deployment record ${path}`, { cause });
  }
  if (typeof value.chainId !== "number" || typeof value.contracts?.LicenseMarket?.address !== "string") {
    throw new Error(`${path} is not a Tessera deployment record`);
  }
  return value as Deployment;
}
