/**
 * What the catalog and offer views need from a set of terms: scope (research / commercial),
 * fine-tuning, derivatives, territory and transfer, derived from the decoded preset.
 */
import type { LicensePreset } from "../../../scripts/sdk/terms/codec.ts";

/** Member states that the code "EU" stands for in a territory list. */
export const EU_MEMBERS = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU".split(" "),
);

export interface TermsFacts {
  termsId: bigint;
  name: string;
  spdx: string;
  scope: LicensePreset["scope"];
  /** Evaluation or non-commercial use only. */
  research: boolean;
  /** Internal or commercial use. */
  commercial: boolean;
  /** May the licensee fine-tune (modify) the asset? */
  fineTuning: boolean;
  /** May the licensee distribute derivatives? */
  derivatives: boolean;
  /** May the licensee train models on it? */
  training: boolean;
  transferable: boolean;
  territory: LicensePreset["territory"];
}

export function termsFacts(termsId: bigint, preset: LicensePreset): TermsFacts {
  return {
    termsId,
    name: preset.name,
    spdx: preset.spdx,
    scope: preset.scope,
    research: preset.scope === "EVALUATION" || preset.scope === "NONCOMMERCIAL",
    commercial: preset.scope === "INTERNAL" || preset.scope === "COMMERCIAL",
    fineTuning: preset.grants.includes("modify"),
    derivatives: preset.derivatives !== "NOT_ALLOWED" && preset.grants.includes("distributeDerivatives"),
    training: preset.grants.includes("trainOn"),
    transferable: preset.transfer.includes("transferable"),
    territory: preset.territory,
  };
}

/** Whether the territory clause allows use in `code` (ISO 3166-1 alpha-2; "EU" lists expand). */
export function allowsTerritory(territory: LicensePreset["territory"], code: string): boolean {
  if (territory.mode === "WORLDWIDE") return true;
  const c = code.toUpperCase();
  const listed = territory.codes.some((t) => t === c || (t === "EU" && EU_MEMBERS.has(c)));
  return territory.mode === "ALLOW" ? listed : !listed;
}

/** "Worldwide", "Only in: US, EU", "Everywhere except: CN". */
export function territoryWords(territory: LicensePreset["territory"]): string {
  if (territory.mode === "WORLDWIDE") return "Worldwide";
  const list = territory.codes.join(", ");
  return territory.mode === "ALLOW" ? `Only in: ${list}` : `Everywhere except: ${list}`;
}

export const SCOPE_WORDS: Record<LicensePreset["scope"], string> = {
  EVALUATION: "Evaluation only",
  NONCOMMERCIAL: "Research / non-commercial",
  INTERNAL: "Internal business use",
  COMMERCIAL: "Commercial",
};
