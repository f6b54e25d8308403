/**
 * License terms for an offer: a preset id of scripts/sdk/terms/presets.json, or a JSON file in the
 * same format, encoded into the registry's struct (unknown names and bad values are refused here,
 * before anything is sent).
 */
import { readFile } from "node:fs/promises";
import { encodeTerms, type LicensePreset, presets, type TermsStruct } from "../../sdk/terms/codec.ts";
import { UsageError } from "./errors.ts";

export interface LoadedTerms {
  preset: LicensePreset;
  struct: TermsStruct;
  /** Where they came from, for messages: `preset apache-2.0` or the file name. */
  source: string;
}

function encode(preset: LicensePreset, source: string): LoadedTerms {
  try {
    return { preset, struct: encodeTerms(preset), source };
  } catch (err) {
    throw new UsageError(`${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function termsFromPreset(id: string): LoadedTerms {
  const preset = presets.find((p) => p.id === id);
  if (preset === undefined) {
    throw new UsageError(`unknown preset "${id}"; known presets: ${presets.map((p) => p.id).join(", ")}`);
  }
  return encode(preset, `preset ${id}`);
}

export async function termsFromFile(file: string): Promise<LoadedTerms> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the terms file ${file}: ${code === "ENOENT" ? "no such file" : code}`);
  }
  let preset: unknown;
  try {
    preset = JSON.parse(text);
  } catch {
    throw new UsageError(`the terms file ${file} is not valid JSON`);
  }
  if (typeof preset !== "object" || preset === null || Array.isArray(preset)) {
    throw new UsageError(`the terms file ${file} must hold one license object in the presets.json format`);
  }
  try {
    return encode(preset as LicensePreset, file);
  } catch (err) {
    // A field missing altogether surfaces as a TypeError inside the codec.
    if (err instanceof UsageError) throw err;
    throw new UsageError(`the terms file ${file} lacks fields of the presets.json format`);
  }
}
