import type { Address } from "viem";
import type { TesseraClient } from "../../deployments.ts";
import type { TesseraError } from "../../errors.ts";
import { type GetLicenseReturnType, getLicense } from "../getLicense.ts";
import { decoded, requireSeats } from "../utils.ts";

export interface SeatsHeldByParameters {
  account: Address;
}

export interface HeldSeat {
  /** The organisation license the seat is on (its holder, asset, version covered, expiry). */
  license: GetLicenseReturnType;
  /** Until when the seat entitles `account`: the earlier of the seat's and the license's expiry. */
  effectiveExpiry: bigint;
}

/** The seats that entitle `account` now, in order of license id. */
export type SeatsHeldByReturnType = HeldSeat[];
export type SeatsHeldByErrorType = TesseraError;

/**
 * The seats an account holds on other accounts' licenses: every license it was ever seated on
 * (UpdateUser logs of the SeatRegistry since the deployment's start block), kept if the seat
 * entitles it now (not freed, not lapsed, the license active and still with the holder who seated it).
 */
export function seatsHeldBy(client: TesseraClient, { account }: SeatsHeldByParameters): Promise<SeatsHeldByReturnType> {
  return decoded(async () => {
    const seats = requireSeats(client);
    const logs = await client.public.getContractEvents({
      ...seats,
      eventName: "UpdateUser",
      args: { user: account },
      fromBlock: client.startBlock,
      toBlock: "latest",
      strict: true,
    });
    const ids = [...new Set(logs.map((log) => log.args.tokenId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const held = await Promise.all(
      ids.map(async (licenseId) => {
        const effectiveExpiry = await client.public.readContract({
          ...seats,
          functionName: "userExpires",
          args: [licenseId, account],
        });
        if (effectiveExpiry === 0n) return undefined;
        return { license: await getLicense(client, { licenseId }), effectiveExpiry };
      }),
    );
    return held.filter((s): s is HeldSeat => s !== undefined);
  });
}
