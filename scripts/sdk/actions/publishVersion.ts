import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface PublishVersionParameters {
  assetId: bigint;
  /** sha256 of the new version's canonical file manifest. */
  contentHash: Hex;
  /** URI of the new version's model card or datasheet. */
  metadataURI: string;
}

export interface PublishVersionReturnType {
  /** The new version number (1-based). */
  version: number;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type PublishVersionErrorType = TesseraError;

/** Appends a version to an asset the wallet controls. Reads the number from VersionPublished. */
export function publishVersion(
  client: TesseraClient,
  { assetId, contentHash, metadataURI }: PublishVersionParameters,
): Promise<PublishVersionReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "publish a version");
    const { market } = client.contracts;
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "publishVersion",
      args: [assetId, contentHash, metadataURI],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "VersionPublished" });
    if (!event) throw new TesseraError("The publication emitted no VersionPublished event.", { details: hash });
    return { version: event.args.version, hash, receipt };
  });
}
