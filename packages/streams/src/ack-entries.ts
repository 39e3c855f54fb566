import { Cluster } from "ioredis";
import type { RedisClient } from "./client.ts";
import { redisFailure } from "./errors.ts";

/**
 * XACKs entries of any number of streams for one group; returns how many Redis acknowledged
 * (entries acked before do not count). One XACK per stream, all in one round trip.
 */
export async function ackEntries(
  redis: RedisClient,
  group: string,
  entries: ReadonlyArray<{ key: string; id: string }>,
): Promise<number> {
  const idsByKey = new Map<string, string[]>();
  for (const { key, id } of entries) {
    const ids = idsByKey.get(key);
    if (ids) ids.push(id);
    else idsByKey.set(key, [id]);
  }
  if (idsByKey.size === 0) return 0;
  try {
    // A Cluster pipeline must keep all its keys in one slot, and partitions are in different
    // slots: there the XACKs go out as concurrent commands instead (still no waiting in turn).
    if (redis instanceof Cluster) {
      const acked = await Promise.all([...idsByKey].map(([key, ids]) => redis.xack(key, group, ...ids)));
      return acked.reduce((sum, n) => sum + n, 0);
    }
    const pipeline = redis.pipeline();
    for (const [key, ids] of idsByKey) pipeline.xack(key, group, ...ids);
    let total = 0;
    for (const [error, acked] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      total += Number(acked);
    }
    return total;
  } catch (error) {
    throw redisFailure(error, "acknowledging entries");
  }
}
