/**
 * Terms codec: license presets (the JSON of presets.json) <-> the `ITermsRegistry.Terms` struct.
 *
 * The round trip is exact: `decodeTerms(encodeTerms(p))` deep-equals `p` without its derived
 * `bitmaps`, key order included. Name lists decode in bit order (the order presets use), and an
 * optional key is restored exactly when the struct's `present` bitmask says it was there.
 */
import {
  type Abi,
  type AbiParameter,
  encodeAbiParameters,
  type Hex,
  hexToString,
  keccak256,
  stringToHex,
  zeroHash,
} from "viem";
import { TermsRegistryAbi } from "../generated/abis.ts";
import presetJson from "./presets.json" with { type: "json" };

// ------------------------------------------------------------------ taxonomy

/** Enum ordinals, as in ITermsRegistry (the first nine also in presets.json `enums`). */
export const ENUMS = {
  artifact: ["WEIGHTS", "ADAPTER", "DATASET", "CODE", "HOSTED_API"],
  scope: ["EVALUATION", "NONCOMMERCIAL", "INTERNAL", "COMMERCIAL"],
  outputOwner: ["NOT_ADDRESSED", "LICENSEE", "LICENSOR_NO_CLAIM", "LICENSOR"],
  outputTraining: [
    "NOT_ADDRESSED",
    "UNRESTRICTED",
    "INHERIT_TERMS",
    "ATTRIBUTE_AND_NAME",
    "SAME_FAMILY_ONLY",
    "INTERNAL_ONLY",
    "NO_COMPETING",
    "PROHIBITED",
  ],
  derivatives: ["ANY", "PASS_THROUGH", "SAME_LICENSE", "NOT_ALLOWED"],
  territoryMode: ["WORLDWIDE", "ALLOW", "DENY"],
  capBasis: ["NONE", "CONTINUOUS", "AT_RELEASE_INCL_AFFILIATES"],
  onExceed: ["NONE", "SEPARATE_LICENSE", "NEXT_TIER", "SUSPEND"],
  liability: ["DISCLAIMED", "CAPPED_FEES", "CAPPED_AMOUNT", "UNCAPPED"],
  audit: ["NONE", "ON_NOTICE", "PERIODIC_REPORT", "PROVIDER_TELEMETRY"],
} as const;

/** Bitmap bit names: bit i is `1 << i` (the first four also in presets.json `bits`). */
export const BITS = {
  grants: [
    "use",
    "reproduce",
    "modify",
    "redistribute",
    "distributeDerivatives",
    "hostForOthers",
    "trainOn",
    "benchmark",
    "annotate",
    "publishTrainedModel",
    "commercialiseOutput",
    "commercialiseModel",
    "patent",
  ],
  duties: [
    "includeLicense",
    "notice",
    "markChanges",
    "credit",
    "brand",
    "namePrefix",
    "passRestrictionsOn",
    "shareAlike",
    "acceptUsePolicy",
    "acceptUpdates",
    "clickThrough",
    "deleteOnTermination",
    "discloseAI",
    "confidential",
    "noExtraRestrictions",
  ],
  banned: [
    "illegal",
    "minors",
    "disinformation",
    "sensitiveInference",
    "harassment",
    "automatedDecisions",
    "discrimination",
    "vulnerableGroups",
    "medicalAdvice",
    "justicePolicingMigration",
    "military",
    "criticalInfrastructure",
    "malware",
    "unlicensedProfession",
    "undisclosedAI",
    "spam",
    "violence",
    "safeguardCircumvention",
    "competingService",
  ],
  dataFlags: [
    "personalData",
    "specialCategoryData",
    "childrensData",
    "anonymised",
    "pseudonymised",
    "processingAgreementRequired",
    "transferRestricted",
    "propagateErasure",
    "researchLawfulBasis",
    "tlpLow",
    "tlpHigh",
    "tdmOptOutsHonoured",
    "generalPurposeAI",
    "systemicRisk",
    "openSourceExemptionClaimed",
  ],
  terminatesOn: ["breach", "patentSuit", "ipSuit", "atWill"],
  transfer: ["transferable", "sublicensable", "endUserPassThrough", "distributeOnSameTerms"],
  indemnity: ["licensorIP", "licensorOutputIP", "licenseeIndemnifiesLicensor"],
} as const;

