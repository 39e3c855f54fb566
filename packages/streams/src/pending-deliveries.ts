import type { RedisClient } from "./client.ts";
import { redisFailure } from "./errors.ts";
import { parseReply, XPendingReply } from "./stream-replies.ts";

/** Entry ids are unique per stream only: two partitions can both hold `1700000000000-0`. */
export function entryKey(key: string, id: string): string {
  return `${key}\n${id}`;
}

/**
 * How often each of a consumer's pending entries has been delivered (this delivery included),
 * keyed by `entryKey`. XREADGROUP does not say; crash-loop protection needs it. `ids` per stream
 * are in id order, so one XPENDING range per stream covers them.
 */
export async function deliveryCounts(
  redis: RedisClient,
  group: string,
  consumer: string,
  idsByKey: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const lookups = [...idsByKey].filter(([, ids]) => ids.length > 0);
  await Promise.all(
    lookups.map(async ([key, ids]) => {
      let reply: unknown;
      try {
        reply = await redis.xpending(key, group, ids[0] ?? "-", ids.at(-1) ?? "+", ids.length, consumer);
      } catch (error) {
        throw redisFailure(error, "reading pending entries");
      }
      for (const [id, , , times] of parseReply(XPendingReply, reply, "XPENDING")) {
        counts.set(entryKey(key, id), times);
      }
    }),
  );
  return counts;
}
