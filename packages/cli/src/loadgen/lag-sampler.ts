import type { LagReader, LagSample } from "./lag-source.ts";

export interface LagSampler {
  readonly samples: readonly LagSample[];
  /** The latest sample, if any. */
  latest(): LagSample | undefined;
  /** Reads failed so far (Redis or the ops route away); those seconds have no sample. */
  failures(): number;
  /** Stops sampling after taking one last sample. */
  stop(): Promise<readonly LagSample[]>;
}

/**
 * Samples the backlog every `intervalMs` until stopped. A read that is still running when
 * the next tick comes is not overlapped: a slow Redis yields fewer samples, not a pile-up.
 */
export function startLagSampler(options: {
  read: LagReader;
  intervalMs: number;
  /** Monotonic ms; sample times are relative to the first call. */
  now: () => number;
  startedAt: number;
  /** A read slower than this counts as failed, so stop() never hangs on a stuck source (default 5 s). */
  readTimeoutMs?: number;
}): LagSampler {
  const readTimeoutMs = options.readTimeoutMs ?? 5_000;
  const samples: LagSample[] = [];
  let failed = 0;
  let running: Promise<void> | null = null;
  const take = () => {
    if (running) return running;
    const at = options.now();
    running = withTimeout(options.read(), readTimeoutMs)
      .then((backlog) => {
        samples.push({ atSeconds: Math.round((at - options.startedAt) / 100) / 10, ...backlog });
      })
      .catch(() => {
        failed += 1;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void take();
  const timer = setInterval(() => void take(), options.intervalMs);
  timer.unref();
  return {
    samples,
    latest: () => samples.at(-1),
    failures: () => failed,
    async stop() {
      clearInterval(timer);
      await running;
      await take();
      return samples;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RangeError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
