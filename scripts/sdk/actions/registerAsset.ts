import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import type { TesseraClient } from "../deployments.ts";
import { TesseraError } from "../errors.ts";
import { ASSET_KINDS, type AssetKindName } from "./getAsset.ts";
import { confirmed, decoded, requireWallet } from "./utils.ts";

export interface RegisterAssetParameters {
  kind: AssetKindName;
  /** sha256 of version 1's canonical file manifest (see scripts/storage/manifest.ts `manifestHash`). */
  contentHash: Hex;
  /** URI of version 1's model card or datasheet. */
  metadataURI: string;
}

export interface RegisterAssetReturnType {
  assetId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
}

export type RegisterAssetErrorType = TesseraError;

/** Registers a model or dataset with its first version; the wallet controls it. Reads the id from AssetRegistered. */
export function registerAsset(
  client: TesseraClient,
  { kind, contentHash, metadataURI }: RegisterAssetParameters,
): Promise<RegisterAssetReturnType> {
  return decoded(async () => {
    const wallet = requireWallet(client, "register an asset");
    const { market } = client.contracts;
    const kindIndex = ASSET_KINDS.indexOf(kind);
    if (kindIndex < 0) throw new TesseraError(`"${kind}" is not an asset kind (${ASSET_KINDS.join(" or ")}).`);
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "registerAsset",
      args: [kindIndex, contentHash, metadataURI],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await confirmed(client, hash);
    const [event] = parseEventLogs({ abi: market.abi, logs: receipt.logs, eventName: "AssetRegistered" });
    if (!event) throw new TesseraError("The registration emitted no AssetRegistered event.", { details: hash });
    return { assetId: event.args.assetId, hash, receipt };
  });
}
