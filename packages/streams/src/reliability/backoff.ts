import { LoyaltyError } from "@loyalty/core";

export interface RetryDelayOptions {
  /** Delay of the first retry (attempt 0), before jitter. */
  baseMs: number;
  /** Upper bound of the exponential part; jitter comes on top. */
  capMs: number;
  /** Jitter is up to `jitterRatio ×` the exponential part (0 = none, 0.2 = up to +20 %). */
  jitterRatio: number;
  /** A number in [0, 1), like Math.random; injected so tests decide it. */
  random: () => number;
}

/**
 * `min(base · 2^attempt, cap) + jitter`, in whole milliseconds. Jitter spreads the retries of
 * events that failed together (a bad deploy, a burst of refunds before their orders) so they do
 * not come back as one burst.
 */
export function retryDelayMs(attempt: number, options: RetryDelayOptions): number {
  validate(options);
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new LoyaltyError("invalid_backoff", `attempt must be an integer ≥ 0, got ${attempt}`);
  }
  // 2 ** 1100 is Infinity, which min() turns into the cap: no overflow for large attempts.
  const exponential = Math.min(options.baseMs * 2 ** attempt, options.capMs);
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.floor(exponential + exponential * options.jitterRatio * r);
}

function validate(options: RetryDelayOptions): void {
  const { baseMs, capMs, jitterRatio } = options;
  if (!(baseMs >= 0 && capMs >= baseMs && jitterRatio >= 0)) {
    throw new LoyaltyError(
      "invalid_backoff",
      `backoff needs 0 ≤ baseMs ≤ capMs and jitterRatio ≥ 0 (got base ${baseMs}, cap ${capMs}, jitter ${jitterRatio})`,
    );
  }
}

export interface BackoffOptions extends RetryDelayOptions {
  /** Waits the given milliseconds; injected so tests never wait in real time. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The consumer loop's back-off while Redis or Postgres is unreachable: each consecutive
 * failure doubles the pause (capped, jittered); the first success resets it, so one blip
 * does not slow the loop down for good.
 */
export interface Backoff {
  /** Consecutive failures since the last success. */
  readonly failures: number;
  /** Records a failure and returns how long to pause before trying again. */
  fail(): number;
  /** Records a failure and sleeps for the pause (ends early when the signal aborts). */
  failAndWait(signal?: AbortSignal): Promise<number>;
  /** Records a success: the next failure starts again from `baseMs`. */
  succeed(): void;
}

export function createBackoff(options: BackoffOptions): Backoff {
  validate(options);
  let failures = 0;
  const fail = (): number => {
    const delay = retryDelayMs(failures, options);
    failures += 1;
    return delay;
  };
  return {
    get failures() {
      return failures;
    },
    fail,
    async failAndWait(signal) {
      const delay = fail();
      await options.sleep(delay, signal);
      return delay;
    },
    succeed() {
      failures = 0;
    },
  };
}
