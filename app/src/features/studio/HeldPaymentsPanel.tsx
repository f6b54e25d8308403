/**
 * "Payments held for refunds": the sales of the creator's refundable offers that the market holds
 * until each buyer's refund window closes, per currency and one by one with the window's end; the
 * releasable ones (window closed) are credited as revenue with one "Release N payments" transaction.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { zeroAddress } from "viem";
import { type HeldPayment, listHeldPayments, releaseHeld } from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatDateTime, formatPrice, formatRelative } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { readClient, useChainNow } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import type { Listing } from "../catalog/catalogTypes.ts";

/** Held totals per currency (lower-case address → sum and count), in first-seen order. */
export function heldTotals(held: readonly HeldPayment[]): { currency: string; total: bigint; count: number }[] {
  const out = new Map<string, { currency: string; total: bigint; count: number }>();
  for (const h of held) {
    const key = h.currency.toLowerCase();
    const row = out.get(key) ?? { currency: key, total: 0n, count: 0 };
    row.total += h.amount;
    row.count++;
    out.set(key, row);
  }
  return [...out.values()];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function HeldPaymentsView({
  held,
  currencyOf: cur,
  now,
  canAct,
  busy,
  tx,
  released,
  onRelease,
}: {
  held: readonly HeldPayment[];
  currencyOf: (address: string) => Pick<CurrencyInfo, "symbol" | "decimals">;
  now: number;
  canAct: boolean;
  busy: boolean;
  tx: TxState;
  /** The last release's outcome, in words. */
  released?: string | undefined;
  onRelease: (licenseIds: bigint[]) => void;
}) {
  const releasable = held.filter((h) => h.releasable);
  const next = held.filter((h) => !h.releasable).sort((a, b) => Number(a.windowEnd - b.windowEnd))[0];
  return (
    <>
      {held.length === 0 ? (
        <Empty>
          <p>No payment is held: every refundable sale has been refunded or released.</p>
        </Empty>
      ) : (
        <>
          <ul className="held-totals">
            {heldTotals(held).map((t) => (
              <li key={t.currency} data-testid={`held-${cur(t.currency).symbol}`}>
                <strong>{formatPrice(t.total, cur(t.currency))}</strong> held ({plural(t.count, "payment")})
              </li>
            ))}
          </ul>
          <ul className="held-list">
            {held.map((h) => (
              <li key={h.licenseId.toString()} data-license={h.licenseId.toString()}>
                Licence {h.licenseId.toString()} (offer #{h.offerId.toString()}):{" "}
                {formatPrice(h.amount, cur(h.currency))} —{" "}
                {h.releasable
                  ? `window closed ${formatDateTime(h.windowEnd)}: can be released`
                  : `window closes ${formatDateTime(h.windowEnd)} (${formatRelative(h.windowEnd, now)})`}
              </li>
            ))}
          </ul>
        </>
      )}
      {releasable.length > 0 ? (
        <button type="button" disabled={!canAct || busy} onClick={() => onRelease(releasable.map((h) => h.licenseId))}>
          Release {plural(releasable.length, "payment")}
        </button>
      ) : (
        next && (
          <p className="muted small">
            Nothing can be released yet: the next window closes {formatDateTime(next.windowEnd)}.
          </p>
        )
      )}
      <TxStatus state={tx} />
      {released && tx.status === "confirmed" && <p className="small">{released}</p>}
    </>
  );
}

export function HeldPaymentsPanel({ assets }: { assets: Listing[] }) {
  const catalog = useCatalog();
  const now = useChainNow();
  const { tx, busy, ready, run } = useTxRunner();
  const [released, setReleased] = useState<string | undefined>(undefined);
  const offerIds = assets.flatMap((a) => a.offers.filter((o) => o.refund).map((o) => o.offerId));
  const held = useQuery({
    queryKey: ["held-payments", offerIds.join(",")],
    queryFn: () => listHeldPayments(need(readClient), { offerIds }),
    enabled: !!readClient?.contracts.refunds && offerIds.length > 0,
  });
  if (offerIds.length === 0) return null;
  const cur = (address: string) => currencyOf(catalog.data, address as `0x${string}`);
  return (
    <section className="panel" aria-labelledby="held-title">
      <h2 id="held-title">Payments held for refunds</h2>
      <p className="muted small">
        A sale of a refundable offer is held by the market until the buyer's refund window closes, since within it the
        buyer may hand the licence back for the unused share. Once the window closes anyone may release the payment: it
        is then credited like a sale (protocol fee, royalties, your split). A refund credits you the penalty and the
        used share at once.
      </p>
      {held.isPending && <Loading label="Reading held payments…" />}
      {held.isError && <ErrorBox error={held.error} onRetry={() => void held.refetch()} />}
      {held.data && (
        <HeldPaymentsView
          held={held.data}
          currencyOf={cur}
          now={now}
          canAct={ready}
          busy={busy}
          tx={tx}
          released={released}
          onRelease={(licenseIds) =>
            void run(`Release of ${plural(licenseIds.length, "payment")}`, (client) =>
              releaseHeld(client, { licenseIds }),
            ).then((r) => {
              if (!r) return;
              // Amounts per currency (the SDK does not sum across currencies).
              const byCurrency = heldTotals(
                r.released.map((x) => ({
                  ...x,
                  offerId: 0n,
                  windowEnd: 0n,
                  releasable: true,
                  currency: held.data.find((h) => h.licenseId === x.licenseId)?.currency ?? zeroAddress,
                })),
              );
              const amounts = byCurrency.map((t) => formatPrice(t.total, cur(t.currency))).join(" and ");
              setReleased(`Released ${amounts} as revenue (see Earnings above).`);
            })
          }
        />
      )}
    </section>
  );
}
