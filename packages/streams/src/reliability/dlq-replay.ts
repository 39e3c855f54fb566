import type { Result } from "ioredis";
import type { RedisClient } from "../client.ts";
import { fieldValue } from "../entry-codec.ts";
import { defineScripts, type LuaScript } from "../scripts.ts";
import { formatDeadLetterId, parseDeadLetterId } from "./dead-letter-id.ts";
import { replayPayload } from "./dead-letter-record.ts";
import { type LaneKeys, partitionsOf, type RetryLane, toLane } from "./lane.ts";
import { asArray, asEntries, asInteger, asString, execValues, redisCall } from "./reply.ts";

/**
 * Moves one dead letter back onto its stream. XDEL and XADD run as one script, so after a
 * crash at any point the letter is either still in the DLQ or back on the stream, never both
 * and never neither: re-running a replay is always safe.
 *   KEYS[1] dead-letter stream, KEYS[2] stream (same hash tag)
 *   ARGV[1] dead letter id, ARGV[2] payload field, ARGV[3] payload (attempt reset to 0)
 * Returns the new entry id, or nil when the letter is gone (replayed or purged already).
 */
const REPLAY_LUA = `
if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then
  return false
end
return redis.call('XADD', KEYS[2], '*', ARGV[2], ARGV[3])
`;

const REPLAY_SCRIPTS = {
  loyaltyReplayDeadLetter: { lua: REPLAY_LUA, numberOfKeys: 2 },
} as const satisfies Record<string, LuaScript>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    /** See REPLAY_LUA. */
    loyaltyReplayDeadLetter(
      dlq: string,
      stream: string,
      id: string,
      field: string,
      payload: string,
    ): Result<string | null, Context>;
  }
}

/** `replayed`: back on the stream as `streamId`; `missing`: not in the DLQ (already replayed or purged). */
export type ReplayOutcome =
  | { id: string; outcome: "replayed"; streamId: string }
  | { id: string; outcome: "missing" };

export interface ReplayProgress {
  done: number;
  /** Letters this replay set out to move (for "all": those present when it started). */
  total: number;
  last: ReplayOutcome;
}

export interface ReplaySummary {
  replayed: number;
  missing: number;
}

const PAGE = 100;

/**
 * Puts dead letters back on their partition's stream with `attempt` 0. "all" replays the
 * letters present when it starts; letters that fail again and come back meanwhile are left
 * for the next replay, so it always ends.
 */
export async function replayDeadLetters(
  redis: RedisClient,
  keys: LaneKeys,
  ids: readonly string[] | "all",
  onProgress?: (progress: ReplayProgress) => void,
): Promise<ReplaySummary> {
  const lane = toLane(keys);
  defineScripts(redis, REPLAY_SCRIPTS);
  const summary: ReplaySummary = { replayed: 0, missing: 0 };
  let total = 0;
  const record = (last: ReplayOutcome) => {
    summary[last.outcome] += 1;
    onProgress?.({ done: summary.replayed + summary.missing, total, last });
  };

  if (ids !== "all") {
    const targets = ids.map((id) => parseDeadLetterId(id, lane.partitions));
    total = targets.length;
    for (const { partition, streamId } of targets) record(await replayOne(redis, lane, partition, streamId));
    return summary;
  }

  const bounds = await Promise.all(partitionsOf(lane).map((p) => snapshot(redis, lane, p)));
  total = bounds.reduce((sum, b) => sum + b.length, 0);
  for (const { partition, lastId } of bounds) {
    if (lastId === null) continue;
    let start = "-";
    for (;;) {
      const entries = asEntries(
        await redisCall("reading dead letters", () =>
          redis.xrange(lane.dlq(partition), start, lastId, "COUNT", PAGE),
        ),
        "XRANGE",
      );
      for (const entry of entries) record(await replayOne(redis, lane, partition, entry.id, entry.fields));
      const last = entries.at(-1);
      if (!last || entries.length < PAGE) break;
      start = `(${last.id}`;
    }
  }
  return summary;
}

async function replayOne(
  redis: RedisClient,
  lane: RetryLane,
  partition: number,
  streamId: string,
  known?: string[] | null,
): Promise<ReplayOutcome> {
  const id = formatDeadLetterId(partition, streamId);
  let fields = known;
  if (fields === undefined) {
    const [entry] = asEntries(
      await redisCall("reading a dead letter", () => redis.xrange(lane.dlq(partition), streamId, streamId)),
      "XRANGE",
    );
    fields = entry?.fields ?? null;
  }
  const payload = fields ? fieldValue(fields, "e") : undefined;
  if (payload === undefined) return { id, outcome: "missing" };
  const newId = await redisCall("replaying a dead letter", () =>
    redis.loyaltyReplayDeadLetter(
      lane.dlq(partition),
      lane.stream(partition),
      streamId,
      lane.field,
      replayPayload(payload),
    ),
  );
  return newId === null ? { id, outcome: "missing" } : { id, outcome: "replayed", streamId: newId };
}

/** The partition's DLQ length and newest id when the replay starts: the bound of "all". */
async function snapshot(redis: RedisClient, lane: RetryLane, partition: number) {
  const key = lane.dlq(partition);
  const action = "reading dead letters";
  const replies = await redisCall(action, () =>
    redis.multi().xlen(key).xrevrange(key, "+", "-", "COUNT", 1).exec(),
  );
  const [length, newestReply] = execValues(replies, action);
  const newest = asArray(newestReply, "XREVRANGE")[0];
  return {
    partition,
    length: asInteger(length, "XLEN"),
    lastId: newest === undefined ? null : asString(asArray(newest, "XREVRANGE")[0], "XREVRANGE"),
  };
}
