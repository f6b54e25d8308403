/**
 * A metered license on chain (UsageMeter): this period's reported units against its allowance,
 * suspension or next-tier overage, when the period ends; a top-up form (ERC-20: approve the meter
 * first); and the gateway's signed usage report, fetched with the panel's session and submitted on
 * chain. Renders nothing for a license whose offer has no metering plan.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { erc20Abi, zeroAddress } from "viem";
import {
  approveTopUp,
  type GetLicenseReturnType,
  type GetUsageReturnType,
  getUsage,
  submitUsageReport,
  topUp,
} from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatDateTime, formatPrice, formatRelative } from "../../lib/format.ts";
import type { Session } from "../../lib/gateway.ts";
import { need } from "../../lib/need.ts";
import { publicClient, readClient, useChainNow, useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { ErrorBox } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import { MeterBar } from "./MeterBar.tsx";
import { meteredView, topUpQuote } from "./meteredUsage.ts";
import { fetchUsageReport } from "./usageReport.ts";

/** The on-chain figures: units against the allowance, the standing, the period's end. */
export function MeteredFigures({
  usage,
  currency,
  now,
  licenseId,
}: {
  usage: GetUsageReturnType;
  currency: Pick<CurrencyInfo, "symbol" | "decimals">;
  now: number;
  licenseId: bigint;
}) {
  const view = meteredView(usage, currency);
  const { standing } = view;
  return (
    <>
      <p>
        <strong>Units:</strong> {view.words}
      </p>
      <p className="muted small">Allowance: {view.allowanceWords}.</p>
      {view.meter && (
        <MeterBar meter={view.meter} label={`Metered units used of the allowance, license ${licenseId}`} />
      )}
      <p
        className={`metered-standing metered-${standing.kind}`}
        role={standing.kind === "within" ? undefined : standing.kind === "suspended" ? "alert" : "status"}
      >
        {standing.kind !== "within" && <span aria-hidden="true">{standing.kind === "suspended" ? "✗ " : "⚠ "}</span>}
        {standing.words}
      </p>
      <p className="small">
        This period ends {formatDateTime(usage.periodEnd)} ({formatRelative(usage.periodEnd, now)}).
      </p>
    </>
  );
}

function TopUpForm({
  license,
  usage,
  currency,
}: {
  license: GetLicenseReturnType;
  usage: GetUsageReturnType;
  currency: CurrencyInfo;
}) {
  const { address, ready, client } = useTessera();
  const { tx, busy, run } = useTxRunner();
  const [text, setText] = useState("10");
  const hintId = useId();
  const isErc20 = usage.currency !== zeroAddress;
  const approved = useQuery({
    queryKey: ["topup-allowance", address, usage.currency],
    enabled: isErc20 && !!address && ready,
    queryFn: () =>
      publicClient.readContract({
        address: usage.currency,
        abi: erc20Abi,
        functionName: "allowance",
        args: [need(address), need(client?.contracts.usage).address],
      }),
  });
  if (usage.plan.pricePerUnit === 0n) return <p className="muted small">This plan sells no extra units.</p>;
  if (license.status !== "ACTIVE") return <p className="muted small">Only an active license can be topped up.</p>;

  const quote = topUpQuote(text, usage);
  const cost = quote.ok ? formatPrice(quote.cost, currency) : undefined;
  const needsApproval = quote.ok && isErc20 && approved.data !== undefined && approved.data < quote.cost;
  return (
    <form
      className="topup"
      aria-label={`Top up license ${license.licenseId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!quote.ok) return;
        void run(`Top-up of ${quote.units} units`, (c) =>
          topUp(c, { licenseId: license.licenseId, units: quote.units }),
        );
      }}
    >
      <label className="field">
        <span>Extra units for this period</span>
        <input
          inputMode="numeric"
          value={text}
          aria-invalid={!quote.ok}
          aria-describedby={hintId}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <p id={hintId} className={quote.ok ? "small" : "error-text small"}>
        {quote.ok
          ? `Cost: ${cost} (${formatPrice(usage.plan.pricePerUnit, currency)} a unit), paid to the licensor.`
          : quote.problem}
      </p>
      {needsApproval ? (
        <button
          type="button"
          disabled={busy || !ready}
          onClick={() =>
            quote.ok &&
            void run(`Approval of ${cost}`, (c) => approveTopUp(c, { currency: usage.currency, amount: quote.cost }))
          }
        >
          Step 1 of 2: approve {cost}
        </button>
      ) : (
        <button type="submit" disabled={busy || !ready || !quote.ok || (isErc20 && approved.data === undefined)}>
          {isErc20 ? "Step 2 of 2: " : ""}Top up{cost ? ` for ${cost}` : ""}
        </button>
      )}
      {!ready && <p className="muted small">Connect your wallet on the marketplace's network to top up.</p>}
      <TxStatus state={tx} />
    </form>
  );
}

function GatewayReport({ licenseId, session }: { licenseId: bigint; session: Session | null }) {
  const { ready } = useTessera();
  const { tx, setTx, busy, run } = useTxRunner();
  const [fetching, setFetching] = useState(false);
  const hintId = useId();
  const submit = async () => {
    if (!session) return;
    setFetching(true);
    setTx({ status: "idle" });
    let signed: Awaited<ReturnType<typeof fetchUsageReport>>;
    try {
      signed = await fetchUsageReport(session, licenseId);
    } catch (error) {
      setTx({ status: "failed", label: "Usage report", error });
      return;
    } finally {
      setFetching(false);
    }
    await run(`Usage report (${signed.report.units} units)`, (c) => submitUsageReport(c, signed));
  };
  const hint = !session
    ? "Sign in to the gateway above to fetch its report."
    : "The gateway signs its count of this period's units; recording it on chain lets you prove your usage and the licensor enforce the cap.";
  return (
    <div className="usage-report">
      <button
        type="button"
        className="secondary"
        disabled={!session || !ready || busy || fetching}
        aria-describedby={hintId}
        onClick={() => void submit()}
      >
        {fetching ? "Fetching the gateway's report…" : "Submit the gateway's usage report"}
      </button>
      <p id={hintId} className="muted small">
        {hint}
      </p>
      <TxStatus state={tx} />
    </div>
  );
}

/** The metered part of the usage panel; nothing when the license's offer has no plan. */
export function MeteredUsage({ license, session }: { license: GetLicenseReturnType; session: Session | null }) {
  const catalog = useCatalog();
  const now = useChainNow();
  const usage = useQuery({
    queryKey: ["metered-usage", license.licenseId.toString()],
    // null, not undefined, for "no plan": React Query keeps no undefined data.
    queryFn: async () => (await getUsage(need(readClient), { licenseId: license.licenseId })) ?? null,
    enabled: !!readClient?.contracts.usage,
    refetchInterval: 30_000,
  });
  const titleId = useId();
  if (usage.isError) return <ErrorBox error={usage.error} onRetry={() => void usage.refetch()} />;
  if (!usage.data) return null;
  const currency = currencyOf(catalog.data, usage.data.currency);
  return (
    <section className="metered" aria-labelledby={titleId}>
      <h4 id={titleId}>Metered on chain</h4>
      <MeteredFigures usage={usage.data} currency={currency} now={now} licenseId={license.licenseId} />
      <TopUpForm license={license} usage={usage.data} currency={currency} />
      <GatewayReport licenseId={license.licenseId} session={session} />
    </section>
  );
}
