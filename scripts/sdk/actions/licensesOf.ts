import { type Address, getAddress } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { ContractRevertError, type TesseraError } from "../errors.ts";
import { type GetLicenseReturnType, getLicense } from "./getLicense.ts";
import { decoded } from "./utils.ts";

/** The errors of a license that has been burned since it was transferred. */
const BURNED = new Set(["LicenseNotFound", "TokenDoesNotExist"]);

export interface LicensesOfParameters {
  account: Address;
}

/** The licenses `account` holds now, in order of id (expired and revoked ones included). */
export type LicensesOfReturnType = GetLicenseReturnType[];
export type LicensesOfErrorType = TesseraError;

/**
 * The licenses an account holds: every token ever transferred to it (Transfer logs of the market
 * since the deployment's start block), kept if it still exists and the account still holds it.
 */
export function licensesOf(client: TesseraClient, { account }: LicensesOfParameters): Promise<LicensesOfReturnType> {
  const { market } = client.contracts;
  return decoded(async () => {
    const logs = await client.public.getContractEvents({
      ...market,
      eventName: "Transfer",
      args: { to: account },
      fromBlock: client.startBlock,
      toBlock: "latest",
      strict: true,
    });
    const ids = [...new Set(logs.map((log) => log.args.id))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const holder = getAddress(account);
    const licenses = await Promise.all(
      ids.map(async (licenseId) => {
        try {
          const license = await getLicense(client, { licenseId });
          return license.holder === holder ? license : undefined;
        } catch (err) {
          if (err instanceof ContractRevertError && BURNED.has(err.errorName)) return undefined;
          throw err;
        }
      }),
    );
    return licenses.filter((l): l is GetLicenseReturnType => l !== undefined);
  });
}
