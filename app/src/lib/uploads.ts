/**
 * Creators' uploads at the gateway (Bearer session): open an upload, send each file's raw bytes
 * (XMLHttpRequest, for upload progress), read the manifest and its content hash, publish into the
 * store once the chain records that hash for the version, or cancel.
 */
import type { Hex } from "viem";
import { GatewayError } from "./errors.ts";
import { gatewayBase, gatewayError, type Session } from "./gateway.ts";
import type { Manifest } from "./manifest.ts";

export interface UploadedFile {
  path: string;
  size: number;
  /** Lowercase hex, no 0x (as in manifests). */
  sha256: string;
}

const auth = (session: Session) => ({ Authorization: `Bearer ${session.token}` });
const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

export async function createUpload(session: Session): Promise<{ uploadId: string; expiresAt: number }> {
  const res = await fetch(`${gatewayBase()}/v1/uploads`, { method: "POST", headers: auth(session) });
  if (!res.ok) throw await gatewayError(res);
  return (await res.json()) as { uploadId: string; expiresAt: number };
}

/** The gateway's `{ error, message }` from a non-2xx XMLHttpRequest answer. */
export function errorFromText(status: number, text: string): GatewayError {
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return new GatewayError(status, body.error ?? "http_error", body.message ?? `HTTP ${status}`);
  } catch {
    return new GatewayError(status, "http_error", `HTTP ${status}`);
  }
}

/** Sends one file's bytes, reporting bytes sent; resolves with what the gateway received and hashed. */
export function putFile(
  session: Session,
  uploadId: string,
  path: string,
  body: Blob,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `${gatewayBase()}/v1/uploads/${uploadId}/files/${encodePath(path)}`);
    xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedFile);
        } catch {
          reject(new GatewayError(xhr.status, "http_error", "the gateway's answer was not JSON"));
        }
      } else reject(errorFromText(xhr.status, xhr.responseText));
    };
    // Same wording as fetch's network failure, so errorWords says "cannot reach the server".
    xhr.onerror = () => reject(new TypeError("Failed to fetch (network error during the upload)"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export async function getUpload(session: Session, uploadId: string): Promise<{ manifest: Manifest; contentHash: Hex }> {
  const res = await fetch(`${gatewayBase()}/v1/uploads/${uploadId}`, { headers: auth(session) });
  if (!res.ok) throw await gatewayError(res);
  return (await res.json()) as { manifest: Manifest; contentHash: Hex };
}

export async function publishUpload(session: Session, uploadId: string, assetId: bigint, version: number) {
  const res = await fetch(`${gatewayBase()}/v1/uploads/${uploadId}/publish`, {
    method: "POST",
    headers: { ...auth(session), "content-type": "application/json" },
    body: JSON.stringify({ assetId: assetId.toString(), version }),
  });
  if (!res.ok) throw await gatewayError(res);
}

export async function deleteUpload(session: Session, uploadId: string): Promise<void> {
  const res = await fetch(`${gatewayBase()}/v1/uploads/${uploadId}`, { method: "DELETE", headers: auth(session) });
  if (!res.ok && res.status !== 404) throw await gatewayError(res);
}
