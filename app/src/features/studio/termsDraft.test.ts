import { describe, expect, it } from "vitest";
import { decodeTerms, encodeTerms, findPreset } from "../../../../scripts/sdk/terms/codec.ts";
import { applyEdits, editsFromPreset, parseCodes, STARTING_PRESETS } from "./termsDraft.ts";

const FIRST = STARTING_PRESETS[0] ?? findPreset("apache-2.0");
const APACHE = findPreset("apache-2.0");

describe("terms builder", () => {
  it("starts from real presets and round-trips them unchanged", () => {
    expect(STARTING_PRESETS.length).toBeGreaterThan(3);
    const apache = STARTING_PRESETS.find((p) => p.id === "apache-2.0");
    if (!apache) throw new Error("apache-2.0 preset missing");
    const same = applyEdits("apache-2.0", editsFromPreset(apache));
    expect(decodeTerms(encodeTerms(same)).grants.sort()).toEqual([...apache.grants].sort());
  });
  it("applies edits to grants, derivatives, territory and transfer", () => {
    const base = editsFromPreset(APACHE);
    const p = applyEdits("apache-2.0", {
      ...base,
      scope: "NONCOMMERCIAL",
      fineTuning: false,
      derivatives: "NOT_ALLOWED",
      territoryMode: "DENY",
      territoryCodes: "us, cn",
      transferable: true,
    });
    expect(p.scope).toBe("NONCOMMERCIAL");
    expect(p.grants).not.toContain("modify");
    expect(p.grants).not.toContain("distributeDerivatives");
    expect(p.territory).toMatchObject({ mode: "DENY", codes: ["US", "CN"] });
    expect(p.transfer).toContain("transferable");
    expect(() => encodeTerms(p)).not.toThrow();
  });
  it("rejects inconsistent territory edits", () => {
    const base = editsFromPreset(FIRST);
    expect(() => applyEdits(FIRST.id, { ...base, territoryMode: "ALLOW", territoryCodes: "" })).toThrow(
      /at least one country/,
    );
    expect(() => applyEdits(FIRST.id, { ...base, territoryMode: "WORLDWIDE", territoryCodes: "DE" })).toThrow(
      /Worldwide/,
    );
    expect(parseCodes("DE, Germany")).toBeNull();
  });
});
