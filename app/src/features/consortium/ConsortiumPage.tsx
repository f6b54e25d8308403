/**
 * One consortium: members and weights, threshold and lifetime, pooled assets and offers, proposals
 * (plain words, tallies, countdowns, vote and execute), a new proposal, and the member's earnings.
 */
import { type Address, getAddress } from "viem";
import { execute } from "../../../../scripts/sdk/actions/consortium/execute.ts";
import { vote } from "../../../../scripts/sdk/actions/consortium/vote.ts";
import { formatDuration, formatPrice, shortAddress } from "../../lib/format.ts";
import { href } from "../../lib/router.ts";
import { useChainNow, useTessera } from "../../lib/tessera.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { AddressText } from "../../ui/AddressText.tsx";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { ConsortiumEarnings } from "./ConsortiumEarnings.tsx";
import { nominateConsortium, useConsortiumView } from "./consortiumData.ts";
import { bpsText, describeProposal, lifetimeText, percentText } from "./consortiumLogic.ts";
import { NewProposalForm } from "./NewProposalForm.tsx";
import { ProposalCard } from "./ProposalCard.tsx";

export default function ConsortiumPage({ consortium: raw }: { consortium: Address }) {
  const consortium = getAddress(raw);
  const { address, ready } = useTessera();
  const now = useChainNow();
  const view = useConsortiumView(consortium);
  const { tx, busy, run } = useTxRunner();
  const title = `Consortium ${shortAddress(consortium)}`;
  const { detail } = view;

  if (!view.hasFactory) {
    return (
      <Empty>
        <h1>{title}</h1>
        <p>This deployment has no consortium factory. Redeploy the contracts (npm start) to use consortia.</p>
      </Empty>
    );
  }
  if (detail.isPending) return <Loading label="Reading the consortium…" />;
  if (detail.isError) {
    return (
      <div>
        <h1>{title}</h1>
        <ErrorBox error={detail.error} onRetry={() => void detail.refetch()} />
      </div>
    );
  }
  const c = detail.data;
  if (!c) {
    return (
      <Empty>
        <h1>{title}</h1>
        <p>
          <code>{consortium}</code> is not a consortium created by this marketplace's factory.{" "}
          <a href={href("/consortia")}>See all consortia</a>.
        </p>
      </Empty>
    );
  }

  const me = address?.toLowerCase();
  const myWeight = c.members.find((m) => m.account.toLowerCase() === me)?.weight ?? 0n;
  const member = myWeight > 0n;
  const viewer = { connected: !!address, ready, member };
  const describeCtx = {
    assetTitle: view.assetTitle,
    currency: view.currency,
    termsName: (id: bigint) => c.termsNames.get(id.toString()),
    offerAsset: (id: bigint) => view.pooledOffers.find((o) => o.offerId === id)?.listing?.assetId,
  };
  const proposals = [...c.proposals].reverse();
  const openCount = c.proposals.filter((p) => p.status === "ACTIVE" || p.status === "PASSED").length;
  const blocked = !address
    ? "Connect a wallet to propose."
    : !member
      ? "Only members can propose: you are not a member of this consortium."
      : !ready
        ? "Switch your wallet to the marketplace's network to propose."
        : undefined;

  return (
    <div className="consortium">
      <p className="small">
        <a href={href("/consortia")}>← All consortia</a>
      </p>
      <h1>{title}</h1>
      <p>
        {c.members.length} member{c.members.length === 1 ? "" : "s"} · a proposal passes with{" "}
        <strong>{bpsText(c.thresholdBps)}</strong> of the weight · proposals stay open{" "}
        <strong>{lifetimeText(c.lifetime)}</strong>
      </p>
      <p className={member ? "verified" : "muted"} data-testid="membership">
        {member
          ? `You are a member, with weight ${myWeight} (${percentText(myWeight, c.totalWeight)}): you use every pooled asset without a license.`
          : address
            ? "You are not a member of this consortium."
            : "Connect a wallet to see whether you are a member."}
      </p>

      <section className="panel" aria-labelledby="consortium-members-title">
        <h2 id="consortium-members-title">Members</h2>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Members, weights and shares</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Weight</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {c.members.map((m) => (
                <tr key={m.account}>
                  <th scope="row">
                    <AddressText address={m.account} />
                    {m.account.toLowerCase() === me && <span className="badge member-badge">you</span>}
                  </th>
                  <td>{m.weight.toString()}</td>
                  <td>{percentText(m.weight, c.totalWeight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="consortium-assets-title">
        <h2 id="consortium-assets-title">Pooled assets</h2>
        {c.pooledAssets.length === 0 ? (
          <p className="muted">
            No asset pooled yet. To pool one, its controller nominates the consortium and a member proposes "Pool an
            asset" below.
          </p>
        ) : (
          <ul className="pooled-assets">
            {c.pooledAssets.map((id) => (
              <li key={id.toString()}>
                <a href={href(`/asset/${id}`)}>{view.assetTitle(id) ?? `Asset #${id}`}</a>{" "}
                <span className="muted small">asset {id.toString()}</span>
              </li>
            ))}
          </ul>
        )}
        <h3>Pooled offers</h3>
        {view.pooledOffers.length === 0 ? (
          <p className="muted">No offer yet: propose "Publish an offer on a pooled asset" to sell licenses.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Offer</th>
                  <th scope="col">Asset</th>
                  <th scope="col">Price</th>
                  <th scope="col">Period</th>
                  <th scope="col">Terms</th>
                  <th scope="col">Sold</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {view.pooledOffers.map(({ offerId, listing, offer }) => (
                  <tr key={offerId.toString()}>
                    <th scope="row">#{offerId.toString()}</th>
                    <td>{listing ? <a href={href(`/asset/${listing.assetId}`)}>{listing.title}</a> : "—"}</td>
                    <td>{offer ? formatPrice(offer.price, view.currency(offer.currency)) : "—"}</td>
                    <td>{offer ? formatDuration(offer.duration) : "—"}</td>
                    <td>{offer?.terms ? offer.terms.name : offer ? `#${offer.termsId}` : "—"}</td>
                    <td>{offer ? offer.sold : "—"}</td>
                    <td>{offer ? (offer.active ? "On sale" : "Paused or closed") : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="consortium-proposals-title">
        <h2 id="consortium-proposals-title">Proposals</h2>
        <p className="muted small">
          {c.proposals.length === 0
            ? "No proposal yet."
            : `${c.proposals.length} proposal${c.proposals.length === 1 ? "" : "s"}, ${openCount} open. Votes count each member's weight when the proposal was created; once passed, anyone may execute it before it expires.`}
        </p>
        <TxStatus state={tx} />
        <div className="proposal-list">
          {proposals.map((p) => (
            <ProposalCard
              key={p.proposalId.toString()}
              proposal={p}
              description={describeProposal(p.action, describeCtx)}
              thresholdBps={c.thresholdBps}
              now={now}
              viewer={{ ...viewer, weightAtSnapshot: c.weightAt.get(p.snapshot) ?? 0n }}
              consortium={consortium}
              nomination={p.action.kind === "ADD_ASSET" ? c.nominations.get(p.action.assetId.toString()) : undefined}
              me={address}
              busy={busy}
              onVote={(support) =>
                void run(`${support ? "Yes" : "No"} vote on proposal ${p.proposalId}`, (client) =>
                  vote(client, { consortium, proposalId: p.proposalId, support }),
                )
              }
              onExecute={() =>
                void run(`Execution of proposal ${p.proposalId}`, (client) =>
                  execute(client, { consortium, proposalId: p.proposalId }),
                )
              }
              onNominate={(assetId) =>
                void run(`Nomination for asset ${assetId}`, (client) =>
                  nominateConsortium(client, { assetId, consortium }),
                )
              }
            />
          ))}
        </div>
      </section>

      <section className="panel" aria-labelledby="consortium-new-proposal-title">
        <h2 id="consortium-new-proposal-title">New proposal</h2>
        <NewProposalForm
          consortium={consortium}
          members={c.members}
          pooledAssets={c.pooledAssets}
          pooledOffers={view.pooledOffers}
          myAssets={view.myAssets}
          currencies={view.currencies}
          currency={view.currency}
          assetTitle={view.assetTitle}
          blocked={blocked}
          me={address}
          ready={ready}
        />
      </section>

      <ConsortiumEarnings
        consortium={consortium}
        revenue={c.revenue}
        currency={view.currency}
        viewer={{ connected: !!address, ready, weight: myWeight, totalWeight: c.totalWeight }}
      />
    </div>
  );
}
