/**
 * Downloads through the gateway: SIWE sign-in once per session, the version's manifest checked
 * against the on-chain content hash, then each file streamed with progress and its sha256 verified
 * in the browser before it is offered for saving.
 */

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type GetLicenseReturnType, getAsset } from "../../../../scripts/sdk/index.ts";
import { GatewayError } from "../../lib/errors.ts";
import { formatBytes } from "../../lib/format.ts";
import { type DownloadedFile, downloadFile, fetchManifest, type Session } from "../../lib/gateway.ts";
import { useGatewaySession } from "../../lib/gatewaySession.ts";
import type { ManifestEntry } from "../../lib/manifest.ts";
import { need } from "../../lib/need.ts";
import { readClient } from "../../lib/tessera.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";

type FileState =
  | { status: "idle" }
  | { status: "downloading"; received: number }
  | { status: "done"; file: DownloadedFile; url: string }
  | { status: "failed"; error: unknown };

export function DownloadPanel({ license }: { license: GetLicenseReturnType }) {
  const { session, signIn, signing, signInError, forget } = useGatewaySession();
  const queryClient = useQueryClient();
  const asset = useQuery({
    queryKey: ["asset", license.assetId.toString()],
    queryFn: () => getAsset(need(readClient), { assetId: license.assetId }),
    enabled: !!readClient,
  });
  const versions = (asset.data?.versions ?? []).filter((v) => license.allVersions || v.version === license.version);
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const version = versions.find((v) => v.version === chosen) ?? versions[versions.length - 1];

  const manifest = useQuery({
    queryKey: ["manifest", license.assetId.toString(), version?.version, session?.token],
    queryFn: () => fetchManifest(need(session), license.assetId, need(version).version, need(version).contentHash),
    enabled: !!session && !!version,
    retry: false,
  });
  // An expired or refused session: forget it so the user can sign in again.
  useEffect(() => {
    if (manifest.error instanceof GatewayError && manifest.error.status === 401) forget();
  }, [manifest.error, forget]);

  if (asset.isPending) return <Loading label="Reading the asset's versions…" />;
  if (asset.isError) return <ErrorBox error={asset.error} />;
  if (!version) return <p className="muted">No version of this asset is covered by the license.</p>;

  return (
    <section className="panel" aria-label="Download files">
      {versions.length > 1 && (
        <label className="field">
          <span>Version</span>
          <select value={version.version} onChange={(e) => setChosen(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
      )}
      {!session ? (
        <div>
          <p>Sign in to the download gateway with your wallet (a signature, no transaction, no fee).</p>
          <button type="button" onClick={() => void signIn()} disabled={signing}>
            {signing ? "Waiting for the signature…" : "Sign in to download"}
          </button>
          {signInError !== undefined && <ErrorBox error={signInError} />}
        </div>
      ) : manifest.isPending ? (
        <Loading label="Fetching the manifest…" />
      ) : manifest.isError ? (
        <ErrorBox error={manifest.error} onRetry={() => void manifest.refetch()} />
      ) : (
        <>
          <p className={manifest.data.matchesChain ? "verified" : "unverified"} role="status">
            {manifest.data.matchesChain
              ? "✓ The manifest matches the content hash recorded on chain."
              : "✗ The manifest does NOT match the content hash on chain: do not trust these files."}
          </p>
          <p className="muted small">
            On chain: <code className="hash">{version.contentHash}</code>
          </p>
          {manifest.data.matchesChain && (
            <FileList
              session={session}
              assetId={license.assetId}
              version={version.version}
              files={manifest.data.manifest.files}
              // Each file served counts against the license: refresh its usage meter.
              onFetched={() =>
                void queryClient.invalidateQueries({ queryKey: ["usage", license.licenseId.toString()] })
              }
            />
          )}
        </>
      )}
    </section>
  );
}

function FileList({
  session,
  assetId,
  version,
  files,
  onFetched,
}: {
  session: Session;
  assetId: bigint;
  version: number;
  files: ManifestEntry[];
  onFetched: () => void;
}) {
  const [states, setStates] = useState<Record<string, FileState>>({});
  const set = (path: string, s: FileState) => setStates((prev) => ({ ...prev, [path]: s }));
  // Release object URLs when the panel closes.
  useEffect(
    () => () => {
      for (const s of Object.values(states)) if (s.status === "done") URL.revokeObjectURL(s.url);
    },
    [states],
  );
  const fetchOne = async (entry: ManifestEntry) => {
    set(entry.path, { status: "downloading", received: 0 });
    try {
      const file = await downloadFile(session, assetId, version, entry, (received) =>
        set(entry.path, { status: "downloading", received }),
      );
      set(entry.path, { status: "done", file, url: URL.createObjectURL(file.blob) });
      onFetched();
    } catch (error) {
      set(entry.path, { status: "failed", error });
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void Promise.all(files.map(fetchOne))}>
        Download all ({files.length} files, {formatBytes(files.reduce((n, f) => n + f.size, 0))})
      </button>
      <ul className="downloads">
        {files.map((entry) => {
          const s = states[entry.path] ?? { status: "idle" };
          return (
            <li key={entry.path} data-file={entry.path}>
              <span>
                <code>{entry.path}</code> <span className="muted small">{formatBytes(entry.size)}</span>
              </span>
              <span>
                {s.status === "idle" && (
                  <button type="button" className="secondary" onClick={() => void fetchOne(entry)}>
                    Fetch
                  </button>
                )}
                {s.status === "done" &&
                  (s.file.verified ? (
                    <a href={s.url} download={entry.path.split("/").pop()} className="verified">
                      ✓ sha256 verified — save
                    </a>
                  ) : (
                    <span className="unverified">✗ sha256 mismatch: discarded</span>
                  ))}
              </span>
              {s.status === "downloading" && (
                <progress
                  max={entry.size || 1}
                  value={s.received}
                  aria-label={`Downloading ${entry.path}`}
                  style={{ gridColumn: "1 / -1" }}
                />
              )}
              {s.status === "failed" && (
                <div style={{ gridColumn: "1 / -1" }}>
                  <ErrorBox error={s.error} onRetry={() => void fetchOne(entry)} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
