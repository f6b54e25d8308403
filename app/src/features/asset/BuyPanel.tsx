/**
 * Buying (or renewing) through the SDK: the price, currency and total; agreement to the terms by
 * hash; the ERC-20 approve step; pending and confirmed states with the transaction hash; errors in
 * plain words. A buyer who already holds a license on the asset is offered a renewal instead.
 */

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { erc20Abi, type Hash, zeroAddress } from "viem";
import { useSwitchChain } from "wagmi";
import {
  approveCurrency,
  type GetLicenseReturnType,
  type GetOfferReturnType,
  purchase,
  renew,
} from "../../../../scripts/sdk/index.ts";
import { type CurrencyInfo, formatBalance, formatDateTime, formatPrice } from "../../lib/format.ts";
import { need } from "../../lib/need.ts";
import { refundPolicyWords } from "../../lib/refunds.ts";
import { publicClient, useTessera, withHashes } from "../../lib/tessera.ts";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { appChain } from "../../wagmi.ts";

export function BuyPanel({
  offer,
  currency,
  license,
}: {
  offer: GetOfferReturnType;
  currency: CurrencyInfo;
  license: GetLicenseReturnType | undefined;
}) {
  const { address, ready, wrongChain, client } = useTessera();
  const switchChain = useSwitchChain();
  const queryClient = useQueryClient();
  const [agreed, setAgreed] = useState(false);
  const [territory, setTerritory] = useState("");
  const [periods, setPeriods] = useState(1);
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const isErc20 = offer.currency !== zeroAddress;
  const renewing = license !== undefined;
  const renewable = renewing && license.offerId === offer.offerId && offer.duration > 0n;
  const total = offer.price * BigInt(renewing ? periods : 1);

  const funds = useQuery({
    queryKey: ["funds", address, offer.currency],
    enabled: !!address && ready,
    queryFn: async () => {
      if (!address) return undefined;
      if (!isErc20) return { balance: await publicClient.getBalance({ address }), allowance: 0n };
      const [balance, allowance] = await Promise.all([
        publicClient.readContract({
          address: offer.currency,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [address],
        }),
        publicClient.readContract({
          address: offer.currency,
          abi: erc20Abi,
          functionName: "allowance",
          args: [address, need(client).contracts.market.address],
        }),
      ]);
      return { balance, allowance };
    },
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

  if (!address) return <p className="buy-panel muted">Connect a wallet to buy this license.</p>;
  if (wrongChain)
    return (
      <div className="buy-panel">
        <p>Your wallet is on another network.</p>
        <button type="button" onClick={() => switchChain.mutate({ chainId: appChain.id })}>
          Switch to {appChain.name}
        </button>
      </div>
    );
  if (renewing && !renewable) {
    return (
      <p className="buy-panel muted">
        You already hold a license on this asset (offer #{license.offerId.toString()}), so this offer cannot be bought
        with this account.
      </p>
    );
  }

  const needsApproval = isErc20 && funds.data !== undefined && funds.data.allowance < total;
  const shortOfFunds = funds.data !== undefined && funds.data.balance < total;
  const busy = tx.status === "signing" || tx.status === "pending";
  const id = `o${offer.offerId}`;

  return (
    <form
      className="buy-panel"
      aria-label={renewing ? "Renew" : "Buy"}
      onSubmit={(e) => {
        e.preventDefault();
        if (!client) return;
        if (renewing) {
          void run("Renewal", (onHash) =>
            renew(withHashes(client, onHash), {
              licenseId: license.licenseId,
              periods: BigInt(periods),
              maxPrice: total,
            }),
          );
        } else {
          void run("Purchase", (onHash) =>
            purchase(withHashes(client, onHash), {
              offerId: offer.offerId,
              maxPrice: offer.price,
              termsHash: offer.termsHash,
              territory: territory || undefined,
            }),
          );
        }
      }}
    >
      {renewing && (
        <>
          <p>
            Your license {license.status === "ACTIVE" ? "runs" : "ran"} until{" "}
            {license.perpetual ? "forever" : formatDateTime(license.expiresAt)}.
          </p>
          <label className="field">
            <span>Periods to add</span>
            <input
              type="number"
              min={1}
              max={120}
              value={periods}
              onChange={(e) => setPeriods(Math.max(1, Math.min(120, Number(e.target.value) || 1)))}
            />
          </label>
        </>
      )}
      {!renewing && offer.territoryRestricted && (
        <label className="field">
          <span>Country of use (required by these terms)</span>
          <input
            value={territory}
            maxLength={2}
            required
            placeholder="e.g. DE"
            onChange={(e) => setTerritory(e.target.value.toUpperCase().replace(/[^A-Z]/g, ""))}
          />
        </label>
      )}
      <dl className="summary">
        <dt>Price</dt>
        <dd>{formatPrice(offer.price, currency)}</dd>
        {renewing && (
          <>
            <dt>Periods</dt>
            <dd>× {periods}</dd>
          </>
        )}
        <dt>Total</dt>
        <dd>
          <strong>{formatPrice(total, currency)}</strong>
          <span className="muted small"> + network fee{isErc20 ? " (in ETH)" : ""}</span>
        </dd>
        {!renewing && (
          <>
            <dt>Refunds</dt>
            <dd>
              {refundPolicyWords(offer.refundPolicy)}
              {offer.refundPolicy && (
                <span className="muted small">
                  {" "}
                  from purchase: the unused share, less the penalty; access then ends
                </span>
              )}
            </dd>
          </>
        )}
        {funds.data && (
          <>
            <dt>Your balance</dt>
            <dd className={shortOfFunds ? "error-text" : undefined}>{formatBalance(funds.data.balance, currency)}</dd>
          </>
        )}
      </dl>
      {shortOfFunds && (
        <p className="error-text" role="alert">
          Your balance is below the total.
        </p>
      )}
      {!renewing && (
        <label className="inline agree">
          <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} required />
          <span>
            I agree to these terms (hash <code className="hash">{offer.termsHash.slice(0, 10)}…</code>)
          </span>
        </label>
      )}
      {needsApproval ? (
        <button
          type="button"
          disabled={busy || !client}
          id={`${id}-approve`}
          onClick={() =>
            client &&
            void run(`Approval of ${formatPrice(total, currency)}`, (onHash) =>
              approveCurrency(withHashes(client, onHash), { currency: offer.currency, amount: total }),
            )
          }
        >
          Step 1 of 2: approve {formatPrice(total, currency)}
        </button>
      ) : (
        <button type="submit" disabled={busy || !ready || (!renewing && !agreed)}>
          {isErc20 ? "Step 2 of 2: " : ""}
          {renewing ? `Renew for ${formatPrice(total, currency)}` : `Buy for ${formatPrice(total, currency)}`}
        </button>
      )}
      <TxStatus state={tx} />
      {tx.status === "confirmed" && tx.label !== "Purchase" && tx.label !== "Renewal" ? null : tx.status ===
        "confirmed" ? (
        <p>
          <a href="#/licenses">Go to my licenses</a>
        </p>
      ) : null}
    </form>
  );
}
