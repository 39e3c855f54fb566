import { z } from "zod";
import { fieldValue } from "../entry-codec.ts";

/** What failed, as recorded with a retry and a dead letter. */
export const FailureReason = z.object({ code: z.string(), message: z.string() });
export type FailureReason = z.infer<typeof FailureReason>;

/** One member of a retry zset, as JSON (times are ISO-8601). */
export const RetryMember = z.object({
  firstFailureAt: z.iso.datetime(),
  lastFailureAt: z.iso.datetime(),
  error: FailureReason,
  /** The payload as it will be re-added, its `attempt` already incremented. */
  envelope: z.looseObject({ attempt: z.number().int().min(0) }),
});
export type RetryMember = z.infer<typeof RetryMember>;

/**
 * Stream field carrying the first failure time on a retried entry, next to the payload field.
 * Readers ignore fields they do not know (`decodeEntry` looks up `e` by name), and without it
 * the first failure time would be lost each time a retry goes back onto the stream.
 */
export const FIRST_FAILURE_FIELD = "firstFailureAt";

/**
 * Serialises a member with `firstFailureAt` first and `envelope` last: the move script cuts
 * both out as text (see MOVE_DUE_RETRIES_LUA). JSON.stringify keeps insertion order, and the
 * earlier values are JSON strings, where `,"envelope":` cannot occur unescaped.
 */
export function encodeRetryMember(member: {
  firstFailureAt: number;
  lastFailureAt: number;
  error: FailureReason;
  payload: string;
}): string {
  const head = JSON.stringify({
    firstFailureAt: new Date(member.firstFailureAt).toISOString(),
    lastFailureAt: new Date(member.lastFailureAt).toISOString(),
    error: { code: member.error.code, message: member.error.message },
  });
  return `${head.slice(0, -1)},"envelope":${member.payload}}`;
}

export function decodeRetryMember(member: string): RetryMember {
  return RetryMember.parse(JSON.parse(member));
}

/** The first failure time a retried entry carries, in ms; undefined on a first delivery. */
export function firstFailureAtOf(fields: readonly string[] | null): number | undefined {
  const value = fields === null ? undefined : fieldValue(fields, FIRST_FAILURE_FIELD);
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
