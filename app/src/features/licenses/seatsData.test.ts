import { getAddress, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { PERPETUAL } from "../../../../scripts/sdk/index.ts";
import { checkSeatUser, endOfUtcDay, hasRoom, seatCountWords, seatExpiry, seatWords, utcDate } from "./seatsData.ts";

const NOW = Date.UTC(2026, 10, 25, 8, 0) / 1000; // 2026-11-25 08:00 UTC
const DAY = 86_400;
const holder = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const alice = getAddress("0x5ea7000000000000000000000000000000000001");
const seat = (user: `0x${string}`, expires: bigint, effectiveExpiry = expires) => ({ user, expires, effectiveExpiry });

describe("seat counts and words", () => {
  it("counts seats against the cap", () => {
    expect(seatCountWords(2n, 50n)).toBe("2 of 50 seats in use.");
    expect(seatCountWords(0n, 1n)).toBe("0 of 1 seat in use.");
  });
  it("says until when a seat entitles its user, or that it lapsed", () => {
    const end = BigInt(NOW + 3 * DAY);
    expect(seatWords(seat(alice, end), NOW)).toBe("until 2026-11-28 08:00 UTC (in 3 days)");
    expect(seatWords(seat(alice, PERPETUAL, end), NOW)).toBe(
      "as long as the license, until 2026-11-28 08:00 UTC (in 3 days)",
    );
    expect(seatWords(seat(alice, PERPETUAL), NOW)).toBe("as long as the license (perpetual)");
    expect(seatWords(seat(alice, end, 0n), NOW)).toBe("lapsed: no access (free it to reuse the seat)");
  });
  it("has room below the cap, or when a lapsed seat can be reclaimed", () => {
    expect(hasRoom([seat(alice, PERPETUAL)], 2n)).toBe(true);
    expect(hasRoom([seat(alice, PERPETUAL)], 1n)).toBe(false);
    expect(hasRoom([seat(alice, 5n, 0n)], 1n)).toBe(true);
  });
});

describe("the assign form's checks", () => {
  it("takes a valid address other than zero and the holder; a seated user gets an update", () => {
    expect(checkSeatUser("0x123", holder, [])).toEqual({ ok: false, reason: "Not a valid address." });
    expect(checkSeatUser(zeroAddress, holder, [])).toEqual({
      ok: false,
      reason: "The zero address cannot take a seat.",
    });
    expect(checkSeatUser(holder.toLowerCase(), holder, [])).toEqual({
      ok: false,
      reason: "You hold the license: you need no seat.",
    });
    expect(checkSeatUser(` ${alice.toLowerCase()} `, holder, [])).toEqual({ ok: true, value: alice });
    expect(checkSeatUser(alice, holder, [seat(alice, PERPETUAL)])).toMatchObject({
      ok: true,
      hint: "This account has a seat: assigning updates when it ends.",
    });
  });
  it("ends a seat with the license, or at the end of a future UTC day", () => {
    const license = { expiresAt: BigInt(NOW + 30 * DAY), perpetual: false };
    expect(endOfUtcDay("2026-11-25")).toBe(Date.UTC(2026, 10, 26) / 1000);
    expect(endOfUtcDay("25/11/2026")).toBeUndefined();
    expect(utcDate(NOW)).toBe("2026-11-25");
    expect(seatExpiry({ kind: "license" }, NOW, license)).toEqual({ ok: true, value: PERPETUAL });
    expect(seatExpiry({ kind: "date", date: "" }, NOW, license)).toEqual({
      ok: false,
      reason: "Choose the day the seat ends.",
    });
    expect(seatExpiry({ kind: "date", date: "2026-11-24" }, NOW, license)).toEqual({
      ok: false,
      reason: "The seat must end in the future.",
    });
    expect(seatExpiry({ kind: "date", date: "2026-11-25" }, NOW, license)).toEqual({
      ok: true,
      value: BigInt(Date.UTC(2026, 10, 26) / 1000),
      hint: "The seat ends 2026-11-26 00:00 UTC.",
    });
    expect(seatExpiry({ kind: "date", date: "2027-06-01" }, NOW, license)).toMatchObject({
      ok: true,
      hint: "After the license's expiry: the seat ends with the license.",
    });
  });
});
