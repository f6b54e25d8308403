import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A compiled contract as Hardhat writes it. */
export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
}

/** Reads the Hardhat artifact of a contract in contracts/ (run `npm run build` first). */
export async function loadArtifact(contractName: string, source = `${contractName}.sol`): Promise<Artifact> {
  const path = `${ROOT}artifacts/contracts/${source}/${contractName}.json`;
  try {
    return JSON.parse(await readFile(path, "utf8")) as Artifact;
  } catch (cause) {
    throw new Error(`No compiled artifact for ${contractName} at ${path}: run \`npm run build\` first`, { cause });
  }
}

/** The repository root, with a trailing slash. */
export const repoRoot = ROOT;
