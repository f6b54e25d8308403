/**
 * Transfers a license token (ERC-721 safeTransferFrom on LicenseMarket). Not in the SDK yet: the
 * market refuses (LicenseLocked) when the offer's terms forbid transfer.
 */
import type { Address, Hash } from "viem";
import type { TesseraClient } from "../../../scripts/sdk/index.ts";
import { decodeTesseraError, WalletRequiredError } from "../../../scripts/sdk/index.ts";

export async function transferLicense(
  client: TesseraClient,
  { licenseId, to }: { licenseId: bigint; to: Address },
): Promise<{ hash: Hash }> {
  try {
    const wallet = client.wallet;
    if (!wallet) throw new WalletRequiredError("transfer a license");
    const { market } = client.contracts;
    const { request } = await client.public.simulateContract({
      ...market,
      functionName: "safeTransferFrom",
      args: [wallet.account.address, to, licenseId],
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request);
    const receipt = await client.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`The transfer was reverted (${hash}).`);
    return { hash };
  } catch (err) {
    throw decodeTesseraError(err);
  }
}
