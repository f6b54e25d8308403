import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { decoded, requireSeats } from "../utils.ts";

export interface GetSeatsParameters {
  licenseId: bigint;
}

export interface Seat {
  user: Address;
  /** The expiry the holder set (Unix seconds; 2^64 - 1 = as long as the license). */
  expires: bigint;
  /**
   * Until when the seat entitles its user, as of now: the earlier of `expires` and the license's
   * expiry; 0n when it does not entitle now (seat or license expired, license revoked).
   */
  effectiveExpiry: bigint;
}

export interface GetSeatsReturnType {
  /** The seats the current holder assigned (none once the license changed hands). */
  seats: Seat[];
  /** How many seats are taken (lapsed ones included until freed or reclaimed). */
  count: bigint;
  /** The most seats the license's terms allow; 0n: the terms offer no seats. */
  cap: bigint;
}

export type GetSeatsErrorType = TesseraError;

/** A license's seats: their users, expiries and effective expiries, and the terms' cap. */
export function getSeats(client: TesseraClient, { licenseId }: GetSeatsParameters): Promise<GetSeatsReturnType> {
  return decoded(async () => {
    const registry = requireSeats(client);
    const [[users, expires], cap] = await Promise.all([
      client.public.readContract({ ...registry, functionName: "seatsOf", args: [licenseId] }),
      client.public.readContract({ ...registry, functionName: "seatCap", args: [licenseId] }),
    ]);
    const effective = await Promise.all(
      users.map((user) =>
        client.public.readContract({ ...registry, functionName: "userExpires", args: [licenseId, user] }),
      ),
    );
    return {
      seats: users.map((user, i) => ({ user, expires: expires[i] ?? 0n, effectiveExpiry: effective[i] ?? 0n })),
      count: BigInt(users.length),
      cap,
    };
  });
}