/** Bits of `Terms.present`: which optional preset keys are there (TermsBits.PRESENT_* on-chain). */
export const OPTIONAL_FIELDS = [
  "term.cureDays",
  "term.remoteRestriction",
  "term.untilTerminated",
  "term.durationSeconds",
  "term.renewable",
  "territory.appliesToOutputs",
  "family",
  "liabilityCapMonths",
  "liabilityCapAmount",
  "audit",
  "illustrative",
] as const;

export type EnumField = keyof typeof ENUMS;
export type EnumValue<F extends EnumField> = (typeof ENUMS)[F][number];
export type BitField = keyof typeof BITS;
export type BitName<F extends BitField> = (typeof BITS)[F][number];
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

// ------------------------------------------------------------------ preset shape

export interface TerritoryPreset {
  mode: EnumValue<"territoryMode">;
  /** ISO 3166-1 alpha-2 codes; "EU" stands for its member states. */
  codes: string[];
  appliesToOutputs?: boolean;
}

export interface CapsPreset {
  mau: number;
  callsPerPeriod: number;
  periodSeconds: number;
  seats: number;
  basis: EnumValue<"capBasis">;
  onExceed: EnumValue<"onExceed">;
}

export interface TermPreset {
  perpetual: boolean;
  untilTerminated?: boolean;
  durationSeconds?: number;
  renewable?: boolean;
  terminatesOn: BitName<"terminatesOn">[];
  cureDays?: number;
  remoteRestriction?: boolean;
}

/** The derived hex bitmaps that presets.json carries beside the names. */
export interface PresetBitmaps {
  grants: string;
  duties: string;
  banned: string;
  dataFlags: string;
}

export interface LicensePreset {
  id: string;
  name: string;
  spdx: string;
  url: string;
  artifact: EnumValue<"artifact">;
  scope: EnumValue<"scope">;
  grants: BitName<"grants">[];
  duties: BitName<"duties">[];
  banned: BitName<"banned">[];
  outputOwner: EnumValue<"outputOwner">;
  outputTraining: EnumValue<"outputTraining">;
  derivatives: EnumValue<"derivatives">;
  territory: TerritoryPreset;
  caps: CapsPreset;
  term: TermPreset;
  transfer: BitName<"transfer">[];
  audit?: EnumValue<"audit">;
  liability: EnumValue<"liability">;
  liabilityCapMonths?: number;
  /** Decimal string (uint256), in the minor unit of the legal text's currency. */
  liabilityCapAmount?: string;
  indemnity: BitName<"indemnity">[];
  governingLaw: string;
  nameRule: string;
  family?: string;
  dataFlags: BitName<"dataFlags">[];
  illustrative?: boolean;
  /** Derived from the names ({@link deriveBitmaps}); not encoded, so not decoded either. */
  bitmaps?: PresetBitmaps;
}

export interface PresetCase {
  id: string;
  expect: "accept" | "reject";
  reason: string;
  license?: string;
  parent?: string;
  relation?: "trainedOn" | "distilledFrom";
  purchase?: { territoryOfUse: string };
  child?: { name: string; terms: string; family?: string; override?: Partial<LicensePreset> };
}

export interface PresetFile {
  about: string;
  enums: Record<string, string[]>;
  bits: Record<string, string[]>;
  licenses: LicensePreset[];
  cases: PresetCase[];
}

// ------------------------------------------------------------------ struct shape (viem)

