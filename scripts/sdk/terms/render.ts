/**
 * Plain-language rendering of license terms. The TermsRenderer contract is the single source of
 * the words; this only calls it and parses its JSON.
 */
import type { Address, PublicClient } from "viem";
import { TermsRendererAbi } from "../generated/abis.ts";
import type { TermsStruct } from "./codec.ts";

/** What TermsRenderer returns: sentences grouped by their opening words. */
export interface RenderedTerms {
  /** "You may ..." */
  may: string[];
  /** "You must ..." */
  must: string[];
  /** "You may not ..." */
  mayNot: string[];
  /** Everything else: summary, outputs, term, liability, governing law, data flags. */
  notes: string[];
}

/** The subset of a viem public client this needs. */
export type ReadClient = Pick<PublicClient, "readContract">;

/** Parses TermsRenderer's JSON, checking its shape. */
export function parseRendering(json: unknown): RenderedTerms {
  if (typeof json !== "string") throw new Error(`TermsRenderer returned ${typeof json}, not a string`);
  const parsed: unknown = JSON.parse(json);
  const isList = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === "string");
  if (typeof parsed === "object" && parsed !== null) {
    const { may, must, mayNot, notes } = parsed as Record<string, unknown>;
    if (isList(may) && isList(must) && isList(mayNot) && isList(notes)) return { may, must, mayNot, notes };
  }
  throw new Error(`unexpected TermsRenderer output: ${json.slice(0, 200)}`);
}

/** Renders `terms` (registered or not) with the TermsRenderer at `renderer`. */
export async function renderTerms(client: ReadClient, renderer: Address, terms: TermsStruct): Promise<RenderedTerms> {
  const json = await client.readContract({
    address: renderer,
    abi: TermsRendererAbi,
    functionName: "renderTerms",
    args: [terms],
  });
  return parseRendering(json);
}

/** Renders the terms registered under `termsId` in `registry`. */
export async function renderTermsById(
  client: ReadClient,
  renderer: Address,
  registry: Address,
  termsId: bigint,
): Promise<RenderedTerms> {
  const json = await client.readContract({
    address: renderer,
    abi: TermsRendererAbi,
    functionName: "renderTermsById",
    args: [registry, termsId],
  });
  return parseRendering(json);
}
