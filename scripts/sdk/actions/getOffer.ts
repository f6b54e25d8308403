import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { type DecodedTerms, decodeRegisteredTerms, type TermsStruct } from "../terms/codec.ts";
import { type RenderedTerms, renderTermsById } from "../terms/render.ts";
import { type OfferSummary, readOffer } from "./listOffers.ts";
import { decoded } from "./utils.ts";

export interface GetOfferParameters {
  offerId: bigint;
}

export interface GetOfferReturnType extends OfferSummary {
  /** The registered terms as the registry returns them. */
  termsStruct: TermsStruct;
  /** The terms decoded into the preset vocabulary, with the document hashes. */
  terms: DecodedTerms;
  /** The terms in plain words, from the on-chain TermsRenderer. */
  plainWords: RenderedTerms;
}

export type GetOfferErrorType = TesseraError;

/** An offer with its terms: hash, decoded fields and plain words. */
export function getOffer(client: TesseraClient, { offerId }: GetOfferParameters): Promise<GetOfferReturnType> {
  const { registry, renderer } = client.contracts;
  return decoded(async () => {
    const offer = await readOffer(client, offerId);
    const [termsStruct, plainWords] = await Promise.all([
      client.public.readContract({ ...registry, functionName: "getTerms", args: [offer.termsId] }),
      renderTermsById(client.public, renderer.address, registry.address, offer.termsId),
    ]);
    return { ...offer, termsStruct, terms: decodeRegisteredTerms(termsStruct), plainWords };
  });
}