/** `ITermsRegistry.Terms` as viem encodes and decodes it (uint <= 48 bits: number; wider: bigint). */
export interface TermsStruct {
  id: string;
  name: string;
  spdx: string;
  url: string;
  artifact: number;
  scope: number;
  grants: number;
  duties: number;
  banned: number;
  outputOwner: number;
  outputTraining: number;
  derivatives: number;
  territory: { mode: number; codes: readonly Hex[]; appliesToOutputs: boolean };
  caps: {
    mau: bigint;
    callsPerPeriod: bigint;
    periodSeconds: number;
    seats: number;
    basis: number;
    onExceed: number;
  };
  term: {
    perpetual: boolean;
    untilTerminated: boolean;
    durationSeconds: bigint;
    renewable: boolean;
    terminatesOn: number;
    cureDays: number;
    remoteRestriction: boolean;
  };
  transfer: number;
  audit: number;
  liability: number;
  liabilityCapMonths: number;
  liabilityCapAmount: bigint;
  indemnity: number;
  governingLaw: string;
  nameRule: string;
  family: string;
  dataFlags: number;
  illustrative: boolean;
  present: number;
  legalTextHash: Hex;
  policyHash: Hex;
}

/** The two document hashes, which live in the struct but not in presets. */
export interface TermsDocuments {
  /** sha256 of the canonical legal text (UTF-8, NFC, LF line endings). */
  legalTextHash?: Hex;
  /** sha256 of the incorporated acceptable-use policy or attachment. */
  policyHash?: Hex;
}

export interface DecodedTerms {
  preset: LicensePreset;
  legalTextHash: Hex;
  policyHash: Hex;
}

// ------------------------------------------------------------------ presets and ABI loading

/** The reference presets (a copy of the shared license-terms vectors). */
export const presetFile: PresetFile = presetJson as unknown as PresetFile;

export const presets: readonly LicensePreset[] = presetFile.licenses;

/** The preset with license id `id`; throws if there is none. */
export function findPreset(id: string): LicensePreset {
  const preset = presets.find((p) => p.id === id);
  if (preset === undefined) throw new Error(`unknown license preset "${id}"`);
  return preset;
}

/** The `Terms` tuple parameter of `registerTerms`, for off-chain hashing. */
export function termsAbiParameter(): AbiParameter {
  for (const item of TermsRegistryAbi as Abi) {
    const param = item.type === "function" && item.name === "registerTerms" ? item.inputs[0] : undefined;
    if (param !== undefined) return param;
  }
  throw new Error("registerTerms is missing from the generated TermsRegistry ABI");
}

/** `keccak256(abi.encode(terms))`, the registry's dedup key and the hash an offer pins. */
export function termsHash(struct: TermsStruct): Hex {
  return keccak256(encodeAbiParameters([termsAbiParameter()], [struct]));
}

// ------------------------------------------------------------------ encode

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffff_ffff;

function enumIndex<F extends EnumField>(field: F, value: string): number {
  const index = (ENUMS[field] as readonly string[]).indexOf(value);
  if (index < 0) throw new Error(`${field}: unknown value "${value}"`);
  return index;
}

function bitmapOf<F extends BitField>(field: F, names: readonly string[]): number {
  const all = BITS[field] as readonly string[];
  let bits = 0;
  for (const name of names) {
    const index = all.indexOf(name);
    if (index < 0) throw new Error(`${field}: unknown bit "${name}"`);
    const bit = 2 ** index;
    if ((bits & bit) !== 0) throw new Error(`${field}: "${name}" listed twice`);
    bits |= bit;
  }
  return bits;
}

function uint(field: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new Error(`${field}: ${value} is not an integer in [0, ${max}]`);
  }
  return value;
}

function codeToBytes2(code: string): Hex {
  if (!/^[\x20-\x7e]{2}$/.test(code)) throw new Error(`territory code "${code}" is not two ASCII characters`);
  return stringToHex(code, { size: 2 });
}

/** Hex bitmaps as presets.json writes them: upper case, one digit per started nibble of the width. */
export function deriveBitmaps(preset: LicensePreset): PresetBitmaps {
  const hex = (field: "grants" | "duties" | "banned" | "dataFlags", names: readonly string[]): string =>
    `0x${bitmapOf(field, names)
      .toString(16)
      .toUpperCase()
      .padStart(Math.ceil(BITS[field].length / 4), "0")}`;
  return {
    grants: hex("grants", preset.grants),
    duties: hex("duties", preset.duties),
    banned: hex("banned", preset.banned),
    dataFlags: hex("dataFlags", preset.dataFlags),
  };
}

