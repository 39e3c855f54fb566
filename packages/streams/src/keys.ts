/**
 * Every Redis key the system uses, in one place. Partition keys carry a hash tag `{p}` so
 * one partition's events, retries, DLQ and dedupe markers share a Redis Cluster slot (our Lua
 * scripts move entries between them atomically) while partitions spread across nodes.
 * `prefix` defaults to "loyalty"; tests pass their own so files can run in parallel.
 */
export interface StreamKeys {
  readonly prefix: string;
  readonly partitions: number;
  /** `loyalty:events:{p}` — the normalised Shopify events. */
  events(partition: number): string;
  /** `loyalty:retry:{p}` — zset of envelopes waiting for their retry, scored by due time (ms). */
  retry(partition: number): string;
  /** `loyalty:dlq:{p}` — dead letters for operators to inspect and replay. */
  dlq(partition: number): string;
  /** `loyalty:webhooks:{p}` — outbound webhook deliveries for the dispatcher. */
  webhooks(partition: number): string;
  /** `loyalty:webhooks-retry:{p}` — zset of webhook deliveries waiting for a retry. */
  webhooksRetry(partition: number): string;
  /** `loyalty:webhooks-dlq:{p}` — webhook deliveries that ran out of attempts. */
  webhooksDlq(partition: number): string;
  /** `loyalty:dedupe:{p}:<shop>:<webhookId>` — seen-marker for a Shopify webhook id. */
  dedupe(partition: number, shop: string, webhookId: string): string;
  /**
   * `loyalty:webhook-owner:<webhookId>` — the shop that first sent a Shopify webhook id. No
   * hash tag: it is read and written alone, never inside a script with partition keys.
   */
  webhookOwner(webhookId: string): string;
  /** All partition numbers, 0..P-1. */
  all(): number[];
}

export const DEFAULT_PREFIX = "loyalty";
export const PROCESSOR_GROUP = "processors";
export const DISPATCHER_GROUP = "dispatchers";

export function streamKeys(options: { prefix?: string; partitions: number }): StreamKeys {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const partitions = options.partitions;
  // The first `{…}` in a key is its Cluster hash tag: a brace in the prefix would tag every key
  // with the prefix instead of the partition and put all partitions in one slot.
  if (/[{}]/.test(prefix)) throw new RangeError(`prefix must not contain braces, got ${prefix}`);
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be ≥ 1, got ${partitions}`);
  return {
    prefix,
    partitions,
    events: (p) => `${prefix}:events:{${p}}`,
    retry: (p) => `${prefix}:retry:{${p}}`,
    dlq: (p) => `${prefix}:dlq:{${p}}`,
    webhooks: (p) => `${prefix}:webhooks:{${p}}`,
    webhooksRetry: (p) => `${prefix}:webhooks-retry:{${p}}`,
    webhooksDlq: (p) => `${prefix}:webhooks-dlq:{${p}}`,
    dedupe: (p, shop, webhookId) => `${prefix}:dedupe:{${p}}:${shop}:${webhookId}`,
    webhookOwner: (webhookId) => `${prefix}:webhook-owner:${webhookId}`,
    all: () => Array.from({ length: partitions }, (_, p) => p),
  };
}
