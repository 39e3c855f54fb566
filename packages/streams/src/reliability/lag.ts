import type { RedisClient } from "../client.ts";
import { redisFailure } from "../errors.ts";
import { type LaneKeys, partitionsOf, type RetryLane, toLane } from "./lane.ts";
import { asArray, asEntries, asInteger, asMap, asString, redisCall } from "./reply.ts";

export interface PartitionStatus {
  partition: number;
  /** XLEN of the stream. */
  length: number;
  /** Entries not yet delivered to the group; null only when it cannot be known within scanLimit. */
  lag: number | null;
  /** Delivered to the group but not acknowledged. */
  pending: number;
  /** Dead letters waiting for an operator. */
  dlq: number;
  /** Entries waiting in the retry zset. */
  retrying: number;
}

export interface PartitionStatusOptions {
  /** Most entries read to count the lag when Redis reports none (default 10 000). */
  scanLimit?: number;
}

const CHUNK = 1_000;

/** Length, lag and pending of the group, DLQ depth and retries, for every partition. */
export async function partitionStatus(
  redis: RedisClient,
  keys: LaneKeys,
  group: string,
  options: PartitionStatusOptions = {},
): Promise<PartitionStatus[]> {
  const lane = toLane(keys);
  const scanLimit = options.scanLimit ?? 10_000;
  // One pipeline per partition: its keys share a hash tag, hence a Cluster slot.
  return Promise.all(
    partitionsOf(lane).map((partition) => statusOf(redis, lane, partition, group, scanLimit)),
  );
}

async function statusOf(
  redis: RedisClient,
  lane: RetryLane,
  partition: number,
  group: string,
  scanLimit: number,
): Promise<PartitionStatus> {
  const key = lane.stream(partition);
  const action = "reading stream status";
  const replies = await redisCall(action, () =>
    redis
      .pipeline()
      .xlen(key)
      .xinfo("GROUPS", key)
      .xlen(lane.dlq(partition))
      .zcard(lane.retry(partition))
      .exec(),
  );
  const [lengthReply, groupsReply, dlqReply, retryReply] = replies ?? [];
  const value = (reply: [Error | null, unknown] | undefined): unknown => {
    if (reply?.[0]) throw redisFailure(reply[0], action);
    return reply?.[1];
  };
  const length = asInteger(value(lengthReply), "XLEN");
  const base = {
    partition,
    length,
    dlq: asInteger(value(dlqReply), "XLEN"),
    retrying: asInteger(value(retryReply), "ZCARD"),
  };
  // XINFO GROUPS fails on a missing stream: nothing to read, nothing pending.
  if (groupsReply?.[0]?.message.includes("no such key")) return { ...base, lag: length, pending: 0 };
  const info = asArray(value(groupsReply), "XINFO GROUPS")
    .map((raw) => asMap(raw, "XINFO GROUPS"))
    .find((g) => g.get("name") === group);
  // No group yet: nobody has read anything, and it will start from the beginning (id 0).
  if (!info) return { ...base, lag: length, pending: 0 };
  const pending = asInteger(info.get("pending"), "XINFO GROUPS pending");
  const reported = info.get("lag");
  if (reported !== null && reported !== undefined)
    return { ...base, pending, lag: asInteger(reported, "XINFO GROUPS lag") };
  const lastDelivered = asString(info.get("last-delivered-id"), "XINFO GROUPS last-delivered-id");
  return { ...base, pending, lag: await computeLag(redis, key, lastDelivered, length, info, scanLimit) };
}

/**
 * Redis reports no lag when an entry after the group's last-delivered-id was deleted (it can
 * no longer tell how many of the added entries remain) or when entries-read is unknown.
 * Count the entries after last-delivered-id directly; if there are too many, count the ones
 * up to it and subtract from the length; if both exceed the limit, fall back to
 * `entries-added − entries-read` (an upper bound: it still counts the deleted entries),
 * capped at the length. Null only when even that is unknown.
 */
async function computeLag(
  redis: RedisClient,
  key: string,
  lastDelivered: string,
  length: number,
  info: Map<string, unknown>,
  scanLimit: number,
): Promise<number | null> {
  const after = await countRange(redis, key, `(${lastDelivered}`, "+", scanLimit);
  if (after !== null) return after;
  const upTo = await countRange(redis, key, "-", lastDelivered, scanLimit);
  if (upTo !== null) return length - upTo;
  const read = info.get("entries-read");
  if (read === null || read === undefined) return null;
  // entries-added is a property of the stream, not of the group.
  const stream = asMap(
    await redisCall("reading stream info", () => redis.xinfo("STREAM", key)),
    "XINFO STREAM",
  );
  const added = stream.get("entries-added");
  if (added === null || added === undefined) return null;
  return Math.min(length, asInteger(added, "entries-added") - asInteger(read, "entries-read"));
}

/** Entries in [start, end], or null when there are more than `limit`. */
async function countRange(redis: RedisClient, key: string, start: string, end: string, limit: number) {
  let count = 0;
  let from = start;
  for (;;) {
    const page = Math.min(CHUNK, limit - count + 1);
    const entries = asEntries(
      await redisCall("counting stream entries", () => redis.xrange(key, from, end, "COUNT", page)),
      "XRANGE",
    );
    count += entries.length;
    if (count > limit) return null;
    const last = entries.at(-1);
    if (!last || entries.length < page) return count;
    from = `(${last.id}`;
  }
}