/**
 * The `Terms` struct for `registerTerms`. Throws on unknown names, duplicates and bad numbers.
 * `bitmaps` is ignored: it is derived (see {@link deriveBitmaps}), and a preset spread with an
 * override (`{ ...preset, banned: [] }`) would carry stale ones.
 */
export function encodeTerms(preset: LicensePreset, documents: TermsDocuments = {}): TermsStruct {
  const { territory, caps, term } = preset;
  const has: Record<OptionalField, boolean> = {
    "term.cureDays": term.cureDays !== undefined,
    "term.remoteRestriction": term.remoteRestriction !== undefined,
    "term.untilTerminated": term.untilTerminated !== undefined,
    "term.durationSeconds": term.durationSeconds !== undefined,
    "term.renewable": term.renewable !== undefined,
    "territory.appliesToOutputs": territory.appliesToOutputs !== undefined,
    family: preset.family !== undefined,
    liabilityCapMonths: preset.liabilityCapMonths !== undefined,
    liabilityCapAmount: preset.liabilityCapAmount !== undefined,
    audit: preset.audit !== undefined,
    illustrative: preset.illustrative !== undefined,
  };
  const present = OPTIONAL_FIELDS.reduce((bits, field, i) => (has[field] ? bits | (1 << i) : bits), 0);
  const capAmount = preset.liabilityCapAmount ?? "0";
  if (!/^(0|[1-9][0-9]*)$/.test(capAmount) || BigInt(capAmount) >= 2n ** 256n) {
    throw new Error(`liabilityCapAmount: "${capAmount}" is not a uint256 decimal string`);
  }
  return {
    id: preset.id,
    name: preset.name,
    spdx: preset.spdx,
    url: preset.url,
    artifact: enumIndex("artifact", preset.artifact),
    scope: enumIndex("scope", preset.scope),
    grants: bitmapOf("grants", preset.grants),
    duties: bitmapOf("duties", preset.duties),
    banned: bitmapOf("banned", preset.banned),
    outputOwner: enumIndex("outputOwner", preset.outputOwner),
    outputTraining: enumIndex("outputTraining", preset.outputTraining),
    derivatives: enumIndex("derivatives", preset.derivatives),
    territory: {
      mode: enumIndex("territoryMode", territory.mode),
      codes: territory.codes.map(codeToBytes2),
      appliesToOutputs: territory.appliesToOutputs ?? false,
    },
    caps: {
      mau: BigInt(uint("caps.mau", caps.mau, Number.MAX_SAFE_INTEGER)),
      callsPerPeriod: BigInt(uint("caps.callsPerPeriod", caps.callsPerPeriod, Number.MAX_SAFE_INTEGER)),
      periodSeconds: uint("caps.periodSeconds", caps.periodSeconds, UINT32_MAX),
      seats: uint("caps.seats", caps.seats, UINT32_MAX),
      basis: enumIndex("capBasis", caps.basis),
      onExceed: enumIndex("onExceed", caps.onExceed),
    },
    term: {
      perpetual: term.perpetual,
      untilTerminated: term.untilTerminated ?? false,
      durationSeconds: BigInt(uint("term.durationSeconds", term.durationSeconds ?? 0, Number.MAX_SAFE_INTEGER)),
      renewable: term.renewable ?? false,
      terminatesOn: bitmapOf("terminatesOn", term.terminatesOn),
      cureDays: uint("term.cureDays", term.cureDays ?? 0, UINT16_MAX),
      remoteRestriction: term.remoteRestriction ?? false,
    },
    transfer: bitmapOf("transfer", preset.transfer),
    audit: preset.audit === undefined ? 0 : enumIndex("audit", preset.audit),
    liability: enumIndex("liability", preset.liability),
    liabilityCapMonths: uint("liabilityCapMonths", preset.liabilityCapMonths ?? 0, UINT16_MAX),
    liabilityCapAmount: BigInt(capAmount),
    indemnity: bitmapOf("indemnity", preset.indemnity),
    governingLaw: preset.governingLaw,
    nameRule: preset.nameRule,
    family: preset.family ?? "",
    dataFlags: bitmapOf("dataFlags", preset.dataFlags),
    illustrative: preset.illustrative ?? false,
    present,
    legalTextHash: documents.legalTextHash ?? zeroHash,
    policyHash: documents.policyHash ?? zeroHash,
  };
}

