/**
 * Seats on organisation licenses, for display: the count against the terms' cap, each seat's
 * standing in words, and the assign form's checks (the user's address, the seat's end) before a
 * transaction is asked for. Pure: the panels read the chain through the SDK's seat actions.
 */
import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import { PERPETUAL, type Seat } from "../../../../scripts/sdk/index.ts";
import { formatDateTime, formatRelative } from "../../lib/format.ts";

const DAY = 86_400;

/** "2 of 50 seats in use." */
export function seatCountWords(count: bigint, cap: bigint): string {
  return `${count} of ${cap} seat${cap === 1n ? "" : "s"} in use.`;
}

/** A seat's line: until when it entitles its user, or why it no longer does. */
export function seatWords(seat: Pick<Seat, "expires" | "effectiveExpiry">, now: number): string {
  if (seat.effectiveExpiry === 0n) return "lapsed: no access (free it to reuse the seat)";
  if (seat.effectiveExpiry === PERPETUAL) return "as long as the license (perpetual)";
  const until = `until ${formatDateTime(seat.effectiveExpiry)} (${formatRelative(seat.effectiveExpiry, now)})`;
  if (seat.expires === PERPETUAL) return `as long as the license, ${until}`;
  return seat.expires > seat.effectiveExpiry ? `${until}, when the license ends` : until;
}

/** Whether an assignment can take a seat: a free one, or a lapsed one the registry reclaims. */
export function hasRoom(seats: readonly Seat[], cap: bigint): boolean {
  return BigInt(seats.length) < cap || seats.some((s) => s.effectiveExpiry === 0n);
}

export type Checked<T> = { ok: true; value: T; hint?: string } | { ok: false; reason: string };

/** The seat user's address: valid, neither zero nor the holder; an existing seat gets updated. */
export function checkSeatUser(text: string, holder: Address, seats: readonly Seat[]): Checked<Address> {
  const trimmed = text.trim();
  if (!isAddress(trimmed, { strict: false })) return { ok: false, reason: "Not a valid address." };
  const user = getAddress(trimmed);
  if (user === zeroAddress) return { ok: false, reason: "The zero address cannot take a seat." };
  if (user === getAddress(holder)) return { ok: false, reason: "You hold the license: you need no seat." };
  if (seats.some((s) => getAddress(s.user) === user)) {
    return { ok: true, value: user, hint: "This account has a seat: assigning updates when it ends." };
  }
  return { ok: true, value: user };
}

/** "2026-11-25" → the end of that day, UTC, in Unix seconds (the next day's midnight). */
export function endOfUtcDay(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  return Number.isNaN(start) ? undefined : start + DAY;
}

/** "2026-11-25" from Unix seconds (UTC): the value a date input takes. */
export function utcDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

export type SeatEnd = { kind: "license" } | { kind: "date"; date: string };

/**
 * The expiry to send: PERPETUAL for "as long as the license", else the end of the chosen day (UTC),
 * which must be after `now`; a day beyond the license's expiry is accepted (the license ends it).
 */
export function seatExpiry(
  end: SeatEnd,
  now: number,
  license: { expiresAt: bigint; perpetual: boolean },
): Checked<bigint> {
  if (end.kind === "license") return { ok: true, value: PERPETUAL };
  const at = endOfUtcDay(end.date);
  if (at === undefined) return { ok: false, reason: "Choose the day the seat ends." };
  if (at <= now) return { ok: false, reason: "The seat must end in the future." };
  if (!license.perpetual && BigInt(at) > license.expiresAt) {
    return { ok: true, value: BigInt(at), hint: "After the license's expiry: the seat ends with the license." };
  }
  return { ok: true, value: BigInt(at), hint: `The seat ends ${formatDateTime(at)}.` };
}

/** Query keys of a license's seats and of the seats an account holds. */
export const seatKeys = {
  ofLicense: (licenseId: bigint) => ["seats", licenseId.toString()] as const,
  heldBy: (account: Address | undefined) => ["seats-held", account] as const,
};
