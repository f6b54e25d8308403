/** Node-only SDK helpers: what needs the file system. */
import { readDeployment } from "../deploy/deploymentFile.ts";
import type { Deployment } from "./deployments.ts";

/** Reads `deployments/<chainId>.json`; throws a clear error when the chain has no deployment. */
export function loadDeployment(chainId: number): Promise<Deployment> {
  return readDeployment(chainId);
}
