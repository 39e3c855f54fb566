import type { RedisClient } from "../client.ts";
import { redisFailure } from "../errors.ts";
import { defineScripts } from "../scripts.ts";
import { type LaneKeys, toLane } from "./lane.ts";
import { encodeRetryMember, type FailureReason, FIRST_FAILURE_FIELD } from "./retry-member.ts";
import { RETRY_SCRIPTS } from "./retry-scripts.ts";

/** Anything with an attempt counter: an EventEnvelope, or the dispatcher's delivery payload. */
export interface Attempted {
  attempt: number;
}

export interface ScheduleRetryInput<T extends Attempted> {
  partition: number;
  /** The stream the entry was read from (the lane's stream for this partition). */
  streamKey: string;
  group: string;
  entryId: string;
  /** The payload as read; it is re-added with `attempt + 1`. */
  envelope: T;
  error: FailureReason;
  /** When the retry is due (ms since the epoch): now + retryDelayMs(envelope.attempt, …). */
  dueAt: number;
  /** When this attempt failed (ms). */
  failedAt: number;
  /** When the first attempt failed (ms; `firstFailureAtOf(entry.fields)`), defaults to failedAt. */
  firstFailureAt?: number;
}

/**
 * Acks the entry and schedules its retry in one atomic step. Returns false, scheduling
 * nothing, when the entry was no longer pending in the group (someone else settled it).
 */
export async function scheduleRetry<T extends Attempted>(
  redis: RedisClient,
  keys: LaneKeys,
  input: ScheduleRetryInput<T>,
): Promise<boolean> {
  const lane = toLane(keys);
  defineScripts(redis, RETRY_SCRIPTS);
  const member = encodeRetryMember({
    firstFailureAt: input.firstFailureAt ?? input.failedAt,
    lastFailureAt: input.failedAt,
    error: input.error,
    payload: JSON.stringify({ ...input.envelope, attempt: input.envelope.attempt + 1 }),
  });
  try {
    const scheduled = await redis.loyaltyScheduleRetry(
      input.streamKey,
      lane.retry(input.partition),
      input.group,
      input.entryId,
      Math.floor(input.dueAt),
      member,
    );
    return scheduled === 1;
  } catch (error) {
    throw redisFailure(error, "scheduling a retry");
  }
}

/**
 * Puts up to `limit` retries due at `now` (ms) back onto the partition's stream, each with its
 * first failure time (FIRST_FAILURE_FIELD) beside the payload. Returns how many moved; call
 * again while it returns `limit`.
 */
export async function moveDueRetries(
  redis: RedisClient,
  keys: LaneKeys,
  partition: number,
  now: number,
  limit: number,
): Promise<number> {
  const lane = toLane(keys);
  defineScripts(redis, RETRY_SCRIPTS);
  try {
    return await redis.loyaltyMoveDueRetries(
      lane.retry(partition),
      lane.stream(partition),
      lane.dlq(partition),
      Math.floor(now),
      limit,
      lane.field,
      FIRST_FAILURE_FIELD,
    );
  } catch (error) {
    throw redisFailure(error, "moving due retries");
  }
}

export interface DeadLetterInput {
  partition: number;
  streamKey: string;
  group: string;
  entryId: string;
  /** The payload: an object is stored as JSON; a string is stored verbatim (an entry that is not valid). */
  envelope: object | string;
  error: FailureReason;
  attempts: number;
  /** ms since the epoch; stored as ISO-8601. */
  firstFailureAt: number;
  lastFailureAt: number;
}

/** Field names of a dead letter (a flat stream entry); `e` holds the payload. */
export const DEAD_LETTER_FIELDS = [
  "e",
  "errorCode",
  "errorMessage",
  "attempts",
  "originalId",
  "originalStream",
  "firstFailureAt",
  "lastFailureAt",
] as const;

/**
 * Acks the entry and appends it to the partition's DLQ in one atomic step. Returns the dead
 * letter's stream id, or null (writing nothing) when the entry was no longer pending.
 */
export async function deadLetter(
  redis: RedisClient,
  keys: LaneKeys,
  input: DeadLetterInput,
): Promise<string | null> {
  const lane = toLane(keys);
  defineScripts(redis, RETRY_SCRIPTS);
  const payload = typeof input.envelope === "string" ? input.envelope : JSON.stringify(input.envelope);
  const values: Record<(typeof DEAD_LETTER_FIELDS)[number], string> = {
    e: payload,
    errorCode: input.error.code,
    errorMessage: input.error.message,
    attempts: String(input.attempts),
    originalId: input.entryId,
    originalStream: input.streamKey,
    firstFailureAt: new Date(input.firstFailureAt).toISOString(),
    lastFailureAt: new Date(input.lastFailureAt).toISOString(),
  };
  try {
    return await redis.loyaltyDeadLetter(
      input.streamKey,
      lane.dlq(input.partition),
      input.group,
      input.entryId,
      ...DEAD_LETTER_FIELDS.flatMap((name) => [name, values[name]]),
    );
  } catch (error) {
    throw redisFailure(error, "dead-lettering an entry");
  }
}
