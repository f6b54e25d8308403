// Entitlement checks against the chain, cached per (address, asset, version). One contract call
// (`accessExpiry`, through the AccessRouter: a license, a seat or consortium membership) answers
// both whether and until when; a yes is reused until the sooner of the TTL and the access's own
// expiry (by the chain's clock), a no until the TTL. Events drop what they touch: a license minted,
// transferred, renewed, cancelled or revoked, a seat assigned or freed, a new version, an asset
// changing hands (into or out of a consortium's pool); a consortium admitting or removing a member
// drops everything (rare, and it may touch every pooled asset). Events naming only a license id are
// mapped to its asset by the license index; an id it does not know, or a chain that went backwards,
// drops everything. Callers fail closed: an error from the chain with no fresh entry is thrown,
// never a yes.
import type { Address } from "viem";
import { accessExpiry } from "../../sdk/actions/accessExpiry.ts";
import type { TesseraClient } from "../../sdk/deployments.ts";
import type { LicenseIndex } from "./licenseIndex.ts";
import type { MarketBatch, MarketEvents } from "./marketEvents.ts";

/** Events whose first indexed argument is a license (token) id. */
const LICENSE_EVENTS = new Set([
  "Transfer",
  "SubscriptionUpdate",
  "LicenseRevoked",
  "LicenseCancelled",
  "LicenseRenewed",
  "LicensePurchased",
  "UpdateUser",
  "SeatsCleared",
]);

/** Events whose `assetId` argument names the one asset whose access they change. */
const ASSET_EVENTS = new Set(["VersionPublished", "AssetControlTransferred", "AssetReleased"]);

/** Consortium membership: may change access to every asset the consortium pools. */
const MEMBERSHIP_EVENTS = new Set(["MemberAdmitted", "MemberRemoved"]);

export interface EntitlementCacheOptions {
  ttlMs: number;
  now: () => number;
  events: MarketEvents;
  index: LicenseIndex;
}

interface Entry {
  /** Expiry in chain seconds, 0 = not entitled. */
  expiry: bigint;
  /** Wall-clock ms of the read. */
  at: number;
}

export class EntitlementCache {
  readonly #client: TesseraClient;
  readonly #options: EntitlementCacheOptions;
  /** assetId → (`address:version` → answer). */
  readonly #entries = new Map<string, Map<string, Entry>>();
  /** Bumped on every invalidation of an asset, so a read that raced one is not cached. */
  readonly #generation = new Map<string, number>();
  #epoch = 0;
  /** Contract reads made, for the benchmark's accounting. */
  rpcCalls = 0;

  constructor(client: TesseraClient, options: EntitlementCacheOptions) {
    this.#client = client;
    this.#options = options;
    options.events.subscribe((batch) => this.#onBatch(batch));
  }

  /** Whether `address` may read `version` of `assetId`; throws when the chain cannot say. */
  async check(address: Address, assetId: bigint, version: bigint): Promise<boolean> {
    const asset = assetId.toString();
    const key = `${address.toLowerCase()}:${version}`;
    const now = this.#options.now();
    const hit = this.#entries.get(asset)?.get(key);
    if (hit !== undefined && now >= hit.at && now - hit.at < this.#options.ttlMs) {
      if (hit.expiry === 0n) return false;
      if (this.#options.events.chainNowSec() < Number(hit.expiry)) return true;
    }
    const generation = this.#generationOf(asset);
    this.rpcCalls++;
    const expiry = await accessExpiry(this.#client, { account: address, assetId, version });
    if (this.#generationOf(asset) === generation) {
      let forAsset = this.#entries.get(asset);
      if (forAsset === undefined) {
        forAsset = new Map();
        this.#entries.set(asset, forAsset);
      }
      forAsset.set(key, { expiry, at: this.#options.now() });
    }
    return expiry !== 0n;
  }

  /** Drops the entries of one asset. */
  invalidateAsset(assetId: bigint): void {
    const asset = assetId.toString();
    this.#entries.delete(asset);
    this.#generation.set(asset, (this.#generation.get(asset) ?? 0) + 1);
  }

  invalidateAll(): void {
    this.#entries.clear();
    this.#generation.clear();
    this.#epoch++;
  }

  #generationOf(asset: string): string {
    return `${this.#epoch}.${this.#generation.get(asset) ?? 0}`;
  }

  #onBatch(batch: MarketBatch): void {
    if (batch.reset) {
      this.invalidateAll();
      return;
    }
    for (const log of batch.logs) {
      const { args } = log;
      if (ASSET_EVENTS.has(log.eventName) && typeof args.assetId === "bigint") {
        this.invalidateAsset(args.assetId);
      } else if (MEMBERSHIP_EVENTS.has(log.eventName)) {
        this.invalidateAll();
        return;
      } else if (LICENSE_EVENTS.has(log.eventName)) {
        const id = args.licenseId ?? args.tokenId ?? args.id;
        const assetId = typeof id === "bigint" ? this.#options.index.assetOf(id) : undefined;
        if (assetId === undefined) {
          this.invalidateAll();
          return;
        }
        this.invalidateAsset(assetId);
      }
    }
  }
}
