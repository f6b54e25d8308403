/**
 * Gas of a consortium member's claim with 2, 10 and 50 members: the accumulator design promises
 * that it does not depend on the number of members, so the three figures must be equal.
 *
 * Convention (steady state): a fresh market, factory and consortium for each size; members have
 * weight 1 each, the claimer being one of them. An ETH offer pays the consortium's split (no
 * protocol fee; it is published directly by the asset's controller, as anyone may route an offer
 * to a split: whether it came through a proposal makes no difference to the claim). One sale, then a first claim by the claimer (which also
 * records ETH as a revenue currency and warms the claimer's record); then a second sale, so that
 * revenue arrived after the member's last claim and sits undistributed in the market; the measured
 * transaction is the claimer's second `claim(ETH)`, which syncs (distribute + withdraw from the
 * market), settles the claimer and pays it. The price (0.05 ETH) divides evenly by every weight
 * total, so no rounding dust is carried in any size and the three runs write the same slots with
 * the same zero / non-zero transitions.
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, type Hash, parseEther, parseEventLogs, stringToHex, zeroAddress } from "viem";
import { encodeTerms, findPreset } from "../../scripts/sdk/terms/codec.ts";

export interface ConsortiumClaimGas {
  consortiumClaim2: number;
  consortiumClaim10: number;
  consortiumClaim50: number;
}

/** The exact gasUsed of a member's claim in consortia of 2, 10 and 50 members (see the convention above). */
export async function measureConsortiumClaims(viem: HardhatViemHelpers): Promise<ConsortiumClaimGas> {
  return {
    consortiumClaim2: await measureClaim(viem, 2),
    consortiumClaim10: await measureClaim(viem, 10),
    consortiumClaim50: await measureClaim(viem, 50),
  };
}

/** Distinct non-zero addresses for the members that never sign anything. */
const filler = (i: number): Address => `0x${(0xc0a5_0000 + i).toString(16).padStart(40, "0")}`;

async function measureClaim(viem: HardhatViemHelpers, size: number): Promise<number> {
  const publicClient = await viem.getPublicClient();
  const [admin, claimer, buyerA, buyerB] = await viem.getWalletClients();
  if (!admin || !claimer || !buyerA || !buyerB) throw new Error("four hardhat accounts");
  const used = async (hash: Hash) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };

  const registry = await viem.deployContract("TermsRegistry");
  const extension = await viem.deployContract("LicenseMarketExtension", [registry.address]);
  const market = await viem.deployContract("LicenseMarket", [
    admin.account.address,
    registry.address,
    extension.address,
  ]);
  const factory = await viem.deployContract("ConsortiumFactory");
  await registry.write.registerTerms([encodeTerms(findPreset("apache-2.0"))]);
  const [termsHash] = await registry.read.offerFacts([1n]);

  const accounts = [claimer.account.address, ...Array.from({ length: size - 1 }, (_, i) => filler(i))];
  const receipt = await used(
    await factory.write.createConsortium([market.address, accounts, accounts.map(() => 1n), 5_001, 24n * 3600n]),
  );
  const [created] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: "ConsortiumCreated" });
  if (!created) throw new Error("no ConsortiumCreated event");
  const consortium = await viem.getContractAt("Consortium", created.args.consortium);

  const asClaimer = { account: claimer.account };
  await market.write.registerAsset([0, stringToHex("bench consortium asset", { size: 32 }), "ipfs://bench"], asClaimer);
  const price = parseEther("0.05");
  await market.write.createOffer(
    [
      {
        assetId: 1n,
        termsId: 1n,
        price,
        currency: zeroAddress,
        duration: 30n * 24n * 3600n,
        maxSupply: 0,
        allVersions: false,
        splitId: created.args.splitId,
        arbiter: zeroAddress,
        royaltyBps: 0,
      },
    ],
    asClaimer,
  );
  const sell = async (buyer: typeof buyerA) =>
    used(
      await market.write.purchase([1n, buyer.account.address, price, termsHash, "0x0000"], {
        account: buyer.account,
        value: price,
      }),
    );

  await sell(buyerA);
  await used(await consortium.write.claim([zeroAddress], asClaimer));
  await sell(buyerB);
  const claimed = await used(await consortium.write.claim([zeroAddress], asClaimer));
  return Number(claimed.gasUsed);
}
