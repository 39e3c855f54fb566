import type { RedisClient } from "../client.ts";
import type { ReadEntry } from "../group-reader.ts";
import { claimStale } from "./claimer.ts";
import { type LaneKeys, partitionsOf, toLane } from "./lane.ts";

export interface ClaimAllOptions {
  keys: LaneKeys;
  group: string;
  consumer: string;
  minIdleMs: number;
  maxDeliveries: number;
  now: () => number;
  logger: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  /** Receives the entries taken over from one partition, to process like freshly read ones. */
  onClaimed: (entries: ReadEntry[]) => void;
}

/** One claimer round over every partition of a lane: what each worker's maintenance runs. */
export async function claimStaleInAllPartitions(redis: RedisClient, options: ClaimAllOptions): Promise<void> {
  const { logger } = options;
  for (const partition of partitionsOf(toLane(options.keys))) {
    const result = await claimStale(redis, {
      keys: options.keys,
      partition,
      group: options.group,
      consumer: options.consumer,
      minIdleMs: options.minIdleMs,
      count: 100,
      maxDeliveries: options.maxDeliveries,
      now: options.now,
      onPoison: (entry) =>
        logger.error(
          { partition, id: entry.id, deliveries: entry.deliveries, group: options.group },
          "dead-lettered after too many deliveries",
        ),
    });
    if (result.entries.length > 0) {
      logger.info(
        { partition, claimed: result.entries.length, group: options.group },
        "took over stale entries",
      );
      options.onClaimed(result.entries);
    }
  }
}
