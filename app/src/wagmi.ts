/**
 * wagmi: the deployment's chain over the configured RPC, injected wallets found through EIP-6963
 * (plus the legacy window.ethereum one) and, on the local chain only, the dev-account connector.
 */
import { defineChain } from "viem";
import { hardhat } from "viem/chains";
import { createConfig, http, injected } from "wagmi";
import { appConfig, isLocalChain, LOCAL_CHAIN_ID } from "./config.ts";
import { devAccountsConnector } from "./lib/devConnector.ts";

const chainId = appConfig.deployment?.chainId ?? LOCAL_CHAIN_ID;

export const appChain =
  chainId === LOCAL_CHAIN_ID
    ? { ...hardhat, rpcUrls: { default: { http: [appConfig.rpcUrl] } } }
    : defineChain({
        id: chainId,
        name: `Chain ${chainId}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [appConfig.rpcUrl] } },
      });

export const wagmiConfig = createConfig({
  chains: [appChain],
  connectors: [
    injected(),
    ...(isLocalChain ? [devAccountsConnector({ rpcUrl: appConfig.rpcUrl, chainId: LOCAL_CHAIN_ID })] : []),
  ],
  multiInjectedProviderDiscovery: true,
  transports: { [appChain.id]: http(appConfig.rpcUrl, { batch: { batchSize: 500, wait: 0 } }) },
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
