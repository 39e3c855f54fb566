import type { Result } from "ioredis";
import type { LuaScript } from "../scripts.ts";

/**
 * Ack + schedule as one step: a crash between the two would either lose the event (acked,
 * never rescheduled) or run it twice (rescheduled, still pending and claimable).
 *   KEYS[1] stream, KEYS[2] retry zset (same hash tag)
 *   ARGV[1] group, ARGV[2] entry id, ARGV[3] due time (ms), ARGV[4] zset member
 * Schedules nothing and returns 0 when the entry was no longer pending in the group (another
 * consumer already settled it): adding a retry then would process the event twice.
 */
const SCHEDULE_RETRY_LUA = `
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
`;

/**
 * Moves due retries back onto their stream, each XADD paired with its ZREM inside one script,
 * so a retry is never both in the zset and on the stream, nor in neither.
 *   KEYS[1] retry zset, KEYS[2] stream, KEYS[3] dead-letter stream (same hash tag)
 *   ARGV[1] now (ms), ARGV[2] limit, ARGV[3] payload field, ARGV[4] first-failure field
 * The payload is cut out of the member as text rather than decoded with cjson: cjson would
 * re-encode numbers with 14 significant digits and turn empty arrays into `{}`. The member
 * layout (see retry-member.ts) puts `firstFailureAt` first and `envelope` last to allow that.
 * A member we cannot read (never written by us) goes to the DLQ instead of blocking the zset.
 */
const MOVE_DUE_RETRIES_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do
  local first = string.match(member, '^{"firstFailureAt":"([^"]*)"')
  local _, finish = string.find(member, ',"envelope":', 1, true)
  if first and finish then
    redis.call('XADD', KEYS[2], '*', ARGV[3], string.sub(member, finish + 1, -2), ARGV[4], first)
  else
    redis.call('XADD', KEYS[3], '*', 'e', member, 'errorCode', 'unreadable_retry', 'errorMessage',
      'A retry entry did not have the expected layout', 'attempts', '0', 'originalId', '',
      'originalStream', KEYS[1], 'firstFailureAt', '', 'lastFailureAt', '')
  end
  redis.call('ZREM', KEYS[1], member)
end
return #due
`;

/**
 * Ack + dead-letter as one step, for the same reason as SCHEDULE_RETRY_LUA.
 *   KEYS[1] stream, KEYS[2] dead-letter stream (same hash tag)
 *   ARGV[1] group, ARGV[2] entry id, ARGV[3..] the dead-letter fields, as name/value pairs
 * Returns the dead letter's id, or nil when the entry was no longer pending in the group.
 */
const DEAD_LETTER_LUA = `
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return false
end
return redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
`;

export const RETRY_SCRIPTS = {
  loyaltyScheduleRetry: { lua: SCHEDULE_RETRY_LUA, numberOfKeys: 2 },
  loyaltyMoveDueRetries: { lua: MOVE_DUE_RETRIES_LUA, numberOfKeys: 3 },
  loyaltyDeadLetter: { lua: DEAD_LETTER_LUA, numberOfKeys: 2 },
} as const satisfies Record<string, LuaScript>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    /** See SCHEDULE_RETRY_LUA. */
    loyaltyScheduleRetry(
      stream: string,
      retry: string,
      group: string,
      entryId: string,
      dueAt: number,
      member: string,
    ): Result<number, Context>;
    /** See MOVE_DUE_RETRIES_LUA. */
    loyaltyMoveDueRetries(
      retry: string,
      stream: string,
      dlq: string,
      now: number,
      limit: number,
      field: string,
      firstFailureField: string,
    ): Result<number, Context>;
    /** See DEAD_LETTER_LUA. */
    loyaltyDeadLetter(
      stream: string,
      dlq: string,
      group: string,
      entryId: string,
      ...fields: string[]
    ): Result<string | null, Context>;
  }
}
