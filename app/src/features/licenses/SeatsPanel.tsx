/**
 * The seats of an organisation license (terms with `caps.seats` > 0): how many are in use against
 * the cap, each user with until when the seat entitles it, and the holder's actions (assign, free
 * one, free all), with the transaction's progress and the contract's refusals in plain words.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Address, Hash } from "viem";
import {
  clearSeats,
  type GetLicenseReturnType,
  getSeats,
  type Seat,
  setSeat,
  type TesseraClient,
} from "../../../../scripts/sdk/index.ts";
import type { LicenseStanding } from "../../lib/licenseStatus.ts";
import { need } from "../../lib/need.ts";
import { useTermsOf } from "../../lib/termsOf.ts";
import { readClient, useTessera, withHashes } from "../../lib/tessera.ts";
import { ErrorBox, Loading } from "../../ui/States.tsx";
import { type TxState, TxStatus } from "../../ui/TxStatus.tsx";
import { SeatForm } from "./SeatForm.tsx";
import { seatCountWords, seatKeys, seatWords } from "./seatsData.ts";

/** The seats in use and their users, each with a button to free it, and one to free them all. */
export function SeatList({
  licenseId,
  seats,
  cap,
  now,
  disabled,
  onFree,
  onFreeAll,
}: {
  licenseId: bigint;
  seats: readonly Seat[];
  cap: bigint;
  now: number;
  disabled: boolean;
  onFree: (user: Address) => void;
  onFreeAll: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  // Keyboard users land on the safe choice when asked to confirm.
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  return (
    <>
      <p className="small">{seatCountWords(BigInt(seats.length), cap)}</p>
      {seats.length > 0 && (
        <ul className="seat-list" aria-label={`Seat users of license ${licenseId}`}>
          {seats.map((seat) => (
            <li key={seat.user} className="seat-row" data-seat={seat.user}>
              <span>
                <code className="hash">{seat.user}</code>{" "}
                <span className={seat.effectiveExpiry === 0n ? "muted small seat-lapsed" : "small"}>
                  {seatWords(seat, now)}
                </span>
              </span>
              <button
                type="button"
                className="secondary"
                disabled={disabled}
                aria-label={`Free the seat of ${seat.user}`}
                onClick={() => onFree(seat.user)}
              >
                Free seat
              </button>
            </li>
          ))}
        </ul>
      )}
      {seats.length > 0 &&
        (confirming ? (
          <fieldset className="seat-confirm">
            <legend>
              {seats.length === 1
                ? "Free the only seat? Its user loses access."
                : `Free all ${seats.length} seats? Their users lose access.`}
            </legend>
            <button
              type="button"
              disabled={disabled}
              onClick={() => {
                setConfirming(false);
                onFreeAll();
              }}
            >
              Yes, free all seats
            </button>
            <button ref={cancel} type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </fieldset>
        ) : (
          <button type="button" className="secondary" disabled={disabled} onClick={() => setConfirming(true)}>
            Free all seats
          </button>
        ))}
    </>
  );
}

export function SeatsPanel({
  license,
  standing,
  now,
}: {
  license: GetLicenseReturnType;
  standing: LicenseStanding;
  now: number;
}) {
  const { client, ready } = useTessera();
  const queryClient = useQueryClient();
  const terms = useTermsOf(license.termsId);
  const offered = !!readClient?.contracts.seats && (terms.data?.terms.caps.seats ?? 0) > 0;
  const seats = useQuery({
    queryKey: seatKeys.ofLicense(license.licenseId),
    queryFn: () => getSeats(need(readClient), { licenseId: license.licenseId }),
    enabled: offered,
  });
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  if (!offered) return null;

  const busy = tx.status === "signing" || tx.status === "pending";
  const send = async (label: string, write: (c: TesseraClient) => Promise<{ hash: Hash }>): Promise<boolean> => {
    if (!client) return false;
    setTx({ status: "signing", label });
    try {
      const { hash } = await write(withHashes(client, (h) => setTx({ status: "pending", label, hash: h })));
      setTx({ status: "confirmed", label, hash });
      await queryClient.invalidateQueries({ queryKey: ["seats"] });
      await queryClient.invalidateQueries({ queryKey: ["seats-held"] });
      return true;
    } catch (error) {
      setTx({ status: "failed", label, error });
      return false;
    }
  };
  const { licenseId } = license;
  const live = standing === "active" || standing === "expiring";
  const titleId = `seats-${licenseId}`;

  return (
    <section className="seats" aria-labelledby={titleId}>
      <h3 id={titleId}>Seats</h3>
      {seats.isPending ? (
        <Loading label="Reading the seats…" />
      ) : seats.isError ? (
        <ErrorBox error={seats.error} onRetry={() => void seats.refetch()} />
      ) : (
        <>
          <SeatList
            licenseId={licenseId}
            seats={seats.data.seats}
            cap={seats.data.cap}
            now={now}
            disabled={!ready || busy}
            onFree={(user) => void send("Free seat", (c) => setSeat(c, { licenseId, user, expires: 0n }))}
            onFreeAll={() => void send("Free all seats", (c) => clearSeats(c, { licenseId }))}
          />
          {live ? (
            <SeatForm
              licenseId={licenseId}
              holder={license.holder}
              license={license}
              seats={seats.data.seats}
              cap={seats.data.cap}
              now={now}
              disabled={!ready || busy}
              onAssign={(user, expires) => send("Assign seat", (c) => setSeat(c, { licenseId, user, expires }))}
            />
          ) : (
            <p className="muted small">Seats can be assigned on a live license only: its seats give no access now.</p>
          )}
        </>
      )}
      <TxStatus state={tx} />
    </section>
  );
}
