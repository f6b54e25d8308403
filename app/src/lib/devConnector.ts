/**
 * A wagmi connector for the local chain only: it "signs" as one of the dev accounts that Hardhat's
 * node holds unlocked, forwarding eth_sendTransaction / personal_sign to the node. The account is
 * picked by role (admin, creator, buyer, …) and remembered in localStorage.
 */

import { type Address, getAddress, numberToHex, RpcRequestError, SwitchChainError } from "viem";
import { createConnector } from "wagmi";

const STORAGE_KEY = "tessera.devAccount";

export interface DevAccount {
  role: string;
  address: Address;
}

type RequestArgs = { method: string; params?: unknown };

/** The dev account the connector signs as (null until one is picked). */
export function selectedDevAccount(): Address | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value ? getAddress(value) : null;
  } catch {
    return null;
  }
}

export function selectDevAccount(address: Address | null): void {
  try {
    if (address) globalThis.localStorage?.setItem(STORAGE_KEY, address);
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Private mode: the choice just is not remembered.
  }
}

let rpcId = 0;
async function nodeRequest(rpcUrl: string, method: string, params: unknown): Promise<unknown> {
  const body = { jsonrpc: "2.0", id: ++rpcId, method, params: params ?? [] };
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (json.error) throw new RpcRequestError({ body, error: json.error, url: rpcUrl });
  return json.result;
}

export function devAccountsConnector({ rpcUrl, chainId }: { rpcUrl: string; chainId: number }) {
  let connected = false;
  return createConnector<{ request: (args: RequestArgs) => Promise<unknown> }>((config) => ({
    id: "tessera-dev",
    name: "Dev account (local chain)",
    type: "tessera-dev",
    async connect(params) {
      const account = selectedDevAccount();
      if (!account) throw new Error("Pick a dev account first.");
      connected = true;
      config.emitter.emit("change", { accounts: [account] });
      const accounts = params?.withCapabilities ? [{ address: account, capabilities: {} }] : [account];
      // biome-ignore lint/suspicious/noExplicitAny: wagmi's conditional return type depends on withCapabilities
      return { accounts: accounts as any, chainId };
    },
    async disconnect() {
      connected = false;
    },
    async getAccounts() {
      const account = selectedDevAccount();
      return account ? [account] : [];
    },
    async getChainId() {
      return chainId;
    },
    async isAuthorized() {
      return selectedDevAccount() !== null;
    },
    async switchChain({ chainId: wanted }) {
      const chain = config.chains.find((c) => c.id === wanted);
      if (!chain || wanted !== chainId)
        throw new SwitchChainError(new Error("Dev accounts exist only on the local chain."));
      return chain;
    },
    onAccountsChanged(accounts) {
      if (accounts.length === 0) this.onDisconnect();
      else config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
    },
    onChainChanged(chain) {
      config.emitter.emit("change", { chainId: Number(chain) });
    },
    onDisconnect() {
      connected = false;
      config.emitter.emit("disconnect");
    },
    async getProvider() {
      return {
        request: async ({ method, params }: RequestArgs) => {
          const account = selectedDevAccount();
          switch (method) {
            case "eth_chainId":
              return numberToHex(chainId);
            case "eth_accounts":
              return connected && account ? [account] : [];
            case "eth_requestAccounts":
              return account ? [account] : [];
            case "wallet_switchEthereumChain":
              return null;
            default:
              return nodeRequest(rpcUrl, method, params);
          }
        },
      };
    },
  }));
}
