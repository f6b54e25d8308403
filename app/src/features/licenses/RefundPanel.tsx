/**
 * A refundable licence's refund: what handing it back pays now (the unused share of what was paid,
 * less the offer's penalty), a Refund button behind an explicit "your access ends now" confirmation,
 * the transaction's progress, then the refunded amount with a Withdraw action. After the window: no
 * button, the date refunds closed.
 */
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { type Address, zeroAddress } from "viem";
import {
  balances,
  type GetLicenseReturnType,
  type RefundPolicy,
  refund,
  refundQuote,
  withdraw,
} from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatPrice } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { type RefundState, refundPolicyWords, refundState, refundStateWords } from "../../lib/refunds.ts";
import { readClient, useTessera } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { currencyOf } from "../catalog/catalogIndex.ts";
import type { RefundPaid } from "./refundsData.ts";

/** The panel's body for a state: the sentence, the Refund button and its confirmation, Withdraw. */
export function RefundView({
  state,
  currency,
  policy,
  canAct,
  busy,
  tx,
  withdrawable,
  onRefund,
  onWithdraw,
}: {
  state: RefundState;
  currency: Pick<CurrencyInfo, "symbol" | "decimals">;
  policy?: RefundPolicy | undefined;
  /** A wallet is ready to sign as the holder. */
  canAct: boolean;
  busy: boolean;
  tx: TxState;
  /** The holder's withdrawable balance in this currency (refunds and anything else credited). */
  withdrawable?: bigint | undefined;
  onRefund: () => void;
  onWithdraw: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (state.kind === "none") return null;
  return (
    <>
      {policy && state.kind !== "refunded" && <p className="muted small">{refundPolicyWords(policy)}.</p>}
      <p className="refund-words">{refundStateWords(state, currency)}</p>
      {state.kind === "open" && !confirming && (
        <button type="button" className="secondary" disabled={!canAct || busy} onClick={() => setConfirming(true)}>
          Refund
        </button>
      )}
      {state.kind === "open" && confirming && (
        <fieldset className="refund-confirm">
          <legend>Confirm the refund</legend>
          <p>
            <strong>Your access ends now.</strong> The licence stops working in the block that records the refund, and{" "}
            {formatPrice(state.refund, currency)} goes to your balance at the market, to withdraw.
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={!canAct || busy}
              onClick={() => {
                setConfirming(false);
                onRefund();
              }}
            >
              Hand it back for {formatPrice(state.refund, currency)}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep the licence
            </button>
          </div>
        </fieldset>
      )}
      {state.kind === "refunded" && withdrawable !== undefined && withdrawable > 0n && (
        <p>
          {formatPrice(withdrawable, currency)} to collect.{" "}
          <button type="button" disabled={!canAct || busy} onClick={onWithdraw}>
            Withdraw {currency.symbol}
          </button>
        </p>
      )}
      <TxStatus state={tx} />
    </>
  );
}

export function RefundPanel({
  license,
  policy,
  paid,
  currency: currencyAddress,
}: {
  license: GetLicenseReturnType;
  /** The offer's refund policy (from the catalog); undefined when its sales are final. */
  policy: RefundPolicy | undefined;
  /** The refund already paid for this licence, if it was handed back. */
  paid: RefundPaid | undefined;
  currency: Address;
}) {
  const { address } = useTessera();
  const catalog = useCatalog();
  const { tx, busy, ready, run } = useTxRunner();
  const revoked = license.status === "REVOKED";
  const quote = useQuery({
    queryKey: ["refund-quote", license.licenseId.toString()],
    queryFn: () => refundQuote(need(readClient), { licenseId: license.licenseId }),
    enabled: !!readClient?.contracts.refunds && !!policy && !paid && !revoked,
  });
  const bal = useQuery({
    queryKey: ["balances", address],
    queryFn: () => balances(need(readClient), { account: need(address) }),
    enabled: !!readClient && !!address && !!paid,
  });
  if (!policy && !paid) return null;
  const currency = currencyOf(catalog.data, quote.data?.currency ?? currencyAddress ?? zeroAddress);
  const titleId = `refund-${license.licenseId}`;
  let body: ReactNode;
  if (quote.isError) body = <ErrorBox error={quote.error} onRetry={() => void quote.refetch()} />;
  else if (quote.isLoading) body = <Loading label="Reading the refund quote…" />;
  else {
    const state = refundState({
      quote: quote.data,
      refunded: paid && { refund: paid.refund, endedAt: license.expiresAt },
      refundable: !!policy,
      revoked,
    });
    if (state.kind === "none") return null;
    const withdrawable = bal.data?.find((b) => b.currency.toLowerCase() === currency.address.toLowerCase());
    body = (
      <RefundView
        state={state}
        currency={currency}
        policy={policy}
        canAct={ready}
        busy={busy}
        tx={tx}
        withdrawable={withdrawable?.withdrawable}
        onRefund={() => void run("Refund", (client) => refund(client, { licenseId: license.licenseId }))}
        onWithdraw={() =>
          void run(`Withdrawal of ${currency.symbol}`, (client) => withdraw(client, { currency: currency.address }))
        }
      />
    );
  }
  return (
    <section className="refund-panel" aria-labelledby={titleId}>
      <h3 id={titleId}>Refund</h3>
      {body}
    </section>
  );
}
