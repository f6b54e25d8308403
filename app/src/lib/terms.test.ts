import { describe, expect, it } from "vitest";
import { findPreset } from "../../../scripts/sdk/terms/codec.ts";
import { allowsTerritory, termsFacts, territoryWords } from "./terms.ts";

describe("termsFacts", () => {
  it("reads scope, fine-tuning and derivatives from real presets", () => {
    const nc = termsFacts(1n, findPreset("cc-by-nc-4.0"));
    expect(nc.research).toBe(true);
    expect(nc.commercial).toBe(false);
    const apache = termsFacts(2n, findPreset("apache-2.0"));
    expect(apache.commercial).toBe(true);
    expect(apache.fineTuning).toBe(true);
    expect(apache.derivatives).toBe(true);
  });
  it("says no derivatives when the preset forbids them", () => {
    const preset = { ...findPreset("apache-2.0"), derivatives: "NOT_ALLOWED" as const };
    expect(termsFacts(3n, preset).derivatives).toBe(false);
  });
});

describe("territory", () => {
  it("expands EU and honours allow and deny lists", () => {
    expect(allowsTerritory({ mode: "WORLDWIDE", codes: [] }, "US")).toBe(true);
    expect(allowsTerritory({ mode: "ALLOW", codes: ["EU"] }, "de")).toBe(true);
    expect(allowsTerritory({ mode: "ALLOW", codes: ["EU"] }, "CH")).toBe(false);
    expect(allowsTerritory({ mode: "DENY", codes: ["EU", "US"] }, "FR")).toBe(false);
    expect(allowsTerritory({ mode: "DENY", codes: ["US"] }, "JP")).toBe(true);
    expect(territoryWords({ mode: "DENY", codes: ["CN", "RU"] })).toBe("Everywhere except: CN, RU");
  });
});
