/**
 * The terms builder's model: a reference preset plus the creator's edits to the few fields the form
 * exposes. The result is a full LicensePreset that the SDK codec encodes for registration.
 */
import { findPreset, type LicensePreset, presets } from "../../../../scripts/sdk/terms/codec.ts";

/** Presets a creator can start from (illustrative ones excluded). */
export const STARTING_PRESETS = presets.filter((p) => !p.illustrative);

export interface TermsEdits {
  scope: LicensePreset["scope"];
  fineTuning: boolean;
  training: boolean;
  redistribution: boolean;
  derivatives: LicensePreset["derivatives"];
  territoryMode: LicensePreset["territory"]["mode"];
  /** Comma- or space-separated two-letter codes. */
  territoryCodes: string;
  transferable: boolean;
}

export function editsFromPreset(p: LicensePreset): TermsEdits {
  return {
    scope: p.scope,
    fineTuning: p.grants.includes("modify"),
    training: p.grants.includes("trainOn"),
    redistribution: p.grants.includes("redistribute"),
    derivatives: p.derivatives,
    territoryMode: p.territory.mode,
    territoryCodes: p.territory.codes.join(", "),
    transferable: p.transfer.includes("transferable"),
  };
}

function toggle<T extends string>(list: readonly T[], item: T, on: boolean): T[] {
  const without = list.filter((x) => x !== item);
  return on ? [...without, item] : without;
}

/** Parses "DE, fr us" → ["DE", "FR", "US"]; null when a code is not two letters. */
export function parseCodes(text: string): string[] | null {
  const codes = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  return codes.every((c) => /^[A-Z]{2}$/.test(c)) ? [...new Set(codes)] : null;
}

/** The preset `baseId` with `edits` applied; throws with a readable message on invalid edits. */
export function applyEdits(baseId: string, edits: TermsEdits): LicensePreset {
  const base = findPreset(baseId);
  const codes = parseCodes(edits.territoryCodes);
  if (codes === null) throw new Error("Territory codes must be two-letter country codes, e.g. DE, FR.");
  if (edits.territoryMode === "WORLDWIDE" && codes.length > 0) {
    throw new Error("Worldwide terms list no countries: clear the list or pick allow / deny.");
  }
  if (edits.territoryMode !== "WORLDWIDE" && codes.length === 0) {
    throw new Error("List at least one country for an allow or deny list.");
  }
  let grants = toggle(base.grants, "modify", edits.fineTuning);
  grants = toggle(grants, "trainOn", edits.training);
  grants = toggle(grants, "redistribute", edits.redistribution);
  grants = toggle(grants, "distributeDerivatives", edits.derivatives !== "NOT_ALLOWED");
  // Keep bit order stable (the codec sorts nothing; order does not affect the bitmap).
  const { bitmaps: _derived, ...rest } = base;
  return {
    ...rest,
    scope: edits.scope,
    grants,
    derivatives: edits.derivatives,
    territory: {
      ...base.territory,
      mode: edits.territoryMode,
      codes: edits.territoryMode === "WORLDWIDE" ? [] : codes,
    },
    transfer: toggle(base.transfer, "transferable", edits.transferable),
  };
}
