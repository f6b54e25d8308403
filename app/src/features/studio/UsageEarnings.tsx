/**
 * Top-up revenue: what license holders paid the UsageMeter for extra units is credited to the
 * asset's controller there (a ledger apart from the market's), per currency, with Withdraw.
 * Renders nothing on a deployment without a UsageMeter.
 */
import { useQuery } from "@tanstack/react-query";
import { type Address, zeroAddress } from "viem";
import { withdrawUsageRevenue } from "../../../../scripts/sdk/index.ts";
import { formatPrice } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";

export function UsageEarnings() {
  const { address, client, ready } = useTessera();
  const catalog = useCatalog();
  const { tx, busy, run } = useTxRunner();
  const meter = client?.contracts.usage;
  const currencies: Address[] = [
    zeroAddress,
    ...[...(catalog.data?.currencies.keys() ?? [])].filter((c) => c !== zeroAddress).map((c) => c as Address),
  ];
  const balances = useQuery({
    queryKey: ["usage-withdrawable", address, currencies.join(",")],
    enabled: !!meter && !!address,
    queryFn: () =>
      Promise.all(
        currencies.map(async (currency) => ({
          currency,
          amount: await need(client).public.readContract({
            ...need(meter),
            functionName: "withdrawable",
            args: [need(address), currency],
          }),
        })),
      ),
  });
  if (!meter || !address) return null;
  const owed = (balances.data ?? []).filter((b) => b.amount > 0n);
  return (
    <section className="usage-earnings" aria-labelledby="usage-earnings-title">
      <h3 id="usage-earnings-title">Top-ups (usage meter)</h3>
      {balances.isPending && <Loading label="Reading top-up revenue…" />}
      {balances.isError && <ErrorBox error={balances.error} onRetry={() => void balances.refetch()} />}
      {balances.data && owed.length === 0 && <p className="muted small">No top-up revenue to withdraw.</p>}
      {owed.length > 0 && (
        <ul className="usage-earnings-list">
          {owed.map((b) => {
            const cur = currencyOf(catalog.data, b.currency);
            return (
              <li key={b.currency}>
                <span data-testid={`usage-withdrawable-${cur.symbol}`}>{formatPrice(b.amount, cur)}</span> from top-ups{" "}
                <button
                  type="button"
                  disabled={!ready || busy}
                  onClick={() =>
                    void run(`Withdrawal of ${cur.symbol} top-ups`, (c) =>
                      withdrawUsageRevenue(c, { currency: b.currency }),
                    )
                  }
                >
                  Withdraw top-ups
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <TxStatus state={tx} />
    </section>
  );
}
