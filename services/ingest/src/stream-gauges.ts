import { createPeriodicTasks, StreamMetrics } from "@loyalty/platform";
import { PROCESSOR_GROUP, partitionStatus, type RedisClient, type StreamKeys } from "@loyalty/streams";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

/** As often as a processor refreshes the same gauges (services/processor/src/maintenance.ts). */
export const STREAM_GAUGES_EVERY_MS = 5_000;

/**
 * How many entries one sample may read to count a lag Redis does not report (the processors
 * allow 10 000). Past it, partitionStatus falls back to entries-added − entries-read: an upper
 * bound, which errs towards alerting. See the cost note below.
 */
export const STREAM_GAUGES_SCAN_LIMIT = 1_000;

/**
 * Ingest exports the stream gauges too (docs/contract.md, Metrics), so the lag and DLQ alerts still
 * see the backlog when every processor is down — exactly when they matter. A periodic sampler,
 * never the webhook route or the scrape: a slow Redis must not slow either.
 *
 * It is the processors' own status task (partitionStatus → StreamMetrics.set), so the numbers
 * and the unknown-lag rule (series left absent, never 0) are the same; `max by (partition)` in
 * the alert rules and dashboards reads the replicas' copies as one value.
 *
 * Cost to Redis, per sample and replica: one pipeline per partition of XLEN, XINFO GROUPS,
 * XLEN (DLQ) and ZCARD (retries), all O(1). At 16 partitions that is 64 commands in 16 round
 * trips; with 10 ingest replicas every 5 s, 128 commands/s in all, next to the webhooks' own
 * XADDs. Only a partition whose lag Redis cannot report (an unread entry was XDELed, XSETID)
 * costs more: up to 2 × 2 XRANGE pages of at most 1 000 entries each per sample, which is why
 * ingest scans less than the processors do.
 *
 * It shares the request-mode client: fail-fast suits a sampler (a sample during an outage fails
 * and is logged; the next one retries), and a second connection per replica buys nothing.
 */
export function startStreamGauges(options: {
  redis: RedisClient;
  keys: StreamKeys;
  registry: Registry;
  logger: Logger;
  everyMs?: number;
}): { stop: () => Promise<void> } {
  const metrics = new StreamMetrics({ register: options.registry });
  const sample = async () =>
    metrics.set(
      await partitionStatus(options.redis, options.keys, PROCESSOR_GROUP, {
        scanLimit: STREAM_GAUGES_SCAN_LIMIT,
      }),
    );
  const periodic = createPeriodicTasks(
    [{ name: "stream-gauges", everyMs: options.everyMs ?? STREAM_GAUGES_EVERY_MS, run: sample }],
    options.logger,
  );
  periodic.start();
  return { stop: periodic.stop };
}
