/** Earnings per currency (withdrawable now, with Withdraw), top-up revenue at the UsageMeter, pending split revenue (Distribute), and sales per offer. */

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Hash, zeroAddress } from "viem";
import { balances, distribute, getSplit, withdraw } from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatPrice, formatUnitsGrouped } from "../../lib/format.ts";

const formatRevenue = (v: bigint, c: CurrencyInfo) => `${formatUnitsGrouped(v, c.decimals)} ${c.symbol}`;

import { need } from "../../lib/need.ts";
import { useTessera, withHashes } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import { RevenueChart } from "./RevenueChart.tsx";
import type { StudioData } from "./studioData.ts";
import { UsageEarnings } from "./UsageEarnings.tsx";

export function EarningsPanel({ data }: { data: StudioData | undefined }) {
  const { address, client, ready } = useTessera();
  const catalog = useCatalog();
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const bal = useQuery({
    queryKey: ["balances", address],
    queryFn: () => balances(need(client), { account: need(address) }),
    enabled: !!client && !!address,
  });
  const pending = useQuery({
    queryKey: ["split-pending", data?.splits.map((s) => s.splitId).join(",")],
    enabled: !!client && !!data,
    queryFn: () => Promise.all((data?.splits ?? []).map((s) => getSplit(need(client), { splitId: s.splitId }))),
  });
  const run = async (label: string, action: (onHash: (h: Hash) => void) => Promise<unknown>) => {
    setTx({ status: "signing", label });
    try {
      let hash: Hash | undefined;
      await action((h) => {
        hash = h;
        setTx({ status: "pending", label, hash: h });
      });
      if (hash) setTx({ status: "confirmed", label, hash });
      await queryClient.invalidateQueries();
    } catch (error) {
      setTx({ status: "failed", label, error });
    }
  };
  const busy = tx.status === "signing" || tx.status === "pending";
  const cur = (a: `0x${string}`) => currencyOf(catalog.data, a);
  const withBalance = (bal.data ?? []).filter((b) => b.withdrawable > 0n || b.currency === zeroAddress);
  const undistributed = (pending.data ?? []).flatMap((s) =>
    s.pending.filter((p) => p.amount > 0n).map((p) => ({ splitId: s.splitId, ...p })),
  );
  const currencies = [...new Set((data?.offers ?? []).map((o) => o.offer.currency.toLowerCase()))];

  return (
    <section className="panel" aria-labelledby="earnings-title">
      <h2 id="earnings-title">Earnings</h2>
      {bal.isPending && <Loading label="Reading balances…" />}
      {bal.isError && <ErrorBox error={bal.error} />}
      {bal.data && (
        <table>
          <caption className="sr-only">Withdrawable balance per currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Withdrawable now</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {withBalance.map((b) => (
              <tr key={b.currency}>
                <th scope="row">{cur(b.currency).symbol}</th>
                <td data-testid={`withdrawable-${cur(b.currency).symbol}`}>
                  {formatPrice(b.withdrawable, cur(b.currency))}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={!ready || busy || b.withdrawable === 0n}
                    onClick={() =>
                      client &&
                      void run(`Withdrawal of ${cur(b.currency).symbol}`, (onHash) =>
                        withdraw(withHashes(client, onHash), { currency: b.currency }),
                      )
                    }
                  >
                    Withdraw
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UsageEarnings />
      {undistributed.length > 0 && (
        <>
          <h3>Waiting in splits</h3>
          <p className="muted small">Sales credit a split; distributing moves the money to each recipient's balance.</p>
          <ul>
            {undistributed.map((u) => (
              <li key={`${u.splitId}-${u.currency}`}>
                Split #{u.splitId.toString()}: {formatPrice(u.amount, cur(u.currency))}{" "}
                <button
                  type="button"
                  className="secondary"
                  disabled={!ready || busy}
                  onClick={() =>
                    client &&
                    void run("Distribution", (onHash) =>
                      distribute(withHashes(client, onHash), { splitId: u.splitId, currency: u.currency }),
                    )
                  }
                >
                  Distribute
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <TxStatus state={tx} />
      <h3>Sales by offer</h3>
      {data && data.offers.length === 0 && (
        <Empty>
          <p>This account controls no asset with offers yet.</p>
        </Empty>
      )}
      {data && data.offers.length > 0 && (
        <>
          {currencies.map((c) => {
            const rows = data.offers.filter((o) => o.offer.currency.toLowerCase() === c);
            const info = cur(c as `0x${string}`);
            return (
              <RevenueChart
                key={c}
                title={`Gross revenue in ${info.symbol} per offer`}
                bars={rows.map((r) => ({
                  label: `${r.title} #${r.offer.offerId} ${r.offer.terms?.spdx ?? ""}`,
                  value: r.gross,
                }))}
                format={(v) => formatRevenue(v, info)}
              />
            );
          })}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Offer</th>
                  <th scope="col">Sales</th>
                  <th scope="col">Renewals</th>
                  <th scope="col">Gross</th>
                </tr>
              </thead>
              <tbody>
                {data.offers.map((o) => (
                  <tr key={o.offer.offerId.toString()}>
                    <td>{o.title}</td>
                    <td>
                      #{o.offer.offerId.toString()} {o.offer.terms?.spdx}
                      {!o.offer.active && <span className="muted"> (closed)</span>}
                    </td>
                    <td>{o.sales}</td>
                    <td>{o.renewals}</td>
                    <td>{formatRevenue(o.gross, cur(o.offer.currency))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
