import { describe, expect, it } from "vitest";
import type { RelationName } from "../../../../scripts/sdk/index.ts";
import {
  encodeTerms,
  findPreset,
  type LicensePreset,
  type PresetCase,
  presetFile,
  termsHash,
} from "../../../../scripts/sdk/terms/codec.ts";
import { EU_MEMBERS } from "../../lib/terms.ts";
import {
  type ChildDraft,
  capExceeded,
  type ParentSide,
  parentConstraints,
  reportLine,
  territoryWithin,
} from "./parentConstraints.ts";
import { applyEdits, editsFromPreset } from "./termsDraft.ts";

// The reference licenses and derivative cases: scripts/sdk/terms/presets.json is the repo's copy of
// the shared license-terms vectors (same licenses, same cases).
const hashOf = (p: LicensePreset) => termsHash(encodeTerms(p));

function parent(id: string, relation: RelationName = "FINE_TUNED_FROM", title = id): ParentSide {
  const terms = findPreset(id);
  return { title, relation, terms, termsHash: hashOf(terms) };
}

function child(terms: LicensePreset, name: string, family = ""): ChildDraft {
  return { terms, termsHash: hashOf(terms), name, family };
}

const RELATION_OF: Record<NonNullable<PresetCase["relation"]> | "fineTunedFrom", RelationName> = {
  fineTunedFrom: "FINE_TUNED_FROM",
  trainedOn: "TRAINED_ON",
  distilledFrom: "DISTILLED_FROM",
};

