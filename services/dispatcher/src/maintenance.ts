import { purgeRelayedOutbox, type Queryable } from "@loyalty/db";
import { createPeriodicTasks, type PeriodicTask } from "@loyalty/platform";
import {
  claimStaleInAllPartitions,
  DISPATCHER_GROUP,
  keepAliveEntries,
  moveDueRetries,
  type RedisClient,
  type RetryLane,
  removeIdleConsumers,
  trimAcknowledged,
} from "@loyalty/streams";
import type { Logger } from "pino";
import type { DeliveryLoop } from "./delivery-loop.ts";

export const DEFAULT_MAINTENANCE_INTERVALS = {
  /** Due retries (and put-back deliveries) back onto their stream. */
  retriesMs: 250,
  /** MINID trimming of delivered entries. */
  janitorMs: 30_000,
  /** Removal of consumers idle with nothing pending. */
  idleConsumersMs: 60_000,
  /** Deletion of relayed outbox rows past their retention. */
  outboxPurgeMs: 3_600_000,
};

export interface MaintenanceOptions {
  redis: RedisClient;
  sql: Queryable;
  lane: RetryLane;
  consumer: string;
  loop: DeliveryLoop;
  logger: Logger;
  /** Idle time after which a pending delivery of another replica is taken over. */
  claimIdleMs: number;
  /** Deliveries of one entry before the claimer dead-letters it (crash loops). */
  maxDeliveries: number;
  /** How long relayed outbox rows are kept (the record of what was emitted). */
  outboxRetentionMs: number;
  now: () => number;
  intervals?: Partial<typeof DEFAULT_MAINTENANCE_INTERVALS>;
}

/**
 * Side jobs of a dispatcher replica. Every replica runs them; each step is one atomic Redis
 * command, Lua script or SQL statement, so replicas running them at once cannot conflict.
 */
export function createMaintenance(options: MaintenanceOptions) {
  const { redis, lane, consumer, loop, logger } = options;
  const intervals = { ...DEFAULT_MAINTENANCE_INTERVALS, ...options.intervals };
  const partitions = Array.from({ length: lane.partitions }, (_, p) => p);

  const tasks: PeriodicTask[] = [
    {
      name: "retries",
      everyMs: intervals.retriesMs,
      run: async () => {
        for (const p of partitions)
          while ((await moveDueRetries(redis, lane, p, options.now(), 500)) === 500);
      },
    },
    {
      // Takes over deliveries a crashed replica left pending.
      name: "claimer",
      everyMs: Math.max(1_000, Math.floor(options.claimIdleMs / 2)),
      run: () =>
        claimStaleInAllPartitions(redis, {
          keys: lane,
          group: DISPATCHER_GROUP,
          consumer,
          minIdleMs: options.claimIdleMs,
          maxDeliveries: options.maxDeliveries,
          now: options.now,
          logger,
          onClaimed: (entries) => loop.enqueueClaimed(entries),
        }),
    },
    {
      // Deliveries waiting for a slot or in flight stay fresh, so no other replica claims them.
      name: "keep-alive",
      everyMs: Math.max(500, Math.floor(options.claimIdleMs / 3)),
      run: async () => {
        await keepAliveEntries(redis, DISPATCHER_GROUP, consumer, loop.held());
      },
    },
    {
      name: "janitor",
      everyMs: intervals.janitorMs,
      run: async () => {
        for (const p of partitions) await trimAcknowledged(redis, lane.stream(p), DISPATCHER_GROUP);
      },
    },
    {
      name: "idle-consumers",
      everyMs: intervals.idleConsumersMs,
      run: async () => {
        const idleMs = Math.max(10 * options.claimIdleMs, 3_600_000);
        for (const p of partitions)
          await removeIdleConsumers(redis, lane.stream(p), DISPATCHER_GROUP, { idleMs, except: [consumer] });
      },
    },
    {
      name: "outbox-purge",
      everyMs: intervals.outboxPurgeMs,
      run: async () => {
        const olderThan = new Date(options.now() - options.outboxRetentionMs);
        while ((await purgeRelayedOutbox(options.sql, { olderThan, limit: 1_000 })) === 1_000);
      },
    },
  ];

  const periodic = createPeriodicTasks(tasks, logger);
  return {
    start: periodic.start,
    /** No new runs; resolves once the runs under way finished (before their clients close). */
    stop: periodic.stop,
  };
}
