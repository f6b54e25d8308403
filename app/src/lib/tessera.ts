/**
 * The SDK client for React: one public client (reads batched into JSON-RPC batches) bound to the
 * deployment, plus the connected wallet when it is on the right chain. `withHashes` reports each
 * transaction hash as soon as the wallet returns it, so the UI can show "pending" with the hash.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type Account, type Chain, createPublicClient, type Hash, http, type Transport, type WalletClient } from "viem";
import { useConnection, useWalletClient } from "wagmi";
import { createTesseraClient, type TesseraClient } from "../../../scripts/sdk/index.ts";
import { appConfig } from "../config.ts";
import { appChain } from "../wagmi.ts";

export const publicClient = createPublicClient({
  chain: appChain,
  transport: http(appConfig.rpcUrl, { batch: { batchSize: 500, wait: 0 }, retryCount: 1 }),
});

/** A read-only client (no wallet); undefined when there is no deployment. */
export const readClient: TesseraClient | undefined = appConfig.deployment
  ? createTesseraClient({ publicClient, deployment: appConfig.deployment })
  : undefined;

type Wallet = WalletClient<Transport, Chain, Account>;

/** `client` with a wallet whose writeContract reports hashes to `onHash`. */
export function withHashes(client: TesseraClient, onHash: (hash: Hash) => void): TesseraClient {
  const wallet = client.wallet;
  if (!wallet) return client;
  const wrapped = {
    ...wallet,
    writeContract: async (args: Parameters<Wallet["writeContract"]>[0]) => {
      const hash = await wallet.writeContract(args);
      onHash(hash);
      return hash;
    },
  } as Wallet;
  return { ...client, wallet: wrapped };
}

export interface WalletState {
  address: `0x${string}` | undefined;
  /** Connected, but to another chain. */
  wrongChain: boolean;
  /** Connected on the right chain with a wallet client ready. */
  ready: boolean;
  /** The SDK client with the wallet (read-only when not ready). */
  client: TesseraClient | undefined;
}

export function useTessera(): WalletState {
  const { address, chainId, status } = useConnection();
  const wrongChain = status === "connected" && chainId !== appChain.id;
  const { data: walletClient } = useWalletClient({ chainId: appChain.id, query: { enabled: !wrongChain } });
  return useMemo(() => {
    if (!appConfig.deployment || !readClient) return { address, wrongChain, ready: false, client: undefined };
    // After an account switch, wagmi's cached wallet client may still be the previous account's for
    // a render or two: not ready until it signs as the connected address.
    const signsAsConnected =
      !!walletClient && !!address && walletClient.account.address.toLowerCase() === address.toLowerCase();
    const ready = signsAsConnected && !wrongChain && status === "connected";
    const client = ready
      ? createTesseraClient({
          publicClient,
          walletClient: walletClient as Wallet,
          deployment: appConfig.deployment,
        })
      : readClient;
    return { address, wrongChain, ready, client };
  }, [address, wrongChain, walletClient, status]);
}

/** The chain's clock (latest block timestamp, Unix seconds): dev chains run ahead of the wall clock. */
export function useChainNow(): number {
  const { data } = useQuery({
    queryKey: ["chain-now"],
    queryFn: async () => Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp),
    refetchInterval: 15_000,
  });
  return data ?? Math.floor(Date.now() / 1000);
}
