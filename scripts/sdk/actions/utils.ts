/** Helpers shared by the actions (not exported from the SDK index). */
import type { Account, Chain, Hash, TransactionReceipt, Transport, WalletClient } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { decodeTesseraError, TesseraError, WalletRequiredError } from "../errors.ts";

/** The client's wallet, or a {@link WalletRequiredError} naming what needed it. */
export function requireWallet(client: TesseraClient, action: string): WalletClient<Transport, Chain, Account> {
  if (!client.wallet) throw new WalletRequiredError(action);
  return client.wallet;
}

/** Runs `fn`, rethrowing anything it throws as a decoded {@link TesseraError}. */
export async function decoded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw decodeTesseraError(err);
  }
}

/** Waits for `hash` to be mined and checks that it succeeded. */
export async function confirmed(client: TesseraClient, hash: Hash): Promise<TransactionReceipt> {
  const receipt = await client.public.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new TesseraError("The transaction was reverted.", { details: `transaction ${hash}` });
  }
  return receipt;
}

/** The contracts added after the first release, which older deployment files lack, by name. */
const LATER_CONTRACTS = {
  lineage: ["LineageRegistry", "lineage"],
  seats: ["SeatRegistry", "seats"],
  consortia: ["ConsortiumFactory", "consortia"],
  disputes: ["DisputeDesk", "disputes"],
  usage: ["UsageMeter", "metering"],
  refunds: ["LicenseMarketExtension", "refundable offers"],
} as const;
type LaterContract = keyof typeof LATER_CONTRACTS;

/** The deployment's `key` contract, or a clear error for deployments made before it existed. */
export function requireContract<K extends LaterContract>(
  client: TesseraClient,
  key: K,
): NonNullable<TesseraClient["contracts"][K]> {
  const contract = client.contracts[key];
  const [name, use] = LATER_CONTRACTS[key];
  if (contract === undefined) throw new TesseraError(`This deployment has no ${name}: redeploy to use ${use}.`);
  return contract as NonNullable<TesseraClient["contracts"][K]>;
}

export const requireLineage = (client: TesseraClient) => requireContract(client, "lineage");
export const requireSeats = (client: TesseraClient) => requireContract(client, "seats");
