import type { RedisClient } from "../client.ts";
import { parseDeadLetterId } from "./dead-letter-id.ts";
import { type DeadLetter, toDeadLetter } from "./dead-letter-record.ts";
import { type LaneKeys, partitionsOf, toLane } from "./lane.ts";
import { asEntries, asInteger, execValues, redisCall } from "./reply.ts";

export interface ListDeadLettersOptions {
  /** Only this partition; all partitions otherwise, in partition order. */
  partition?: number;
  /** Page size. */
  count: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** Pass it back for the next page; null when this page reached the end. */
  nextCursor: string | null;
}

/** Oldest first within a partition, partitions in order. The cursor is the last item's id. */
export async function listDeadLetters(
  redis: RedisClient,
  keys: LaneKeys,
  options: ListDeadLettersOptions,
): Promise<DeadLetterPage> {
  const lane = toLane(keys);
  if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError("count must be ≥ 1");
  const after = options.cursor ? parseDeadLetterId(options.cursor, lane.partitions) : null;
  const partitions = (options.partition === undefined ? partitionsOf(lane) : [options.partition]).filter(
    (p) => after === null || p >= after.partition,
  );
  const items: DeadLetter[] = [];
  for (const partition of partitions) {
    const start = after !== null && after.partition === partition ? `(${after.streamId}` : "-";
    const wanted = options.count - items.length;
    const entries = asEntries(
      await redisCall("listing dead letters", () =>
        redis.xrange(lane.dlq(partition), start, "+", "COUNT", wanted),
      ),
      "XRANGE",
    );
    for (const { id, fields } of entries) items.push(toDeadLetter(partition, id, fields ?? []));
    if (items.length >= options.count) break;
  }
  const last = items.at(-1);
  return { items, nextCursor: items.length >= options.count && last ? last.id : null };
}

/** One dead letter by its `<partition>-<streamId>` id, or null when there is none. */
export async function showDeadLetter(
  redis: RedisClient,
  keys: LaneKeys,
  id: string,
): Promise<DeadLetter | null> {
  const lane = toLane(keys);
  const { partition, streamId } = parseDeadLetterId(id, lane.partitions);
  const entries = asEntries(
    await redisCall("reading a dead letter", () => redis.xrange(lane.dlq(partition), streamId, streamId)),
    "XRANGE",
  );
  const entry = entries[0];
  return entry ? toDeadLetter(partition, entry.id, entry.fields ?? []) : null;
}

/** Dead letters per partition (the `loyalty_dlq_depth{partition}` gauge). */
export async function dlqDepth(
  redis: RedisClient,
  keys: LaneKeys,
): Promise<Array<{ partition: number; depth: number }>> {
  const lane = toLane(keys);
  // One command per partition: a Cluster cannot pipeline keys of different slots together.
  return Promise.all(
    partitionsOf(lane).map(async (partition) => ({
      partition,
      depth: asInteger(await redisCall("measuring the DLQ", () => redis.xlen(lane.dlq(partition))), "XLEN"),
    })),
  );
}

/** Deletes the given dead letters, or every one; returns how many were deleted. */
export async function purgeDeadLetters(
  redis: RedisClient,
  keys: LaneKeys,
  ids: readonly string[] | "all",
): Promise<number> {
  const lane = toLane(keys);
  if (ids === "all") {
    const counts = await Promise.all(
      partitionsOf(lane).map(async (partition) => {
        const key = lane.dlq(partition);
        // XLEN and DEL in one transaction: the count covers exactly what DEL removed.
        const action = "purging dead letters";
        const replies = await redisCall(action, () => redis.multi().xlen(key).del(key).exec());
        return asInteger(execValues(replies, action)[0], "XLEN");
      }),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }
  const byPartition = new Map<number, string[]>();
  for (const id of ids) {
    const { partition, streamId } = parseDeadLetterId(id, lane.partitions);
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), streamId]);
  }
  let deleted = 0;
  for (const [partition, streamIds] of byPartition) {
    deleted += await redisCall("purging dead letters", () => redis.xdel(lane.dlq(partition), ...streamIds));
  }
  return deleted;
}
