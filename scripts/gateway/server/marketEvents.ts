// The gateway's one reader of on-chain events: LicenseMarket's and, where the deployment has them,
// those of everything else that grants or limits access — SeatRegistry (seats assigned and freed),
// the ConsortiumFactory (consortia created) and every consortium it created (members admitted or
// removed, assets released), and the UsageMeter (plans, usage reports, top-ups). A poller reads the head block (number and timestamp) and, in one
// getLogs per chunk over all those addresses, the logs since the last poll, and hands each batch to
// its subscribers (the entitlement cache, the license index). The first poll back-fills from the
// deployment's start block in bounded chunks. When the chain goes backwards (reorg, node reset)
// subscribers get a `reset` batch and must drop what they derived.
import { type Address, type Log, parseEventLogs } from "viem";
import type { TesseraClient } from "../../sdk/deployments.ts";
import { ConsortiumFactoryAbi, IConsortiumEventsAbi } from "../../sdk/generated/abis.ts";

/** A decoded market log, as viem's getContractEvents returns it. */
export type MarketLog = Log & { eventName: string; args: Record<string, unknown> };

export interface MarketBatch {
  /** The chain went backwards (or this is a first look after one): start over from `logs`. */
  reset: boolean;
  logs: readonly MarketLog[];
  toBlock: bigint;
}

export type MarketSubscriber = (batch: MarketBatch) => void;

export interface MarketEventsOptions {
  /** How often to poll; 0 polls only when asked (`poll()`). */
  pollIntervalMs: number;
  /** Wall clock in ms. */
  now: () => number;
  /** Most blocks per getLogs request (RPC providers cap ranges). */
  maxBlockRange?: bigint;
  onError?: (error: unknown) => void;
}

export class MarketEvents {
  readonly #client: TesseraClient;
  readonly #options: MarketEventsOptions;
  readonly #subscribers: MarketSubscriber[] = [];
  #lastBlock: bigint | null = null;
  /** Consortia the factory created, learnt from its ConsortiumCreated events. */
  readonly #consortia = new Set<Address>();
  #blockTime: { timestampSec: number; seenAtMs: number } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #polling: Promise<void> | null = null;
  /** RPC requests made by polls, for the benchmark's accounting. */
  rpcCalls = 0;

  constructor(client: TesseraClient, options: MarketEventsOptions) {
    this.#client = client;
    this.#options = options;
  }

  subscribe(subscriber: MarketSubscriber): void {
    this.#subscribers.push(subscriber);
  }

  /** Starts the background poller (a first poll right away). */
  start(): void {
    if (this.#options.pollIntervalMs > 0 && this.#timer === null && !this.#closed) this.#schedule(0);
  }

  /** True once a poll has succeeded: the subscribers have seen the chain's history. */
  get synced(): boolean {
    return this.#lastBlock !== null;
  }

  /**
   * The chain's present time in seconds, estimated from the newest block seen and the wall clock
   * since; never behind the wall clock (a chain's blocks do not run ahead of real time for long,
   * but a local chain's may after `evm_increaseTime`).
   */
  chainNowSec(): number {
    const wall = this.#options.now() / 1000;
    if (this.#blockTime === null) return wall;
    const { timestampSec, seenAtMs } = this.#blockTime;
    return Math.max(wall, timestampSec + (this.#options.now() - seenAtMs) / 1000);
  }

  /** Reads what happened since the last poll and tells the subscribers. */
  poll(): Promise<void> {
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

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => this.#options.onError?.(error))
        .finally(() => this.#schedule(this.#options.pollIntervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  /** The contracts whose logs matter: the market, the seat registry, the factory and its consortia. */
  #addresses(): Address[] {
    const { market, seats, consortia, usage } = this.#client.contracts;
    return [
      market.address,
      ...(seats ? [seats.address] : []),
      ...(consortia ? [consortia.address] : []),
      ...(usage ? [usage.address] : []),
      ...this.#consortia,
    ];
  }

  #emit(batch: MarketBatch): void {
    for (const subscriber of this.#subscribers) subscriber(batch);
  }

  async #poll(): Promise<void> {
    const { public: publicClient, contracts, startBlock } = this.#client;
    this.rpcCalls++;
    const block = await publicClient.getBlock({ blockTag: "latest" });
    const head = block.number;
    const reset = this.#lastBlock === null || head < this.#lastBlock;
    const from = reset ? startBlock : (this.#lastBlock as bigint) + 1n;
    if (reset) this.#consortia.clear();
    const abi = [
      ...contracts.market.abi,
      ...(contracts.seats?.abi ?? []),
      ...(contracts.consortia ? [...ConsortiumFactoryAbi, ...IConsortiumEventsAbi] : []),
      ...(contracts.usage?.abi ?? []),
    ];
    const logs: MarketLog[] = [];
    const step = this.#options.maxBlockRange ?? 10_000n;
    for (let lo = from; lo <= head; lo += step) {
      const hi = lo + step - 1n < head ? lo + step - 1n : head;
      this.rpcCalls++;
      const raw = await publicClient.getLogs({ address: this.#addresses(), fromBlock: lo, toBlock: hi });
      const chunk = parseEventLogs({ abi, logs: raw }) as unknown as MarketLog[];
      for (const log of chunk) {
        if (log.eventName === "ConsortiumCreated" && typeof log.args.consortium === "string") {
          this.#consortia.add(log.args.consortium as Address);
        }
      }
      logs.push(...chunk);
    }
    this.#blockTime = { timestampSec: Number(block.timestamp), seenAtMs: this.#options.now() };
    this.#lastBlock = head;
    if (reset || logs.length > 0) this.#emit({ reset, logs, toBlock: head });
  }
}
