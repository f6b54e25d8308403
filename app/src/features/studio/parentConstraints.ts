/**
 * What each parent's terms force on a derivative's terms, in plain words, and where a draft breaks
 * them. The rules mirror contracts/libraries/TermsCompat.sol exactly, rule for rule and in its
 * order, so `firstBroken` is the rule the LineageRegistry would refuse first:
 * - fine-tuned from P (and distilled from P when P's outputTraining is INHERIT_TERMS): P allows
 *   derivatives and grants modify + distributeDerivatives; SAME_LICENSE ⇒ the very same terms;
 *   scope ≤ P's; territory ⊆ P's; caps within P's; PASS_THROUGH / SAME_LICENSE ⇒ P's bans kept;
 *   namePrefix duty ⇒ the name starts with P.nameRule; a brand duty is recorded as attribution;
 * - trained on dataset S: S grants trainOn; without commercialiseModel, scope ≤ INTERNAL;
 * - distilled from P, by P's outputTraining: PROHIBITED rejects; SAME_FAMILY_ONLY ⇒ P's family;
 *   INTERNAL_ONLY ⇒ scope ≤ INTERNAL; ATTRIBUTE_AND_NAME ⇒ P's name prefix, attribution recorded;
 *   NO_COMPETING ⇒ the registrant's non-competing attestation recorded; anything else is free.
 * "Same terms" is decided by the terms hash: the TermsRegistry dedups terms by that hash, so equal
 * hashes are equal terms ids, which is what the contract compares.
 */
import type { Hex } from "viem";
import type { RelationName } from "../../../../scripts/sdk/index.ts";
import { ENUMS, type LicensePreset } from "../../../../scripts/sdk/terms/codec.ts";
import { formatDuration } from "../../lib/format.ts";
import { EU_MEMBERS, territoryWords } from "../../lib/terms.ts";

type Territory = LicensePreset["territory"];
type Caps = LicensePreset["caps"];
type Scope = LicensePreset["scope"];

export const RELATION_WORDS: Record<RelationName, string> = {
  FINE_TUNED_FROM: "fine-tuned from",
  TRAINED_ON: "trained on",
  DISTILLED_FROM: "distilled from",
};

/** Plain words for each banned use (the TermsRenderer's sentences, shortened). */
export const BANNED_WORDS: Record<LicensePreset["banned"][number], string> = {
  illegal: "breaking the law",
  minors: "harming minors",
  disinformation: "disinformation",
  sensitiveInference: "inferring sensitive traits",
  harassment: "harassment",
  automatedDecisions: "fully automated decisions on people's rights",
  discrimination: "discrimination",
  vulnerableGroups: "exploiting vulnerable groups",
  medicalAdvice: "medical advice",
  justicePolicingMigration: "justice, policing or migration decisions",
  military: "military use",
  criticalInfrastructure: "operating critical infrastructure",
  malware: "malware",
  unlicensedProfession: "practising a licensed profession",
  undisclosedAI: "passing outputs off as human-made",
  spam: "spam",
  violence: "violence",
  safeguardCircumvention: "circumventing safety measures",
  competingService: "building a competing service",
};

/** One side of a check: terms, and the hash they are registered (or would be registered) under. */
export interface ParentSide {
  /** How the parent is shown, e.g. its card title. */
  title: string;
  relation: RelationName;
  terms: LicensePreset;
  termsHash: Hex;
}

export interface ChildDraft {
  terms: LicensePreset;
  termsHash: Hex;
  /** The name the lineage records (checked against name prefixes). */
  name: string;
  /** The model family the lineage records (checked by same-family-only distillation). */
  family: string;
}

export type RuleId =
  | "derivativesAllowed"
  | "grants"
  | "sameLicense"
  | "scope"
  | "territory"
  | "caps"
  | "banned"
  | "namePrefix"
  | "trainOn"
  | "commercialModel"
  | "outputsProhibited"
  | "family"
  | "outputsInternal";

