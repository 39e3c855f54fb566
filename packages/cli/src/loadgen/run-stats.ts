/** What one request came back with: ingest's `status`, or why it failed. */
export type RequestOutcome =
  | { kind: "answered"; status: "accepted" | "duplicate" | "ignored"; eventId: string | null }
  /** A non-2xx answer (`"401"`, `"503"`…) or a transport failure (`"timeout"`, `"ECONNREFUSED"`…). */
  | { kind: "error"; reason: string };

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Counters and latencies of one run. Latencies are kept whole (not in a histogram) and
 * sorted once at the end: a run is bounded by rate × duration, so memory is bounded too, and
 * the percentiles are exact rather than bucketed.
 */
export class RunStats {
  sent = 0;
  accepted = 0;
  duplicates = 0;
  ignored = 0;
  redeliveriesSent = 0;
  readonly errors = new Map<string, number>();
  /** Event ids ingest accepted: what must show up in processed_events. */
  readonly acceptedEventIds = new Set<string>();
  readonly #latenciesMs: number[] = [];

  record(outcome: RequestOutcome, latencyMs: number, redelivery: boolean): void {
    this.sent += 1;
    if (redelivery) this.redeliveriesSent += 1;
    this.#latenciesMs.push(latencyMs);
    if (outcome.kind === "error") {
      this.errors.set(outcome.reason, (this.errors.get(outcome.reason) ?? 0) + 1);
      return;
    }
    if (outcome.status === "accepted") {
      this.accepted += 1;
      if (outcome.eventId) this.acceptedEventIds.add(outcome.eventId);
    } else if (outcome.status === "duplicate") this.duplicates += 1;
    else this.ignored += 1;
  }

  get errorCount(): number {
    let total = 0;
    for (const count of this.errors.values()) total += count;
    return total;
  }

  latency(): LatencySummary | null {
    return summarise(this.#latenciesMs);
  }
}

/** Nearest-rank percentiles of the samples; null when there are none. */
export function summarise(samples: readonly number[]): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1)! };
}

/** Nearest rank: the smallest sample with at least q of all samples at or below it. */
export function percentile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
