/**
 * Consortia: every consortium the deployment's factory created (members, pooled assets, whether
 * you are a member), and the form that creates one.
 */
import { useState } from "react";
import type { Address } from "viem";
import { createConsortium } from "../../../../scripts/sdk/actions/consortium/createConsortium.ts";
import { shortAddress } from "../../lib/format.ts";
import { href } from "../../lib/router.ts";
import { useTessera } from "../../lib/tessera.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { CreateConsortiumForm } from "./CreateConsortiumForm.tsx";
import { useConsortia } from "./consortiumData.ts";
import { bpsText } from "./consortiumLogic.ts";

export default function ConsortiaPage() {
  const { address, client, ready, wrongChain } = useTessera();
  const list = useConsortia();
  const { tx, busy, run } = useTxRunner();
  const [created, setCreated] = useState<Address | undefined>();
  const factory = client?.contracts.consortia;

  if (client && !factory) {
    return (
      <Empty>
        <h1>Consortia</h1>
        <p>This deployment has no consortium factory. Redeploy the contracts (npm start) to use consortia.</p>
      </Empty>
    );
  }
  const disabledReason = !address
    ? "Connect a wallet to create a consortium."
    : wrongChain || !ready
      ? "Switch your wallet to the marketplace's network to create a consortium."
      : undefined;

  return (
    <div className="consortia">
      <h1>Consortia</h1>
      <p className="muted">
        Asset owners pool models and datasets, sell licenses to them together and share the revenue by weight. Members
        use every pooled asset without buying a license. There is no owner: every change is a proposal voted by weight.
      </p>
      <section className="panel" aria-labelledby="consortia-list-title">
        <h2 id="consortia-list-title">All consortia</h2>
        {list.isPending && <Loading label="Reading the consortia…" />}
        {list.isError && <ErrorBox error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.length === 0 && (
          <Empty>
            <p>No consortium yet: create the first one below.</p>
          </Empty>
        )}
        {list.data && list.data.length > 0 && (
          <ul className="consortium-list">
            {list.data.map((c) => (
              <li key={c.address} className="consortium-item">
                <h3>
                  <a href={href(`/consortium/${c.address}`)}>
                    Consortium {c.number} <span className="muted">({shortAddress(c.address)})</span>
                  </a>
                </h3>
                <p className="small">
                  {c.memberCount} member{c.memberCount === 1 ? "" : "s"} · {c.pooledCount} pooled asset
                  {c.pooledCount === 1 ? "" : "s"} · passes at {bpsText(c.thresholdBps)}
                </p>
                {c.isMember && <span className="badge member-badge">You are a member</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="consortium-create-title">
        <h2 id="consortium-create-title">Create a consortium</h2>
        <p className="muted small">
          Weights decide votes and revenue shares. Assets join later, by proposal, once their controller nominates the
          consortium.
        </p>
        <CreateConsortiumForm
          initial={[{ address: address ?? "", weight: "1" }]}
          me={address}
          busy={busy}
          disabledReason={disabledReason}
          onSubmit={async (values) => {
            if (!factory) return;
            setCreated(undefined);
            const r = await run("Consortium creation", (c) =>
              createConsortium(c, { factory: factory.address, ...values }),
            );
            if (r) setCreated(r.consortium);
          }}
        />
        <TxStatus state={tx} />
        {created && (
          <p role="status">
            The consortium is created:{" "}
            <a href={href(`/consortium/${created}`)}>open consortium {shortAddress(created)}</a>.
          </p>
        )}
      </section>
    </div>
  );
}