export interface Constraint {
  rule: RuleId;
  /** What the parent forces, e.g. `name must start with "Llama"`. */
  words: string;
  /** How the draft breaks it; absent when the draft complies. */
  broken?: string | undefined;
}

export interface ParentReport {
  /** The rules forced, in TermsCompat's order (empty: nothing forced). */
  constraints: Constraint[];
  /** What registering records without refusing (attribution, attestation). */
  obligations: string[];
  /** The rule the registry would refuse first, if any. */
  firstBroken: Constraint | undefined;
}

const SCOPES = ENUMS.scope;
const scopeRank = (s: Scope) => SCOPES.indexOf(s);

// ---------------------------------------------------------------- building blocks (TermsCompat)

/** Whether `name` starts with `prefix` (an empty prefix always matches). */
export function hasPrefix(name: string, prefix: string): boolean {
  return name.startsWith(prefix);
}

/** The parent's bans the child drops (`parent & ~child`), in bit order. */
export function droppedBans(parent: readonly string[], child: readonly string[]): string[] {
  return parent.filter((b) => !child.includes(b));
}

function listed(list: readonly string[], code: string): boolean {
  return list.includes(code);
}

function euMembersListed(list: readonly string[]): number {
  return list.filter((c) => EU_MEMBERS.has(c)).length;
}

/** Whether `list` includes every country `code` stands for. */
function covers(list: readonly string[], code: string): boolean {
  if (listed(list, code)) return true;
  if (code === "EU") return euMembersListed(list) === EU_MEMBERS.size;
  return EU_MEMBERS.has(code) && listed(list, "EU");
}

/** Whether `list` includes some country `code` stands for. */
function touches(list: readonly string[], code: string): boolean {
  if (code === "EU") return listed(list, code) || euMembersListed(list) !== 0;
  return covers(list, code);
}

/** Whether every territory `child` allows is allowed by `parent` ("EU" stands for its members). */
export function territoryWithin(child: Territory, parent: Territory): boolean {
  if (parent.mode === "WORLDWIDE") return true;
  if (child.mode === "WORLDWIDE") return false;
  if (child.mode === "ALLOW") {
    return child.codes.every((code) =>
      parent.mode === "ALLOW" ? covers(parent.codes, code) : !touches(parent.codes, code),
    );
  }
  // The child denies a list: the parent must deny a subset of it (an ALLOW parent never fits).
  if (parent.mode === "ALLOW") return false;
  return parent.codes.every((code) => covers(child.codes, code));
}

export interface CapExcess {
  field: "caps.mau" | "caps.callsPerPeriod" | "caps.periodSeconds" | "caps.seats";
  child: number;
  parent: number;
}

/** A cap is looser if the parent caps (non-zero) and the child does not, or caps higher. */
const looser = (child: number, parent: number) => parent !== 0 && (child === 0 || child > parent);

/** The first cap of `child` looser than `parent`'s (0 = no cap), or undefined. */
export function capExceeded(child: Caps, parent: Caps): CapExcess | undefined {
  if (looser(child.mau, parent.mau)) return { field: "caps.mau", child: child.mau, parent: parent.mau };
  if (looser(child.callsPerPeriod, parent.callsPerPeriod)) {
    return { field: "caps.callsPerPeriod", child: child.callsPerPeriod, parent: parent.callsPerPeriod };
  }
  if (parent.callsPerPeriod !== 0 && child.periodSeconds < parent.periodSeconds) {
    return { field: "caps.periodSeconds", child: child.periodSeconds, parent: parent.periodSeconds };
  }
  if (looser(child.seats, parent.seats)) return { field: "caps.seats", child: child.seats, parent: parent.seats };
  return undefined;
}

// ---------------------------------------------------------------- words

const count = (n: number) => n.toLocaleString("en-US");
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function scopeWords(scope: Scope): string {
  return `scope at most ${scope}`;
}