describe("parent constraints: the reference vectors' derivative cases", () => {
  const cases = presetFile.cases.filter((c) => c.parent !== undefined && c.child !== undefined);
  it("covers every derivative case of the vectors", () => {
    expect(cases.map((c) => c.id)).toEqual([
      "llama31-derivative-without-prefix",
      "openrail-derivative-drops-restrictions",
      "commercial-model-trained-on-mdl",
      "non-llama-distilled-from-llama2",
      "commercial-model-trained-on-cdla",
    ]);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.expect}`, () => {
      const spec = c.child;
      if (!spec || !c.parent) throw new Error("not a derivative case");
      const terms = { ...findPreset(spec.terms), ...spec.override };
      const report = parentConstraints(
        parent(c.parent, RELATION_OF[c.relation ?? "fineTunedFrom"]),
        child(terms, spec.name, spec.family ?? ""),
      );
      expect(report.firstBroken === undefined ? "accept" : "reject").toBe(c.expect);
    });
  }
});

describe("parent constraints: what each reference license forces, in words", () => {
  it("a dataset trained on under CDLA-Permissive-2.0 forces nothing", () => {
    const p = parent("cdla-permissive-2.0", "TRAINED_ON", "CropSat-2025");
    const report = parentConstraints(p, child(findPreset("apache-2.0"), "crop-classifier"));
    expect(report).toEqual({ constraints: [], obligations: [], firstBroken: undefined });
    expect(reportLine(p, report)).toBe("CropSat-2025 (CDLA-Permissive-2.0, trained on): nothing forced");
  });

  it("a Llama 3.1 fine-tune: bans, caps and the name prefix; attribution recorded", () => {
    const p = parent("llama3.1", "FINE_TUNED_FROM", "Llama 3.1 8B");
    const ok = parentConstraints(p, child(findPreset("llama3.1"), "Llama-3.1-Med"));
    expect(ok.firstBroken).toBeUndefined();
    expect(ok.constraints.map((c) => c.rule)).toEqual(["caps", "banned", "namePrefix"]);
    expect(ok.obligations).toEqual(["credit Llama 3.1 8B (recorded as attribution)"]);
    expect(reportLine(p, ok)).toMatch(
      /^Llama 3\.1 8B \(Llama 3\.1 Community License, fine-tuned from\): caps: monthly active users ≤ 700,000,000; keep these banned uses: breaking the law, .*violence; name must start with "Llama"$/,
    );

    // Apache terms drop the cap first (TermsCompat checks caps before bans and names).
    const apache = parentConstraints(p, child(findPreset("apache-2.0"), "Orca"));
    expect(apache.firstBroken?.rule).toBe("caps");
    expect(apache.firstBroken?.broken).toBe("your draft puts no cap on monthly active users (at most 700,000,000)");
    expect(apache.constraints.filter((c) => c.broken).map((c) => c.rule)).toEqual(["caps", "banned", "namePrefix"]);
  });

  it("SAME_LICENSE (the Montreal Data License): the very same terms, decided by the terms hash", () => {
    const p = parent("mdl-cropland", "FINE_TUNED_FROM");
    // MDL grants no modify, so no fine-tune is possible at all, whatever the draft.
    const report = parentConstraints(p, child(findPreset("mdl-cropland"), "x"));
    expect(report.constraints).toEqual([
      {
        rule: "grants",
        words: "no derivatives",
        broken: "its license does not grant modifying or distributing derivatives",
      },
    ]);
    // With modify + distributeDerivatives granted, the same-license rule applies.
    const mdl = findPreset("mdl-cropland");
    const granting: ParentSide = {
      ...p,
      terms: { ...mdl, grants: [...mdl.grants, "modify", "distributeDerivatives"] },
      termsHash: hashOf({ ...mdl, grants: [...mdl.grants, "modify", "distributeDerivatives"] }),
    };
    const same = parentConstraints(granting, child(granting.terms, "x"));
    expect(same.firstBroken).toBeUndefined();
    expect(same.constraints.map((c) => c.rule)).toEqual(["sameLicense", "scope"]);
    const other = parentConstraints(granting, child({ ...granting.terms, scope: "EVALUATION" }, "x"));
    expect(other.firstBroken?.rule).toBe("sameLicense");
  });

  it("NOT_ALLOWED derivatives (the enterprise API) reject any draft", () => {
    const report = parentConstraints(parent("enterprise-api"), child(findPreset("enterprise-api"), "x"));
    expect(report.firstBroken).toMatchObject({
      rule: "derivativesAllowed",
      broken: "its license allows no derivatives",
    });
  });

  it("Hunyuan3D: territory within its deny list, EU expanded", () => {
    const p = parent("hunyuan3d-2.1");
    const hunyuan = findPreset("hunyuan3d-2.1");
    const ok = parentConstraints(p, child(hunyuan, "x"));
    expect(ok.firstBroken).toBeUndefined();
    expect(ok.constraints.find((c) => c.rule === "territory")?.words).toBe("territory must exclude EU, GB, KR");
    const worldwide = { ...hunyuan, territory: { mode: "WORLDWIDE" as const, codes: [] } };
    expect(parentConstraints(p, child(worldwide, "x")).firstBroken).toMatchObject({
      rule: "territory",
      broken: "your draft's territory is worldwide",
    });
    const allowDe = { ...hunyuan, territory: { mode: "ALLOW" as const, codes: ["DE"] } };
    expect(parentConstraints(p, child(allowDe, "x")).firstBroken?.rule).toBe("territory");
    const allowUs = { ...hunyuan, territory: { mode: "ALLOW" as const, codes: ["US", "JP"] } };
    expect(parentConstraints(p, child(allowUs, "x")).firstBroken).toBeUndefined();
  });

  it("training on a dataset without commercialiseModel: scope at most INTERNAL", () => {
    const p = parent("mdl-cropland", "TRAINED_ON", "Cropland");
    const draft = applyEdits("apache-2.0", { ...editsFromPreset(findPreset("apache-2.0")), scope: "INTERNAL" });
    expect(parentConstraints(p, child(draft, "x")).firstBroken).toBeUndefined();
    const commercial = parentConstraints(p, child(findPreset("apache-2.0"), "x"));
    expect(commercial.firstBroken).toEqual({
      rule: "commercialModel",
      words: "scope at most INTERNAL (it grants no commercial models)",
      broken: "your draft allows COMMERCIAL",
    });
    // A licence without trainOn refuses training outright.
    const enterprise = parentConstraints(parent("enterprise-api", "TRAINED_ON"), child(draft, "x"));
    expect(enterprise.firstBroken?.rule).toBe("trainOn");
  });

  it("distillation follows the parent's outputTraining", () => {
    const apache = findPreset("apache-2.0");
    // SAME_FAMILY_ONLY (Llama 2)
    const llama2 = parent("llama2", "DISTILLED_FROM");
    expect(parentConstraints(llama2, child(apache, "x", "llama")).firstBroken).toBeUndefined();
    expect(parentConstraints(llama2, child(apache, "x", "mistral")).firstBroken?.broken).toBe(
      'the family "mistral" is not "llama"',
    );
    // ATTRIBUTE_AND_NAME (Llama 3.1): the name prefix, attribution recorded; no cap or ban rules.
    const llama31 = parentConstraints(parent("llama3.1", "DISTILLED_FROM", "Llama"), child(apache, "Llama-distill"));
    expect(llama31.constraints.map((c) => c.rule)).toEqual(["namePrefix"]);
    expect(llama31.firstBroken).toBeUndefined();
    expect(llama31.obligations).toHaveLength(1);
    // INHERIT_TERMS (OpenRAIL-M): the derivative rules, so dropping the bans is refused.
    const rail = parentConstraints(parent("openrail-m", "DISTILLED_FROM"), child(apache, "x"));
    expect(rail.firstBroken?.rule).toBe("banned");
    // INTERNAL_ONLY (MDL)
    const mdl = parentConstraints(parent("mdl-cropland", "DISTILLED_FROM"), child(apache, "x"));
    expect(mdl.firstBroken?.rule).toBe("outputsInternal");
    // NO_COMPETING (enterprise): accepted, attestation recorded.
    const ent = parentConstraints(parent("enterprise-api", "DISTILLED_FROM", "Ent"), child(apache, "x"));
    expect(ent).toMatchObject({
      firstBroken: undefined,
      obligations: ["you attest the model does not compete with Ent's provider"],
    });
    // UNRESTRICTED / NOT_ADDRESSED: nothing forced.
    expect(parentConstraints(parent("apache-2.0", "DISTILLED_FROM"), child(apache, "x")).constraints).toEqual([]);
    // PROHIBITED
    const prohibited: ParentSide = {
      ...parent("apache-2.0", "DISTILLED_FROM"),
      terms: { ...apache, outputTraining: "PROHIBITED" },
    };
    expect(parentConstraints(prohibited, child(apache, "x")).firstBroken?.rule).toBe("outputsProhibited");
  });
});

describe("parent constraints: building blocks as TermsCompat", () => {
  const caps = (over: Partial<LicensePreset["caps"]>): LicensePreset["caps"] => ({
    mau: 0,
    callsPerPeriod: 0,
    periodSeconds: 0,
    seats: 0,
    basis: "NONE",
    onExceed: "NONE",
    ...over,
  });
  it("caps: 0 means no cap; mau, calls, period, seats in that order", () => {
    expect(capExceeded(caps({}), caps({}))).toBeUndefined();
    expect(capExceeded(caps({ mau: 5 }), caps({}))).toBeUndefined();
    expect(capExceeded(caps({}), caps({ mau: 5 }))).toEqual({ field: "caps.mau", child: 0, parent: 5 });
    expect(capExceeded(caps({ mau: 6 }), caps({ mau: 5 }))?.field).toBe("caps.mau");
    expect(capExceeded(caps({ mau: 5 }), caps({ mau: 5 }))).toBeUndefined();
    const parentCalls = caps({ callsPerPeriod: 100, periodSeconds: 86_400, seats: 3 });
    expect(capExceeded(caps({ callsPerPeriod: 101, periodSeconds: 86_400, seats: 9 }), parentCalls)?.field).toBe(
      "caps.callsPerPeriod",
    );
    expect(capExceeded(caps({ callsPerPeriod: 100, periodSeconds: 3_600 }), parentCalls)?.field).toBe(
      "caps.periodSeconds",
    );
    expect(capExceeded(caps({ callsPerPeriod: 50, periodSeconds: 86_400 * 7, seats: 4 }), parentCalls)?.field).toBe(
      "caps.seats",
    );
    expect(capExceeded(caps({ callsPerPeriod: 50, periodSeconds: 86_400, seats: 3 }), parentCalls)).toBeUndefined();
  });

  // territoryWithin against a brute force over the 27 EU members and four others (as the Solidity fuzz test).
  // The Solidity test's pool and countries; JP is never listed, so it stands for the rest of the world.
  const POOL = ["EU", "DE", "FR", "IT", "US", "GB", "KR"];
  const COUNTRIES = [...EU_MEMBERS, "US", "GB", "KR", "JP"];
  const allows = (t: LicensePreset["territory"], code: string) => {
    if (t.mode === "WORLDWIDE") return true;
    const listed = t.codes.some((l) => l === code || (l === "EU" && EU_MEMBERS.has(code)));
    return t.mode === "ALLOW" ? listed : !listed;
  };
  const rules: LicensePreset["territory"][] = [{ mode: "WORLDWIDE", codes: [] }];
  for (let bits = 1; bits < 1 << POOL.length; bits++) {
    const codes = POOL.filter((_, i) => bits & (1 << i));
    rules.push({ mode: "ALLOW", codes }, { mode: "DENY", codes });
  }
  it("territoryWithin agrees with a brute force over every pair of rules from a pool", () => {
    let mismatches = 0;
    for (const c of rules) {
      for (const p of rules) {
        const brute = COUNTRIES.every((code) => !allows(c, code) || allows(p, code));
        if (territoryWithin(c, p) !== brute) mismatches++;
      }
    }
    expect(rules.length).toBe(255);
    expect(mismatches).toBe(0);
  });
  it("territoryWithin expands EU against the 27 member states", () => {
    const members = [...EU_MEMBERS];
    const allow = (codes: string[]) => ({ mode: "ALLOW" as const, codes });
    const deny = (codes: string[]) => ({ mode: "DENY" as const, codes });
    expect(territoryWithin(allow(["EU"]), allow(members))).toBe(true);
    expect(territoryWithin(allow(members), allow(["EU"]))).toBe(true);
    expect(territoryWithin(allow(["EU"]), allow(members.slice(1)))).toBe(false);
    expect(territoryWithin(deny(members), deny(["EU"]))).toBe(true);
    expect(territoryWithin(deny(["EU"]), deny(members))).toBe(true);
    expect(territoryWithin(deny(members.slice(1)), deny(["EU"]))).toBe(false);
    expect(territoryWithin(allow(["EU"]), deny(["DE"]))).toBe(false);
    expect(territoryWithin(allow(["DE"]), allow(["EU"]))).toBe(true);
  });
});
