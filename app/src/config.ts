/**
 * The app's runtime configuration: which deployment it talks to (from deployments/<chainId>.json
 * via `virtual:tessera-config`), the RPC and gateway URLs, and the local dev accounts.
 * `?chain=<id>` in the URL picks another deployment when several exist.
 */
import raw from "virtual:tessera-config";
import type { Deployment } from "../../scripts/sdk/index.ts";

export const LOCAL_CHAIN_ID = 31337;

function pickDeployment(deployments: Deployment[]): Deployment | undefined {
  const wanted = Number(new URLSearchParams(globalThis.location?.search ?? "").get("chain"));
  return (
    deployments.find((d) => d.chainId === wanted) ??
    deployments.find((d) => d.chainId === LOCAL_CHAIN_ID) ??
    deployments[0]
  );
}

export const appConfig = {
  deployment: pickDeployment(raw.deployments),
  deployments: raw.deployments,
  gatewayUrl: raw.gatewayUrl,
  rpcUrl: raw.rpcUrl,
  devAccounts: raw.devAccounts,
};

export const isLocalChain = appConfig.deployment?.chainId === LOCAL_CHAIN_ID;
