/**
 * "Refunds to collect" on My licenses: a refund is credited to the holder's withdrawable balance at
 * the market (a pull payment), so the balance per currency is shown with Withdraw once a refund was paid.
 */
import { useQuery } from "@tanstack/react-query";
import { balances, withdraw } from "../../../../scripts/sdk/index.ts";
import { formatPrice } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { readClient, useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { ErrorBox } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import { useRefundsPaid } from "./refundsData.ts";

export function RefundsToCollect() {
  const { address } = useTessera();
  const catalog = useCatalog();
  const { tx, busy, ready, run } = useTxRunner();
  const paid = useRefundsPaid(address);
  const bal = useQuery({
    queryKey: ["balances", address],
    queryFn: () => balances(need(readClient), { account: need(address) }),
    enabled: !!readClient && !!address && (paid.data?.size ?? 0) > 0,
  });
  const due = (bal.data ?? []).filter((b) => b.withdrawable > 0n);
  if (!paid.data || paid.data.size === 0 || (due.length === 0 && tx.status === "idle")) return null;
  return (
    <section className="panel refunds-to-collect" aria-labelledby="refunds-to-collect-title">
      <h2 id="refunds-to-collect-title">Refunds to collect</h2>
      <p className="muted small">
        Refunds are credited to your balance at the market; withdraw them to your wallet (anything else credited to this
        account in the same currency is withdrawn with them).
      </p>
      {bal.isError && <ErrorBox error={bal.error} onRetry={() => void bal.refetch()} />}
      {due.length === 0 && <p className="small">Nothing left to collect.</p>}
      <ul className="held-list">
        {due.map((b) => {
          const cur = currencyOf(catalog.data, b.currency);
          return (
            <li key={b.currency} data-testid={`refund-balance-${cur.symbol}`}>
              {formatPrice(b.withdrawable, cur)}{" "}
              <button
                type="button"
                disabled={!ready || busy}
                onClick={() =>
                  void run(`Withdrawal of ${cur.symbol}`, (client) => withdraw(client, { currency: b.currency }))
                }
              >
                Withdraw {cur.symbol}
              </button>
            </li>
          );
        })}
      </ul>
      <TxStatus state={tx} />
    </section>
  );
}
