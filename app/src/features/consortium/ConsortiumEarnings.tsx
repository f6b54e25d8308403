/** A consortium's revenue per currency: what the connected account is owed, what waits in the market, and Claim. */
import type { Address } from "viem";
import type { ConsortiumRevenue } from "../../../../scripts/sdk/actions/consortium/getConsortium.ts";
import { syncAndClaim } from "../../../../scripts/sdk/actions/consortium/syncAndClaim.ts";
import { type CurrencyInfo, formatUnitsGrouped } from "../../lib/format.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";

const amount = (v: bigint, c: CurrencyInfo) => `${formatUnitsGrouped(v, c.decimals)} ${c.symbol}`;

/** Why the viewer cannot claim in this currency, if so. */
export function claimBlock(
  r: Pick<ConsortiumRevenue, "owedToAccount" | "unsynced">,
  viewer: { connected: boolean; ready: boolean; weight: bigint; totalWeight: bigint },
  symbol: string,
): string | undefined {
  if (!viewer.connected) return "Connect a wallet to claim.";
  const shareOfUnsynced = viewer.totalWeight === 0n ? 0n : (r.unsynced * viewer.weight) / viewer.totalWeight;
  if (r.owedToAccount === 0n && shareOfUnsynced === 0n) return `Nothing to claim in ${symbol} yet.`;
  if (!viewer.ready) return "Switch your wallet to the marketplace's network to claim.";
  return undefined;
}

export function ConsortiumEarnings({
  consortium,
  revenue,
  currency,
  viewer,
}: {
  consortium: Address;
  revenue: readonly ConsortiumRevenue[];
  currency: (address: Address) => CurrencyInfo;
  viewer: { connected: boolean; ready: boolean; weight: bigint; totalWeight: bigint };
}) {
  const { tx, busy, run } = useTxRunner();
  return (
    <section className="panel" aria-labelledby="consortium-earnings-title">
      <h2 id="consortium-earnings-title">Earnings</h2>
      <p className="muted small">
        Sales of pooled offers wait in the market until someone syncs; claiming syncs first, then pays you your share by
        weight.
      </p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Consortium revenue per currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">You are owed</th>
              <th scope="col">Your share of unsynced revenue</th>
              <th scope="col">Unsynced (whole consortium)</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revenue.map((r) => {
              const c = currency(r.currency);
              const share = viewer.totalWeight === 0n ? 0n : (r.unsynced * viewer.weight) / viewer.totalWeight;
              const why = claimBlock(r, viewer, c.symbol);
              const whyId = `claim-why-${c.symbol}`;
              return (
                <tr key={r.currency}>
                  <th scope="row">{c.symbol}</th>
                  <td data-testid={`owed-${c.symbol}`}>{amount(r.owedToAccount, c)}</td>
                  <td>{amount(share, c)}</td>
                  <td data-testid={`unsynced-${c.symbol}`}>{amount(r.unsynced, c)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Claim ${c.symbol}`}
                      disabled={busy || why !== undefined}
                      aria-describedby={why ? whyId : undefined}
                      onClick={() =>
                        void run(`Claim of ${c.symbol}`, (client) =>
                          syncAndClaim(client, { consortium, currency: r.currency }),
                        )
                      }
                    >
                      Claim
                    </button>
                    {why && (
                      <small id={whyId} className="muted why-inline">
                        {why}
                      </small>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <TxStatus state={tx} />
    </section>
  );
}
