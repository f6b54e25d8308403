/**
 * The studio's "Disputes" panel, for the licensor: the cases on the creator's assets (status,
 * license, holder, evidence, response, ruling) with "Withdraw claim" on open ones; the licenses sold
 * under offers with an appointed arbiter, each with "File a breach claim"; and the offers that name
 * the dispute desk but have no arbiter yet, to appoint one before their first sale.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, type Hex, isAddressEqual, zeroHash } from "viem";
import {
  appointArbiter,
  fileClaim,
  type GetLicenseReturnType,
  getOffer,
  withdrawClaim,
} from "../../../../scripts/sdk/index.ts";
import { need } from "../../lib/need.ts";
import { href } from "../../lib/router.ts";
import { readClient, useTessera } from "../../lib/tessera.ts";
import { useTxRunner } from "../../lib/useTxRunner.ts";
import { AddressText } from "../../ui/AddressText.tsx";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import type { Listing } from "../catalog/catalogTypes.ts";
import { useDeskData, useLicensesSoldUnder } from "../disputes/disputesData.ts";
import { checkAppointee, type DeskCase, STATUS_WORDS } from "../disputes/disputesLogic.ts";
import { EvidenceField } from "../disputes/EvidenceField.tsx";

export function StudioDisputesPanel({ assets }: { assets: Listing[] }) {
  const { address } = useTessera();
  const desk = useDeskData();
  const { tx, busy, ready, run } = useTxRunner();
  const mine = new Set(assets.map((a) => a.assetId.toString()));
  const appointments = desk.data?.appointments.filter((a) => mine.has(a.assetId.toString())) ?? [];
  const licenses = useLicensesSoldUnder(appointments.map((a) => a.offerId));
  const allOffers = assets.flatMap((a) => a.offers);
  const waiting = useQuery({
    queryKey: ["disputes", "unappointed", allOffers.map((o) => `${o.offerId}:${o.sold}`).join(",")],
    queryFn: async () => {
      const deskAddress = need(desk.data).desk;
      const appointed = new Set(need(desk.data).appointments.map((a) => a.offerId.toString()));
      const offers = await Promise.all(
        allOffers
          .filter((o) => o.sold === 0 && !appointed.has(o.offerId.toString()))
          .map((o) => getOffer(need(readClient), { offerId: o.offerId })),
      );
      return offers.filter((o) => isAddressEqual(o.arbiter, deskAddress) && o.sold === 0);
    },
    enabled: !!readClient && !!desk.data,
  });
  if (desk.isError) return <ErrorBox error={desk.error} onRetry={() => void desk.refetch()} />;
  // Nothing to show before the desk is read, nor on a deployment without one.
  if (!desk.data) return null;

  const cases = desk.data.cases.filter((c) => mine.has(c.assetId.toString()));
  const openOn = new Map(cases.filter((c) => c.status === "OPEN").map((c) => [c.licenseId.toString(), c]));
  const arbiterOf = new Map(appointments.map((a) => [a.offerId.toString(), a.arbiter]));
  const disabled = !ready || busy;

  return (
    <section className="panel studio-disputes" aria-labelledby="studio-disputes-title">
      <h2 id="studio-disputes-title">Disputes</h2>
      <p className="muted small">
        Breach claims against licenses sold under your offers with an appointed arbiter. Only hashes of evidence,
        responses and rulings go on chain. Arbiters rule under <a href={href("/disputes")}>Disputes</a>.
      </p>
      <TxStatus state={tx} />
      <h3>Cases on your assets</h3>
      {cases.length === 0 ? (
        <p className="muted">No claim has been filed against licenses of your assets.</p>
      ) : (
        <CasesTable
          cases={cases}
          account={address}
          disabled={disabled}
          onWithdraw={(caseId) => void run(`Withdrawing case ${caseId}`, (c) => withdrawClaim(c, { caseId }))}
        />
      )}
      <h3>Licenses you can claim against</h3>
      {licenses.isPending && appointments.length > 0 && <Loading label="Reading the licenses sold…" />}
      {licenses.isError && <ErrorBox error={licenses.error} onRetry={() => void licenses.refetch()} />}
      {appointments.length === 0 ? (
        <p className="muted">
          None of your offers has an appointed arbiter. Publish one with "Disputes" ticked in the offer form above.
        </p>
      ) : (
        licenses.data && (
          <ClaimableLicenses
            licenses={licenses.data.filter((l) => l.status === "ACTIVE")}
            openOn={openOn}
            arbiterOf={arbiterOf}
            disabled={disabled}
            onFile={async (licenseId, evidenceHash) =>
              !!(await run(`Breach claim against license ${licenseId}`, (c) =>
                fileClaim(c, { licenseId, evidenceHash }),
              ))
            }
          />
        )
      )}
      {waiting.data && waiting.data.length > 0 && (
        <>
          <h3>Offers awaiting an arbiter</h3>
          <p className="muted small">
            These offers name the dispute desk but have no arbiter yet. Appoint one before their first sale: after it,
            no arbiter can be appointed and their licenses can never be claimed against.
          </p>
          <ul className="unappointed-offers">
            {waiting.data.map((o) => (
              <li key={o.offerId.toString()}>
                <AppointForm
                  offerId={o.offerId}
                  desk={desk.data?.desk}
                  disabled={disabled}
                  onAppoint={(arbiter) =>
                    void run(`Arbiter appointment for offer #${o.offerId}`, (c) =>
                      appointArbiter(c, { offerId: o.offerId, arbiter }),
                    )
                  }
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const hashOrNone = (hash: Hex, none: string) =>
  hash === zeroHash ? <span className="muted">{none}</span> : <code className="hash">{hash}</code>;

export function CasesTable({
  cases,
  account,
  disabled,
  onWithdraw,
}: {
  cases: DeskCase[];
  account: Address | undefined;
  disabled: boolean;
  onWithdraw: (caseId: bigint) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="cases-table">
        <caption className="sr-only">Cases on your assets</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Status</th>
            <th scope="col">License</th>
            <th scope="col">Holder</th>
            <th scope="col">Evidence</th>
            <th scope="col">Response</th>
            <th scope="col">Ruling</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseId.toString()}>
              <th scope="row">{c.caseId.toString()}</th>
              <td>
                <span className={`case-status case-${c.status.toLowerCase()}`}>{STATUS_WORDS[c.status]}</span>
              </td>
              <td>
                {c.licenseId.toString()}
                <span className="muted small"> (asset #{c.assetId.toString()})</span>
              </td>
              <td>
                <AddressText address={c.holder} />
              </td>
              <td>{hashOrNone(c.evidenceHash, "—")}</td>
              <td>{hashOrNone(c.responseHash, "No response yet")}</td>
              <td>{hashOrNone(c.rulingHash, c.status === "OPEN" ? "Awaiting the arbiter" : "—")}</td>
              <td>
                {c.status === "OPEN" && account && isAddressEqual(c.claimant, account) && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={disabled}
                    aria-label={`Withdraw claim in case ${c.caseId}`}
                    onClick={() => onWithdraw(c.caseId)}
                  >
                    Withdraw claim
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClaimableLicenses({
  licenses,
  openOn,
  arbiterOf,
  disabled,
  onFile,
}: {
  licenses: GetLicenseReturnType[];
  /** The open case of each license, by license id. */
  openOn: Map<string, DeskCase>;
  /** The appointed arbiter of each offer, by offer id. */
  arbiterOf: Map<string, Address>;
  disabled: boolean;
  /** Files the claim; true once confirmed. */
  onFile: (licenseId: bigint, evidenceHash: Hex) => Promise<boolean>;
}) {
  const [filing, setFiling] = useState<string | undefined>(undefined);
  const [hash, setHash] = useState<Hex | undefined>(undefined);
  if (licenses.length === 0) return <p className="muted">No active license has been sold under those offers yet.</p>;
  return (
    <ul className="claimable-licenses">
      {licenses.map((l) => {
        const id = l.licenseId.toString();
        const open = openOn.get(id);
        const arbiter = arbiterOf.get(l.offerId.toString());
        return (
          <li key={id}>
            <p>
              License {id} · offer #{l.offerId.toString()} · holder <AddressText address={l.holder} />
              {arbiter && (
                <>
                  {" "}
                  · arbiter <AddressText address={arbiter} />
                </>
              )}
            </p>
            {open ? (
              <p className="muted small">Case {open.caseId.toString()} is open against this license.</p>
            ) : (
              <button
                type="button"
                className="secondary"
                aria-expanded={filing === id}
                aria-label={`File a breach claim against license ${id}`}
                onClick={() => {
                  setFiling((f) => (f === id ? undefined : id));
                  setHash(undefined);
                }}
              >
                File a breach claim
              </button>
            )}
            {filing === id && !open && (
              <form
                className="dispute-form"
                aria-label={`Breach claim against license ${id}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!hash) return;
                  void onFile(l.licenseId, hash).then((ok) => {
                    if (ok) setFiling(undefined);
                  });
                }}
              >
                <EvidenceField label="Evidence" onHash={setHash} disabled={disabled} />
                <button type="submit" disabled={disabled || !hash}>
                  File claim
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function AppointForm({
  offerId,
  desk,
  disabled,
  onAppoint,
}: {
  offerId: bigint;
  desk: Address | undefined;
  disabled: boolean;
  onAppoint: (arbiter: Address) => void;
}) {
  const [text, setText] = useState("");
  const check = checkAppointee(text, desk);
  return (
    <form
      className="inline-form"
      aria-label={`Appoint the arbiter of offer #${offerId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (check.ok) onAppoint(check.arbiter);
      }}
    >
      <label className="field">
        <span>Arbiter of offer #{offerId.toString()}</span>
        <input
          value={text}
          placeholder="0x…"
          aria-invalid={text.trim() !== "" && !check.ok}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {text.trim() !== "" && !check.ok && <span className="error-text small">{check.problem}</span>}
      <button type="submit" disabled={disabled || !check.ok}>
        Appoint arbiter
      </button>
    </form>
  );
}
