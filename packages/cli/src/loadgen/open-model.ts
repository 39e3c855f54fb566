export interface OpenModelOptions {
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Requests in flight at most; a request due while all slots are taken waits for one. */
  maxInFlight: number;
  /**
   * Nothing new starts after durationMs + graceMs: a target too slow to keep up cannot stretch
   * the run past its bound. Requests not started by then count as skipped.
   */
  graceMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Sends request `index`, due at `scheduledAt` (ms on `now`'s clock). Must not reject. */
  send: (index: number, scheduledAt: number) => Promise<void>;
  /** Checked before each request; true stops scheduling (Ctrl-C). */
  stopped?: () => boolean;
}

export interface OpenModelResult {
  /** rate × duration: what the run set out to send. */
  planned: number;
  started: number;
  /** Planned but never started: past the grace deadline, or stopped. */
  skipped: number;
}

/**
 * An open workload: request i is due at start + i / rate whatever happened to earlier ones, as
 * webhooks arrive from Shopify. A closed loop (send the next when the last answers) would slow
 * down with the server and hide its latency (coordinated omission). Requests that fell behind
 * the clock are sent at once, so timer granularity never lowers the rate.
 */
export async function runOpenModel(options: OpenModelOptions): Promise<OpenModelResult> {
  const { rate, durationMs, maxInFlight, now, sleep } = options;
  if (!(rate > 0) || !(durationMs > 0)) throw new RangeError("rate and duration must be positive");
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be ≥ 1");
  const planned = Math.floor((rate * durationMs) / 1000);
  const intervalMs = 1000 / rate;
  const start = now();
  const deadline = start + durationMs + options.graceMs;
  const inFlight = new Set<Promise<void>>();
  let started = 0;

  for (let index = 0; index < planned; index++) {
    const due = start + index * intervalMs;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (now() > deadline || options.stopped?.()) break;
    const request: Promise<void> = options.send(index, due).finally(() => inFlight.delete(request));
    inFlight.add(request);
    started += 1;
  }
  await Promise.all(inFlight);
  return { planned, started, skipped: planned - started };
}
