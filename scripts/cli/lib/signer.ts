/**
 * The account that signs: TESSERA_PRIVATE_KEY, or a V3 JSON keystore (`--keystore <file>`,
 * password in TESSERA_KEYSTORE_PASSWORD) decrypted with ethers. Key material never appears in an
 * error message.
 */
import { readFile } from "node:fs/promises";
import type { Hex, LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type OptionValues, stringOption } from "./args.ts";
import { envValue } from "./config.ts";
import { UsageError } from "./errors.ts";

const PRIVATE_KEY_RE = /^0x[0-9a-fA-F]{64}$/;

function accountFromKey(key: string, source: string): LocalAccount {
  if (!PRIVATE_KEY_RE.test(key)) throw new UsageError(`${source} is malformed: expected 0x followed by 64 hex digits`);
  try {
    return privateKeyToAccount(key as Hex);
  } catch {
    throw new UsageError(`${source} is not a valid secp256k1 private key`);
  }
}

async function accountFromKeystore(file: string, password: string | undefined): Promise<LocalAccount> {
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read keystore ${file}: ${code === "ENOENT" ? "no such file" : (code ?? "read error")}`,
    );
  }
  if (password === undefined) throw new UsageError(`set TESSERA_KEYSTORE_PASSWORD to decrypt the keystore ${file}`);
  // ethers is large: load it only for keystores.
  const { decryptKeystoreJsonSync, isKeystoreJson } = await import("ethers");
  if (!isKeystoreJson(json)) throw new UsageError(`${file} is not an Ethereum V3 JSON keystore`);
  let privateKey: string;
  try {
    // The synchronous scrypt: the async one yields to the event loop between chunks and runs slower.
    ({ privateKey } = decryptKeystoreJsonSync(json, password));
  } catch {
    throw new UsageError(`cannot decrypt the keystore ${file}: wrong TESSERA_KEYSTORE_PASSWORD?`);
  }
  return accountFromKey(privateKey, `the key in ${file}`);
}

/** Whether a signer is configured (to decide, e.g., whose licenses to list). */
export function hasSigner(values: OptionValues, env: NodeJS.ProcessEnv): boolean {
  return stringOption(values, "keystore") !== undefined || envValue(env, "TESSERA_PRIVATE_KEY") !== undefined;
}

/** The signing account; `--keystore` wins over TESSERA_PRIVATE_KEY. */
export async function loadSigner(values: OptionValues, env: NodeJS.ProcessEnv): Promise<LocalAccount> {
  const keystore = stringOption(values, "keystore");
  if (keystore !== undefined) return accountFromKeystore(keystore, env.TESSERA_KEYSTORE_PASSWORD);
  const key = envValue(env, "TESSERA_PRIVATE_KEY");
  if (key === undefined)
    throw new UsageError("no signing key: set TESSERA_PRIVATE_KEY (0x…) or pass --keystore <file>");
  return accountFromKey(key.trim(), "TESSERA_PRIVATE_KEY");
}
