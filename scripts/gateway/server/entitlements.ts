// Entitlement checks against the chain, cached per (address, asset, version) for a short TTL and
// invalidated by LicenseMarket events. A background poller reads the market's logs block range by
// block range; any event touching an asset (a license minted, transferred, renewed, cancelled or
// revoked, a new version) drops that asset's entries. Events naming only a license id are mapped to
// its asset with `licenseInfo`; when that lookup fails, or the chain went backwards, everything is
// dropped. Callers fail closed: an error from the chain with no fresh entry is thrown, never a yes.
import type { Address } from "viem";
import { isEntitledToVersion } from "../../sdk/actions/isEntitledToVersion.ts";
import type { TesseraClient } from "../../sdk/deployments.ts";

/** Events whose first indexed argument is a license (token) id. */
const LICENSE_EVENTS = new Set([
  "Transfer",
  "SubscriptionUpdate",
  "LicenseRevoked",
  "LicenseCancelled",
  "LicenseRenewed",
  "LicensePurchased",
]);

export interface EntitlementCacheOptions {
  ttlMs: number;
  /** How often the event poller reads new logs; 0 disables it. */
  pollIntervalMs: number;
  now: () => number;
  onError?: (error: unknown) => void;
}

export class EntitlementCache {
  readonly #client: TesseraClient;
  readonly #options: EntitlementCacheOptions;
  /** assetId → (`address:version` → verdict and when it was read). */
  readonly #entries = new Map<string, Map<string, { entitled: boolean; at: number }>>();
  /** Bumped on every invalidation of an asset, so a read that raced one is not cached. */
  readonly #generation = new Map<string, number>();
  #epoch = 0;
  #lastBlock: bigint | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #polling: Promise<void> | null = null;

  constructor(client: TesseraClient, options: EntitlementCacheOptions) {
    this.#client = client;
    this.#options = options;
    if (options.pollIntervalMs > 0) this.#schedule(0);
  }

  /** Whether `address` may read `version` of `assetId`; throws when the chain cannot say. */
  async check(address: Address, assetId: bigint, version: bigint): Promise<boolean> {
    const asset = assetId.toString();
    const key = `${address.toLowerCase()}:${version}`;
    const now = this.#options.now();
    const hit = this.#entries.get(asset)?.get(key);
    if (hit !== undefined && now - hit.at < this.#options.ttlMs && now >= hit.at) return hit.entitled;
    const generation = this.#generationOf(asset);
    const entitled = await isEntitledToVersion(this.#client, { account: address, assetId, version });
    if (this.#generationOf(asset) === generation) {
      let forAsset = this.#entries.get(asset);
      if (forAsset === undefined) {
        forAsset = new Map();
        this.#entries.set(asset, forAsset);
      }
      forAsset.set(key, { entitled, at: this.#options.now() });
    }
    return entitled;
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

  /** Reads logs since the last poll and invalidates what they touch. Exposed for tests. */
  async poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = null;
    });
    return this.#polling;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#polling?.catch(() => {});
  }

  #generationOf(asset: string): string {
    return `${this.#epoch}.${this.#generation.get(asset) ?? 0}`;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => this.#options.onError?.(error))
        .finally(() => this.#schedule(this.#options.pollIntervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    const { public: publicClient, contracts } = this.#client;
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (this.#lastBlock === null || head < this.#lastBlock) {
      // First poll, or the chain went backwards (reorg, reset): nothing cached can be trusted.
      this.invalidateAll();
      this.#lastBlock = head;
      return;
    }
    if (head === this.#lastBlock) return;
    const logs = await publicClient.getContractEvents({
      address: contracts.market.address,
      abi: contracts.market.abi,
      fromBlock: this.#lastBlock + 1n,
      toBlock: head,
    });
    const assets = new Set<bigint>();
    const licenses = new Set<bigint>();
    for (const log of logs) {
      const args = (log.args ?? {}) as Record<string, unknown>;
      if (log.eventName === "VersionPublished" && typeof args.assetId === "bigint") assets.add(args.assetId);
      else if (LICENSE_EVENTS.has(log.eventName)) {
        const id = args.licenseId ?? args.tokenId ?? args.id;
        if (typeof id === "bigint") licenses.add(id);
        else this.invalidateAll();
      }
    }
    for (const licenseId of licenses) {
      try {
        const info = await publicClient.readContract({
          ...contracts.market,
          functionName: "licenseInfo",
          args: [licenseId],
        });
        assets.add(info.assetId);
      } catch {
        this.invalidateAll();
      }
    }
    for (const assetId of assets) this.invalidateAsset(assetId);
    this.#lastBlock = head;
  }
}
