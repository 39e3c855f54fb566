import { createPeriodicTasks, type PeriodicTask, type StreamMetrics } from "@loyalty/platform";
import {
  claimStaleInAllPartitions,
  keepAliveEntries,
  moveDueRetries,
  PROCESSOR_GROUP,
  partitionStatus,
  type RedisClient,
  removeIdleConsumers,
  type StreamKeys,
  trimAcknowledged,
} from "@loyalty/streams";
import type { Logger } from "pino";
import type { ConsumerLoop } from "./consumer-loop.ts";

export interface MaintenanceOptions {
  redis: RedisClient;
  keys: StreamKeys;
  consumer: string;
  loop: ConsumerLoop;
  streamMetrics: StreamMetrics;
  logger: Logger;
  processingTimeoutMs: number;
  maxDeliveries: number;
  now: () => number;
  intervals?: Partial<typeof DEFAULT_INTERVALS>;
  /** A batch in hand this long is stuck, not slow (default 5 × processingTimeoutMs). */
  stuckBatchMs?: number;
  /** Called once per stuck batch; the service exits so a fresh process takes over. */
  onStuckBatch?: (stuckForMs: number) => void;
}

export const DEFAULT_INTERVALS = {
  /** Due retries back onto their stream. */
  retriesMs: 500,
  /** Stream/lag gauges. */
  statusMs: 5_000,
  /** MINID trimming of acknowledged entries. */
  janitorMs: 30_000,
  /** Removal of consumers idle with nothing pending. */
  idleConsumersMs: 60_000,
};

/**
 * The periodic side jobs of a processor replica. Every replica runs them: each step is an
 * atomic Redis command or Lua script, so replicas running them at once cannot conflict.
 */
export function createMaintenance(options: MaintenanceOptions) {
  const { redis, keys, consumer, loop, logger } = options;
  const intervals = { ...DEFAULT_INTERVALS, ...options.intervals };
  const partitions = keys.all();
  const stuckBatchMs = options.stuckBatchMs ?? 5 * options.processingTimeoutMs;
  let stuckReportedFor: number | null = null;

  const tasks: PeriodicTask[] = [
    {
      name: "retries",
      everyMs: intervals.retriesMs,
      run: async () => {
        for (const p of partitions) await moveDueRetries(redis, keys, p, options.now(), 500);
      },
    },
    {
      // Takes over entries a crashed replica left pending longer than the processing timeout.
      name: "claimer",
      everyMs: Math.max(1_000, Math.floor(options.processingTimeoutMs / 2)),
      run: () =>
        claimStaleInAllPartitions(redis, {
          keys: keys,
          group: PROCESSOR_GROUP,
          consumer,
          minIdleMs: options.processingTimeoutMs,
          maxDeliveries: options.maxDeliveries,
          now: options.now,
          logger,
          onClaimed: (entries) => loop.enqueueClaimed(entries),
        }),
    },
    {
      // A long batch keeps its entries fresh so no other replica claims them meanwhile.
      name: "keep-alive",
      everyMs: Math.max(500, Math.floor(options.processingTimeoutMs / 3)),
      run: async () => {
        // A batch that never returns (a half-open connection, a wedged driver) must not keep
        // its entries from every other replica for good: past stuckBatchMs we stop refreshing
        // them, so the claimer elsewhere takes them over, and report it once.
        const since = loop.inFlightSince();
        if (since !== null && options.now() - since >= stuckBatchMs) {
          if (stuckReportedFor !== since) {
            stuckReportedFor = since;
            const stuckForMs = options.now() - since;
            logger.fatal(
              { stuckForMs, entries: loop.inFlight().length },
              "batch stuck; releasing its entries",
            );
            options.onStuckBatch?.(stuckForMs);
          }
          return;
        }
        await keepAliveEntries(redis, PROCESSOR_GROUP, consumer, loop.inFlight());
      },
    },
    {
      name: "status",
      everyMs: intervals.statusMs,
      run: async () => options.streamMetrics.set(await partitionStatus(redis, keys, PROCESSOR_GROUP)),
    },
    {
      name: "janitor",
      everyMs: intervals.janitorMs,
      run: async () => {
        for (const p of partitions) await trimAcknowledged(redis, keys.events(p), PROCESSOR_GROUP);
      },
    },
    {
      name: "idle-consumers",
      everyMs: intervals.idleConsumersMs,
      run: async () => {
        const idleMs = Math.max(10 * options.processingTimeoutMs, 3_600_000);
        for (const p of partitions)
          await removeIdleConsumers(redis, keys.events(p), PROCESSOR_GROUP, { idleMs, except: [consumer] });
      },
    },
  ];

  const periodic = createPeriodicTasks(tasks, logger);
  return { start: periodic.start, stop: periodic.stop };
}