// ------------------------------------------------------------------ decode

function enumName<F extends EnumField>(field: F, index: number): EnumValue<F> {
  const value = ENUMS[field][index];
  if (value === undefined) throw new Error(`${field}: unknown ordinal ${index}`);
  return value as EnumValue<F>;
}

function bitNames<F extends BitField>(field: F, bits: number): BitName<F>[] {
  const all = BITS[field];
  if (bits >= 2 ** all.length) throw new Error(`${field}: bitmap ${bits} has unknown bits`);
  return all.filter((_, i) => (bits & (2 ** i)) !== 0) as BitName<F>[];
}

function safeNumber(field: string, value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${field}: ${value} exceeds a JSON-safe integer`);
  return Number(value);
}

/** The preset that `struct` encodes, keys in presets.json order, optional keys as recorded. */
export function decodeTerms(struct: TermsStruct): LicensePreset {
  const has = (field: OptionalField): boolean => (struct.present & (1 << OPTIONAL_FIELDS.indexOf(field))) !== 0;
  const { territory, caps, term } = struct;
  return {
    id: struct.id,
    name: struct.name,
    spdx: struct.spdx,
    url: struct.url,
    artifact: enumName("artifact", struct.artifact),
    scope: enumName("scope", struct.scope),
    grants: bitNames("grants", struct.grants),
    duties: bitNames("duties", struct.duties),
    banned: bitNames("banned", struct.banned),
    outputOwner: enumName("outputOwner", struct.outputOwner),
    outputTraining: enumName("outputTraining", struct.outputTraining),
    derivatives: enumName("derivatives", struct.derivatives),
    territory: {
      mode: enumName("territoryMode", territory.mode),
      codes: territory.codes.map((code) => hexToString(code, { size: 2 })),
      ...(has("territory.appliesToOutputs") && { appliesToOutputs: territory.appliesToOutputs }),
    },
    caps: {
      mau: safeNumber("caps.mau", caps.mau),
      callsPerPeriod: safeNumber("caps.callsPerPeriod", caps.callsPerPeriod),
      periodSeconds: caps.periodSeconds,
      seats: caps.seats,
      basis: enumName("capBasis", caps.basis),
      onExceed: enumName("onExceed", caps.onExceed),
    },
    term: {
      perpetual: term.perpetual,
      ...(has("term.untilTerminated") && { untilTerminated: term.untilTerminated }),
      ...(has("term.durationSeconds") && {
        durationSeconds: safeNumber("term.durationSeconds", term.durationSeconds),
      }),
      ...(has("term.renewable") && { renewable: term.renewable }),
      terminatesOn: bitNames("terminatesOn", term.terminatesOn),
      ...(has("term.cureDays") && { cureDays: term.cureDays }),
      ...(has("term.remoteRestriction") && { remoteRestriction: term.remoteRestriction }),
    },
    transfer: bitNames("transfer", struct.transfer),
    ...(has("audit") && { audit: enumName("audit", struct.audit) }),
    liability: enumName("liability", struct.liability),
    ...(has("liabilityCapMonths") && { liabilityCapMonths: struct.liabilityCapMonths }),
    ...(has("liabilityCapAmount") && { liabilityCapAmount: struct.liabilityCapAmount.toString() }),
    indemnity: bitNames("indemnity", struct.indemnity),
    governingLaw: struct.governingLaw,
    nameRule: struct.nameRule,
    ...(has("family") && { family: struct.family }),
    dataFlags: bitNames("dataFlags", struct.dataFlags),
    ...(has("illustrative") && { illustrative: struct.illustrative }),
  };
}

/** {@link decodeTerms} plus the document hashes, which are not part of a preset. */
export function decodeRegisteredTerms(struct: TermsStruct): DecodedTerms {
  return { preset: decodeTerms(struct), legalTextHash: struct.legalTextHash, policyHash: struct.policyHash };
}
