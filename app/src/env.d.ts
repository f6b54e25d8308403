/** Types of the build-time module `virtual:tessera-config` (app/tooling/tesseraConfigPlugin.ts). */
declare module "virtual:tessera-config" {
  import type { Deployment } from "../../scripts/sdk/index.ts";

  const config: {
    deployments: Deployment[];
    gatewayUrl: string;
    rpcUrl: string;
    devAccounts: { role: string; address: `0x${string}` }[];
  };
  export default config;
}
