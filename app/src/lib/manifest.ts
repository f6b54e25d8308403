/**
 * Asset-version manifests in the browser: parse what the gateway sends, and hash bytes with
 * crypto.subtle. The gateway serves the canonical manifest bytes, so their sha256 is the on-chain
 * content hash (see scripts/storage/manifest.ts for the canonical form).
 */
import type { Hex } from "viem";

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

/** `0x`-prefixed lowercase sha256 of `bytes`. */
export async function sha256Hex(bytes: BufferSource): Promise<Hex> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `0x${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Parses manifest JSON, checking the shape the app relies on. */
export function parseManifest(text: string): Manifest {
  const value: unknown = JSON.parse(text);
  const files = (value as { files?: unknown })?.files;
  if ((value as { version?: unknown })?.version !== 1 || !Array.isArray(files)) {
    throw new Error("The manifest is not a version-1 Tessera manifest.");
  }
  for (const f of files as ManifestEntry[]) {
    if (typeof f.path !== "string" || !Number.isSafeInteger(f.size) || !/^[0-9a-f]{64}$/.test(f.sha256)) {
      throw new Error("The manifest lists a malformed file entry.");
    }
  }
  return { version: 1, files: files as ManifestEntry[] };
}

/** The canonical bytes of a manifest (same rule as the storage module), for re-hashing. */
export function canonicalManifestBytes(manifest: Manifest): Uint8Array {
  const enc = new TextEncoder();
  const cmp = (a: string, b: string) => {
    const x = enc.encode(a);
    const y = enc.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return x.length - y.length;
  };
  const files = [...manifest.files].map((f) => ({ ...f, path: f.path.normalize("NFC") }));
  files.sort((a, b) => cmp(a.path, b.path));
  const body = files
    .map((f) => `{"path":${JSON.stringify(f.path)},"size":${f.size},"sha256":${JSON.stringify(f.sha256)}}`)
    .join(",");
  return enc.encode(`{"version":1,"files":[${body}]}`);
}
