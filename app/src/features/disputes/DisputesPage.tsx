/**
 * #/disputes, the arbiter's desk: the offers the connected account was appointed to arbitrate, the
 * open cases under them to rule on (uphold revokes the license; dismiss leaves it), and the ruled ones.
 */
import type { ReactNode } from "react";
import { type Hex, zeroHash } from "viem";
import { ruleOnClaim } from "../../../../scripts/sdk/index.ts";
import { href } from "../../lib/router.ts";
import { useTessera } from "../../lib/tessera.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { AddressText } from "../../ui/AddressText.tsx";
import { Empty, ErrorBox, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { CaseHistory } from "./CaseHistory.tsx";
import { useDeskData } from "./disputesData.ts";
import { casesToRule, type DeskCase, offersArbitratedBy, STATUS_WORDS } from "./disputesLogic.ts";
import { RulingForm } from "./RulingForm.tsx";

export default function DisputesPage() {
  const { address } = useTessera();
  const desk = useDeskData();
  const { tx, busy, ready, run } = useTxRunner();

  const intro = (
    <p className="muted">
      Licensors who publish an offer with disputes appoint an arbiter for it before its first sale. The arbiter rules on
      breach claims against the licenses sold under it: upholding a claim revokes the license at once.
    </p>
  );
  if (desk.isPending) return <Loading label="Reading the dispute desk…" />;
  if (desk.isError) return <ErrorBox error={desk.error} onRetry={() => void desk.refetch()} />;
  if (!desk.data) {
    return (
      <Empty>
        <h1>Disputes</h1>
        <p>This deployment has no dispute desk: redeploy to use disputes.</p>
      </Empty>
    );
  }
  if (!address) {
    return (
      <Empty>
        <h1>Disputes</h1>
        {intro}
        <p>Connect the wallet of an appointed arbiter to rule on cases.</p>
      </Empty>
    );
  }
  const offers = offersArbitratedBy(desk.data.appointments, address);
  const cases = casesToRule(desk.data.cases, address);
  const open = cases.filter((c) => c.status === "OPEN");
  const ruled = cases.filter((c) => c.status !== "OPEN");

  return (
    <section className="disputes-page" aria-labelledby="disputes-title">
      <h1 id="disputes-title">Disputes</h1>
      {intro}
      <h2>Offers you arbitrate</h2>
      {offers.length === 0 ? (
        <p>
          This account is not the appointed arbiter of any offer. Licensors appoint arbiters when they publish an offer
          in the <a href={href("/studio")}>Creator studio</a>; claims on your own assets are listed there too.
        </p>
      ) : (
        <ul className="arbitrated-offers">
          {offers.map((o) => (
            <li key={o.offerId.toString()}>
              Offer #{o.offerId.toString()} on <a href={href(`/asset/${o.assetId}`)}>asset #{o.assetId.toString()}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>Cases to rule on</h2>
      <TxStatus state={tx} />
      {open.length === 0 ? (
        <p className="muted">No open case awaits your ruling.</p>
      ) : (
        <ul className="case-list">
          {open.map((c) => (
            <li key={c.caseId.toString()}>
              <CaseCard dispute={c}>
                <RulingForm
                  dispute={c}
                  disabled={!ready || busy}
                  onRule={async (ruling, rulingHash: Hex) =>
                    !!(await run(`${ruling === "uphold" ? "Upholding" : "Dismissing"} case ${c.caseId}`, (client) =>
                      ruleOnClaim(client, { caseId: c.caseId, ruling, rulingHash }),
                    ))
                  }
                />
              </CaseCard>
            </li>
          ))}
        </ul>
      )}
      {ruled.length > 0 && (
        <>
          <h2>Ruled cases</h2>
          <ul className="case-list">
            {ruled.map((c) => (
              <li key={c.caseId.toString()}>
                <CaseCard dispute={c} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CaseCard({ dispute: c, children }: { dispute: DeskCase; children?: ReactNode }) {
  const titleId = `case-${c.caseId}`;
  return (
    <article className="case-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Case {c.caseId.toString()}: license {c.licenseId.toString()} ·{" "}
        <span className={`case-status case-${c.status.toLowerCase()}`}>{STATUS_WORDS[c.status]}</span>
      </h3>
      <p className="small">
        <a href={href(`/asset/${c.assetId}`)}>Asset #{c.assetId.toString()}</a>, offer #{c.offerId.toString()} ·
        claimant <AddressText address={c.claimant} /> · holder <AddressText address={c.holder} />
      </p>
      {c.status === "OPEN" && c.responseHash === zeroHash && (
        <p className="muted small">No response from the holder yet.</p>
      )}
      <CaseHistory dispute={c} />
      {children}
    </article>
  );
}
