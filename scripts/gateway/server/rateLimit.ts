// A per-key token bucket (the gateway keys it by client IP). Each key holds up to `burst` tokens and
// regains `refillPerSec` a second; a request takes one token or is refused with the seconds to wait.

export interface RateLimitConfig {
  /** Bucket size: requests allowed in a burst. */
  burst: number;
  /** Tokens regained per second. */
  refillPerSec: number;
}

/** Buckets kept at most; when full, buckets that have refilled completely are dropped first. */
const MAX_KEYS = 10_000;

export class TokenBucketLimiter {
  readonly #config: RateLimitConfig;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(config: RateLimitConfig, now: () => number) {
    if (!(config.burst >= 1) || !(config.refillPerSec > 0)) throw new RangeError("burst >= 1 and refillPerSec > 0");
    this.#config = config;
    this.#now = now;
  }

  /** Takes a token for `key`: `{ ok: true }`, or `{ ok: false, retryAfterSec }`. */
  take(key: string): { ok: true } | { ok: false; retryAfterSec: number } {
    const { burst, refillPerSec } = this.#config;
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * refillPerSec);
    bucket.at = now;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_KEYS) this.#sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSec)) };
  }

  #sweep(now: number): void {
    const { burst, refillPerSec } = this.#config;
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * refillPerSec >= burst) this.#buckets.delete(key);
    }
    // Still too many: drop the least recently used (Map keeps insertion order; take() re-inserts).
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= MAX_KEYS) break;
      this.#buckets.delete(key);
    }
  }
}
