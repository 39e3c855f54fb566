import type { Result } from "ioredis";
import type { RedisClient } from "./client.ts";

export interface LuaScript {
  lua: string;
  /** Every key the script touches is passed in KEYS, so Cluster can route it to one slot. */
  numberOfKeys: number;
}

/**
 * Dedupe and append as one atomic step: a crash (ours or Redis's) can never leave a dedupe
 * marker without its entry (a lost event) or an entry without its marker (a double).
 *   KEYS[1] dedupe marker  `…:dedupe:{p}:<shop>:<webhookId>`
 *   KEYS[2] events stream  `…:events:{p}` — same `{p}` hash tag, so one Cluster slot
 *   ARGV[1] event id, ARGV[2] marker TTL in seconds, ARGV[3] envelope JSON
 * Returns the new entry id, or nil when the marker already existed (a duplicate).
 * Under `noeviction` with memory full the first write (SET) is refused, so nothing is
 * half-written; once a script has written, Redis lets it finish.
 */
export const PUBLISH_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return false
end
return redis.call('XADD', KEYS[2], '*', 'e', ARGV[3])
`;

/**
 * Claims a Shopify webhook id for a shop, or names the shop that already has it.
 *   KEYS[1] owner marker `…:webhook-owner:<webhookId>`, ARGV[1] shop, ARGV[2] TTL in seconds
 * Returns nil when the id is new (now claimed for ARGV[1]), else the owning shop. A script
 * rather than `SET … NX GET`, which needs Redis 7.
 */
export const CLAIM_WEBHOOK_ID_LUA = `
local owner = redis.call('GET', KEYS[1])
if owner then return owner end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return false
`;

/** The scripts of the I/O half of this package, by command name. */
export const IO_SCRIPTS = {
  loyaltyPublish: { lua: PUBLISH_LUA, numberOfKeys: 2 },
  loyaltyClaimWebhookId: { lua: CLAIM_WEBHOOK_ID_LUA, numberOfKeys: 1 },
} as const satisfies Record<string, LuaScript>;

declare module "ioredis" {
  interface RedisCommander<Context> {
    /** See PUBLISH_LUA. */
    loyaltyPublish(
      dedupeKey: string,
      streamKey: string,
      eventId: string,
      ttlSeconds: number,
      entry: string,
    ): Result<string | null, Context>;
    /** See CLAIM_WEBHOOK_ID_LUA. */
    loyaltyClaimWebhookId(ownerKey: string, shop: string, ttlSeconds: number): Result<string | null, Context>;
  }
}

const defined = new WeakMap<RedisClient, Set<string>>();

/**
 * Registers Lua scripts as commands on a client (Redis or Cluster). ioredis then sends
 * EVALSHA and falls back to EVAL when the server answers NOSCRIPT (after a restart or a
 * failover to a node that never saw the script), so callers never handle NOSCRIPT.
 * Idempotent per client and name.
 */
export function defineScripts(
  redis: RedisClient,
  scripts: Readonly<Record<string, LuaScript>> = IO_SCRIPTS,
): void {
  let names = defined.get(redis);
  if (!names) {
    names = new Set();
    defined.set(redis, names);
  }
  for (const [name, script] of Object.entries(scripts)) {
    if (names.has(name)) continue;
    redis.defineCommand(name, { lua: script.lua, numberOfKeys: script.numberOfKeys });
    names.add(name);
  }
}
