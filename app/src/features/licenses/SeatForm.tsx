/** Assigns a seat: the user's address (validated) and when the seat ends (a day, or with the license). */
import { useState } from "react";
import type { Address } from "viem";
import type { Seat } from "../../../../scripts/sdk/index.ts";
import { checkSeatUser, hasRoom, type SeatEnd, seatExpiry, utcDate } from "./seatsData.ts";

export function SeatForm({
  licenseId,
  holder,
  license,
  seats,
  cap,
  now,
  disabled,
  onAssign,
}: {
  licenseId: bigint;
  holder: Address;
  license: { expiresAt: bigint; perpetual: boolean };
  seats: readonly Seat[];
  cap: bigint;
  now: number;
  /** No wallet ready, or a transaction under way. */
  disabled: boolean;
  onAssign: (user: Address, expires: bigint) => Promise<boolean>;
}) {
  const [user, setUser] = useState("");
  const [kind, setKind] = useState<SeatEnd["kind"]>("license");
  const [date, setDate] = useState("");
  const id = `seat-${licenseId}`;
  const checkedUser = checkSeatUser(user, holder, seats);
  const checkedEnd = seatExpiry(kind === "license" ? { kind } : { kind, date }, now, license);
  const updating = checkedUser.ok && checkedUser.hint !== undefined;
  const full = !updating && !hasRoom(seats, cap);
  const ok = checkedUser.ok && checkedEnd.ok && !full;

  return (
    <form
      className="panel seat-form"
      aria-label={`Assign a seat on license ${licenseId}`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ok || disabled) return;
        if (await onAssign(checkedUser.value, checkedEnd.value)) {
          setUser("");
          setDate("");
        }
      }}
    >
      <label className="field" htmlFor={`${id}-user`}>
        <span>Seat user address</span>
        <input
          id={`${id}-user`}
          value={user}
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={user !== "" && !checkedUser.ok}
          aria-describedby={`${id}-user-hint`}
          onChange={(e) => setUser(e.target.value)}
        />
        <small id={`${id}-user-hint`}>
          {user === ""
            ? "The account that gets access through your license."
            : checkedUser.ok
              ? (checkedUser.hint ?? "A new seat.")
              : checkedUser.reason}
        </small>
      </label>
      <fieldset className="seat-end">
        <legend>Seat ends</legend>
        <label>
          <input
            type="radio"
            name={`${id}-end`}
            value="license"
            checked={kind === "license"}
            onChange={() => setKind("license")}
          />{" "}
          As long as the license
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-end`}
            value="date"
            checked={kind === "date"}
            onChange={() => setKind("date")}
          />{" "}
          On a date
        </label>
        {kind === "date" && (
          <label className="field" htmlFor={`${id}-date`}>
            <span>End date (UTC)</span>
            <input
              id={`${id}-date`}
              type="date"
              value={date}
              min={utcDate(now)}
              aria-invalid={date !== "" && !checkedEnd.ok}
              aria-describedby={`${id}-date-hint`}
              onChange={(e) => setDate(e.target.value)}
            />
            <small id={`${id}-date-hint`}>{checkedEnd.ok ? checkedEnd.hint : checkedEnd.reason}</small>
          </label>
        )}
      </fieldset>
      {full && (
        <p className="small" role="status">
          Every seat is taken ({cap.toString()} of {cap.toString()}): free one first.
        </p>
      )}
      <button type="submit" disabled={disabled || !ok}>
        Assign seat
      </button>
    </form>
  );
}
