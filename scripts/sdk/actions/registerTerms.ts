import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { type TermsStruct, termsHash } from "../terms/codec.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface RegisterTermsParameters {
  /** The struct to register (see `encodeTerms` in terms/codec.ts). */
  terms: TermsStruct;
}

export interface RegisterTermsReturnType {
  termsId: bigint;
  /** `keccak256(abi.encode(terms))`: what offers pin and buyers agree to. */
  termsHash: Hex;
  /** False when the same terms were registered before: no transaction was sent. */
  registered: boolean;
  hash: Hash | undefined;
  receipt: TransactionReceipt | undefined;
}

export type RegisterTermsErrorType = TesseraError;

/**
 * Registers license terms, or returns the id they already have: the registry deduplicates by hash,
 * so the existing id is read first (no transaction, no gas) and the id comes from TermsRegistered.
 */
export function registerTerms(
  client: TesseraClient,
  { terms }: RegisterTermsParameters,
): Promise<RegisterTermsReturnType> {
  return decoded(async () => {
    const { registry } = client.contracts;
    const hashOfTerms = termsHash(terms);
    const existingId = () =>
      client.public.readContract({ ...registry, functionName: "termsIdOf", args: [hashOfTerms] });
    const existing = await existingId();
    if (existing !== 0n) {
      return { termsId: existing, termsHash: hashOfTerms, registered: false, hash: undefined, receipt: undefined };
    }
    const wallet = requireWallet(client, "register terms");
    const { request } = await client.public.simulateContract({
      ...registry,
      functionName: "registerTerms",
      args: [terms],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: registry.abi, logs: receipt.logs, eventName: "TermsRegistered" });
    // No event: someone registered the same terms between our read and our transaction.
    const termsId = event?.args.termsId ?? (await existingId());
    if (termsId === 0n) throw new TesseraError("The terms were not registered.", { details: hash });
    return { termsId, termsHash: hashOfTerms, registered: event !== undefined, hash, receipt };
  });
}
