import type { Result } from "ioredis";
import type { RedisClient } from "../client.ts";
import { defineScripts, type LuaScript } from "../scripts.ts";
import { asInteger, redisCall } from "./reply.ts";

/**
 * Trims everything every consumer group is done with, and nothing else. Per group, the oldest
 * entry it still needs is its smallest pending id, or — with nothing pending — the first
 * entry after its last-delivered-id (or that id itself when nothing follows it); the
 * threshold is the minimum over all groups on the stream. `XTRIM MINID` removes only ids
 * below it, and `~` only whole radix-tree nodes (so possibly less, never more).
 * One script, so no group can move between reading the threshold and trimming. Nothing is
 * trimmed when the stream or ARGV[1] (the group that must exist) is missing: events
 * published before the processors' group was created are still to be read.
 *   KEYS[1] stream; ARGV[1] required group. Returns XTRIM's count.
 */
const TRIM_ACKNOWLEDGED_LUA = `
local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
if groups.err then
  return 0
end
local function parts(id)
  return string.match(id, '^(%d+)-(%d+)$')
end
local function below(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end
local function older(a, b)
  local am, as = parts(a)
  local bm, bs = parts(b)
  if am ~= bm then return below(am, bm) end
  return below(as, bs)
end
local threshold = nil
local required = false
for _, group in ipairs(groups) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  if info['name'] == ARGV[1] then required = true end
  local needed
  local pending = redis.call('XPENDING', KEYS[1], info['name'])
  if pending[1] > 0 then
    needed = pending[2]
  else
    local after = redis.call('XRANGE', KEYS[1], '(' .. info['last-delivered-id'], '+', 'COUNT', 1)[1]
    needed = after and after[1] or info['last-delivered-id']
  end
  if threshold == nil or older(needed, threshold) then threshold = needed end
end
if not required or threshold == nil then
  return 0
end
return redis.call('XTRIM', KEYS[1], 'MINID', '~', threshold)
`;

const JANITOR_SCRIPTS = {
  loyaltyTrimAcknowledged: { lua: TRIM_ACKNOWLEDGED_LUA, numberOfKeys: 1 },
} as const satisfies Record<string, LuaScript>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    /** See TRIM_ACKNOWLEDGED_LUA. */
    loyaltyTrimAcknowledged(stream: string, group: string): Result<number, Context>;
  }
}

/**
 * Trims the stream up to the oldest entry any of its consumer groups has not acknowledged.
 * Never MAXLEN, which drops the oldest entries whether read or not. `group` must exist on the
 * stream for anything to be trimmed. Returns how many entries XTRIM removed.
 */
export async function trimAcknowledged(redis: RedisClient, key: string, group: string): Promise<number> {
  defineScripts(redis, JANITOR_SCRIPTS);
  return asInteger(
    await redisCall("trimming a stream", () => redis.loyaltyTrimAcknowledged(key, group)),
    "XTRIM",
  );
}