/** "monthly active users ≤ 700,000,000; calls ≤ 1,000,000 per 30 days; seats ≤ 50". */
export function capsWords(caps: Caps): string[] {
  const out: string[] = [];
  if (caps.mau !== 0) out.push(`monthly active users ≤ ${count(caps.mau)}`);
  if (caps.callsPerPeriod !== 0) {
    out.push(`calls ≤ ${count(caps.callsPerPeriod)} per ${formatDuration(caps.periodSeconds)}`);
  }
  if (caps.seats !== 0) out.push(`seats ≤ ${count(caps.seats)}`);
  return out;
}

function capBroken(excess: CapExcess): string {
  const { field, child, parent } = excess;
  if (field === "caps.periodSeconds") {
    return `your draft counts calls per ${formatDuration(child)}, a shorter period than ${formatDuration(parent)}`;
  }
  const label = { "caps.mau": "monthly active users", "caps.callsPerPeriod": "calls", "caps.seats": "seats" }[field];
  return child === 0
    ? `your draft puts no cap on ${label} (at most ${count(parent)})`
    : `your draft allows ${count(child)} ${label}, above ${count(parent)}`;
}

const bansWords = (bans: readonly string[]) =>
  bans.map((b) => BANNED_WORDS[b as keyof typeof BANNED_WORDS] ?? b).join(", ");

// ---------------------------------------------------------------- the rules

function scopeRule(rule: RuleId, child: Scope, max: Scope, why = ""): Constraint {
  return {
    rule,
    words: `${scopeWords(max)}${why}`,
    broken: scopeRank(child) > scopeRank(max) ? `your draft allows ${child}` : undefined,
  };
}

function namePrefixRule(name: string, prefix: string): Constraint {
  return {
    rule: "namePrefix",
    words: `name must start with "${prefix}"`,
    broken: hasPrefix(name, prefix) ? undefined : `"${name}" does not start with "${prefix}"`,
  };
}

/** Derivative C of parent P (TermsCompat.checkDerivative). */
function derivativeRules(parent: ParentSide, child: ChildDraft, report: ParentReport): void {
  const p = parent.terms;
  const c = child.terms;
  const out = report.constraints;
  if (p.derivatives === "NOT_ALLOWED") {
    out.push({ rule: "derivativesAllowed", words: "no derivatives", broken: "its license allows no derivatives" });
    return;
  }
  const missing = (["modify", "distributeDerivatives"] as const).filter((g) => !p.grants.includes(g));
  if (missing.length > 0) {
    const what = missing.map((g) => (g === "modify" ? "modifying" : "distributing derivatives")).join(" or ");
    out.push({ rule: "grants", words: "no derivatives", broken: `its license does not grant ${what}` });
    return;
  }
  const sameLicense = p.derivatives === "SAME_LICENSE";
  if (sameLicense) {
    out.push({
      rule: "sameLicense",
      words: `same license required (${p.name}, unchanged)`,
      broken:
        child.termsHash.toLowerCase() === parent.termsHash.toLowerCase()
          ? undefined
          : `your draft is not exactly ${p.name}`,
    });
  }
  if (scopeRank(p.scope) < scopeRank("COMMERCIAL")) out.push(scopeRule("scope", c.scope, p.scope));
  if (p.territory.mode !== "WORLDWIDE") {
    out.push({
      rule: "territory",
      words:
        p.territory.mode === "ALLOW"
          ? `territory only within ${p.territory.codes.join(", ")}`
          : `territory must exclude ${p.territory.codes.join(", ")}`,
      broken: territoryWithin(c.territory, p.territory)
        ? undefined
        : `your draft's territory is ${lowerFirst(territoryWords(c.territory))}`,
    });
  }
  const caps = capsWords(p.caps);
  if (caps.length > 0) {
    const excess = capExceeded(c.caps, p.caps);
    out.push({ rule: "caps", words: `caps: ${caps.join(", ")}`, broken: excess && capBroken(excess) });
  }
  if ((sameLicense || p.derivatives === "PASS_THROUGH") && p.banned.length > 0) {
    const dropped = droppedBans(p.banned, c.banned);
    out.push({
      rule: "banned",
      words: `keep these banned uses: ${bansWords(p.banned)}`,
      broken:
        dropped.length === 0
          ? undefined
          : dropped.length === p.banned.length
            ? "your draft drops all of them"
            : `your draft drops: ${bansWords(dropped)}`,
    });
  }
  if (p.duties.includes("namePrefix")) out.push(namePrefixRule(child.name, p.nameRule));
  if (p.duties.includes("brand")) report.obligations.push(`credit ${parent.title} (recorded as attribution)`);
}

