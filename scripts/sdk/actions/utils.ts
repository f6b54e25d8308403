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

/** The deployment's LineageRegistry, or a clear error for deployments made before it existed. */
export function requireLineage(client: TesseraClient): NonNullable<TesseraClient["contracts"]["lineage"]> {
  const { lineage } = client.contracts;
  if (lineage === undefined) throw new TesseraError("This deployment has no LineageRegistry: redeploy to use lineage.");
  return lineage;
}

/** The deployment's SeatRegistry, or a clear error for deployments made before it existed. */
export function requireSeats(client: TesseraClient): NonNullable<TesseraClient["contracts"]["seats"]> {
  const { seats } = client.contracts;
  if (seats === undefined) throw new TesseraError("This deployment has no SeatRegistry: redeploy to use seats.");
  return seats;
}
