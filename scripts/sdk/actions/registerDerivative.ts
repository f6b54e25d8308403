import type { Hash, Hex, TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import type { TesseraError } from "../errors.ts";
import { type DerivativeParameters, encodeDerivative } from "./lineageTypes.ts";
import { confirmed, decoded, requireLineage, requireWallet } from "./utils.ts";

export type RegisterDerivativeParameters = DerivativeParameters;

export interface RegisterDerivativeReturnType {
  /** The lineage commitment recorded on chain. */
  commitment: Hex;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type RegisterDerivativeErrorType = TesseraError;

/** Records the child's parents (write-once), after the registry checked the licenses and terms. */
export function registerDerivative(
  client: TesseraClient,
  params: RegisterDerivativeParameters,
): Promise<RegisterDerivativeReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "register a derivative");
    const { request, result } = await client.public.simulateContract({
      ...requireLineage(client),
      functionName: "registerDerivative",
      args: encodeDerivative(params),
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    return { commitment: result, hash, receipt: await confirmed(client, hash) };
  });
}
