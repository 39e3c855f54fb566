import { Cluster, type Redis } from "ioredis";
import type { RedisClient, StreamsLogger } from "./client.ts";

export type EvictionCheck =
  | { ok: true; policy: "noeviction" }
  | { ok: false; policy: string; reason: string }
  | { ok: false; policy: null; reason: string };

const REQUIRED_POLICY = "noeviction";

/**
 * Reads `maxmemory-policy`. Under any other policy Redis deletes keys when memory runs out —
 * a whole events stream included, with every unprocessed event in it. Managed services often
 * disable CONFIG, so INFO (which carries the same value) is the fallback; when neither answers
 * the result says so and the caller warns that it cannot verify. In a Cluster every primary
 * is checked: one evicting node loses its partitions.
 */
export async function checkEvictionPolicy(redis: RedisClient): Promise<EvictionCheck> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes("master") : [redis];
  if (nodes.length === 0) return { ok: false, policy: null, reason: "no Redis Cluster primary is known yet" };
  for (const node of nodes) {
    const policy = await readPolicy(node);
    if (typeof policy !== "string") return { ok: false, policy: null, reason: policy.reason };
    if (policy !== REQUIRED_POLICY) {
      return { ok: false, policy, reason: `maxmemory-policy is ${policy}, expected ${REQUIRED_POLICY}` };
    }
  }
  return { ok: true, policy: REQUIRED_POLICY };
}

async function readPolicy(node: Redis): Promise<string | { reason: string }> {
  let configError: string;
  try {
    const reply = await node.config("GET", "maxmemory-policy");
    const value: unknown = Array.isArray(reply) ? reply[1] : undefined;
    if (typeof value === "string") return value;
    configError = "CONFIG GET maxmemory-policy returned nothing";
  } catch (error) {
    configError = `CONFIG GET failed: ${message(error)}`;
  }
  try {
    const info = await node.info("memory");
    const match = /^maxmemory_policy:(\S+)/m.exec(info);
    if (match?.[1]) return match[1];
    return { reason: `${configError}; INFO memory has no maxmemory_policy` };
  } catch (error) {
    return { reason: `${configError}; INFO memory failed: ${message(error)}` };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Logs a loud warning at start when Redis may evict keys (or when that cannot be verified).
 * It does not refuse to start: a managed Redis may hide its configuration, and the operator
 * is the one who can fix the policy.
 */
export async function warnUnlessNoEviction(
  redis: RedisClient,
  logger: StreamsLogger,
): Promise<EvictionCheck> {
  const check = await checkEvictionPolicy(redis);
  if (check.ok) return check;
  const headline =
    check.policy === null
      ? "CANNOT VERIFY that Redis runs with maxmemory-policy noeviction"
      : `REDIS MAY EVICT STREAMS: maxmemory-policy is "${check.policy}", not "noeviction"`;
  logger.warn(
    { policy: check.policy, reason: check.reason },
    [
      "!".repeat(78),
      `!! ${headline}`,
      "!! Under any eviction policy Redis deletes keys when memory is full — including event",
      "!! streams with events nobody has processed yet. Those events are lost for good.",
      "!! Fix: CONFIG SET maxmemory-policy noeviction (and persist it in redis.conf / your",
      "!! provider's parameter group). With noeviction a full Redis refuses writes instead:",
      "!! ingest answers 503 and Shopify retries later.",
      "!".repeat(78),
    ].join("\n"),
  );
  return check;
}
