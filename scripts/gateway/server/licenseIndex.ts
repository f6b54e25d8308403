// Who holds which license, derived from LicenseMarket events alone (no RPC per request): offers map
// to assets (OfferCreated), license ids to offers (id = offerId << 32 | serial) and holders
// (Transfer); assets to their newest version and its content hash (VersionPublished). The gateway uses it to attribute downloads to a license for metering and the audit
// log, and to map license events to assets; entitlement itself is always asked of the contract.
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import type { MarketBatch } from "./marketEvents.ts";

export class LicenseIndex {
  /** offerId → assetId. */
  readonly #assetOfOffer = new Map<bigint, bigint>();
  /** licenseId → holder. */
  readonly #holderOf = new Map<bigint, Address>();
  /** `holder:assetId` → licenseId (the protocol allows one license per account and asset). */
  readonly #licenseOf = new Map<string, bigint>();
  /** assetId → its newest version and that version's content hash. */
  readonly #latest = new Map<bigint, { version: number; contentHash: Hex }>();

  /** Applies a batch of market events (a reset batch replaces everything). */
  apply(batch: MarketBatch): void {
    if (batch.reset) {
      this.#assetOfOffer.clear();
      this.#holderOf.clear();
      this.#licenseOf.clear();
      this.#latest.clear();
    }
    for (const log of batch.logs) {
      const { args } = log;
      if (log.eventName === "OfferCreated") {
        this.#assetOfOffer.set(args.offerId as bigint, args.assetId as bigint);
      } else if (log.eventName === "VersionPublished") {
        this.#latest.set(args.assetId as bigint, {
          version: Number(args.version),
          contentHash: args.contentHash as Hex,
        });
      } else if (log.eventName === "Transfer" && typeof args.id === "bigint") {
        this.#move(args.id, args.from as Address, args.to as Address);
      }
    }
  }

  /** The asset a license is for, if its offer has been seen. */
  assetOf(licenseId: bigint): bigint | undefined {
    return this.#assetOfOffer.get(licenseId >> 32n);
  }

  /** The newest version of an asset seen in events, with its content hash. */
  latestVersion(assetId: bigint): { version: number; contentHash: Hex } | undefined {
    return this.#latest.get(assetId);
  }

  holderOf(licenseId: bigint): Address | undefined {
    return this.#holderOf.get(licenseId);
  }

  /** The license `holder` holds on `assetId`, if any has been seen. */
  licenseOf(holder: Address, assetId: bigint): bigint | undefined {
    return this.#licenseOf.get(`${holder.toLowerCase()}:${assetId}`);
  }

  #move(licenseId: bigint, from: Address, to: Address): void {
    const assetId = this.assetOf(licenseId);
    if (assetId !== undefined && from !== zeroAddress) {
      const key = `${from.toLowerCase()}:${assetId}`;
      if (this.#licenseOf.get(key) === licenseId) this.#licenseOf.delete(key);
    }
    if (to === zeroAddress) {
      this.#holderOf.delete(licenseId);
      return;
    }
    this.#holderOf.set(licenseId, getAddress(to));
    if (assetId !== undefined) this.#licenseOf.set(`${to.toLowerCase()}:${assetId}`, licenseId);
  }
}
