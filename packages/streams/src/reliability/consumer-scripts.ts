import type { Result } from "ioredis";
import type { LuaScript } from "../scripts.ts";

/**
 * Resets the idle time of entries this consumer still owns, so a long batch is not claimed
 * away mid-flight. The owner check and the XCLAIM run together: a plain `XCLAIM … 0` would also
 * take back an entry another consumer has already claimed (and is processing). JUSTID leaves
 * the delivery counter alone, so keeping an entry alive never counts towards maxDeliveries.
 *   KEYS[1] stream; ARGV[1] group, ARGV[2] consumer, ARGV[3..] entry ids
 * Returns the ids still owned (the others were claimed by someone else or settled).
 */
const KEEP_ALIVE_LUA = `
local owned = {}
for i = 3, #ARGV do
  local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)[1]
  if entry and entry[2] == ARGV[2] then
    owned[#owned + 1] = ARGV[i]
  end
end
if #owned > 0 then
  local claim = { 'XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0 }
  for _, id in ipairs(owned) do claim[#claim + 1] = id end
  claim[#claim + 1] = 'JUSTID'
  redis.call(unpack(claim))
end
return owned
`;

/**
 * Deletes consumers that own nothing and have been idle longer than ARGV[2] ms. Checked and
 * deleted inside one script: XGROUP DELCONSUMER drops the consumer's pending entries without
 * a trace, so a consumer that read something between a separate check and the delete would
 * lose those entries for good.
 *   KEYS[1] stream; ARGV[1] group, ARGV[2] idle ms, ARGV[3..] names to keep
 * Returns the deleted names (none when the stream or group does not exist).
 */
const REMOVE_IDLE_CONSUMERS_LUA = `
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if consumers.err then
  return {}
end
local keep = {}
for i = 3, #ARGV do keep[ARGV[i]] = true end
local removed = {}
for _, consumer in ipairs(consumers) do
  local info = {}
  for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
  if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) and not keep[info['name']] then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
    removed[#removed + 1] = info['name']
  end
end
return removed
`;

export const CONSUMER_SCRIPTS = {
  loyaltyKeepAlive: { lua: KEEP_ALIVE_LUA, numberOfKeys: 1 },
  loyaltyRemoveIdleConsumers: { lua: REMOVE_IDLE_CONSUMERS_LUA, numberOfKeys: 1 },
} as const satisfies Record<string, LuaScript>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    /** See KEEP_ALIVE_LUA. */
    loyaltyKeepAlive(
      stream: string,
      group: string,
      consumer: string,
      ...ids: string[]
    ): Result<string[], Context>;
    /** See REMOVE_IDLE_CONSUMERS_LUA. */
    loyaltyRemoveIdleConsumers(
      stream: string,
      group: string,
      idleMs: number,
      ...keep: string[]
    ): Result<string[], Context>;
  }
}
