/** Registered terms by id: the decoded preset and the hash the TermsRegistry keeps them under. */
import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { TesseraClient } from "../../../scripts/sdk/index.ts";
import { decodeTerms, type LicensePreset, termsHash } from "../../../scripts/sdk/terms/codec.ts";
import { need } from "./need.ts";
import { readClient } from "./tessera.ts";

export interface RegisteredTerms {
  terms: LicensePreset;
  termsHash: Hex;
}

export async function readTerms(client: TesseraClient, termsId: bigint): Promise<RegisteredTerms> {
  const struct = await client.public.readContract({
    ...client.contracts.registry,
    functionName: "getTerms",
    args: [termsId],
  });
  return { terms: decodeTerms(struct), termsHash: termsHash(struct) };
}

/** The query options of terms `termsId` (registered terms never change). */
export function termsQuery(termsId: bigint) {
  return {
    queryKey: ["terms-of", termsId.toString()],
    queryFn: () => readTerms(need(readClient), termsId),
    enabled: !!readClient,
    staleTime: Number.POSITIVE_INFINITY,
  };
}

export function useTermsOf(termsId: bigint) {
  return useQuery(termsQuery(termsId));
}
