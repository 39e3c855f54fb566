import type { RedisClient } from "../client.ts";
import { ENVELOPE_FIELD, fieldValue } from "../entry-codec.ts";
import type { ReadEntry } from "../group-reader.ts";
import { defineScripts } from "../scripts.ts";
import { parseReply, XPendingReply } from "../stream-replies.ts";
import { CONSUMER_SCRIPTS } from "./consumer-scripts.ts";
import { type LaneKeys, toLane } from "./lane.ts";
import { asArray, asEntries, asString, execValues, redisCall } from "./reply.ts";
import { firstFailureAtOf } from "./retry-member.ts";
import { deadLetter } from "./retry-scheduler.ts";

export const MAX_DELIVERIES_EXCEEDED = "max_deliveries_exceeded";
const KEEP_ALIVE_CHUNK = 500;

export interface ClaimStaleOptions {
  keys: LaneKeys;
  partition: number;
  group: string;
  /** Who takes the entries over (this replica). */
  consumer: string;
  /** Only entries idle this long are taken: the processing timeout. */
  minIdleMs: number;
  /** XAUTOCLAIM COUNT: entries claimed per round. One call claims at most count × maxIterations. */
  count: number;
  /** An entry delivered more often than this goes to the DLQ instead of being returned. */
  maxDeliveries: number;
  /** Clock for the dead letters' failure times (ms). */
  now: () => number;
  /** XAUTOCLAIM rounds per call before giving up on reaching the cursor's end; default 10. */
  maxIterations?: number;
  /** Told about each entry dead-lettered for too many deliveries (log it, count it). */
  onPoison?: (entry: ReadEntry, deadLetterId: string | null) => void;
}

export interface ClaimResult {
  /** Entries now owned by `consumer`, to process like freshly read ones. */
  entries: ReadEntry[];
  /** Pending entries deleted from the stream meanwhile: nothing to process, no longer pending. */
  deleted: string[];
  /** Entries sent to the DLQ for exceeding maxDeliveries. */
  deadLettered: ReadEntry[];
  /** True when the scan reached the end of the pending list ("0-0"). */
  complete: boolean;
}

/**
 * Takes over entries a crashed (or stuck) consumer left pending, following XAUTOCLAIM's cursor
 * through the whole pending list. XAUTOCLAIM bumps each claimed entry's delivery counter; the
 * counts are then read with XPENDING, and an entry past `maxDeliveries` is dead-lettered rather
 * than handed out again: an event that crashes every replica that reads it would otherwise
 * cycle between replicas forever (crash-loop protection).
 */
