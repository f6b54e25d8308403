/**
 * Seats assigned to the connected account on other accounts' organisation licenses: the asset, the
 * license and its holder, until when the seat entitles it; a download (the gateway entitles seat
 * users through the AccessRouter) and a way to give the seat up.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type HeldSeat, renounceSeat, seatsHeldBy } from "../../../../scripts/sdk/index.ts";
import { useCardSummaries } from "../../lib/cards.ts";
import { need } from "../../lib/need.ts";
import { href } from "../../lib/router.ts";
import { readClient, useTessera, withHashes } from "../../lib/tessera.ts";
import { useCatalog } from "../../lib/useCatalog.ts";
import { ErrorBox } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { DownloadPanel } from "./DownloadPanel.tsx";
import { seatKeys, seatWords } from "./seatsData.ts";

function AssignedSeat({
  held,
  title,
  now,
  disabled,
  onGiveUp,
}: {
  held: HeldSeat;
  title: string;
  now: number;
  disabled: boolean;
  onGiveUp: () => void;
}) {
  const [open, setOpen] = useState(false);
  const { license } = held;
  const titleId = `held-seat-${license.licenseId}`;
  return (
    <article className="license-card seat-card" aria-labelledby={titleId}>
      <header>
        <div>
          <h3 id={titleId}>
            <a href={href(`/asset/${license.assetId}`)}>{title}</a>
          </h3>
          <p className="muted small">
            Seat on license {license.licenseId.toString()} · held by <code className="hash">{license.holder}</code>
          </p>
        </div>
        <span className="standing standing-active">Seat</span>
      </header>
      <p>
        Your seat: {seatWords({ expires: held.effectiveExpiry, effectiveExpiry: held.effectiveExpiry }, now)}. Covers{" "}
        {license.allVersions ? "every version, including future ones" : `version ${license.version}`}.
      </p>
      <div className="actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          Download
        </button>
        <button type="button" className="secondary" disabled={disabled} onClick={onGiveUp}>
          Give up this seat
        </button>
      </div>
      {open && <DownloadPanel license={license} />}
    </article>
  );
}

/** One card a seat. */
function AssignedSeatsList({
  seats,
  titles,
  now,
  disabled,
  onGiveUp,
}: {
  seats: HeldSeat[];
  titles: Map<string, string>;
  now: number;
  disabled: boolean;
  onGiveUp: (licenseId: bigint) => void;
}) {
  return (
    <ul className="license-list">
      {seats.map((held) => (
        <li key={held.license.licenseId.toString()}>
          <AssignedSeat
            held={held}
            title={titles.get(held.license.assetId.toString()) ?? `Asset #${held.license.assetId}`}
            now={now}
            disabled={disabled}
            onGiveUp={() => onGiveUp(held.license.licenseId)}
          />
        </li>
      ))}
    </ul>
  );
}

/** Shown when the account holds a seat, the read failed, or it just gave one up (to say so). */
export function AssignedSeats({ now }: { now: number }) {
  const { address, client, ready } = useTessera();
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const seats = useQuery({
    queryKey: seatKeys.heldBy(address),
    queryFn: () => seatsHeldBy(need(readClient), { account: need(address) }),
    enabled: !!readClient?.contracts.seats && !!address,
  });
  const catalog = useCatalog();
  const cards = useCardSummaries((seats.data ?? []).map((s) => s.license.assetId));
  if (!seats.isError && (seats.data ?? []).length === 0 && tx.status === "idle") return null;

  const giveUp = async (licenseId: bigint) => {
    if (!client) return;
    const label = `Give up the seat on license ${licenseId}`;
    setTx({ status: "signing", label });
    try {
      const { hash } = await renounceSeat(
        withHashes(client, (h) => setTx({ status: "pending", label, hash: h })),
        { licenseId },
      );
      setTx({ status: "confirmed", label, hash });
      await queryClient.invalidateQueries({ queryKey: ["seats-held"] });
    } catch (error) {
      setTx({ status: "failed", label, error });
    }
  };
  const titles = new Map<string, string>();
  for (const { license } of seats.data ?? []) {
    const id = license.assetId.toString();
    const title = cards.data?.get(id)?.title ?? catalog.data?.byId.get(id)?.title;
    if (title) titles.set(id, title);
  }
  return (
    <section className="assigned-seats" aria-labelledby="assigned-seats-title">
      <h2 id="assigned-seats-title">Seats assigned to you</h2>
      <p className="muted small">
        Organisation licenses whose holders gave you a seat: you can download what they cover while the seat lasts.
      </p>
      {seats.isError ? (
        <ErrorBox error={seats.error} onRetry={() => void seats.refetch()} />
      ) : (
        <AssignedSeatsList
          seats={seats.data ?? []}
          titles={titles}
          now={now}
          disabled={!ready || tx.status === "signing" || tx.status === "pending"}
          onGiveUp={(licenseId) => void giveUp(licenseId)}
        />
      )}
      <TxStatus state={tx} />
    </section>
  );
}
