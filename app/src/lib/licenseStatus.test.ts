import { describe, expect, it } from "vitest";
import { PERPETUAL } from "../../../scripts/sdk/index.ts";
import { EXPIRING_SOON_SECONDS, licenseStanding } from "./licenseStatus.ts";

const now = 1_800_000_000;
const lic = (status: "ACTIVE" | "EXPIRED" | "REVOKED", expiresAt: number | bigint) => ({
  status,
  expiresAt: BigInt(expiresAt),
  perpetual: BigInt(expiresAt) === PERPETUAL,
});

describe("licenseStanding", () => {
  it("classifies by expiry against the chain clock", () => {
    expect(licenseStanding(lic("ACTIVE", now + 60 * 86_400), now)).toBe("active");
    expect(licenseStanding(lic("ACTIVE", now + EXPIRING_SOON_SECONDS), now)).toBe("expiring");
    expect(licenseStanding(lic("ACTIVE", now), now)).toBe("expired");
    expect(licenseStanding(lic("EXPIRED", now + 100), now)).toBe("expired");
  });
  it("keeps perpetual licenses active and revoked ones revoked", () => {
    expect(licenseStanding(lic("ACTIVE", PERPETUAL), now)).toBe("active");
    expect(licenseStanding(lic("REVOKED", PERPETUAL), now)).toBe("revoked");
  });
});
