/**
 * Settings from the environment, overridden by flags: the RPC and gateway URLs and the store root.
 * The signing key has its own module (signer.ts).
 */
import path from "node:path";
import { flagOption, type OptionValues, parseUrl, stringOption } from "./args.ts";
import { UsageError } from "./errors.ts";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:8787";

/** Every environment variable the CLI reads, with its help line. */
export const ENV_HELP = {
  TESSERA_RPC_URL: `JSON-RPC endpoint (default ${DEFAULT_RPC_URL}); the chain id is read from it`,
  TESSERA_PRIVATE_KEY: "signing key: 0x followed by 64 hex digits",
  TESSERA_KEYSTORE_PASSWORD: "password of the --keystore file",
  TESSERA_GATEWAY_URL: `download gateway (default ${DEFAULT_GATEWAY_URL})`,
  TESSERA_STORE: "root directory of the local asset store the gateway serves",
} as const;

export type EnvName = keyof typeof ENV_HELP;

/** A non-empty environment variable, or undefined. */
export const envValue = (env: NodeJS.ProcessEnv, name: EnvName): string | undefined => env[name] || undefined;

export function rpcUrl(values: OptionValues, env: NodeJS.ProcessEnv): string {
  const flag = stringOption(values, "rpc-url");
  const source = flag !== undefined ? "--rpc-url" : "TESSERA_RPC_URL";
  return parseUrl(source, flag ?? envValue(env, "TESSERA_RPC_URL") ?? DEFAULT_RPC_URL).href.replace(/\/$/, "");
}

export function gatewayUrl(values: OptionValues, env: NodeJS.ProcessEnv): URL {
  const flag = stringOption(values, "gateway-url");
  const source = flag !== undefined ? "--gateway-url" : "TESSERA_GATEWAY_URL";
  return parseUrl(source, flag ?? envValue(env, "TESSERA_GATEWAY_URL") ?? DEFAULT_GATEWAY_URL);
}

/** The store root: required by the commands that write asset files. */
export function storeRoot(values: OptionValues, env: NodeJS.ProcessEnv): string {
  const root = stringOption(values, "store") ?? envValue(env, "TESSERA_STORE");
  if (root === undefined) throw new UsageError("no asset store: set TESSERA_STORE or pass --store <dir>");
  return path.resolve(root);
}

export const wantsJson = (values: OptionValues): boolean => flagOption(values, "json");
