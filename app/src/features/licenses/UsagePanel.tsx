/**
 * A license's usage at the gateway (requests served under it, per UTC day) against the caps of its
 * terms: a meter for the calls cap over its period, with a warning from 80 % and at the cap; seats
 * and monthly active users as the terms state them. Uses the shared SIWE session of the downloads.
 * A license whose offer has a metering plan also gets its on-chain usage, top-ups and the gateway's
 * signed usage report (MeteredUsage.tsx).
 */
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import type { GetLicenseReturnType } from "../../../../scripts/sdk/index.ts";
import { GatewayError } from "../../lib/errors.ts";
import { formatBytes } from "../../lib/format.ts";
import { fetchUsage } from "../../lib/gateway.ts";
import { useGatewaySession } from "../../lib/gatewaySession.ts";
import { need } from "../../lib/need.ts";
import { useTermsOf } from "../../lib/termsOf.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { MeterBar } from "./MeterBar.tsx";
import { MeteredUsage } from "./MeteredUsage.tsx";
import { type CapLine, callsWindow, capLines, sumUsage, utcDay } from "./usageCaps.ts";

function CapRow({ line, licenseId }: { line: CapLine; licenseId: bigint }) {
  const { meter } = line;
  return (
    <li data-cap={line.key}>
      <span>
        <strong>{line.label}:</strong> {line.words}
      </span>
      {meter && <MeterBar meter={meter} label={`Calls used of the cap, license ${licenseId}`} />}
      {meter?.warning && (
        <p className={`usage-warning usage-${meter.level}`} role={meter.level === "over" ? "alert" : "status"}>
          <span aria-hidden="true">{meter.level === "over" ? "✗ " : "⚠ "}</span>
          {meter.warning}
        </p>
      )}
    </li>
  );
}

/** Today's requests and one line per cap (calls with its meter and warning, seats, MAU). */
export function UsageFigures({
  today,
  lines,
  licenseId,
}: {
  today: { requests: number; bytes: number };
  lines: CapLine[];
  licenseId: bigint;
}) {
  return (
    <>
      <p className="small">
        Today (UTC): {today.requests.toLocaleString("en-US")} request{today.requests === 1 ? "" : "s"},{" "}
        {formatBytes(today.bytes)} served.
      </p>
      <ul className="usage-caps">
        {lines.map((line) => (
          <CapRow key={line.key} line={line} licenseId={licenseId} />
        ))}
      </ul>
    </>
  );
}

export function UsagePanel({ license }: { license: GetLicenseReturnType }) {
  const { session, signIn, signing, signInError, forget } = useGatewaySession();
  const terms = useTermsOf(license.termsId);
  const today = utcDay(Date.now());
  const caps = terms.data?.terms.caps;
  const span = caps && caps.callsPerPeriod !== 0 ? callsWindow(caps.periodSeconds, today) : undefined;
  // Today's counts, and those of the calls cap's window when it reaches further back (or to the start).
  const range = span === undefined ? { from: today } : span.from === undefined ? {} : { from: span.from };
  const usage = useQuery({
    queryKey: ["usage", license.licenseId.toString(), range.from, session?.token],
    queryFn: () => fetchUsage(need(session), license.licenseId, range),
    enabled: !!session && !!caps,
    retry: false,
    refetchInterval: 60_000,
  });
  useEffect(() => {
    if (usage.error instanceof GatewayError && usage.error.status === 401) forget();
  }, [usage.error, forget]);

  const titleId = `usage-${license.licenseId}`;
  let body: ReactNode;
  if (!session) {
    body = (
      <>
        <button type="button" className="secondary" onClick={() => void signIn()} disabled={signing}>
          {signing ? "Waiting for the signature…" : "Sign in to see usage"}
        </button>
        {signInError !== undefined && <ErrorBox error={signInError} />}
      </>
    );
  } else if (terms.isError) {
    body = <ErrorBox error={terms.error} onRetry={() => void terms.refetch()} />;
  } else if (terms.isPending || usage.isPending) {
    body = <Loading label="Reading usage from the gateway…" />;
  } else if (usage.isError) {
    body = <ErrorBox error={usage.error} onRetry={() => void usage.refetch()} />;
  } else {
    const counted = sumUsage(usage.data, today, span?.from);
    body = (
      <UsageFigures
        today={counted.today}
        lines={capLines(terms.data.terms.caps, span, counted.window, counted.today.requests)}
        licenseId={license.licenseId}
      />
    );
  }
  return (
    <section className="usage" aria-labelledby={titleId}>
      <h3 id={titleId}>Usage against caps</h3>
      {body}
      <MeteredUsage license={license} session={session} />
    </section>
  );
}
