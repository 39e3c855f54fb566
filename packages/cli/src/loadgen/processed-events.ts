import type { Sql } from "@loyalty/db";
import type { LatencySummary } from "./run-stats.ts";

/** How many of these event ids the processors have committed (rows in processed_events). */
export async function countProcessed(sql: Sql, eventIds: readonly string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY(${eventIds as string[]}::text[])`;
  return row?.n ?? 0;
}

export interface WaitResult {
  processed: number;
  expected: number;
  timedOut: boolean;
  elapsedMs: number;
}

/**
 * Polls until every id is in processed_events or the timeout passes. An event that was
 * dead-lettered never gets there: the timeout is what ends the wait then, and the result says so.
 */
export async function waitUntilProcessed(options: {
  sql: Sql;
  eventIds: readonly string[];
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onProgress?: (processed: number, expected: number) => void;
  stopped?: () => boolean;
}): Promise<WaitResult> {
  const started = options.now();
  const expected = options.eventIds.length;
  for (;;) {
    const processed = await countProcessed(options.sql, options.eventIds);
    options.onProgress?.(processed, expected);
    const elapsedMs = options.now() - started;
    if (processed >= expected) return { processed, expected, timedOut: false, elapsedMs };
    if (elapsedMs >= options.timeoutMs || options.stopped?.())
      return { processed, expected, timedOut: true, elapsedMs };
    await options.sleep(options.intervalMs);
  }
}

/**
 * Received → committed per event: `processed_events.processed_at` (the processor's clock when it
 * applied the batch) minus `events.received_at` (ingest's clock on arrival). Both clocks are
 * this machine's for a local run. percentile_disc is nearest-rank, as the ingest latencies are.
 */
export async function endToEndLatency(sql: Sql, eventIds: readonly string[]): Promise<LatencySummary | null> {
  if (eventIds.length === 0) return null;
  const [row] = await sql<{ n: number; p50: number | null; p99: number | null; max: number | null }[]>`
    SELECT count(*)::int AS n,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
           percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
           max(ms) AS max
    FROM (
      SELECT (extract(epoch FROM p.processed_at - e.received_at) * 1000)::float8 AS ms
      FROM processed_events p JOIN events e ON e.id = p.event_id
      WHERE p.event_id = ANY(${eventIds as string[]}::text[])
    ) AS latencies`;
  if (!row || row.n === 0 || row.p50 === null || row.p99 === null || row.max === null) return null;
  return { p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max) };
}
