import type { Address } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { decoded } from "./utils.ts";

export const LICENSE_STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export type LicenseStatusName = (typeof LICENSE_STATUSES)[number];

/** expiresAt of a perpetual license. */
export const PERPETUAL: bigint = 2n ** 64n - 1n;

export interface GetLicenseParameters {
  licenseId: bigint;
}

export interface GetLicenseReturnType {
  licenseId: bigint;
  holder: Address;
  assetId: bigint;
  offerId: bigint;
  termsId: bigint;
  /** Unix seconds; {@link PERPETUAL} for a perpetual license. */
  expiresAt: bigint;
  perpetual: boolean;
  /** The version covered; 0 when the license covers every version. */
  version: number;
  allVersions: boolean;
  status: LicenseStatusName;
}

export type GetLicenseErrorType = TesseraError;

/** A license token's facts and expiry. */
export function getLicense(client: TesseraClient, { licenseId }: GetLicenseParameters): Promise<GetLicenseReturnType> {
  const { market } = client.contracts;
  return decoded(async () => {
    const [info, expiresAt] = await Promise.all([
      client.public.readContract({ ...market, functionName: "licenseInfo", args: [licenseId] }),
      client.public.readContract({ ...market, functionName: "expiresAt", args: [licenseId] }),
    ]);
    return {
      licenseId,
      holder: info.holder,
      assetId: info.assetId,
      offerId: info.offerId,
      termsId: info.termsId,
      expiresAt,
      perpetual: expiresAt === PERPETUAL,
      version: info.version,
      allVersions: info.allVersions,
      status: LICENSE_STATUSES[info.status] ?? "ACTIVE",
    };
  });
}