export async function claimStale(redis: RedisClient, options: ClaimStaleOptions): Promise<ClaimResult> {
  const lane = toLane(options.keys);
  const key = lane.stream(options.partition);
  const { group, consumer } = options;
  const result: ClaimResult = { entries: [], deleted: [], deadLettered: [], complete: false };
  let cursor = "0-0";
  for (let round = 0; round < (options.maxIterations ?? 10); round++) {
    const reply = asArray(
      await redisCall("claiming stale entries", () =>
        redis.xautoclaim(key, group, consumer, options.minIdleMs, cursor, "COUNT", options.count),
      ),
      "XAUTOCLAIM",
    );
    cursor = asString(reply[0], "XAUTOCLAIM");
    const claimed = asEntries(reply[1] ?? [], "XAUTOCLAIM");
    // Redis ≥ 7 lists ids that were pending but deleted from the stream and drops them from the
    // pending list itself. Redis 6.2 instead returns them as entries with nil fields, still pending.
    const deleted = asArray(reply[2] ?? [], "XAUTOCLAIM").map((id) => asString(id, "XAUTOCLAIM"));
    const nilIds = claimed.filter((entry) => entry.fields === null).map((entry) => entry.id);
    if (nilIds.length > 0) await redisCall("acking deleted entries", () => redis.xack(key, group, ...nilIds));
    result.deleted.push(...deleted, ...nilIds);

    const live = claimed.filter((entry) => entry.fields !== null);
    const deliveries = await deliveryCounts(
      redis,
      key,
      group,
      live.map((entry) => entry.id),
    );
    for (const { id, fields } of live) {
      const entry: ReadEntry = {
        partition: options.partition,
        key,
        id,
        fields,
        deliveries: deliveries.get(id) ?? 1,
      };
      if ((entry.deliveries ?? 1) <= options.maxDeliveries) {
        result.entries.push(entry);
        continue;
      }
      const now = options.now();
      const deadLetterId = await deadLetter(redis, lane, {
        partition: options.partition,
        streamKey: key,
        group,
        entryId: id,
        envelope: fieldValue(fields ?? [], ENVELOPE_FIELD) ?? JSON.stringify(fields),
        error: {
          code: MAX_DELIVERIES_EXCEEDED,
          message: `Delivered ${entry.deliveries} times (max ${options.maxDeliveries}) without being acknowledged: its consumers keep crashing or timing out on it`,
        },
        attempts: entry.deliveries ?? 1,
        firstFailureAt: firstFailureAtOf(fields) ?? now,
        lastFailureAt: now,
      });
      result.deadLettered.push(entry);
      options.onPoison?.(entry, deadLetterId);
    }
    if (cursor === "0-0") {
      result.complete = true;
      break;
    }
  }
  return result;
}

/**
 * Delivery counts of the entries just claimed: one XPENDING per id, in one pipeline (one key,
 * one slot). Not the range lookup of ../pending-deliveries.ts: claimed ids can interleave with
 * this consumer's own in-flight entries, so a range with COUNT = ids.length could miss some.
 */
async function deliveryCounts(redis: RedisClient, key: string, group: string, ids: string[]) {
  const counts = new Map<string, number>();
  if (ids.length === 0) return counts;
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.xpending(key, group, id, id, 1);
  const action = "reading delivery counts";
  for (const reply of execValues(await redisCall(action, () => pipeline.exec()), action)) {
    for (const [id, , , times] of parseReply(XPendingReply, reply, "XPENDING")) counts.set(id, times);
  }
  return counts;
}

/**
 * Resets the idle time of entries this consumer is still working on, so the claimer of another
 * replica does not take them over mid-batch. Returns the ids still owned by `consumer`; an id
 * missing from the answer was claimed by someone else (stop working on it) or already settled.
 */
export async function keepAlive(
  redis: RedisClient,
  key: string,
  group: string,
  consumer: string,
  ids: readonly string[],
): Promise<string[]> {
  defineScripts(redis, CONSUMER_SCRIPTS);
  const owned: string[] = [];
  // Chunked: Lua's unpack() has a stack limit of a few thousand values.
  for (let i = 0; i < ids.length; i += KEEP_ALIVE_CHUNK) {
    const chunk = ids.slice(i, i + KEEP_ALIVE_CHUNK);
    const reply = await redisCall("keeping entries alive", () =>
      redis.loyaltyKeepAlive(key, group, consumer, ...chunk),
    );
    owned.push(...asArray(reply, "keep-alive").map((id) => asString(id, "keep-alive")));
  }
  return owned;
}

/**
 * Deletes the group's consumers that own no pending entry and have been idle longer than
 * `idleMs` (names left behind by restarted replicas). Returns the deleted names.
 */
export async function removeIdleConsumers(
  redis: RedisClient,
  key: string,
  group: string,
  options: { idleMs: number; except?: readonly string[] },
): Promise<string[]> {
  defineScripts(redis, CONSUMER_SCRIPTS);
  const removed = await redisCall("removing idle consumers", () =>
    redis.loyaltyRemoveIdleConsumers(key, group, options.idleMs, ...(options.except ?? [])),
  );
  return asArray(removed, "remove-idle-consumers").map((name) => asString(name, "remove-idle-consumers"));
}
