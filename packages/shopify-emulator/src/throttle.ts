/**
 * Shopify's cost-based rate limit for the Admin GraphQL API: a leaky bucket per app and
 * shop holding `maximumAvailable` points that refills at `restoreRate` points per second.
 * A request whose requested cost exceeds what is available is refused with THROTTLED and
 * takes nothing; otherwise its cost is taken. (Shopify then refunds requested − actual;
 * the emulator's actual cost equals the requested one.)
 */
export interface BucketLimits {
  maximumAvailable: number;
  restoreRate: number;
}

/** Shopify's standard plan limits. */
export const STANDARD_LIMITS: BucketLimits = { maximumAvailable: 2000, restoreRate: 100 };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private limits: BucketLimits;
  private readonly now: () => number;
  private available: number;
  private updatedAt: number;

  constructor(limits: BucketLimits, now: () => number) {
    this.limits = limits;
    this.now = now;
    this.available = limits.maximumAvailable;
    this.updatedAt = now();
  }

  /** Takes `cost` points if available; either way reports the bucket after the attempt. */
  take(cost: number): { allowed: boolean; status: ThrottleStatus } {
    this.refill();
    const allowed = cost <= this.available;
    if (allowed) this.available -= cost;
    return { allowed, status: this.status() };
  }

  /** Empties the bucket (a test's way of saying "another app just used it all"). */
  drain(): void {
    this.refill();
    this.available = 0;
  }

  setLimits(limits: BucketLimits): void {
    this.refill();
    this.limits = limits;
    this.available = Math.min(this.available, limits.maximumAvailable);
  }

  private refill(): void {
    const at = this.now();
    const restored = ((at - this.updatedAt) / 1000) * this.limits.restoreRate;
    this.available = Math.min(this.limits.maximumAvailable, this.available + restored);
    this.updatedAt = at;
  }

  private status(): ThrottleStatus {
    return {
      maximumAvailable: this.limits.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.limits.restoreRate,
    };
  }
}
