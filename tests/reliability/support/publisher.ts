import { randomUUID } from "node:crypto";
import { normaliseWebhook } from "@loyalty/shopify";
import { createProducer, type PublishResult, type RedisClient, type StreamKeys } from "@loyalty/streams";
import { FIXTURE_SHOP } from "@loyalty/testing/bench";

/**
 * What ingest does after the HMAC check, without HTTP: normalise the Shopify body into an
 * envelope and publish it (dedupe by webhook id + XADD in one script).
 */
export function createPublisher(redis: RedisClient, keys: StreamKeys, shop = FIXTURE_SHOP) {
  const producer = createProducer({ redis, keys });
  return async function publish(topic: string, body: string, webhookId: string): Promise<PublishResult> {
    const result = normaliseWebhook({
      topic,
      shop,
      webhookId,
      requestId: randomUUID(),
      receivedAt: new Date(),
      payload: JSON.parse(body),
    });
    if (result.status !== "ok") throw new Error(`fixture did not normalise: ${JSON.stringify(result)}`);
    return producer.publish(result.envelope);
  };
}