/** Model trained on dataset S (TermsCompat.checkTrainedOn). */
function trainedOnRules(parent: ParentSide, child: ChildDraft, report: ParentReport): void {
  const grants = parent.terms.grants;
  if (!grants.includes("trainOn")) {
    report.constraints.push({ rule: "trainOn", words: "no training", broken: "its license does not grant training" });
    return;
  }
  if (!grants.includes("commercialiseModel")) {
    report.constraints.push(
      scopeRule("commercialModel", child.terms.scope, "INTERNAL", " (it grants no commercial models)"),
    );
  }
}

/** Model distilled from P's outputs (TermsCompat.checkDistilledFrom). */
function distilledFromRules(parent: ParentSide, child: ChildDraft, report: ParentReport): void {
  const p = parent.terms;
  switch (p.outputTraining) {
    case "INHERIT_TERMS":
      derivativeRules(parent, child, report);
      return;
    case "PROHIBITED":
      report.constraints.push({
        rule: "outputsProhibited",
        words: "no training on its outputs",
        broken: "its license forbids training on its outputs",
      });
      return;
    case "SAME_FAMILY_ONLY": {
      const family = p.family ?? "";
      report.constraints.push({
        rule: "family",
        words: `model family must be "${family}"`,
        broken: child.family === family ? undefined : `the family "${child.family}" is not "${family}"`,
      });
      return;
    }
    case "INTERNAL_ONLY":
      report.constraints.push(
        scopeRule("outputsInternal", child.terms.scope, "INTERNAL", " (its outputs may train internal models only)"),
      );
      return;
    case "ATTRIBUTE_AND_NAME":
      if (p.nameRule !== "") report.constraints.push(namePrefixRule(child.name, p.nameRule));
      report.obligations.push(`credit ${parent.title} (recorded as attribution)`);
      return;
    case "NO_COMPETING":
      report.obligations.push(`you attest the model does not compete with ${parent.title}'s provider`);
      return;
    default:
      return;
  }
}

/** What `parent` forces on `child` for its relation, and where the draft breaks it. */
export function parentConstraints(parent: ParentSide, child: ChildDraft): ParentReport {
  const report: ParentReport = { constraints: [], obligations: [], firstBroken: undefined };
  if (parent.relation === "FINE_TUNED_FROM") derivativeRules(parent, child, report);
  else if (parent.relation === "TRAINED_ON") trainedOnRules(parent, child, report);
  else distilledFromRules(parent, child, report);
  report.firstBroken = report.constraints.find((c) => c.broken !== undefined);
  return report;
}

/** The SPDX id when it is a standard one ("CDLA-Permissive-2.0"), else the license's name. */
export function licenseLabel(terms: LicensePreset): string {
  return terms.spdx && !terms.spdx.startsWith("LicenseRef-") ? terms.spdx : terms.name;
}

/** `Llama 3.1 (Llama 3.1 Community License, fine-tuned from): scope …; name must …` */
export function reportLine(parent: ParentSide, report: ParentReport): string {
  const license = licenseLabel(parent.terms);
  const forced = report.constraints.length === 0 ? "nothing forced" : report.constraints.map((c) => c.words).join("; ");
  return `${parent.title} (${license}, ${RELATION_WORDS[parent.relation]}): ${forced}`;
}
