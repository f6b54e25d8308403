/** A license's standing for display: active, expiring soon, expired or revoked. */
import type { GetLicenseReturnType } from "../../../scripts/sdk/index.ts";

export type LicenseStanding = "active" | "expiring" | "expired" | "revoked";

/** Licenses ending within this many seconds count as "expiring soon". */
export const EXPIRING_SOON_SECONDS = 14 * 86_400;

export function licenseStanding(
  license: Pick<GetLicenseReturnType, "status" | "expiresAt" | "perpetual">,
  nowSeconds: number,
): LicenseStanding {
  if (license.status === "REVOKED") return "revoked";
  if (license.perpetual) return "active";
  const expiresAt = Number(license.expiresAt);
  if (license.status === "EXPIRED" || expiresAt <= nowSeconds) return "expired";
  if (expiresAt - nowSeconds <= EXPIRING_SOON_SECONDS) return "expiring";
  return "active";
}

export const STANDING_LABEL: Record<LicenseStanding, string> = {
  active: "Active",
  expiring: "Expiring soon",
  expired: "Expired",
  revoked: "Revoked",
};
