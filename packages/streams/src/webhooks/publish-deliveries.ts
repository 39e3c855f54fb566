import type { RedisClient } from "../client.ts";
import { ENVELOPE_FIELD } from "../entry-codec.ts";
import type { StreamKeys } from "../keys.ts";
import { execValues, redisCall } from "../reliability/reply.ts";
import { partitionOfKey, WebhookDelivery } from "./delivery.ts";

/** What the relay hands over: a delivery before its first attempt, with its row's partition key. */
export type NewDelivery = Omit<WebhookDelivery, "attempt" | "deferrals"> & { partitionKey: string };

/**
 * XADDs the deliveries to `loyalty:webhooks:{p}`; resolves only when every one is written,
 * throws (typed Redis error) otherwise. Within a partition the XADDs go in input order in one
 * pipeline (one slot, so a Cluster accepts it); partitions go concurrently. Validated before
 * writing: the dispatcher would only dead-letter what fails the schema. Returns the entry ids.
 */
export async function publishWebhookDeliveries(
  redis: RedisClient,
  keys: StreamKeys,
  deliveries: readonly NewDelivery[],
): Promise<string[]> {
  const byPartition = new Map<number, string[]>();
  for (const { partitionKey, ...delivery } of deliveries) {
    const value = JSON.stringify(WebhookDelivery.parse({ ...delivery, attempt: 0 }));
    const partition = partitionOfKey(partitionKey, keys.partitions);
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), value]);
  }
  const written = await Promise.all(
    [...byPartition].map(async ([partition, values]) => {
      const pipeline = redis.pipeline();
      for (const value of values) pipeline.xadd(keys.webhooks(partition), "*", ENVELOPE_FIELD, value);
      const action = "publishing webhook deliveries";
      return execValues(await redisCall(action, () => pipeline.exec()), action).map(String);
    }),
  );
  return written.flat();
}
